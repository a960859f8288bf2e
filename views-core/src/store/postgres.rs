//! [`PostgresStore`]: one database shared by several bot processes.

use std::sync::Arc;

use tokio_postgres::Row;

use super::{
    Lease, LeaseBackend, ScanPage, StoreError, StoreErrorKind, StoredView, ViewStore,
    locks::{KeyGuard, KeyedLocks},
    page_from_rows,
    postgres_options::PostgresOptions,
    postgres_pool::{Pool, Pooled},
};
use crate::base::BoxFuture;

/// Schema migrations, applied in order and recorded in
/// `twilight_views_schema`; never edit one that shipped, append a new one.
const MIGRATIONS: &[&str] = &["CREATE TABLE twilight_views (
        message_id BIGINT PRIMARY KEY,
        kind TEXT NOT NULL,
        state BYTEA NOT NULL,
        version BIGINT NOT NULL
    )"];

/// Serialises migrations of processes starting at the same time
/// (`pg_advisory_xact_lock` key; arbitrary, "twv" in ASCII).
const MIGRATION_LOCK: i64 = 0x0074_7776;

/// A [`ViewStore`] in PostgreSQL, for several processes (sharded gateways,
/// HTTP-interaction workers) sharing views.
///
/// Connects without TLS (`tokio-postgres`, `NoTls`); run it on a trusted
/// network or through a local proxy. Migrations are applied on connect.
///
/// A [`Lease`] is a transaction holding `SELECT ... FOR UPDATE` on the row
/// until it commits or is dropped, so leases of one message are serialised
/// across every process using the database (see [`PostgresStore::lease`]).
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
#[derive(Debug, Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "postgres")))]
pub struct PostgresStore {
    pool: Arc<Pool>,
    locks: Arc<KeyedLocks>,
}

impl PostgresStore {
    /// Connections per store when not configured.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    pub const DEFAULT_MAX_CONNECTIONS: usize = 8;

    /// Connects to `url` (`postgres://user:password@host:port/database`,
    /// or `postgresql://`) with the default [`PostgresOptions`], and applies
    /// the migrations.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with_options(url, PostgresOptions::default()).await
    }

    /// Like [`connect`](Self::connect) with at most `max_connections`
    /// connections (at least 1). Each live lease of a distinct message uses
    /// one; other operations borrow one briefly.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    pub async fn connect_with(url: &str, max_connections: usize) -> Result<Self, StoreError> {
        Self::connect_with_options(
            url,
            PostgresOptions::default().max_connections(max_connections),
        )
        .await
    }

    /// Like [`connect`](Self::connect) with the pool size and time limits
    /// of `options`.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#postgresql-postgresstore).
    pub async fn connect_with_options(
        url: &str,
        options: PostgresOptions,
    ) -> Result<Self, StoreError> {
        let pool = Pool::new(url, &options)?;
        let open_error = |error: StoreError| {
            let (_, source) = error.into_parts();
            StoreError::new(
                StoreErrorKind::Open {
                    what: pool.what().to_owned(),
                },
                source,
            )
        };
        let conn = pool.get().await.map_err(open_error)?;
        migrate(&conn).await.map_err(|error| {
            if matches!(
                error.kind(),
                StoreErrorKind::Io | StoreErrorKind::Timeout { .. }
            ) {
                open_error(error)
            } else {
                let (_, source) = error.into_parts();
                StoreError::new(StoreErrorKind::Migration, source)
            }
        })?;
        drop(conn);
        Ok(Self {
            pool: Arc::new(pool),
            locks: Arc::default(),
        })
    }
}

