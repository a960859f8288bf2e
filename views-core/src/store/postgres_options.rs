//! [`PostgresOptions`]: the pool size and the time limits of a
//! [`PostgresStore`](super::PostgresStore).

use std::time::Duration;

/// Pool size and time limits of a [`PostgresStore`](super::PostgresStore).
///
/// Every wait in the store path is bounded, so a slow or stuck database
/// turns into a clear [`StoreErrorKind::Timeout`](super::StoreErrorKind::Timeout)
/// (the click is answered "not saved") instead of clicks that hang. The
/// defaults suit a bot answering within Discord's 3-second rule:
///
/// | limit | default | what it bounds |
/// |---|---|---|
/// | [`max_connections`](Self::max_connections) | 8 | connections per store |
/// | [`pool_wait`](Self::pool_wait) | 5 s | waiting for a free connection |
/// | [`connect_timeout`](Self::connect_timeout) | 5 s | opening a connection (unless the URL sets `connect_timeout`) |
/// | [`statement_timeout`](Self::statement_timeout) | 5 s | each statement (server-side `statement_timeout`; the client gives up 1 s later) |
/// | [`lock_timeout`](Self::lock_timeout) | 5 s | waiting for another process's lease of the same message (`lock_timeout`) |
/// | [`idle_in_transaction_timeout`](Self::idle_in_transaction_timeout) | 120 s | a lease left open by a stuck process (`idle_in_transaction_session_timeout`) |
///
/// The session settings are sent when a connection opens; `options` in the
/// URL (`?options=-c%20lock_timeout%3D1s`) override them.
///
/// ```no_run
/// # async fn open() -> Result<(), views_core::store::StoreError> {
/// use std::time::Duration;
/// use views_core::store::{PostgresOptions, PostgresStore};
///
/// let options = PostgresOptions::default()
///     .max_connections(16)
///     .lock_timeout(Duration::from_secs(2));
/// let store = PostgresStore::connect_with_options("postgres://bot@db/views", options).await?;
/// # Ok(()) }
/// ```
#[derive(Clone, Debug)]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub struct PostgresOptions {
    pub(crate) max_connections: usize,
    pub(crate) pool_wait: Duration,
    pub(crate) connect_timeout: Duration,
    pub(crate) statement_timeout: Duration,
    pub(crate) lock_timeout: Duration,
    pub(crate) idle_in_transaction_timeout: Duration,
}

impl Default for PostgresOptions {
    fn default() -> Self {
        Self {
            max_connections: 8,
            pool_wait: Duration::from_secs(5),
            connect_timeout: Duration::from_secs(5),
            statement_timeout: Duration::from_secs(5),
            lock_timeout: Duration::from_secs(5),
            // Twice the router's default lease limit: the router gives up
            // first and answers "not saved"; this only frees the row of a
            // process that hangs with a lease open.
            idle_in_transaction_timeout: Duration::from_secs(120),
        }
    }
}

impl PostgresOptions {
    /// Connections per store (at least 1). Each live lease of a distinct
    /// message uses one; other operations borrow one briefly.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn max_connections(mut self, connections: usize) -> Self {
        self.max_connections = connections;
        self
    }

    /// How long an operation waits for a free connection.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn pool_wait(mut self, limit: Duration) -> Self {
        self.pool_wait = limit;
        self
    }

    /// How long opening a connection may take (used when the URL sets no
    /// `connect_timeout` of its own).
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn connect_timeout(mut self, limit: Duration) -> Self {
        self.connect_timeout = limit;
        self
    }

    /// How long one statement may run on the server.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn statement_timeout(mut self, limit: Duration) -> Self {
        self.statement_timeout = limit;
        self
    }

    /// How long taking a lease waits for the row lock held by another
    /// process's lease of the same message.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn lock_timeout(mut self, limit: Duration) -> Self {
        self.lock_timeout = limit;
        self
    }

    /// How long a lease's transaction may sit idle before the server ends
    /// the session and rolls it back. Keep it above the router's
    /// `lease_timeout`, which answers such clicks "not saved" first.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    #[must_use]
    pub const fn idle_in_transaction_timeout(mut self, limit: Duration) -> Self {
        self.idle_in_transaction_timeout = limit;
        self
    }
}
