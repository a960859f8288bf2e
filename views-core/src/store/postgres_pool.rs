//! The connection pool of [`PostgresStore`](super::PostgresStore), on
//! `deadpool-postgres`: every lease holds a connection for its transaction,
//! so leases of different messages need connections of their own.
//!
//! What this module adds to the pool is one rule: a connection whose session
//! state is unknown never goes back. A future dropped between `BEGIN` and
//! `COMMIT` (a `timeout` around `dispatch`, an aborted task) or a statement
//! whose answer never came leaves a connection that may still hold an open
//! transaction and its row locks; the next borrower would run inside it, and
//! a later rollback would silently undo writes reported as done. Such a
//! connection is taken out of the pool and closed, which makes the server
//! roll its transaction back and release the locks at once.

use std::{
    future::Future,
    sync::atomic::{AtomicBool, Ordering},
    time::Duration,
};

use deadpool_postgres::{
    ClientWrapper, Manager, ManagerConfig, Object, PoolError, RecyclingMethod, Runtime,
};
use tokio_postgres::{Client, Config, NoTls, Row, Statement, types::ToSql};

use super::{PostgresOptions, StoreError, StoreErrorKind, open::redact_url};

#[derive(Debug)]
pub(crate) struct Pool {
    pool: deadpool_postgres::Pool,
    /// The URL without its password, for errors.
    what: String,
    /// Client-side bound of one statement: the server's `statement_timeout`
    /// plus a margin, for a server or network that stopped answering.
    statement_limit: Duration,
}

/// How much longer than the server's own `statement_timeout` the client
/// waits before it gives up on an answer.
const CLIENT_MARGIN: Duration = Duration::from_secs(1);

/// Read committed is what the row lock of a lease relies on (the second
/// locker re-reads the row the first committed), so it is stated rather
/// than taken from the server's default.
const BEGIN: &str = "BEGIN ISOLATION LEVEL READ COMMITTED";

impl Pool {
    pub(crate) fn new(url: &str, options: &PostgresOptions) -> Result<Self, StoreError> {
        let what = redact_url(url);
        let open_error = |source: Box<dyn std::error::Error + Send + Sync>| {
            StoreError::new(StoreErrorKind::Open { what: what.clone() }, Some(source))
        };
        let mut config: Config = url.parse().map_err(|error| open_error(Box::new(error)))?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(options.connect_timeout);
        }
        config.options(session_options(options, config.get_options()));
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                // `is_closed` only: a connection is only ever returned with
                // a known, idle session (see `Pooled`), so no query is
                // needed to clean it.
                recycling_method: RecyclingMethod::Fast,
            },
        );
        let pool = deadpool_postgres::Pool::builder(manager)
            .max_size(options.max_connections.max(1))
            .runtime(Runtime::Tokio1)
            .wait_timeout(Some(options.pool_wait))
            .create_timeout(Some(options.connect_timeout))
            .recycle_timeout(Some(options.statement_timeout))
            .build()
            .map_err(|error| open_error(Box::new(error)))?;
        Ok(Self {
            pool,
            what,
            statement_limit: options.statement_timeout.saturating_add(CLIENT_MARGIN),
        })
    }

    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    /// Waits (at most the pool wait) for a free slot, then reuses an idle
    /// connection or opens one.
    pub(crate) async fn get(&self) -> Result<Pooled, StoreError> {
        let object = self.pool.get().await.map_err(pool_error)?;
        Ok(Pooled {
            object: Some(object),
            unknown_state: AtomicBool::new(false),
            statement_limit: self.statement_limit,
        })
    }
}

/// The session settings every connection starts with, ahead of the URL's
/// own `options` so that a URL can still override them.
fn session_options(options: &PostgresOptions, from_url: Option<&str>) -> String {
    let millis = |limit: Duration| limit.as_millis().max(1);
    let mut settings = format!(
        "-c statement_timeout={} -c lock_timeout={} -c idle_in_transaction_session_timeout={} \
         -c synchronous_commit=on",
        millis(options.statement_timeout),
        millis(options.lock_timeout),
        millis(options.idle_in_transaction_timeout),
    );
    if let Some(extra) = from_url.filter(|extra| !extra.trim().is_empty()) {
        settings.push(' ');
        settings.push_str(extra);
    }
    settings
}

