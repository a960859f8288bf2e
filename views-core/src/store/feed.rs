//! [`WriteFeed`]: how a store that one process owns tells the routers
//! caching its views about every write, so that they can answer a
//! read-only click from memory instead of reading the row.

use std::{
    fmt,
    sync::{
        Mutex, MutexGuard, PoisonError, Weak,
        atomic::{AtomicU64, Ordering},
    },
};

/// Told about a store's writes: a router's cache of stored views.
pub(crate) trait WriteWatcher: Send + Sync {
    /// The row of `message_id` was written (bound, committed, deleted), or
    /// may have been.
    fn written(&self, message_id: u64);
}

/// The writes of a store owned by this process, reported to the routers
/// that cache its views.
///
/// A store returns its feed from [`ViewStore::owned`](super::ViewStore::owned)
/// when nothing outside the process writes it, and calls
/// [`written`](Self::written) after every write. A router then trusts a
/// cached view until the feed says its row changed, and answers read-only
/// (`&self`) clicks without reading the store; a write through the store
/// by anyone in the process (another router, a direct [`Lease`](super::Lease))
/// marks the cached copy stale, and its next click reads the row again.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#owned-and-shared-stores).
#[derive(Default)]
pub struct WriteFeed {
    /// Every write so far: a restore that read a row while this moved
    /// cannot tell whether its copy is still the latest.
    writes: AtomicU64,
    watchers: Mutex<Vec<Weak<dyn WriteWatcher>>>,
}

impl WriteFeed {
    /// A feed nobody watches yet.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#owned-and-shared-stores).
    pub fn new() -> Self {
        Self::default()
    }

    /// Reports that the row of `message_id` was written. Call it once the
    /// write is visible to loads (after the commit), and also after a write
    /// that failed in a way that may have reached the row.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#owned-and-shared-stores).
    pub fn written(&self, message_id: u64) {
        self.writes.fetch_add(1, Ordering::AcqRel);
        let mut watchers = self.watchers();
        watchers.retain(|watcher| match watcher.upgrade() {
            Some(watcher) => {
                watcher.written(message_id);
                true
            }
            // Its router is gone.
            None => false,
        });
    }

    /// How many writes the feed has seen.
    pub(crate) fn writes(&self) -> u64 {
        self.writes.load(Ordering::Acquire)
    }

    /// Reports every later write to `watcher`, while it lives.
    pub(crate) fn watch(&self, watcher: Weak<dyn WriteWatcher>) {
        self.watchers().push(watcher);
    }

    fn watchers(&self) -> MutexGuard<'_, Vec<Weak<dyn WriteWatcher>>> {
        // Only push and retain happen under the lock: never half-changed.
        self.watchers.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl fmt::Debug for WriteFeed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("WriteFeed")
            .field("writes", &self.writes())
            .field("watchers", &self.watchers().len())
            .finish()
    }
}
