//! Group commit in `SqliteStore`: operations issued together share one
//! transaction, and that changes nothing a caller can see: every write
//! reported `Ok` is on disk, a failing write fails alone.
#![allow(clippy::unwrap_used)]

mod store_suite;

use std::{path::Path, sync::Arc};

use tokio::task::JoinSet;
use views_core::store::{SqliteStore, StoreErrorKind, ViewStore};
use views_testkit::temp::TempDir;

const KIND: &str = "Counter";

fn state(n: u64) -> Vec<u8> {
    format!("{{\"count\":{n}}}").into_bytes()
}

/// `(message_id, state, version)` of every row, read by a fresh store on
/// the same file (a restart).
async fn reopened(path: &Path) -> Vec<(u64, Vec<u8>, u64)> {
    let store = SqliteStore::open(path).await.expect("reopen");
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = store.scan(after, 100).await.expect("scan");
        assert!(page.corrupt.is_empty(), "{:?}", page.corrupt);
        rows.extend(
            page.views
                .into_iter()
                .map(|view| (view.message_id, view.state, view.version)),
        );
        match page.next {
            Some(next) => after = Some(next),
            None => return rows,
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_leases_on_distinct_messages_all_commit() {
    let dir = TempDir::new("sqlite-batch-leases");
    let path = dir.path().join("views.db");
    let store = Arc::new(SqliteStore::open(&path).await.expect("open"));
    let ids: Vec<u64> = (1..=200).map(|i| 1_300_000_000_000_000_000 + i).collect();
    let mut tasks = JoinSet::new();
    for &id in &ids {
        let store = Arc::clone(&store);
        tasks.spawn(async move { store.upsert(id, KIND, state(0)).await });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.unwrap().expect("bind").version, 1);
    }
    for &id in &ids {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            let lease = store.lease(id).await?.expect("bound");
            let next = lease.record().version + 1;
            lease.commit(state(next)).await
        });
    }
    while let Some(done) = tasks.join_next().await {
        assert_eq!(done.unwrap().expect("click").version, 2);
    }
    drop(store);
    let expected: Vec<_> = ids.iter().map(|&id| (id, state(2), 2)).collect();
    assert_eq!(reopened(&path).await, expected);
}

/// Another process (a raw connection) rewrites one leased row: that
/// commit is a `Conflict` while the commits issued with it go through.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_conflict_fails_alone_among_concurrent_commits() {
    let dir = TempDir::new("sqlite-batch-conflict");
    let path = dir.path().join("views.db");
    let store = SqliteStore::open(&path).await.expect("open");
    for id in 1..=50 {
        store.upsert(id, KIND, state(0)).await.expect("bind");
    }
    let mut leases = Vec::new();
    for id in 1..=50 {
        leases.push(store.lease(id).await.expect("lease").expect("bound"));
    }
    let raw = rusqlite::Connection::open(&path).expect("raw connection");
    let changed = raw
        .execute(
            "UPDATE twilight_views SET state = ?1, version = 7 WHERE message_id = 25",
            [state(99)],
        )
        .expect("write behind the store's back");
    assert_eq!(changed, 1);
    drop(raw);
    let mut tasks = JoinSet::new();
    for lease in leases {
        let id = lease.record().message_id;
        tasks.spawn(async move { (id, lease.commit(state(1)).await) });
    }
    let mut committed = 0;
    while let Some(done) = tasks.join_next().await {
        match done.unwrap() {
            (25, outcome) => {
                let error = outcome.expect_err("stale lease");
                assert!(
                    matches!(error.kind(), StoreErrorKind::Conflict { message_id: 25 }),
                    "{error:?}"
                );
            }
            (_, outcome) => {
                assert_eq!(outcome.expect("commit").version, 2);
                committed += 1;
            }
        }
    }
    assert_eq!(committed, 49);
    drop(store);
    let expected: Vec<_> = (1..=50)
        .map(|id| {
            if id == 25 {
                (id, state(99), 7)
            } else {
                (id, state(1), 2)
            }
        })
        .collect();
    assert_eq!(reopened(&path).await, expected);
}

/// Whatever resolved `Ok` is on disk, even when the store is dropped right
/// away; deletes and upserts mixed in the same bursts keep their order per
/// message.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn writes_acknowledged_before_a_drop_survive_reopening() {
    let dir = TempDir::new("sqlite-batch-drop");
    let path = dir.path().join("views.db");
    let store = Arc::new(SqliteStore::open(&path).await.expect("open"));
    let mut tasks = JoinSet::new();
    for id in 1..=300_u64 {
        let store = Arc::clone(&store);
        tasks.spawn(async move {
            store.upsert(id, KIND, state(id)).await?;
            if id % 3 == 0 {
                assert!(store.delete(id).await?);
            } else {
                store.upsert(id, KIND, state(id * 10)).await?;
            }
            Ok::<_, views_core::store::StoreError>(())
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.unwrap().expect("write");
    }
    drop(store);
    let expected: Vec<_> = (1..=300_u64)
        .filter(|id| id % 3 != 0)
        .map(|id| (id, state(id * 10), 2))
        .collect();
    assert_eq!(reopened(&path).await, expected);
}
