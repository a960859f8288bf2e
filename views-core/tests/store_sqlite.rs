//! The store suite on `SqliteStore`, plus what only a file database has:
//! corrupted rows, WAL, migrations, missing and read-only directories,
//! durability across reopening.
#![allow(clippy::unwrap_used)]

mod store_suite;

use std::{path::Path, process::Command, sync::Arc};

use views_core::store::{SqliteStore, StoreErrorKind, ViewStore, open_store};
use views_testkit::temp::{TempDir, is_root};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn sqlite_store_suite() {
    let dir = TempDir::new("sqlite-suite");
    let base = dir.path().to_path_buf();
    store_suite::run_all(|name| {
        let path = base.join(format!("{name}.db"));
        async move { Arc::new(SqliteStore::open(path).await.expect("open")) as Arc<dyn ViewStore> }
    })
    .await;
}

#[tokio::test]
async fn sqlite_corrupted_rows() {
    let dir = TempDir::new("sqlite-corrupt");
    let path = dir.path().join("views.db");
    let store = open_store(&format!("sqlite://{}", path.display()))
        .await
        .expect("open");
    store_suite::corrupted_row(store, move |id| {
        Box::pin(async move {
            // SQLite columns take any type: a blob kind is bad data.
            let raw = rusqlite::Connection::open(&path).expect("raw connection");
            let changed = raw
                .execute(
                    "UPDATE twilight_views SET kind = X'00FF' WHERE message_id = ?1",
                    [i64::try_from(id).unwrap()],
                )
                .expect("corrupt row");
            assert_eq!(changed, 1);
        })
    })
    .await;
}

#[tokio::test]
async fn sqlite_bad_version_column_is_corrupt() {
    let dir = TempDir::new("sqlite-version");
    let path = dir.path().join("views.db");
    let store = SqliteStore::open(&path).await.expect("open");
    store
        .upsert(3, "Counter", b"{}".to_vec())
        .await
        .expect("insert");
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    raw.execute(
        "UPDATE twilight_views SET version = 'abc' WHERE message_id = 3",
        [],
    )
    .expect("corrupt version");
    let error = store.load(3).await.expect_err("bad version");
    match error.kind() {
        StoreErrorKind::Corrupt { message_id, what } => {
            assert_eq!(*message_id, 3);
            assert!(what.contains("version"), "{what}");
        }
        other => panic!("unexpected {other:?}"),
    }
}

#[tokio::test]
async fn sqlite_reopen_keeps_data() {
    let dir = TempDir::new("sqlite-reopen");
    let url = format!("sqlite://{}", dir.path().join("views.db").display());
    store_suite::reopen_keeps_data(&url).await;
}

#[tokio::test]
async fn sqlite_is_wal_and_records_migrations() {
    let dir = TempDir::new("sqlite-wal");
    let path = dir.path().join("nested.db");
    assert!(!path.exists());
    let store = SqliteStore::open(&path)
        .await
        .expect("open creates the file");
    assert!(path.exists());
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    let mode: String = raw
        .query_row("PRAGMA journal_mode", [], |row| row.get(0))
        .expect("journal mode");
    assert_eq!(mode, "wal");
    let versions = || -> Vec<i64> {
        let mut statement = raw
            .prepare("SELECT version FROM twilight_views_schema ORDER BY version")
            .expect("schema table");
        statement
            .query_map([], |row| row.get(0))
            .expect("query")
            .collect::<Result<_, _>>()
            .expect("rows")
    };
    assert_eq!(versions(), [1]);
    drop(store);
    // Reopening applies nothing twice.
    let store = SqliteStore::open(&path).await.expect("reopen");
    assert_eq!(versions(), [1]);
    drop(store);
    // A schema from a newer build is refused, not misread.
    raw.execute(
        "INSERT INTO twilight_views_schema (version, applied_at) VALUES (99, 0)",
        [],
    )
    .expect("fake newer schema");
    let error = SqliteStore::open(&path).await.expect_err("newer schema");
    assert!(
        matches!(error.kind(), StoreErrorKind::Migration),
        "{error:?}"
    );
    assert!(error.to_string().contains("99"), "{error}");
}

