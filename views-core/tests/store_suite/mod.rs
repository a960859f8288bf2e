//! The store test suite: every backend runs these same functions, each on a
//! fresh, empty store.

#![allow(dead_code, reason = "each backend's test file uses a subset")]

use std::sync::Arc;

use serde_json::{Value, json};
use views_core::{
    store::{StoreErrorKind, StoredView, ViewStore, open_store},
    view::BoxFuture,
};
use views_testkit::cancel::cancel_after;

const KIND: &str = "Counter";

fn counter(count: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({ "count": count })).expect("serialise counter")
}

fn count_of(view: &StoredView) -> u64 {
    let value: Value = serde_json::from_slice(&view.state).expect("counter state is JSON");
    value["count"].as_u64().expect("count is a number")
}

/// Bind, load back, and a missing message loads as `None`.
pub async fn roundtrip(store: Arc<dyn ViewStore>) {
    let stored = store
        .upsert(1_100_000_000_000_000_001, KIND, counter(3))
        .await
        .expect("upsert");
    assert_eq!(stored.version, 1);
    let loaded = store
        .load(1_100_000_000_000_000_001)
        .await
        .expect("load")
        .expect("stored view is there");
    assert_eq!(loaded, stored);
    assert_eq!(loaded.kind, KIND);
    assert_eq!(count_of(&loaded), 3);
    assert!(store.load(42).await.expect("load missing").is_none());
}

/// Upserting again replaces kind and state and bumps the version; leases
/// bump it too.
pub async fn update_versions(store: Arc<dyn ViewStore>) {
    store.upsert(7, KIND, counter(0)).await.expect("insert");
    let second = store.upsert(7, "Other", counter(5)).await.expect("update");
    assert_eq!((second.version, second.kind.as_str()), (2, "Other"));
    let lease = store.lease(7).await.expect("lease").expect("row exists");
    assert_eq!(lease.record(), &second);
    let committed = lease.commit(counter(6)).await.expect("commit");
    assert_eq!(committed.version, 3);
    let loaded = store.load(7).await.expect("load").expect("row");
    assert_eq!(loaded, committed);
    assert_eq!((loaded.kind.as_str(), count_of(&loaded)), ("Other", 6));
}

/// Delete removes one view and reports whether there was one.
pub async fn delete(store: Arc<dyn ViewStore>) {
    store.upsert(10, KIND, counter(1)).await.expect("insert 10");
    store.upsert(11, KIND, counter(2)).await.expect("insert 11");
    assert!(store.delete(10).await.expect("delete"));
    assert!(!store.delete(10).await.expect("delete again"));
    assert!(store.load(10).await.expect("load").is_none());
    assert!(store.lease(10).await.expect("lease deleted").is_none());
    assert_eq!(
        count_of(&store.load(11).await.expect("load").expect("11 stays")),
        2
    );
}

/// Scanning in pages visits every view once, in id order, and says when it
/// is done.
pub async fn scan_pages(store: Arc<dyn ViewStore>) {
    let ids: Vec<u64> = (0..25).map(|i| 1_000 + i * 7).collect();
    // Insert out of order: the scan must sort.
    for &id in ids.iter().rev() {
        store.upsert(id, KIND, counter(id)).await.expect("insert");
    }
    let mut seen = Vec::new();
    let mut sizes = Vec::new();
    let mut after = None;
    loop {
        let page = store.scan(after, 10).await.expect("scan");
        assert!(page.corrupt.is_empty());
        sizes.push(page.views.len());
        for view in &page.views {
            assert_eq!(count_of(view), view.message_id);
        }
        seen.extend(page.views.iter().map(|view| view.message_id));
        match page.next {
            Some(next) => after = Some(next),
            None => break,
        }
    }
    assert_eq!(seen, ids);
    assert_eq!(sizes, [10, 10, 5]);
    let empty = store.scan(Some(ids[24]), 10).await.expect("scan past end");
    assert!(empty.views.is_empty() && empty.next.is_none());
    let one = store.scan(None, 0).await.expect("limit 0 means 1");
    assert_eq!(one.views.len(), 1);
}

/// The store keeps state as bytes: state that is not JSON comes back as it
/// went in (deserialising is the router's business).
pub async fn non_json_state(store: Arc<dyn ViewStore>) {
    let bytes = b"\xff\x00not json {".to_vec();
    store.upsert(5, KIND, bytes.clone()).await.expect("insert");
    let loaded = store.load(5).await.expect("load").expect("row");
    assert_eq!(loaded.state, bytes);
    let page = store.scan(None, 10).await.expect("scan");
    assert_eq!(page.views.len(), 1);
    assert_eq!(page.views[0].state, bytes);
}

