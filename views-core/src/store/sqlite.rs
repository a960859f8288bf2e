//! [`SqliteStore`]: the embedded default, one database file.

mod worker;

use std::{
    fs, io,
    path::{Path, PathBuf},
    sync::Arc,
};

use rusqlite::{Connection, ErrorCode, OptionalExtension, TransactionBehavior, types::ValueRef};

use self::worker::Worker;
use super::{
    Lease, LeaseBackend, ScanPage, StoreError, StoreErrorKind, StoredView, ViewStore, WriteFeed,
    locks::{KeyGuard, KeyedLocks},
    page_from_rows,
};
use crate::base::BoxFuture;

/// Schema migrations, applied in order and recorded in
/// `twilight_views_schema`; never edit one that shipped, append a new one.
const MIGRATIONS: &[&str] = &["CREATE TABLE twilight_views (
        message_id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL,
        state BLOB NOT NULL,
        version INTEGER NOT NULL
    )"];

const COLUMNS: &str = "message_id, kind, state, version";

/// A [`ViewStore`] in one SQLite file (compiled in, nothing to install).
///
/// The file is created on first use, runs in WAL mode with
/// `synchronous=FULL` (a committed write survives a crash or power loss) and
/// migrates its schema on open. A writer thread runs the writes queued at
/// the same time in one transaction (group commit: one fsync for a burst
/// of writes, not one each); each write returns only once that transaction
/// is committed. Loads and scans run on a second connection and thread, so
/// they do not wait for a commit. Leases serialise within this
/// process; a write by another
/// process in between makes [`Lease::commit`] fail with
/// [`StoreErrorKind::Conflict`] rather than lose an update. Use
/// `PostgresStore` to share views between processes. The process owns the
/// file ([`ViewStore::owned`]): routers answer read-only clicks on cached
/// views without reading it.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#sqlite-sqlitestore).
#[derive(Debug, Clone)]
#[cfg_attr(docsrs, doc(cfg(feature = "sqlite")))]
pub struct SqliteStore {
    db: Arc<Db>,
    locks: Arc<KeyedLocks>,
}

/// The store's two connections, each owned by its thread (see `worker`).
/// Leases keep them alive until they end.
#[derive(Debug)]
struct Db {
    /// Writes, batched into group commits.
    writer: Worker,
    /// Loads and scans: WAL lets them run while the writer is committing,
    /// and they see every write whose future has resolved.
    reader: Worker,
    /// Every write, told to the routers caching views of this file.
    feed: WriteFeed,
}

impl Db {
    async fn read<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.reader.run(false, work).await
    }

    async fn write<T, F>(&self, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.writer.run(true, work).await
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the database file at `path` and applies
    /// the migrations. A missing or read-only directory is an
    /// [`StoreErrorKind::Open`] error naming the path.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#sqlite-sqlitestore).
    pub async fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref().to_path_buf();
        let (writer, reader) = tokio::task::spawn_blocking(move || {
            let writer = open_blocking(&path)?;
            Ok::<_, StoreError>((writer, open_reader(&path)?))
        })
        .await
        .map_err(|join| StoreError::with_source(StoreErrorKind::Backend, join))??;
        let db = Db {
            writer: Worker::start(writer, "twilight-views-sqlite")?,
            reader: Worker::start(reader, "twilight-views-sqlite-read")?,
            feed: WriteFeed::new(),
        };
        Ok(Self {
            db: Arc::new(db),
            locks: Arc::default(),
        })
    }
}

fn open_error(
    path: &Path,
    source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
) -> StoreError {
    StoreError::with_source(
        StoreErrorKind::Open {
            what: path.display().to_string(),
        },
        source,
    )
}

fn open_blocking(path: &Path) -> Result<Connection, StoreError> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(open_error(
            path,
            io::Error::new(
                io::ErrorKind::NotFound,
                format!("directory {} does not exist", dir.display()),
            ),
        ));
    }
    let setup = || -> rusqlite::Result<(Connection, String)> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        let mode: String = conn.query_row("PRAGMA journal_mode=WAL", [], |row| row.get(0))?;
        conn.pragma_update(None, "synchronous", "FULL")?;
        Ok((conn, mode))
    };
    let mut conn = match setup() {
        Ok((_, mode)) if !mode.eq_ignore_ascii_case("wal") => {
            return Err(open_error(
                path,
                format!("sqlite refused journal_mode=WAL (kept {mode})"),
            ));
        }
        Ok((conn, _)) => conn,
        Err(error) => return Err(open_error(path, explain_open_failure(&dir, error))),
    };
    migrate(&mut conn, path, &dir)?;
    Ok(conn)
}

