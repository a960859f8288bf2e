//! Persistent storage of bound views: the [`ViewStore`] trait and its
//! backends ([`MemoryStore`], `SqliteStore` with feature `sqlite`,
//! `PostgresStore` with feature `postgres`).
//!
//! A store keeps one [`StoredView`] per message: the view's type name and
//! its serialised state. The router writes it on bind and after every
//! handler that changed the state (through a [`Lease`]), and reads it when
//! the first interaction on a message arrives after a restart. See
//! `docs/persistence.md`.

mod error;
mod feed;
mod lease;
mod locks;
mod memory;
mod open;
#[cfg(feature = "postgres")]
mod postgres;
#[cfg(feature = "postgres")]
mod postgres_options;
#[cfg(feature = "postgres")]
mod postgres_pool;
#[cfg(feature = "sqlite")]
mod sqlite;

pub use error::{StoreError, StoreErrorKind};
pub use feed::WriteFeed;
pub(crate) use feed::WriteWatcher;
pub use lease::{Lease, LeaseBackend};
pub use memory::MemoryStore;
pub use open::{DEFAULT_STORE_URL, open_store, redact_url};
#[cfg(feature = "postgres")]
pub use postgres::PostgresStore;
#[cfg(feature = "postgres")]
pub use postgres_options::PostgresOptions;
#[cfg(feature = "sqlite")]
pub use sqlite::SqliteStore;

use crate::base::BoxFuture;

/// One bound view as stored: which message, which view type, which state.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-viewstore-trait).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct StoredView {
    /// The message the view is bound to (the key).
    pub message_id: u64,
    /// The view type's name (`View::NAME`), to pick the deserialiser.
    pub kind: String,
    /// The serialised state (serde_json bytes). Stores never interpret it.
    pub state: Vec<u8>,
    /// Starts at 1 on the first write and grows by 1 on every write.
    pub version: u64,
}

impl StoredView {
    /// A stored view (for custom [`ViewStore`]s building what they read).
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-viewstore-trait).
    pub fn new(message_id: u64, kind: impl Into<String>, state: Vec<u8>, version: u64) -> Self {
        Self {
            message_id,
            kind: kind.into(),
            state,
            version,
        }
    }
}

/// One page of [`ViewStore::scan`].
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-viewstore-trait).
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct ScanPage {
    /// The decodable rows of the page, by ascending message id.
    pub views: Vec<StoredView>,
    /// Rows of the page that could not be decoded
    /// ([`StoreErrorKind::Corrupt`]); the scan goes on past them.
    pub corrupt: Vec<StoreError>,
    /// Pass this as `after` to get the next page; `None` when this page was
    /// the last.
    pub next: Option<u64>,
}

/// Where bound views live between restarts.
///
/// Every method is safe to call concurrently. Message ids must be at most
/// `i64::MAX` (every Discord snowflake is).
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-viewstore-trait).
pub trait ViewStore: Send + Sync + 'static {
    /// Reads the view bound to `message_id`, if any.
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>>;

    /// Stores a view on bind: inserts it with version 1, or replaces the
    /// kind and state of the existing row and increments its version
    /// (waiting for a lease of the message to end). Returns what was stored.
    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>>;

    /// Removes the view bound to `message_id`; `true` when there was one.
    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>>;

    /// Reads up to `limit` views (at least 1) with message ids greater than
    /// `after`, in ascending order, for an eager restore in pages.
    fn scan(&self, after: Option<u64>, limit: usize)
    -> BoxFuture<'_, Result<ScanPage, StoreError>>;

    /// Takes the lease of `message_id`, waiting while another lease of the
    /// same message is alive. `None` when no view is bound to it.
    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>>;

    /// Short backend name for logs: `"memory"`, `"sqlite"`, `"postgres"`.
    fn backend(&self) -> &'static str;

    /// Whether this process owns the store: `Some` when nothing outside the
    /// process writes it and the store reports every write to the returned
    /// [`WriteFeed`] ([`MemoryStore`], `SqliteStore`). A router then answers
    /// a read-only (`&self`) click on a cached view from memory, without
    /// reading the row.
    ///
    /// `None`, the default, says the store is shared (`PostgresStore`:
    /// several processes write it): every click reads the row to check the
    /// cached copy's version. A wrapper around another store returns `None`
    /// unless it forwards this and every write to the inner store.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#owned-and-shared-stores).
    fn owned(&self) -> Option<&WriteFeed> {
        None
    }
}

/// Builds a [`ScanPage`] from the rows of one page query.
pub(crate) fn page_from_rows(
    rows: Vec<Result<StoredView, StoreError>>,
    last_id: Option<u64>,
    limit: usize,
) -> ScanPage {
    let full = rows.len() >= limit;
    let mut page = ScanPage::default();
    for row in rows {
        match row {
            Ok(view) => page.views.push(view),
            Err(error) => page.corrupt.push(error),
        }
    }
    page.next = if full { last_id } else { None };
    page
}
