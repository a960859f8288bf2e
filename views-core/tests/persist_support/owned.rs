//! Owned and shared stores: a read-only click on a cached view reads
//! nothing from a store this process owns (`ViewStore::owned`), and still
//! reads the row from a shared one; every write through the store, by
//! whoever makes it, is still seen.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use serde_json::json;
use twilight_model::id::Id;
use views_core::{
    BoxFuture, ViewRouter,
    store::{Lease, ScanPage, StoreError, StoredView, ViewStore, WriteFeed},
};
use views_testkit::discord::FakeDiscord;

use super::{Score, stored_state, suite::press};

/// Wraps a store and counts its reads: loads and leases (a lease reads the
/// row too). Forwards everything, ownership included.
pub struct Counting {
    pub inner: Arc<dyn ViewStore>,
    pub loads: AtomicUsize,
    pub leases: AtomicUsize,
}

impl Counting {
    pub fn new(inner: Arc<dyn ViewStore>) -> Arc<Self> {
        Arc::new(Self {
            inner,
            loads: AtomicUsize::new(0),
            leases: AtomicUsize::new(0),
        })
    }

    /// Loads and leases so far, and resets both counts.
    pub fn take(&self) -> (usize, usize) {
        (
            self.loads.swap(0, Ordering::SeqCst),
            self.leases.swap(0, Ordering::SeqCst),
        )
    }
}

impl ViewStore for Counting {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        self.loads.fetch_add(1, Ordering::SeqCst);
        self.inner.load(message_id)
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        self.inner.upsert(message_id, kind, state)
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        self.inner.delete(message_id)
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        self.inner.scan(after, limit)
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        self.leases.fetch_add(1, Ordering::SeqCst);
        self.inner.lease(message_id)
    }

    fn backend(&self) -> &'static str {
        self.inner.backend()
    }

    fn owned(&self) -> Option<&WriteFeed> {
        self.inner.owned()
    }
}

fn router(discord: &FakeDiscord, store: Arc<dyn ViewStore>) -> ViewRouter {
    discord
        .router()
        .stored_view::<Score>()
        .store(store)
        .build()
        .unwrap()
}

/// Runs every function of this file, each on a fresh store.
pub async fn run_all<F, Fut>(fresh: F)
where
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = Arc<dyn ViewStore>>,
{
    read_only_clicks_read_only_a_shared_store(fresh("owned_reads").await).await;
    writes_outside_the_router_are_seen(fresh("owned_outside").await).await;
    two_routers_on_one_store_see_each_other(fresh("owned_routers").await).await;
    a_restarted_router_reads_once_then_trusts_its_cache(fresh("owned_restart").await).await;
}

/// Read-only clicks on a cached view: none reads the store when the process
/// owns it; each reads the row when it is shared. A `&mut self` click takes
/// the lease (one read) either way.
pub async fn read_only_clicks_read_only_a_shared_store(store: Arc<dyn ViewStore>) {
    let owned = store.owned().is_some();
    let counting = Counting::new(store);
    let discord = FakeDiscord::start().await;
    let router = router(&discord, Arc::clone(&counting) as Arc<dyn ViewStore>);
    router.bind(Id::new(950), Score { count: 3 }).await.unwrap();
    for _ in 0..10 {
        let (outcome, replies) = press(&discord, &router, "score:show", 950).await;
        assert!(outcome.is_handled(), "{outcome:?}");
        assert_eq!(replies, ["shown=3"]);
    }
    let expected_loads = if owned { 0 } else { 10 };
    assert_eq!(counting.take(), (expected_loads, 0), "owned: {owned}");

    let (_, replies) = press(&discord, &router, "score:add", 950).await;
    assert_eq!(replies, ["count=4"]);
    assert_eq!(counting.take(), (0, 1));
    let (_, replies) = press(&discord, &router, "score:show", 950).await;
    assert_eq!(replies, ["shown=4"]);
    assert_eq!(counting.take(), (usize::from(!owned), 0));
}

/// A write through the store that bypasses the router (a lease of its
/// own) is seen by the next read-only click, which reads the row once.
pub async fn writes_outside_the_router_are_seen(store: Arc<dyn ViewStore>) {
    let counting = Counting::new(store);
    let discord = FakeDiscord::start().await;
    let router = router(&discord, Arc::clone(&counting) as Arc<dyn ViewStore>);
    router.bind(Id::new(951), Score { count: 1 }).await.unwrap();
    let (_, replies) = press(&discord, &router, "score:show", 951).await;
    assert_eq!(replies, ["shown=1"]);
    let lease = counting.inner.lease(951).await.unwrap().unwrap();
    lease.commit(br#"{"count": 50}"#.to_vec()).await.unwrap();
    counting.take();
    let (_, replies) = press(&discord, &router, "score:show", 951).await;
    assert_eq!(replies, ["shown=50"]);
    assert_eq!(counting.take(), (1, 0));
    let (_, replies) = press(&discord, &router, "score:add", 951).await;
    assert_eq!(replies, ["count=51"]);
    assert_eq!(
        stored_state(&*counting.inner, 951).await,
        Some(json!({"count": 51}))
    );
}

/// Two routers of one process on one store: each sees the other's commits
/// (an owned store tells both caches).
pub async fn two_routers_on_one_store_see_each_other(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let first = router(&discord, Arc::clone(&store));
    let second = router(&discord, Arc::clone(&store));
    first.bind(Id::new(952), Score { count: 0 }).await.unwrap();
    for round in 1..=3 {
        let (_, replies) = press(&discord, &first, "score:show", 952).await;
        assert_eq!(replies, [format!("shown={}", 2 * (round - 1))]);
        let (_, replies) = press(&discord, &second, "score:add", 952).await;
        assert_eq!(replies, [format!("count={}", 2 * round - 1)]);
        let (_, replies) = press(&discord, &second, "score:show", 952).await;
        assert_eq!(replies, [format!("shown={}", 2 * round - 1)]);
        let (_, replies) = press(&discord, &first, "score:add", 952).await;
        assert_eq!(replies, [format!("count={}", 2 * round)]);
    }
    let (_, replies) = press(&discord, &second, "score:show", 952).await;
    assert_eq!(replies, ["shown=6"]);
}

/// After a restart the first click reads the row (the view is not cached);
/// once it is, read-only clicks on an owned store read nothing.
pub async fn a_restarted_router_reads_once_then_trusts_its_cache(store: Arc<dyn ViewStore>) {
    let owned = store.owned().is_some();
    let discord = FakeDiscord::start().await;
    router(&discord, Arc::clone(&store))
        .bind(Id::new(953), Score { count: 9 })
        .await
        .unwrap();
    let counting = Counting::new(store);
    let restarted = router(&discord, Arc::clone(&counting) as Arc<dyn ViewStore>);
    for _ in 0..3 {
        let (_, replies) = press(&discord, &restarted, "score:show", 953).await;
        assert_eq!(replies, ["shown=9"]);
    }
    let expected_loads = if owned { 1 } else { 3 };
    assert_eq!(counting.take(), (expected_loads, 0), "owned: {owned}");
}
