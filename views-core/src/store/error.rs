//! Errors of view stores ([`StoreError`]).

use std::{error::Error, fmt};

/// A view store operation failed.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#errors).
#[derive(Debug)]
pub struct StoreError {
    pub(crate) kind: StoreErrorKind,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(StoreError: Send, Sync);

impl StoreError {
    /// Creates an error of `kind` caused by `source` (for custom stores).
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#errors).
    pub fn new(kind: StoreErrorKind, source: Option<Box<dyn Error + Send + Sync>>) -> Self {
        Self { kind, source }
    }

    /// What went wrong.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#errors).
    pub const fn kind(&self) -> &StoreErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#errors).
    pub fn into_parts(self) -> (StoreErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }

    pub(crate) fn with_source(
        kind: StoreErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }

    pub(crate) const fn bare(kind: StoreErrorKind) -> Self {
        Self { kind, source: None }
    }

    #[cfg(any(feature = "sqlite", feature = "postgres"))]
    pub(crate) fn corrupt(message_id: u64, what: impl Into<String>) -> Self {
        Self::bare(StoreErrorKind::Corrupt {
            message_id,
            what: what.into(),
        })
    }

    /// Checks that a message id fits the stores' signed 64-bit key column.
    pub(crate) fn key(message_id: u64) -> Result<i64, Self> {
        i64::try_from(message_id)
            .map_err(|_| Self::bare(StoreErrorKind::InvalidMessageId { message_id }))
    }
}

/// Kinds of [`StoreError`].
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#errors).
#[derive(Debug)]
#[non_exhaustive]
pub enum StoreErrorKind {
    /// The store could not be opened (missing or read-only directory,
    /// unreachable server, bad credentials). `what` names the path or the
    /// URL (without its password).
    Open {
        /// The database path or redacted URL.
        what: String,
    },
    /// The URL's scheme is not one of `sqlite://`, `postgres://`,
    /// `postgresql://`, `memory:`, or its backend's feature is disabled.
    UnsupportedUrl {
        /// The redacted URL.
        url: String,
    },
    /// Applying the schema migrations failed, or the database was written
    /// by a newer version with a schema this build does not know.
    Migration,
    /// Reading or writing the database failed (disk, network, closed
    /// connection). Retrying may succeed.
    Io,
    /// A stored row cannot be decoded (a column has the wrong type or an
    /// impossible value). Other rows are unaffected.
    Corrupt {
        /// The message the row belongs to.
        message_id: u64,
        /// Which column is wrong and why.
        what: String,
    },
    /// The row changed underneath a lease (another process wrote it without
    /// taking the lease, or it was deleted). Nothing was written.
    Conflict {
        /// The message whose row changed.
        message_id: u64,
    },
    /// The message id does not fit a signed 64-bit column (Discord
    /// snowflakes always do).
    InvalidMessageId {
        /// The rejected id.
        message_id: u64,
    },
    /// The database reported another error.
    Backend,
    /// A time limit of the store ran out (see `PostgresOptions` and the
    /// router's `store_timeout` / `lease_timeout`). Nothing was written
    /// unless the operation was a commit whose answer never came, in which
    /// case the stored version tells.
    Timeout {
        /// What was being waited for, e.g. "waiting for the row lock".
        operation: &'static str,
    },
    /// A bounded queue of the store is full (the SQLite write queue, the
    /// clicks waiting for one message's lease): shed instead of growing
    /// memory without limit. Retrying later may succeed.
    Busy {
        /// Which queue is full.
        queue: &'static str,
    },
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            StoreErrorKind::Open { what } => write!(f, "cannot open the view store at {what}")?,
            StoreErrorKind::UnsupportedUrl { url } => write!(
                f,
                "unsupported view store URL {url:?} (expected sqlite://PATH, postgres://..., or memory:)"
            )?,
            StoreErrorKind::Migration => f.write_str("applying the view store schema failed")?,
            StoreErrorKind::Io => f.write_str("view store I/O failed")?,
            StoreErrorKind::Corrupt { message_id, what } => {
                write!(f, "stored view of message {message_id} is corrupt: {what}")?;
            }
            StoreErrorKind::Conflict { message_id } => write!(
                f,
                "stored view of message {message_id} changed while leased; nothing was written"
            )?,
            StoreErrorKind::InvalidMessageId { message_id } => {
                write!(f, "message id {message_id} does not fit the store's key")?;
            }
            StoreErrorKind::Backend => f.write_str("view store backend error")?,
            StoreErrorKind::Timeout { operation } => {
                write!(f, "view store timed out {operation}")?;
            }
            StoreErrorKind::Busy { queue } => write!(f, "view store is busy: {queue} is full")?,
        }
        // The source usually carries the useful detail (which directory is
        // read-only, what the server said), so show it inline.
        if let Some(source) = &self.source {
            write!(f, ": {source}")?;
        }
        Ok(())
    }
}

impl Error for StoreError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}
