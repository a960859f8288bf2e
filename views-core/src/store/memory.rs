//! [`MemoryStore`]: a store in a map, for unit tests and throwaway bots.

use std::{
    collections::BTreeMap,
    sync::{Arc, Mutex, MutexGuard},
};

use super::{
    Lease, LeaseBackend, ScanPage, StoreError, StoreErrorKind, StoredView, ViewStore, WriteFeed,
    locks::{KeyGuard, KeyedLocks},
    page_from_rows,
};
use crate::base::BoxFuture;

type Rows = Arc<Mutex<BTreeMap<u64, StoredView>>>;

/// A [`ViewStore`] that keeps everything in memory: nothing survives the
/// process. Leases serialise like the other stores' within the process.
/// The process owns it ([`ViewStore::owned`]): routers answer read-only
/// clicks on cached views without reading it.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
#[derive(Debug, Default, Clone)]
pub struct MemoryStore {
    rows: Rows,
    locks: Arc<KeyedLocks>,
    feed: Arc<WriteFeed>,
}

impl MemoryStore {
    /// An empty store.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
    pub fn new() -> Self {
        Self::default()
    }
}

// The std mutex is never held across an await, and a panic while holding
// it cannot leave a half-written row (every write is one insert), so a
// poisoned lock is still consistent.
fn rows(rows: &Rows) -> MutexGuard<'_, BTreeMap<u64, StoredView>> {
    rows.lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl ViewStore for MemoryStore {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        Box::pin(async move {
            StoreError::key(message_id)?;
            Ok(rows(&self.rows).get(&message_id).cloned())
        })
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        Box::pin(async move {
            StoreError::key(message_id)?;
            let _guard = self.locks.lock(message_id).await?;
            let mut rows = rows(&self.rows);
            let version = rows.get(&message_id).map_or(1, |old| old.version + 1);
            let view = StoredView {
                message_id,
                kind: kind.to_owned(),
                state,
                version,
            };
            rows.insert(message_id, view.clone());
            drop(rows);
            self.feed.written(message_id);
            Ok(view)
        })
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        Box::pin(async move {
            StoreError::key(message_id)?;
            let _guard = self.locks.lock(message_id).await?;
            let deleted = rows(&self.rows).remove(&message_id).is_some();
            self.feed.written(message_id);
            Ok(deleted)
        })
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        Box::pin(async move {
            let limit = limit.max(1);
            let rows = rows(&self.rows);
            let page: Vec<_> = match after {
                Some(after) => rows
                    .range(after.saturating_add(1)..)
                    .take(limit)
                    .map(|(_, view)| Ok(view.clone()))
                    .collect(),
                None => rows
                    .values()
                    .take(limit)
                    .map(|view| Ok(view.clone()))
                    .collect(),
            };
            let last = page
                .last()
                .and_then(|row: &Result<StoredView, StoreError>| row.as_ref().ok())
                .map(|view| view.message_id);
            Ok(page_from_rows(page, last, limit))
        })
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        Box::pin(async move {
            StoreError::key(message_id)?;
            let guard = self.locks.lock(message_id).await?;
            let Some(record) = rows(&self.rows).get(&message_id).cloned() else {
                return Ok(None);
            };
            let backend = MemoryLease {
                rows: Arc::clone(&self.rows),
                feed: Arc::clone(&self.feed),
                version: record.version,
                _guard: guard,
            };
            Ok(Some(Lease::new(record, Box::new(backend))))
        })
    }

    fn backend(&self) -> &'static str {
        "memory"
    }

    fn owned(&self) -> Option<&WriteFeed> {
        Some(&self.feed)
    }
}

struct MemoryLease {
    rows: Rows,
    feed: Arc<WriteFeed>,
    version: u64,
    _guard: KeyGuard,
}

impl LeaseBackend for MemoryLease {
    fn commit<'a>(self: Box<Self>, next: &'a StoredView) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let mut rows = rows(&self.rows);
            match rows.get_mut(&next.message_id) {
                Some(row) if row.version == self.version => {
                    // In place: the row's buffer is reused, nothing copied
                    // but the bytes (a commit never changes the kind).
                    row.state.clone_from(&next.state);
                    row.version = next.version;
                    drop(rows);
                    self.feed.written(next.message_id);
                    Ok(())
                }
                _ => Err(StoreError::bare(StoreErrorKind::Conflict {
                    message_id: next.message_id,
                })),
            }
        })
    }
}
