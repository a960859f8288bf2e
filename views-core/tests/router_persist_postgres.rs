//! The persistence suite on `PostgresStore`, and two routers with their own
//! connection pools (as two processes would have) clicking one message at
//! the same time: every click counted once, every acknowledged count unique.
//!
//! Uses `TWILIGHT_VIEWS_TEST_POSTGRES_URL` or a throwaway cluster (see
//! `store_postgres.rs`); with neither it says SKIPPED, except under
//! `CI=true`, where it fails.
#![allow(clippy::unwrap_used)]

mod common;
mod persist_support;
#[path = "store_suite/pg_server.rs"]
mod pg_server;
mod store_suite;

use std::{collections::BTreeSet, io::Write, sync::Arc};

use pg_server::{Admin, Server};
use twilight_model::id::Id;
use views_core::store::{PostgresStore, ViewStore};

use persist_support::{Score, stored_state, suite};

const PER_ROUTER: u64 = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_store() {
    let server = match Server::find() {
        Ok(server) => server,
        Err(reason) => {
            assert!(
                std::env::var("CI").as_deref() != Ok("true"),
                "PostgreSQL router persistence tests cannot run under CI=true: {reason}"
            );
            let _ = writeln!(
                std::io::stderr(),
                "\n*** PostgreSQL router persistence tests SKIPPED: {reason} ***\n"
            );
            return;
        }
    };
    let admin = Admin::connect(server.url()).await;
    suite::run_all(|name| {
        let url = admin.fresh_schema_url(&name.replace('-', "_"));
        async move {
            let url = url.await;
            Arc::new(PostgresStore::connect(&url).await.expect("connect")) as Arc<dyn ViewStore>
        }
    })
    .await;

    let url = admin.fresh_schema_url("two_routers").await;
    two_routers_lose_no_click(&url).await;
    admin.drop_schemas().await;
}

/// Two routers, each with its own `PostgresStore` (own connections), bound
/// to the same stored view: 2 x 100 concurrent clicks.
async fn two_routers_lose_no_click(url: &str) {
    let discord = common::FakeDiscord::start().await;
    let router = |store: Arc<dyn ViewStore>| {
        discord
            .router()
            .stored_view::<Score>()
            .store(store)
            .build()
            .unwrap()
    };
    let first_store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(url).await.unwrap());
    let second_store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(url).await.unwrap());
    let first = router(Arc::clone(&first_store));
    let second = router(second_store);
    first.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    // The second router has never seen the view: it restores it lazily.
    let tasks: Vec<_> = (0..2 * PER_ROUTER)
        .map(|n| {
            let router = if n % 2 == 0 {
                first.clone()
            } else {
                second.clone()
            };
            tokio::spawn(async move {
                router
                    .dispatch(common::click("score:add", 900))
                    .await
                    .is_handled()
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap(), "a click was not handled");
    }
    assert_eq!(
        stored_state(&*first_store, 900).await,
        Some(serde_json::json!({ "count": 2 * PER_ROUTER }))
    );
    let counts: BTreeSet<u64> = discord
        .requests()
        .iter()
        .filter_map(|request| request.content()?.strip_prefix("count=")?.parse().ok())
        .collect();
    assert_eq!(counts, (1..=2 * PER_ROUTER).collect());
}
