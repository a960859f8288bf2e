//! [`ViewRouter::restore_all`]: eager restore of every stored view, for
//! those who want discord.py's start-up behaviour.

use std::sync::Arc;

use tracing::{Instrument as _, field::Empty};
use twilight_model::id::Id;

use super::{ViewRouter, stored::restore_traced};
use crate::store::{StoreError, StoreErrorKind};

/// Rows read per store query of [`ViewRouter::restore_all`].
const PAGE: usize = 500;

/// What [`ViewRouter::restore_all`] did.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#lazy-restore).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct RestoreReport {
    /// Views now in memory (including those that already were).
    pub restored: usize,
    /// Stored rows that could not be restored; each stays in the store.
    pub failed: Vec<RestoreFailure>,
}

/// One stored row [`ViewRouter::restore_all`] could not restore.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#lazy-restore).
#[derive(Debug)]
#[non_exhaustive]
pub struct RestoreFailure {
    /// The message the row belongs to.
    pub message_id: u64,
    /// The stored view type's name, when the row has a readable one.
    pub view: Option<String>,
    /// Why: a corrupt row, an unregistered view type, a state that no
    /// longer deserialises.
    pub reason: String,
}

impl ViewRouter {
    /// Loads every stored view into memory now, page by page, instead of
    /// lazily on its first click (discord.py re-adds every view at
    /// start-up). Rarely needed: lazy restore gives the same behaviour
    /// without the start-up cost. Views beyond the cache capacity are
    /// evicted again as they are loaded, so raise
    /// [`cache_capacity`](super::ViewRouterBuilder::cache_capacity) first.
    ///
    /// Rows that cannot be restored are reported, not fatal.
    ///
    /// # Errors
    ///
    /// Reading a page of the store failed.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#lazy-restore).
    pub async fn restore_all(&self) -> Result<RestoreReport, StoreError> {
        let span = tracing::debug_span!("restore_all", restored = Empty, failed = Empty);
        let report = self.restore_pages().instrument(span.clone()).await?;
        span.record("restored", report.restored);
        span.record("failed", report.failed.len());
        Ok(report)
    }

    async fn restore_pages(&self) -> Result<RestoreReport, StoreError> {
        let inner = &self.inner;
        let mut report = RestoreReport::default();
        let mut after = None;
        loop {
            let feed = inner.store.owned();
            let writes = feed.map(crate::store::WriteFeed::writes);
            let page = inner
                .store
                .scan(after, PAGE)
                .instrument(tracing::debug_span!("scan", after, limit = PAGE))
                .await?;
            for error in page.corrupt {
                let message_id = match error.kind() {
                    StoreErrorKind::Corrupt { message_id, .. } => *message_id,
                    _ => 0,
                };
                report.failed.push(RestoreFailure {
                    message_id,
                    view: None,
                    reason: error.to_string(),
                });
            }
            for row in page.views {
                let failure = |reason: String| RestoreFailure {
                    message_id: row.message_id,
                    view: Some(row.kind.clone()),
                    reason,
                };
                let Some(message_id) = Id::new_checked(row.message_id) else {
                    report.failed.push(failure("message id 0".to_owned()));
                    continue;
                };
                let Some(kind) = inner.stored_by_name.get(row.kind.as_str()) else {
                    report.failed.push(failure(format!(
                        "no view type named `{}` is registered with `stored_view`",
                        row.kind
                    )));
                    continue;
                };
                if inner.cache.contains(message_id) {
                    report.restored += 1;
                    continue;
                }
                match restore_traced(kind, &row) {
                    Ok(instance) => {
                        inner.cache.insert(message_id, Arc::clone(&instance));
                        // A write since the scan (of this row, perhaps): the
                        // first click checks the row instead of trusting it.
                        if writes != feed.map(crate::store::WriteFeed::writes) {
                            instance.mark_stale();
                        }
                        report.restored += 1;
                    }
                    Err(reason) => report.failed.push(failure(reason)),
                }
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        for failure in &report.failed {
            tracing::warn!(
                message_id = failure.message_id,
                view = failure.view.as_deref(),
                reason = failure.reason,
                "restore_all: stored view not restored"
            );
        }
        if report.restored > inner.cache.capacity() {
            tracing::warn!(
                restored = report.restored,
                capacity = inner.cache.capacity(),
                "restore_all restored more views than the cache holds; the oldest were evicted again"
            );
        }
        Ok(report)
    }
}