/// The reader's connection, opened after `open_blocking` made the file and
/// its schema; `query_only` guards against a write slipping onto it.
fn open_reader(path: &Path) -> Result<Connection, StoreError> {
    let setup = || -> rusqlite::Result<Connection> {
        let conn = Connection::open(path)?;
        conn.busy_timeout(std::time::Duration::from_secs(5))?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(conn)
    };
    setup().map_err(|error| open_error(path, error))
}

fn is_readonly(error: &rusqlite::Error) -> bool {
    matches!(
        error.sqlite_error_code(),
        Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied)
    )
}

/// SQLite says "unable to open database file" for most causes; probing the
/// directory tells the user which one it is.
fn explain_open_failure(
    dir: &Path,
    error: rusqlite::Error,
) -> Box<dyn std::error::Error + Send + Sync> {
    let probe = dir.join(format!(".twilight-views-probe-{}", std::process::id()));
    match fs::File::create(&probe) {
        Ok(_) => {
            let _ = fs::remove_file(&probe);
            Box::new(error)
        }
        Err(io_error) => Box::new(io::Error::new(
            io_error.kind(),
            format!(
                "directory {} is not writable ({io_error}); sqlite said: {error}",
                dir.display()
            ),
        )),
    }
}

fn migrate(conn: &mut Connection, path: &Path, dir: &Path) -> Result<(), StoreError> {
    let fail = |error: rusqlite::Error| {
        if is_readonly(&error) {
            open_error(path, explain_open_failure(dir, error))
        } else {
            StoreError::with_source(StoreErrorKind::Migration, error)
        }
    };
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .map_err(fail)?;
    tx.execute_batch(
        "CREATE TABLE IF NOT EXISTS twilight_views_schema (
            version INTEGER PRIMARY KEY,
            applied_at INTEGER NOT NULL
        )",
    )
    .map_err(fail)?;
    let current: i64 = tx
        .query_row(
            "SELECT COALESCE(MAX(version), 0) FROM twilight_views_schema",
            [],
            |row| row.get(0),
        )
        .map_err(fail)?;
    let known = i64::try_from(MIGRATIONS.len()).unwrap_or(i64::MAX);
    if current > known {
        return Err(StoreError::with_source(
            StoreErrorKind::Migration,
            format!(
                "{} has schema version {current}, newer than the {known} this build knows",
                path.display()
            ),
        ));
    }
    for (version, sql) in (1..)
        .zip(MIGRATIONS)
        .skip(usize::try_from(current).unwrap_or(0))
    {
        tx.execute_batch(sql).map_err(fail)?;
        tx.execute(
            "INSERT INTO twilight_views_schema (version, applied_at) VALUES (?1, unixepoch())",
            [version],
        )
        .map_err(fail)?;
    }
    tx.commit().map_err(fail)
}

fn io_or_backend(error: rusqlite::Error) -> StoreError {
    StoreError::with_source(error_kind(&error), error)
}

fn error_kind(error: &rusqlite::Error) -> StoreErrorKind {
    match error.sqlite_error_code() {
        Some(
            ErrorCode::SystemIoFailure
            | ErrorCode::DiskFull
            | ErrorCode::CannotOpen
            | ErrorCode::DatabaseBusy
            | ErrorCode::DatabaseLocked
            | ErrorCode::ReadOnly,
        ) => StoreErrorKind::Io,
        _ => StoreErrorKind::Backend,
    }
}

/// Decodes one row, checking every column instead of trusting the schema:
/// SQLite columns accept any type, and one bad row must not hide the rest.
fn decode(row: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, Result<StoredView, StoreError>)> {
    let raw_id: i64 = row.get(0)?;
    // Ids are written from u64 <= i64::MAX; queries only select ids >= 0.
    let message_id = u64::try_from(raw_id).unwrap_or_default();
    Ok((raw_id, decode_columns(row, message_id)?))
}

fn decode_columns(
    row: &rusqlite::Row<'_>,
    message_id: u64,
) -> rusqlite::Result<Result<StoredView, StoreError>> {
    let corrupt = |what: String| Ok(Err(StoreError::corrupt(message_id, what)));
    let kind = match row.get_ref(1)? {
        ValueRef::Text(text) => match std::str::from_utf8(text) {
            Ok(kind) if !kind.is_empty() => kind.to_owned(),
            Ok(_) => return corrupt("kind is empty".to_owned()),
            Err(_) => return corrupt("kind is not UTF-8".to_owned()),
        },
        other => return corrupt(format!("kind is {:?}, not text", other.data_type())),
    };
    let state = match row.get_ref(2)? {
        ValueRef::Blob(bytes) | ValueRef::Text(bytes) => bytes.to_vec(),
        other => return corrupt(format!("state is {:?}, not bytes", other.data_type())),
    };
    let version = match row.get_ref(3)? {
        ValueRef::Integer(version) if version >= 1 => version.unsigned_abs(),
        other => return corrupt(format!("version is {other:?}, not a positive integer")),
    };
    Ok(Ok(StoredView {
        message_id,
        kind,
        state,
        version,
    }))
}