fn pool_error(error: PoolError) -> StoreError {
    match error {
        PoolError::Timeout(deadpool_postgres::TimeoutType::Wait) => StoreError::with_source(
            StoreErrorKind::Timeout {
                operation: "waiting for a free database connection",
            },
            error,
        ),
        PoolError::Timeout(_) => StoreError::with_source(
            StoreErrorKind::Timeout {
                operation: "connecting to the database",
            },
            error,
        ),
        // The server went away after start-up: retrying may succeed.
        PoolError::Backend(_) | PoolError::PostCreateHook(_) => {
            StoreError::with_source(StoreErrorKind::Io, error)
        }
        PoolError::Closed | PoolError::NoRuntimeSpecified => {
            StoreError::with_source(StoreErrorKind::Backend, error)
        }
    }
}

/// A connection on loan from the [`Pool`]. It goes back when dropped if its
/// session is known to be idle, and is closed otherwise.
#[derive(Debug)]
pub(crate) struct Pooled {
    object: Option<Object>,
    /// Set from just before `BEGIN` is sent until `COMMIT`/`ROLLBACK` has
    /// answered, and when a statement's answer was given up on. Atomic
    /// because statements run through `&self` while the flag changes.
    unknown_state: AtomicBool,
    statement_limit: Duration,
}

impl Pooled {
    fn wrapper(&self) -> &ClientWrapper {
        // Only `drop` takes the object.
        self.object
            .as_deref()
            .unwrap_or_else(|| unreachable!("pooled connection used after drop"))
    }

    fn client(&self) -> &Client {
        self.wrapper()
    }

    /// `sql` prepared on this connection: parsed by the server on first use
    /// only, so every later run of it is one round trip, not two (a query
    /// given as text is prepared again each time).
    pub(crate) async fn statement(&self, sql: &str) -> Result<Statement, StoreError> {
        self.bounded(self.wrapper().prepare_cached(sql)).await
    }

    /// Awaits one statement's answer, bounded by the statement limit; the
    /// connection is closed on return when the answer did not arrive in
    /// time.
    async fn bounded<T>(
        &self,
        statement: impl Future<Output = Result<T, tokio_postgres::Error>>,
    ) -> Result<T, StoreError> {
        match tokio::time::timeout(self.statement_limit, statement).await {
            Ok(result) => result.map_err(postgres_error),
            Err(elapsed) => {
                self.unknown_state.store(true, Ordering::Release);
                Err(StoreError::with_source(
                    StoreErrorKind::Timeout {
                        operation: "waiting for the database to answer",
                    },
                    elapsed,
                ))
            }
        }
    }

    pub(crate) async fn batch_execute(&self, sql: &str) -> Result<(), StoreError> {
        self.bounded(self.client().batch_execute(sql)).await
    }

    pub(crate) async fn execute(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        self.bounded(self.client().execute(sql, params)).await
    }

