//! Stored bound views through the router, on `MemoryStore` and
//! `SqliteStore` (see `persist_support/suite.rs` for what is checked).
#![allow(clippy::unwrap_used)]

mod persist_support;

use std::sync::Arc;

use twilight_model::id::Id;
use views_core::store::{MemoryStore, SqliteStore, ViewStore};
use views_testkit::{discord, temp::TempDir};

use persist_support::{Score, suite};

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn memory_store() {
    suite::run_all(|_| async { Arc::new(MemoryStore::new()) as Arc<dyn ViewStore> }).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store() {
    let dir = TempDir::new("persist");
    let dir_path = dir.path().to_path_buf();
    suite::run_all(move |name| {
        let path = dir_path.join(format!("{name}.db"));
        async move {
            Arc::new(SqliteStore::open(&path).await.expect("open sqlite")) as Arc<dyn ViewStore>
        }
    })
    .await;
}

/// Read-only clicks on cached views read nothing from a store the process
/// owns, and every write through it is still seen (`persist_support/owned.rs`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owned_stores() {
    persist_support::owned::run_all(|_| async {
        Arc::new(MemoryStore::new()) as Arc<dyn ViewStore>
    })
    .await;
    let dir = TempDir::new("owned");
    let dir_path = dir.path().to_path_buf();
    persist_support::owned::run_all(move |name| {
        let path = dir_path.join(format!("{name}.db"));
        async move {
            Arc::new(SqliteStore::open(&path).await.expect("open sqlite")) as Arc<dyn ViewStore>
        }
    })
    .await;
}

/// A `&mut self` click whose fingerprint is unchanged is neither serialised
/// nor written (`persist_support/fingerprint.rs`). One test, so that the
/// two stores do not share the serialisation count at the same time.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn fingerprints() {
    use persist_support::fingerprint::unchanged_fingerprint_skips_the_serialisation as check;
    check(Arc::new(MemoryStore::new())).await;
    let dir = TempDir::new("fingerprint");
    check(Arc::new(
        SqliteStore::open(dir.path().join("views.db"))
            .await
            .unwrap(),
    ))
    .await;
}

/// A real restart: the first router's store is closed, a new store opens
/// the same file, and the count continues.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_file_survives_a_restart() {
    let dir = TempDir::new("persist-restart");
    let path = dir.path().join("views.db");
    let discord = discord::FakeDiscord::start().await;
    {
        let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(&path).await.unwrap());
        let router = discord
            .router()
            .stored_view::<Score>()
            .store(store)
            .build()
            .unwrap();
        router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
        for expected in 1..=2 {
            let (_, replies) = suite::press(&discord, &router, "score:add", 900).await;
            assert_eq!(replies, [format!("count={expected}")]);
        }
    }
    let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(&path).await.unwrap());
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(store)
        .build()
        .unwrap();
    let (outcome, replies) = suite::press(&discord, &router, "score:add", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=3"]);
}

/// Two stored view types with one name cannot share a store: `build` says
/// which.
#[tokio::test]
async fn stored_types_need_distinct_names() {
    let discord = discord::FakeDiscord::start().await;
    let error = discord
        .router()
        .stored_view::<persist_support::Flag>()
        .stored_view::<persist_support::FlagTwin>()
        .build()
        .expect_err("two stored types named Flag");
    match error.kind() {
        views_core::RouterErrorKind::StoredNameCollision {
            view,
            first,
            second,
        } => {
            assert_eq!(*view, "Flag");
            assert_ne!(first, second);
            assert_eq!(second.file, "tests/twin.rs");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert!(error.to_string().contains("tests/twin.rs:3"), "{error}");
}

/// Thousands of clicks, most cancelled at a random await point, on memory
/// and SQLite: see `persist_support/cancellation.rs`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn random_cancellations_lose_nothing() {
    persist_support::cancellation::random_cancellations_lose_nothing(
        "memory",
        Arc::new(MemoryStore::new()),
    )
    .await;
    let dir = TempDir::new("cancel");
    let store = SqliteStore::open(dir.path().join("cancel.db"))
        .await
        .expect("open sqlite");
    persist_support::cancellation::random_cancellations_lose_nothing("sqlite", Arc::new(store))
        .await;
}

/// The disk under the SQLite file fills up in the middle of a run of clicks
/// and gets room again: clicks meanwhile are answered "not saved", nothing
/// acknowledged is lost, and the same router and store recover by
/// themselves (`persist_support/faults.rs`). Needs root to mount a tmpfs;
/// otherwise SKIPPED, except under `CI=true`, where it fails.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sqlite_store_on_a_disk_that_fills_up() {
    use persist_support::faults;

    let disk = match faults::SmallDisk::mount() {
        Ok(disk) => disk,
        Err(reason) => return faults::skip_unless_ci("SQLite full-disk test", &reason),
    };
    let discord = discord::FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(
        SqliteStore::open(disk.path().join("views.db"))
            .await
            .unwrap(),
    );
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    faults::clicks_through_a_fault(
        &discord,
        &router,
        &*store,
        940,
        || {
            disk.fill();
        },
        || disk.free(),
        // Discord's 3-second rule; a failed write is answered in milliseconds.
        std::time::Duration::from_secs(3),
    )
    .await;
}