#[tokio::test]
async fn sqlite_missing_directory_is_a_clear_open_error() {
    let dir = TempDir::new("sqlite-missing");
    let path = dir.path().join("no-such-dir").join("views.db");
    let url = format!("sqlite://{}", path.display());
    let error = open_store(&url).await.err().expect("missing directory");
    match error.kind() {
        StoreErrorKind::Open { what } => assert_eq!(what, &path.display().to_string()),
        other => panic!("unexpected {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("does not exist"), "{message}");
    assert!(message.contains("no-such-dir"), "{message}");
    assert!(
        !path.parent().unwrap().exists(),
        "open must not create directories"
    );
}

/// Set in the child process that checks a read-only directory as an
/// unprivileged user (root ignores permission bits).
const READONLY_CHILD: &str = "TWILIGHT_VIEWS_TEST_READONLY_DIR";

#[tokio::test]
async fn sqlite_readonly_directory_is_a_clear_open_error() {
    if let Ok(dir) = std::env::var(READONLY_CHILD) {
        assert_readonly_open_fails(Path::new(&dir)).await;
        return;
    }
    let dir = TempDir::new("sqlite-readonly");
    let readonly = dir.path().join("readonly");
    std::fs::create_dir(&readonly).expect("create dir");
    set_mode(dir.path(), 0o755);
    set_mode(&readonly, 0o555);
    if !is_root() {
        assert_readonly_open_fails(&readonly).await;
        return;
    }
    // As root, re-run this test as `nobody` from a copy of the test binary
    // that `nobody` can execute wherever the checkout lives.
    let exe = std::env::current_exe().expect("test binary path");
    let copy = dir.path().join("store_sqlite_test");
    std::fs::copy(&exe, &copy).expect("copy test binary");
    set_mode(&copy, 0o755);
    let output = Command::new("runuser")
        .args(["-u", "nobody", "--"])
        .arg(&copy)
        .args([
            "--exact",
            "sqlite_readonly_directory_is_a_clear_open_error",
            "--nocapture",
        ])
        .env(READONLY_CHILD, &readonly)
        .output()
        .expect("run runuser (util-linux) to drop root for this test");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child failed: {stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The child really ran the test (a filter matching nothing also exits 0).
    assert!(stdout.contains("1 passed"), "{stdout}");
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

async fn assert_readonly_open_fails(dir: &Path) {
    let path = dir.join("views.db");
    let error = SqliteStore::open(&path)
        .await
        .expect_err("read-only directory");
    match error.kind() {
        StoreErrorKind::Open { what } => assert_eq!(what, &path.display().to_string()),
        other => panic!("unexpected {other:?}"),
    }
    let message = error.to_string();
    assert!(message.contains("not writable"), "{message}");
    assert!(message.contains(&dir.display().to_string()), "{message}");
}

/// Two stores on one file stand for two processes: a write by the other one
/// between lease and commit makes the commit a `Conflict` that writes
/// nothing, instead of a lost update.
#[tokio::test]
async fn sqlite_write_by_another_process_is_a_conflict() {
    let dir = TempDir::new("sqlite-conflict");
    let path = dir.path().join("views.db");
    let ours = SqliteStore::open(&path).await.expect("open");
    let theirs = SqliteStore::open(&path).await.expect("open again");
    ours.upsert(8, "Counter", b"{\"count\":1}".to_vec())
        .await
        .expect("insert");
    let lease = ours.lease(8).await.expect("lease").expect("row");
    let their_write = theirs
        .upsert(8, "Counter", b"{\"count\":50}".to_vec())
        .await
        .expect("other process writes");
    assert_eq!(their_write.version, 2);
    let error = lease
        .commit(b"{\"count\":2}".to_vec())
        .await
        .expect_err("stale lease");
    assert!(
        matches!(error.kind(), StoreErrorKind::Conflict { message_id: 8 }),
        "{error:?}"
    );
    let loaded = ours.load(8).await.expect("load").expect("row");
    assert_eq!(loaded, their_write);
    // The failed commit released the message.
    let lease = ours.lease(8).await.expect("lease").expect("row");
    assert_eq!(lease.record().version, 2);
}