/// Ids above `i64::MAX` do not fit the key column: a clear error, no panic.
pub async fn oversized_message_id(store: Arc<dyn ViewStore>) {
    let error = store
        .upsert(u64::MAX, KIND, counter(1))
        .await
        .expect_err("u64::MAX is rejected");
    assert!(matches!(
        error.kind(),
        StoreErrorKind::InvalidMessageId { message_id } if *message_id == u64::MAX
    ));
    assert!(store.load(u64::MAX).await.is_err());
}

/// A row with bad columns is a `Corrupt` error naming its message, and
/// every other row still loads and scans. `corrupt` damages the row of the
/// given message behind the store's back.
pub async fn corrupted_row(
    store: Arc<dyn ViewStore>,
    corrupt: impl FnOnce(u64) -> BoxFuture<'static, ()>,
) {
    for id in [20, 21, 22] {
        store.upsert(id, KIND, counter(id)).await.expect("insert");
    }
    corrupt(21).await;
    let error = store.load(21).await.expect_err("corrupt row is an error");
    assert!(
        matches!(error.kind(), StoreErrorKind::Corrupt { message_id: 21, .. }),
        "unexpected error {error:?}"
    );
    assert!(error.to_string().contains("message 21"), "{error}");
    assert!(store.lease(21).await.is_err());
    assert_eq!(
        count_of(&store.load(20).await.expect("load").expect("20")),
        20
    );
    assert_eq!(
        count_of(&store.load(22).await.expect("load").expect("22")),
        22
    );
    let page = store.scan(None, 10).await.expect("scan");
    let ids: Vec<u64> = page.views.iter().map(|view| view.message_id).collect();
    assert_eq!(ids, [20, 22]);
    assert_eq!(page.corrupt.len(), 1);
    assert!(matches!(
        page.corrupt[0].kind(),
        StoreErrorKind::Corrupt { message_id: 21, .. }
    ));
    // A page boundary on the corrupt row still continues past it.
    let first = store.scan(None, 2).await.expect("scan page 1");
    assert_eq!(first.next, Some(21));
    let second = store.scan(first.next, 2).await.expect("scan page 2");
    assert_eq!(second.views.len(), 1);
    assert_eq!(second.views[0].message_id, 22);
    // Rebinding the message repairs it.
    store.upsert(21, KIND, counter(1)).await.expect("rebind");
    assert_eq!(
        count_of(&store.load(21).await.expect("load").expect("21")),
        1
    );
}

/// Increments `message_id`'s counter once through a lease.
pub async fn increment(store: &dyn ViewStore, message_id: u64) {
    let lease = store
        .lease(message_id)
        .await
        .expect("lease")
        .expect("counter row exists");
    let next = count_of(lease.record()) + 1;
    lease.commit(counter(next)).await.expect("commit");
}

/// `tasks` concurrent lease+increment cycles on one message: none lost.
pub async fn concurrent_leases(store: Arc<dyn ViewStore>, tasks: u64) {
    store.upsert(99, KIND, counter(0)).await.expect("insert");
    // A second message leased at the same time must not be affected.
    store.upsert(98, KIND, counter(0)).await.expect("insert");
    let handles: Vec<_> = (0..tasks)
        .map(|i| {
            let store = Arc::clone(&store);
            tokio::spawn(async move { increment(&*store, if i % 10 == 0 { 98 } else { 99 }).await })
        })
        .collect();
    for handle in handles {
        handle.await.expect("increment task");
    }
    let main = store.load(99).await.expect("load").expect("row");
    let side = store.load(98).await.expect("load").expect("row");
    assert_eq!(count_of(&main) + count_of(&side), tasks);
    assert_eq!(count_of(&side), tasks.div_ceil(10));
    assert_eq!(main.version, count_of(&main) + 1);
}

/// Dropping a lease writes nothing and frees the message for the next one.
pub async fn lease_drop_rolls_back(store: Arc<dyn ViewStore>) {
    store.upsert(30, KIND, counter(1)).await.expect("insert");
    let lease = store.lease(30).await.expect("lease").expect("row");
    assert_eq!(count_of(lease.record()), 1);
    drop(lease);
    let loaded = store.load(30).await.expect("load").expect("row");
    assert_eq!((count_of(&loaded), loaded.version), (1, 1));
    // The next lease is granted (the dropped one released the message) and
    // sees the untouched row.
    let lease = store.lease(30).await.expect("lease again").expect("row");
    assert_eq!(lease.record().version, 1);
    lease.commit(counter(2)).await.expect("commit");
    let loaded = store.load(30).await.expect("load").expect("row");
    assert_eq!((count_of(&loaded), loaded.version), (2, 2));
}

