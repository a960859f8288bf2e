//! [`Lease`]: exclusive read-modify-write of one stored view.

use std::fmt;

use tracing::Instrument as _;

use super::{StoreError, StoredView};
use crate::base::BoxFuture;

/// Exclusive access to one stored view for the read-modify-write of one
/// interaction.
///
/// While a lease is alive, other leases of the same message wait (in this
/// process for every store, across processes for PostgreSQL), so the record
/// it shows is the latest committed one and [`commit`](Self::commit) cannot
/// lose another process's update. Dropping it without committing writes
/// nothing and releases the message.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#leases-no-lost-update).
pub struct Lease {
    record: StoredView,
    backend: Box<dyn LeaseBackend>,
}

impl Lease {
    /// Wraps a backend's lease (for custom [`ViewStore`](super::ViewStore)s).
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#leases-no-lost-update).
    pub fn new(record: StoredView, backend: Box<dyn LeaseBackend>) -> Self {
        Self { record, backend }
    }

    /// The stored view as it is now, read under the lease.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#leases-no-lost-update).
    pub const fn record(&self) -> &StoredView {
        &self.record
    }

    /// Writes `state` as the view's new state (version + 1) and releases the
    /// message. The write is durable when this returns `Ok`; on `Err`
    /// nothing was written.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#leases-no-lost-update).
    pub async fn commit(self, state: Vec<u8>) -> Result<StoredView, StoreError> {
        self.commit_keeping_previous(state).await.0
    }

    /// [`commit`](Self::commit), handing back the state the lease read
    /// (the router rolls its view back to it when the commit fails) without
    /// a copy of it.
    pub(crate) async fn commit_keeping_previous(
        self,
        state: Vec<u8>,
    ) -> (Result<StoredView, StoreError>, Vec<u8>) {
        let Self { record, backend } = self;
        let next = StoredView {
            message_id: record.message_id,
            kind: record.kind,
            state,
            version: record.version + 1,
        };
        let span = tracing::debug_span!(
            "commit",
            message_id = next.message_id,
            version = next.version
        );
        let committed = backend.commit(&next).instrument(span).await;
        (committed.map(|()| next), record.state)
    }
}

impl fmt::Debug for Lease {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Lease")
            .field("record", &self.record)
            .finish_non_exhaustive()
    }
}

/// The backend half of a [`Lease`]: holds the lock (a mutex guard, a
/// database transaction) and releases it when dropped.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#leases-no-lost-update).
pub trait LeaseBackend: Send + 'static {
    /// Writes `next` (whose `version` is the leased version + 1) and
    /// releases the lock; durable when it returns `Ok`.
    fn commit<'a>(self: Box<Self>, next: &'a StoredView) -> BoxFuture<'a, Result<(), StoreError>>;
}