fn load_blocking(conn: &Connection, key: i64) -> Result<Option<StoredView>, StoreError> {
    let row = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM twilight_views WHERE message_id = ?1"
        ))
        .and_then(|mut statement| statement.query_row([key], decode).optional())
        .map_err(io_or_backend)?;
    row.map(|(_, view)| view).transpose()
}

impl ViewStore for SqliteStore {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            self.db.read(move |conn| load_blocking(conn, key)).await
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
            let _guard = self.locks.lock(message_id).await?;
            let kind = kind.to_owned();
            let written = self
                .db
                .write(move |conn| {
                    let version: i64 = conn
                        .prepare_cached(
                            "INSERT INTO twilight_views (message_id, kind, state, version)
                             VALUES (?1, ?2, ?3, 1)
                             ON CONFLICT (message_id) DO UPDATE SET
                                kind = excluded.kind,
                                state = excluded.state,
                                version = twilight_views.version + 1
                             RETURNING version",
                        )
                        .and_then(|mut statement| {
                            statement
                                .query_row(rusqlite::params![key, kind, state], |row| row.get(0))
                        })
                        .map_err(io_or_backend)?;
                    Ok(StoredView {
                        message_id,
                        kind,
                        state,
                        version: version.unsigned_abs(),
                    })
                })
                .await;
            self.db.feed.written(message_id);
            written
        })
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let _guard = self.locks.lock(message_id).await?;
            let deleted = self
                .db
                .write(move |conn| {
                    conn.prepare_cached("DELETE FROM twilight_views WHERE message_id = ?1")
                        .and_then(|mut statement| statement.execute([key]))
                        .map(|deleted| deleted > 0)
                        .map_err(io_or_backend)
                })
                .await;
            self.db.feed.written(message_id);
            deleted
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
            self.db
                .read(move |conn| {
                    let mut statement = conn
                        .prepare_cached(&format!(
                            "SELECT {COLUMNS} FROM twilight_views
                             WHERE message_id > ?1 ORDER BY message_id LIMIT ?2"
                        ))
                        .map_err(io_or_backend)?;
                    let rows = statement
                        .query_map([after, sql_limit], decode)
                        .map_err(io_or_backend)?
                        .collect::<rusqlite::Result<Vec<_>>>()
                        .map_err(io_or_backend)?;
                    let last = rows.last().and_then(|(id, _)| u64::try_from(*id).ok());
                    let rows = rows.into_iter().map(|(_, view)| view).collect();
                    Ok(page_from_rows(rows, last, limit))
                })
                .await
        })
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        Box::pin(async move {
            let key = StoreError::key(message_id)?;
            let guard = self.locks.lock(message_id).await?;
            let Some(record) = self.db.read(move |conn| load_blocking(conn, key)).await? else {
                return Ok(None);
            };
            let backend = SqliteLease {
                db: Arc::clone(&self.db),
                key,
                version: record.version,
                _guard: guard,
            };
            Ok(Some(Lease::new(record, Box::new(backend))))
        })
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn owned(&self) -> Option<&WriteFeed> {
        Some(&self.db.feed)
    }
}

/// In-process exclusion plus a versioned compare-and-swap on commit: the
/// keyed lock makes conflicts impossible inside the process, and the
/// `version = ?` guard turns a write by another process into a `Conflict`
/// error instead of a lost update.
struct SqliteLease {
    db: Arc<Db>,
    key: i64,
    version: u64,
    _guard: KeyGuard,
}

impl LeaseBackend for SqliteLease {
    fn commit<'a>(self: Box<Self>, next: &'a StoredView) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            let (key, message_id) = (self.key, next.message_id);
            let old = i64::try_from(self.version).unwrap_or(i64::MAX);
            let new = i64::try_from(next.version).unwrap_or(i64::MAX);
            let state = next.state.clone();
            let updated = self
                .db
                .write(move |conn| {
                    conn.prepare_cached(
                        "UPDATE twilight_views SET state = ?1, version = ?2
                         WHERE message_id = ?3 AND version = ?4",
                    )
                    .and_then(|mut statement| {
                        statement.execute(rusqlite::params![state, new, key, old])
                    })
                    .map_err(io_or_backend)
                })
                .await;
            // Told even after an error: the write's fate is unknown.
            self.db.feed.written(message_id);
            let updated = updated?;
            // The keyed lock is released only now, when `self` drops.
            if updated == 1 {
                Ok(())
            } else {
                Err(StoreError::bare(StoreErrorKind::Conflict { message_id }))
            }
        })
    }
}