/// Cancels a lease-and-commit at every await point in turn. After each
/// cancellation: the row holds either the old or the new count (the new
/// one whenever the commit reported `Ok`), nothing is left locked (the next
/// lease of the message and of another message is granted at once), and
/// other writes land for real (they did not run inside a transaction the
/// cancelled future left open, which a later rollback would undo):
/// `outside`, a second store on the same database, sees them at once.
pub async fn cancelled_leases_leave_nothing_behind(
    store: Arc<dyn ViewStore>,
    outside: Option<Arc<dyn ViewStore>>,
) {
    const MESSAGE: u64 = 50;
    const OTHER: u64 = 51;
    store
        .upsert(MESSAGE, KIND, counter(0))
        .await
        .expect("insert");
    store.upsert(OTHER, KIND, counter(0)).await.expect("insert");
    let mut expected = 0;
    let mut completed_at = None;
    for polls in 1..200u64 {
        let attempt = cancel_after(polls, async {
            let lease = store.lease(MESSAGE).await.expect("lease").expect("row");
            let next = count_of(lease.record()) + 1;
            lease.commit(counter(next)).await.map(|_| next)
        })
        .await;
        let after = bounded(store.load(MESSAGE))
            .await
            .expect("load")
            .expect("row");
        match attempt {
            Some(Ok(next)) => {
                expected = next;
                assert_eq!(count_of(&after), expected, "a committed increment was lost");
            }
            Some(Err(error)) => panic!("commit failed without cancellation: {error}"),
            // Cancelled: the commit may or may not have reached the disk.
            None => {
                let count = count_of(&after);
                assert!(
                    count == expected || count == expected + 1,
                    "after cancelling at poll {polls}: count {count}, expected {expected} or one more"
                );
                expected = count;
            }
        }
        // Nothing stays locked, and a write through the pool is durable:
        // it is visible to the next lease, which reads under the row lock.
        let other = bounded(store.upsert(OTHER, KIND, counter(polls)))
            .await
            .expect("upsert after a cancellation");
        if let Some(outside) = &outside {
            let seen = bounded(outside.load(OTHER)).await.expect("load outside");
            assert_eq!(
                seen.as_ref(),
                Some(&other),
                "after cancelling at poll {polls}, a write reported done is not committed"
            );
        }
        let lease = bounded(store.lease(OTHER))
            .await
            .expect("lease after a cancellation")
            .expect("row");
        assert_eq!(lease.record(), &other, "write of poll {polls} not visible");
        drop(lease);
        let lease = bounded(store.lease(MESSAGE))
            .await
            .expect("the cancelled lease's message is free again")
            .expect("row");
        assert_eq!(count_of(lease.record()), expected);
        drop(lease);
        if attempt.is_some() {
            completed_at = Some(polls);
            break;
        }
    }
    assert!(
        completed_at.is_some(),
        "lease+commit never completed in 200 polls"
    );
    let other = bounded(store.load(OTHER))
        .await
        .expect("load")
        .expect("row");
    assert_eq!(count_of(&other), completed_at.unwrap_or(0));
}

/// Fails the test instead of hanging when a store call does not finish:
/// a leaked lock or a connection stuck in a transaction would block here.
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(std::time::Duration::from_secs(10), future)
        .await
        .expect("store call did not finish within 10 s: a lock or transaction was leaked")
}

/// Data written through one store value is there after it is dropped and
/// `url` is opened again (a restart).
pub async fn reopen_keeps_data(url: &str) {
    let store = open_store(url).await.expect("open");
    store.upsert(40, KIND, counter(0)).await.expect("insert");
    increment(&*store, 40).await;
    increment(&*store, 40).await;
    drop(store);
    let store = open_store(url).await.expect("reopen");
    let loaded = store.load(40).await.expect("load").expect("row survived");
    assert_eq!((count_of(&loaded), loaded.version), (2, 3));
    drop(store);
}

/// Every function above that takes only a store, on fresh stores from
/// `fresh`.
pub async fn run_all<F>(mut fresh: impl FnMut(&'static str) -> F)
where
    F: Future<Output = Arc<dyn ViewStore>>,
{
    roundtrip(fresh("roundtrip").await).await;
    update_versions(fresh("update_versions").await).await;
    delete(fresh("delete").await).await;
    scan_pages(fresh("scan_pages").await).await;
    non_json_state(fresh("non_json_state").await).await;
    oversized_message_id(fresh("oversized_message_id").await).await;
    concurrent_leases(fresh("concurrent_leases").await, 200).await;
    lease_drop_rolls_back(fresh("lease_drop_rolls_back").await).await;
    cancelled_leases_leave_nothing_behind(fresh("cancelled_leases").await, None).await;
}