    pub(crate) async fn query(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<Row>, StoreError> {
        self.bounded(self.client().query(sql, params)).await
    }

    pub(crate) async fn query_one(
        &self,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Row, StoreError> {
        self.bounded(self.client().query_one(sql, params)).await
    }

    pub(crate) async fn query_opt(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StoreError> {
        self.bounded(self.client().query_opt(statement, params))
            .await
    }

    /// Opens a transaction (as [`begin`](Self::begin)) and runs `statement`
    /// in it, both sent before either answer arrives: one round trip.
    pub(crate) async fn begin_then_query_opt(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Option<Row>, StoreError> {
        self.unknown_state.store(true, Ordering::Release);
        let client = self.client();
        // Polled together, the two requests leave in this order on one
        // write; the server runs them in order.
        let (begun, row) = self
            .bounded(async {
                let both = tokio::join!(
                    client.batch_execute(BEGIN),
                    client.query_opt(statement, params)
                );
                Ok(both)
            })
            .await?;
        begun.map_err(postgres_error)?;
        row.map_err(postgres_error)
    }

    /// Runs `statement` (a write) and commits, both sent at once: one round
    /// trip. Returns the rows the statement changed; durable when `Ok`. If
    /// the statement fails, the server turns the `COMMIT` into a rollback:
    /// nothing was written.
    pub(crate) async fn execute_then_commit(
        &self,
        statement: &Statement,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<u64, StoreError> {
        let client = self.client();
        let (changed, committed) = self
            .bounded(async {
                let both = tokio::join!(
                    client.execute(statement, params),
                    client.batch_execute("COMMIT")
                );
                Ok(both)
            })
            .await?;
        // The session is idle only once the COMMIT has answered.
        committed.map_err(postgres_error)?;
        self.unknown_state.store(false, Ordering::Release);
        changed.map_err(postgres_error)
    }

    /// Opens a transaction. Read committed is what the row lock of a lease
    /// relies on (the second locker re-reads the row the first committed),
    /// so it is stated rather than taken from the server's default.
    pub(crate) async fn begin(&self) -> Result<(), StoreError> {
        // Before sending: once BEGIN may have reached the server, a drop
        // must not return the connection.
        self.unknown_state.store(true, Ordering::Release);
        self.batch_execute(BEGIN).await
    }

    /// Commits the open transaction; durable when this returns `Ok`
    /// (`synchronous_commit=on` is set for every session).
    pub(crate) async fn commit(&self) -> Result<(), StoreError> {
        self.end("COMMIT").await
    }

    /// Rolls the open transaction back.
    pub(crate) async fn rollback(&self) -> Result<(), StoreError> {
        self.end("ROLLBACK").await
    }

    async fn end(&self, statement: &'static str) -> Result<(), StoreError> {
        self.batch_execute(statement).await?;
        self.unknown_state.store(false, Ordering::Release);
        Ok(())
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        let Some(object) = self.object.take() else {
            return;
        };
        if self.unknown_state.load(Ordering::Acquire) {
            // Out of the pool, then dropped: the connection task ends and
            // the socket closes, so the server rolls back whatever is open.
            drop(Object::take(object));
        }
    }
}

/// Classifies a driver error: lost connections and shutdowns are `Io`
/// (retrying may succeed), the session's own time limits are `Timeout`,
/// anything else `Backend`.
pub(crate) fn postgres_error(error: tokio_postgres::Error) -> StoreError {
    use tokio_postgres::error::SqlState;

    let timeout = match error.code() {
        Some(code) if *code == SqlState::LOCK_NOT_AVAILABLE => Some("waiting for the row lock"),
        Some(code) if *code == SqlState::QUERY_CANCELED => Some("running a statement"),
        Some(code) if *code == SqlState::IDLE_IN_TRANSACTION_SESSION_TIMEOUT => {
            Some("holding a transaction open")
        }
        _ => None,
    };
    if let Some(operation) = timeout {
        return StoreError::with_source(StoreErrorKind::Timeout { operation }, error);
    }
    let io = error.is_closed()
        || std::error::Error::source(&error).is_some_and(|source| source.is::<std::io::Error>());
    let kind = if io || error.code() == Some(&SqlState::ADMIN_SHUTDOWN) {
        StoreErrorKind::Io
    } else {
        StoreErrorKind::Backend
    };
    StoreError::with_source(kind, error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_options_come_after_the_defaults() {
        let options = PostgresOptions::default();
        let settings = session_options(&options, Some("-c search_path=bot"));
        assert!(settings.starts_with("-c statement_timeout="), "{settings}");
        assert!(settings.contains("-c lock_timeout="), "{settings}");
        assert!(settings.ends_with(" -c search_path=bot"), "{settings}");
    }
}