async fn migrate(conn: &Pooled) -> Result<(), StoreError> {
    conn.begin().await?;
    conn.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .await?;
    conn.batch_execute(
        "CREATE TABLE IF NOT EXISTS twilight_views_schema (
                version INTEGER PRIMARY KEY,
                applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
            )",
    )
    .await?;
    let current: i32 = conn
        .query_one(
            "SELECT COALESCE(MAX(version), 0) FROM twilight_views_schema",
            &[],
        )
        .await?
        .get(0);
    let known = i32::try_from(MIGRATIONS.len()).unwrap_or(i32::MAX);
    if current > known {
        // Dropping `conn` with the transaction open closes the connection,
        // which rolls it back.
        return Err(StoreError::with_source(
            StoreErrorKind::Migration,
            format!(
                "the database has schema version {current}, newer than the {known} this build knows"
            ),
        ));
    }
    for (version, sql) in (1..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(current).unwrap_or(0))
    {
        conn.batch_execute(sql).await?;
        conn.execute(
            "INSERT INTO twilight_views_schema (version) VALUES ($1)",
            &[&version],
        )
        .await?;
    }
    conn.commit().await
}

/// Decodes one row, checking values the schema cannot rule out.
fn decode(row: &Row) -> (i64, Result<StoredView, StoreError>) {
    let raw_id: i64 = row.get(0);
    // Ids are written from u64 <= i64::MAX; queries only select ids >= 0.
    let message_id = u64::try_from(raw_id).unwrap_or_default();
    let corrupt = |what: String| Err(StoreError::corrupt(message_id, what));
    let view = match (
        row.try_get::<_, String>(1),
        row.try_get::<_, Vec<u8>>(2),
        row.try_get::<_, i64>(3),
    ) {
        (Ok(kind), _, _) if kind.is_empty() => corrupt("kind is empty".to_owned()),
        (_, _, Ok(version)) if version < 1 => {
            corrupt(format!("version is {version}, not a positive integer"))
        }
        (Ok(kind), Ok(state), Ok(version)) => Ok(StoredView {
            message_id,
            kind,
            state,
            version: version.unsigned_abs(),
        }),
        (Err(error), _, _) | (_, Err(error), _) | (_, _, Err(error)) => {
            corrupt(format!("unreadable column: {error}"))
        }
    };
    (raw_id, view)
}

const LOAD_QUERY: &str = "SELECT message_id, kind, state, version FROM twilight_views
     WHERE message_id = $1";
const LEASE_QUERY: &str = "SELECT message_id, kind, state, version FROM twilight_views
     WHERE message_id = $1 FOR UPDATE";
const COMMIT_UPDATE: &str = "UPDATE twilight_views SET state = $1, version = $2
     WHERE message_id = $3 AND version = $4";
const SCAN_QUERY: &str = "SELECT message_id, kind, state, version FROM twilight_views
     WHERE message_id > $1 ORDER BY message_id LIMIT $2";

