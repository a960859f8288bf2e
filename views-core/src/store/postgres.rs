//! [`PostgresStore`]: one database shared by several bot processes.

use std::sync::Arc;

use tokio_postgres::{Row, error::SqlState};

use super::{
    Lease, LeaseBackend, ScanPage, StoreError, StoreErrorKind, StoredView, ViewStore,
    locks::{KeyGuard, KeyedLocks},
    page_from_rows,
    postgres_pool::{Pool, Pooled},
};
use crate::view::BoxFuture;

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

const COLUMNS: &str = "message_id, kind, state, version";

/// A [`ViewStore`] in PostgreSQL, for several processes (sharded gateways,
/// HTTP-interaction workers) sharing views.
///
/// Connects without TLS (`tokio-postgres`, `NoTls`); run it on a trusted
/// network or through a local proxy. Migrations are applied on connect.
///
/// A [`Lease`] is a transaction holding `SELECT ... FOR UPDATE` on the row
/// until it commits or is dropped, so leases of one message are serialised
/// across every process using the database (see [`PostgresStore::lease`]).
#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: Arc<Pool>,
    locks: Arc<KeyedLocks>,
}

impl PostgresStore {
    /// Connections per store when not configured.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 8;

    /// Connects to `url` (`postgres://user:password@host:port/database`,
    /// or `postgresql://`) with up to [`Self::DEFAULT_MAX_CONNECTIONS`]
    /// connections, and applies the migrations.
    pub async fn connect(url: &str) -> Result<Self, StoreError> {
        Self::connect_with(url, Self::DEFAULT_MAX_CONNECTIONS).await
    }

    /// Like [`connect`](Self::connect) with at most `max_connections`
    /// connections (at least 1). Each live lease of a distinct message uses
    /// one; other operations borrow one briefly.
    pub async fn connect_with(url: &str, max_connections: usize) -> Result<Self, StoreError> {
        let pool = Pool::new(url, max_connections)?;
        let conn = pool.get().await.map_err(|error| {
            let (_, source) = error.into_parts();
            StoreError::new(
                StoreErrorKind::Open {
                    what: pool.what().to_owned(),
                },
                source,
            )
        })?;
        migrate(&conn).await.map_err(|error| {
            if error.is_closed() {
                StoreError::with_source(
                    StoreErrorKind::Open {
                        what: pool.what().to_owned(),
                    },
                    error,
                )
            } else {
                StoreError::with_source(StoreErrorKind::Migration, error)
            }
        })?;
        drop(conn);
        Ok(Self {
            pool,
            locks: Arc::default(),
        })
    }
}

async fn migrate(conn: &Pooled) -> Result<(), tokio_postgres::Error> {
    conn.batch_execute("BEGIN").await?;
    let result = async {
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
            // Surfaced as a Migration error by raising it in SQL, which
            // also aborts the transaction.
            conn.batch_execute(&format!(
                "DO $$ BEGIN RAISE EXCEPTION 'the database has schema version {current}, \
                 newer than the {known} this build knows'; END $$"
            ))
            .await?;
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
        Ok(())
    }
    .await;
    match result {
        Ok(()) => conn.batch_execute("COMMIT").await,
        Err(error) => {
            let _ = conn.batch_execute("ROLLBACK").await;
            Err(error)
        }
    }
}

fn io_or_backend(error: tokio_postgres::Error) -> StoreError {
    let io = error.is_closed()
        || std::error::Error::source(&error).is_some_and(|source| source.is::<std::io::Error>());
    let kind = if io || error.code() == Some(&SqlState::ADMIN_SHUTDOWN) {
        StoreErrorKind::Io
    } else {
        StoreErrorKind::Backend
    };
    StoreError::with_source(kind, error)
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

fn load_query() -> String {
    format!("SELECT {COLUMNS} FROM twilight_views WHERE message_id = $1")
}

impl ViewStore for PostgresStore {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let conn = self.pool.get().await?;
            let row = conn
                .query_opt(&load_query(), &[&key])
                .await
                .map_err(io_or_backend)?;
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
                .await
                .map_err(io_or_backend)?
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
                .await
                .map_err(io_or_backend)?;
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
            let rows = conn
                .query(
                    &format!(
                        "SELECT {COLUMNS} FROM twilight_views
                         WHERE message_id > $1 ORDER BY message_id LIMIT $2"
                    ),
                    &[&after, &sql_limit],
                )
                .await
                .map_err(io_or_backend)?;
            let rows: Vec<_> = rows.iter().map(decode).collect();
            let last = rows.last().and_then(|(id, _)| u64::try_from(*id).ok());
            let rows = rows.into_iter().map(|(_, view)| view).collect();
            Ok(page_from_rows(rows, last, limit))
        })
    }

    /// Takes the lease: `BEGIN`, then `SELECT ... FOR UPDATE` of the row on
    /// a connection the lease keeps until it commits or drops.
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
            let guard = self.locks.lock(message_id).await;
            let conn = self.pool.get().await?;
            let begun = async {
                conn.batch_execute("BEGIN").await?;
                conn.query_opt(&format!("{} FOR UPDATE", load_query()), &[&key])
                    .await
            }
            .await;
            let row = match begun {
                Ok(row) => row,
                Err(error) => {
                    conn.discard();
                    return Err(io_or_backend(error));
                }
            };
            let record = match row.map(|row| decode(&row).1).transpose() {
                Ok(Some(record)) => record,
                other => {
                    // Nothing leased: end the transaction before reuse.
                    if conn.batch_execute("ROLLBACK").await.is_err() {
                        conn.discard();
                    }
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
            let written = async {
                let updated = conn
                    .execute(
                        "UPDATE twilight_views SET state = $1, version = $2
                         WHERE message_id = $3 AND version = $4",
                        &[&next.state, &new, &self.key, &old],
                    )
                    .await?;
                if updated == 1 {
                    // Durable when COMMIT returns (synchronous_commit).
                    conn.batch_execute("COMMIT").await?;
                }
                Ok::<_, tokio_postgres::Error>(updated)
            }
            .await;
            match written {
                Ok(1) => Ok(()),
                Ok(_) => {
                    // Unreachable while the row lock holds; kept so a
                    // changed schema or manual edit cannot write blindly.
                    if conn.batch_execute("ROLLBACK").await.is_err() {
                        conn.discard();
                    }
                    Err(StoreError::bare(StoreErrorKind::Conflict {
                        message_id: next.message_id,
                    }))
                }
                Err(error) => {
                    // The transaction's fate is unknown to us; closing the
                    // connection makes the server roll back if it has not
                    // committed.
                    conn.discard();
                    Err(io_or_backend(error))
                }
            }
        })
    }
}

impl Drop for PostgresLease {
    fn drop(&mut self) {
        let Some(conn) = self.conn.take() else {
            return;
        };
        // Roll back off the dropping task; without a runtime, closing the
        // connection makes the server roll back instead.
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                runtime.spawn(async move {
                    if conn.batch_execute("ROLLBACK").await.is_err() {
                        conn.discard();
                    }
                });
            }
            Err(_) => conn.discard(),
        }
    }
}
