//! The persistence suite on `PostgresStore`; two routers with their own
//! connection pools clicking one message at the same time; and two OS
//! processes (this test binary re-run) dispatching 500 concurrent clicks
//! each on one stored view: exactly 1,000, every acknowledged count unique.
//!
//! Uses `TWILIGHT_VIEWS_TEST_POSTGRES_URL` or a throwaway cluster (see
//! `store_postgres.rs`); with neither it says SKIPPED, except under
//! `CI=true`, where it fails.
#![allow(clippy::unwrap_used)]

mod persist_support;

use std::{
    collections::BTreeSet,
    io::Write,
    process::{Command, Stdio},
    sync::Arc,
};

use twilight_model::id::Id;
use views_core::store::{PostgresStore, ViewStore};
use views_testkit::{
    discord,
    postgres::{self, Admin, Server},
};

use persist_support::{Score, stored_state, suite};

const PER_ROUTER: u64 = 100;
/// Set in the child processes: the store URL.
const CHILD_URL_ENV: &str = "TWILIGHT_VIEWS_TEST_ROUTER_PG_CHILD_URL";
const PER_PROCESS: u64 = 500;
const SHARED_MESSAGE: u64 = 777_000_000_000_000_001;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_store() {
    if let Ok(url) = std::env::var(CHILD_URL_ENV) {
        return child_clicks(&url).await;
    }
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

    persist_support::owned::run_all(|name| {
        let url = admin.fresh_schema_url(name);
        async move {
            let url = url.await;
            Arc::new(PostgresStore::connect(&url).await.expect("connect")) as Arc<dyn ViewStore>
        }
    })
    .await;

    let url = admin.fresh_schema_url("fingerprint").await;
    persist_support::fingerprint::unchanged_fingerprint_skips_the_serialisation(Arc::new(
        PostgresStore::connect(&url).await.expect("connect"),
    ))
    .await;

    let url = admin.fresh_schema_url("two_routers").await;
    two_routers_lose_no_click(&url).await;
    let url = admin.fresh_schema_url("two_processes").await;
    two_processes_lose_no_click(&url).await;
    let url = admin.fresh_schema_url("cancellations").await;
    persist_support::cancellation::random_cancellations_lose_nothing(
        "postgres",
        Arc::new(PostgresStore::connect(&url).await.expect("connect")),
    )
    .await;
    admin.drop_schemas().await;
}

/// Two routers, each with its own `PostgresStore` (own connections), bound
/// to the same stored view: 2 x 100 concurrent clicks.
async fn two_routers_lose_no_click(url: &str) {
    let discord = discord::FakeDiscord::start().await;
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
                    .dispatch(discord::click("score:add", 900))
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

/// Two OS processes, each a router on its own `PostgresStore`, each
/// dispatching 500 concurrent clicks on one stored view.
async fn two_processes_lose_no_click(url: &str) {
    let discord = discord::FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(url).await.unwrap());
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    router
        .bind(Id::new(SHARED_MESSAGE), Score { count: 0 })
        .await
        .unwrap();
    let exe = std::env::current_exe().expect("test binary path");
    let children: Vec<_> = (0..2)
        .map(|_| {
            Command::new(&exe)
                .args(["--exact", "postgres_store", "--nocapture"])
                .env(CHILD_URL_ENV, url)
                .env_remove(postgres::URL_ENV)
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn child")
        })
        .collect();
    let mut acknowledged = Vec::new();
    for child in children {
        let output = child.wait_with_output().expect("child output");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "child failed: {stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let acks: Vec<u64> = stdout
            .lines()
            .filter_map(|line| line.strip_prefix("ACK ")?.parse().ok())
            .collect();
        assert_eq!(acks.len() as u64, PER_PROCESS, "{stdout}");
        acknowledged.extend(acks);
    }
    acknowledged.sort_unstable();
    assert_eq!(
        acknowledged,
        (1..=2 * PER_PROCESS).collect::<Vec<_>>(),
        "every acknowledged count exactly once"
    );
    assert_eq!(
        stored_state(&*store, SHARED_MESSAGE).await,
        Some(serde_json::json!({ "count": 2 * PER_PROCESS }))
    );
}

/// One child process: 500 concurrent clicks through its own router; prints
/// the count each acknowledged reply showed.
async fn child_clicks(url: &str) {
    let discord = discord::FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(PostgresStore::connect(url).await.expect("connect"));
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(store)
        .build()
        .unwrap();
    let tasks: Vec<_> = (0..PER_PROCESS)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move {
                router
                    .dispatch(discord::click("score:add", SHARED_MESSAGE))
                    .await
                    .is_handled()
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap(), "a click was not handled");
    }
    let mut out = String::new();
    for request in discord.requests() {
        if let Some(count) = request.content().and_then(|c| c.strip_prefix("count=")) {
            out.push_str(&format!("ACK {count}\n"));
        }
    }
    print!("{out}");
    std::io::stdout().flush().expect("flush");
}

/// The server stops (fast shutdown) in the middle of a run of clicks and
/// starts again a second later: clicks meanwhile are answered "not saved"
/// within seconds, nothing acknowledged is lost, and the same router and
/// pool recover by themselves (`persist_support/faults.rs`). Needs a
/// throwaway cluster of its own: an external server is not ours to stop.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn postgres_server_stopped_and_started_during_clicks() {
    use std::time::Duration;

    use persist_support::faults;
    use views_core::store::PostgresOptions;

    const TEST: &str = "PostgreSQL server-stop test";
    let server = match Server::find() {
        Ok(server) => server,
        Err(reason) => return faults::skip_unless_ci(TEST, &reason),
    };
    let Server::Cluster(cluster) = &server else {
        return faults::skip_unless_ci(
            TEST,
            &format!(
                "{} names a server this test must not stop",
                postgres::URL_ENV
            ),
        );
    };
    // Short limits, so that a click during the outage fails fast.
    let options = PostgresOptions::default()
        .connect_timeout(Duration::from_secs(1))
        .pool_wait(Duration::from_secs(1))
        .statement_timeout(Duration::from_secs(1))
        .lock_timeout(Duration::from_secs(1));
    let store: Arc<dyn ViewStore> = Arc::new(
        PostgresStore::connect_with_options(server.url(), options)
            .await
            .expect("connect"),
    );
    let discord = discord::FakeDiscord::start().await;
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .store_timeout(Duration::from_secs(3))
        .build()
        .unwrap();
    faults::clicks_through_a_fault(
        &discord,
        &router,
        &*store,
        950,
        || cluster.stop_server().expect("stop the server"),
        || cluster.start_server().expect("start the server again"),
        // The router's store_timeout, plus the time to send the answer.
        Duration::from_secs(5),
    )
    .await;
}