impl ViewStore for PostgresStore {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let conn = self.pool.get().await?;
            let statement = conn.statement(LOAD_QUERY).await?;
            let row = conn.query_opt(&statement, &[&key]).await?;
            row.map(|row| decode(&row).1).transpose()
        })
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let conn = self.pool.get().await?;
            // Waits on the row lock of a live lease (in any process).
            let version: i64 = conn
                .query_one(
                    "INSERT INTO twilight_views (message_id, kind, state, version)
                     VALUES ($1, $2, $3, 1)
                     ON CONFLICT (message_id) DO UPDATE SET
                        kind = EXCLUDED.kind,
                        state = EXCLUDED.state,
                        version = twilight_views.version + 1
                     RETURNING version",
                    &[&key, &kind, &state],
                )
                .await?
                .get(0);
            Ok(StoredView {
                message_id,
                kind: kind.to_owned(),
                state,
                version: version.unsigned_abs(),
            })
        })
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let conn = self.pool.get().await?;
            let deleted = conn
                .execute("DELETE FROM twilight_views WHERE message_id = $1", &[&key])
                .await?;
            Ok(deleted > 0)
        })
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        Box::pin(async move {
            let after = after.map_or(Ok(-1), StoreError::key)?;
            let limit = limit.max(1);
            let sql_limit = i64::try_from(limit).unwrap_or(i64::MAX);
            let conn = self.pool.get().await?;
            let rows = conn.query(SCAN_QUERY, &[&after, &sql_limit]).await?;
            let rows: Vec<_> = rows.iter().map(decode).collect();
            let last = rows.last().and_then(|(id, _)| u64::try_from(*id).ok());
            let rows = rows.into_iter().map(|(_, view)| view).collect();
            Ok(page_from_rows(rows, last, limit))
        })
    }

    /// Takes the lease: `BEGIN`, then `SELECT ... FOR UPDATE` of the row on
    /// a connection the lease keeps until it commits or drops. Both leave in
    /// one write and are answered in one round trip, as are the commit's
    /// `UPDATE` and `COMMIT`: two round trips a stateful click.
    ///
    /// Why a row lock rather than a versioned compare-and-swap: with CAS,
    /// two processes read the same version, and the loser's commit fails
    /// and must re-run the whole handler, whose reply to Discord cannot be
    /// taken back; under contention (two processes x 500 clicks on one
    /// message) most attempts would fail. `FOR UPDATE` makes the second
    /// reader wait until the first commits and then return the committed
    /// row (READ COMMITTED re-reads a locked row after the wait), so every
    /// read-modify-write starts from the latest state and its commit cannot
    /// fail on a conflict: no lost update, no retry. A crashed process's
    /// transaction is rolled back by the server when its connection drops,
    /// which releases the lock. Leases of one message in this process also
    /// queue on an in-process lock first, so they wait without each
    /// holding a pooled connection.
    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let guard = self.locks.lock(message_id).await?;
            let conn = self.pool.get().await?;
            let statement = conn.statement(LEASE_QUERY).await?;
            let row = conn.begin_then_query_opt(&statement, &[&key]).await?;
            let record = match row.map(|row| decode(&row).1).transpose() {
                Ok(Some(record)) => record,
                other => {
                    // Nothing leased: end the transaction so the connection
                    // can be reused (a failed rollback closes it on drop).
                    let _ = conn.rollback().await;
                    return other.map(|_| None);
                }
            };
            let backend = PostgresLease {
                conn: Some(conn),
                key,
                version: record.version,
                _guard: guard,
            };
            Ok(Some(Lease::new(record, Box::new(backend))))
        })
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }
}

/// The open transaction of a lease; dropping it rolls back.
struct PostgresLease {
    conn: Option<Pooled>,
    key: i64,
    version: u64,
    _guard: KeyGuard,
}

impl LeaseBackend for PostgresLease {
    fn commit<'a>(
        mut self: Box<Self>,
        next: &'a StoredView,
    ) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let Some(conn) = self.conn.take() else {
                return Err(StoreError::bare(StoreErrorKind::Conflict {
                    message_id: next.message_id,
                }));
            };
            let old = i64::try_from(self.version).unwrap_or(i64::MAX);
            let new = i64::try_from(next.version).unwrap_or(i64::MAX);
            let statement = conn.statement(COMMIT_UPDATE).await?;
            // An error leaves the transaction's fate unknown to us unless
            // the COMMIT answered: dropping `conn` then closes the
            // connection, so the server rolls back if it has not committed.
            let updated = conn
                .execute_then_commit(&statement, &[&next.state, &new, &self.key, &old])
                .await?;
            if updated != 1 {
                // Unreachable while the row lock holds (the COMMIT then
                // wrote nothing); kept so a changed schema or manual edit
                // cannot write blindly.
                return Err(StoreError::bare(StoreErrorKind::Conflict {
                    message_id: next.message_id,
                }));
            }
            Ok(())
        })
    }
}

impl Drop for PostgresLease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        // Roll back off the dropping task so the connection can be reused.
        // If that task never finishes (the runtime shuts down) or the
        // rollback fails, `conn` is dropped with its transaction open and
        // is closed rather than pooled, which rolls back on the server.
        if let Ok(runtime) = tokio::runtime::Handle::try_current() {
            runtime.spawn(async move {
                let _ = conn.rollback().await;
            });
        }
    }
}
