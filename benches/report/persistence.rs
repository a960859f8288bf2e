//! Persistence: stateful clicks per second on SQLite and PostgreSQL.

use std::{
    path::Path,
    sync::Arc,
    time::{Duration, Instant},
};

use twilight_model::{application::interaction::Interaction, id::Id};
use twilight_views::{DispatchOutcome, ViewStore, router::DEFAULT_CACHE_CAPACITY};
use views_core::store::{PostgresStore, SqliteStore};
// The throwaway PostgreSQL cluster of the store tests.
use views_testkit::postgres;

use crate::{
    Report,
    common::{self, FIRST_MESSAGE, Tally, WRITE, interaction_json},
    machine::{per_second, target_dir, thousands},
};

pub(crate) fn persistence_section(report: &mut Report, quick: bool) {
    eprintln!("persistence (stateful clicks)...");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 2_000 } else { 20_000 };
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let db = dir.join("stateful.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    // The SQLite rows are bound by fsyncs: say what the disk did just now
    // (other work on a shared machine moves it by 10x).
    let synced = synced_writes_per_second(&dir.join("fsync-probe"));
    report.notes.push(format!(
        "persistence: the disk did {} synchronous 4 KiB writes/s just before the SQLite rows \
         (write + fdatasync for 0.5 s); SQLite commits one batch of queued writes per fsync",
        thousands(synced)
    ));
    let sqlite: Arc<dyn ViewStore> = Arc::new(
        runtime
            .block_on(SqliteStore::open(&db))
            .expect("sqlite store"),
    );
    for concurrency in [1, 64] {
        // Group commit makes 64 in flight some 20x faster: more clicks keep
        // that run near a second, long enough to be steady.
        let clicks = if concurrency > 1 { clicks * 5 } else { clicks };
        let rate = runtime.block_on(stateful(Arc::clone(&sqlite), clicks, concurrency));
        report.row(
            format!("stateful clicks, SQLite WAL (synchronous=FULL), {concurrency} in flight"),
            format!("{}/s", thousands(rate)),
            ">= 20,000/s per process",
            "",
        );
    }
    match postgres::Server::find() {
        Ok(server) => {
            let url = server.url().to_owned();
            let store = runtime.block_on(async {
                let admin = postgres::Admin::connect(&url).await;
                let url = admin.fresh_schema_url("bench").await;
                PostgresStore::connect(&url).await.expect("postgres store")
            });
            let store: Arc<dyn ViewStore> = Arc::new(store);
            for concurrency in [1, 64] {
                let rate = runtime.block_on(stateful(Arc::clone(&store), clicks, concurrency));
                // The target is for many clicks in flight, where the
                // round trips of different clicks overlap.
                let target = if concurrency > 1 { ">= 15,000/s" } else { "" };
                report.row(
                    format!("stateful clicks, PostgreSQL (local throwaway cluster), {concurrency} in flight"),
                    format!("{}/s", thousands(rate)),
                    target,
                    "",
                );
            }
            drop(store);
            drop(server);
        }
        Err(why) => report.notes.push(format!("PostgreSQL skipped: {why}")),
    }
}

/// 4 KiB writes, each followed by `fdatasync`, per second over 0.5 s (what
/// `dd bs=4k oflag=dsync` measures).
fn synced_writes_per_second(path: &Path) -> f64 {
    use std::io::Write;
    let mut file = std::fs::File::create(path).expect("probe file");
    let block = [0_u8; 4096];
    let start = Instant::now();
    let mut writes = 0;
    while start.elapsed() < Duration::from_millis(500) {
        file.write_all(&block).expect("probe write");
        file.sync_data().expect("probe fdatasync");
        writes += 1;
    }
    let rate = per_second(writes, start.elapsed());
    drop(file);
    let _ = std::fs::remove_file(path);
    rate
}

/// Stateful clicks/s: `concurrency` tasks click the mutating button of
/// distinct views (one view per task, so the per-view lock never waits).
async fn stateful(store: Arc<dyn ViewStore>, clicks: usize, concurrency: usize) -> f64 {
    let router = common::router(store, DEFAULT_CACHE_CAPACITY);
    let base = FIRST_MESSAGE + 10_000_000 * concurrency as u64;
    for task in 0..concurrency as u64 {
        router
            .bind(Id::new(base + task), Tally::default())
            .await
            .expect("bind");
    }
    let per_task = clicks / concurrency;
    let payloads: Vec<Vec<Interaction>> = (0..concurrency as u64)
        .map(|task| {
            (0..per_task)
                .map(|i| common::parse(&interaction_json(i as u64 + 1, base + task, WRITE)))
                .collect()
        })
        .collect();
    let start = Instant::now();
    let mut tasks = tokio::task::JoinSet::new();
    for batch in payloads {
        let router = router.clone();
        tasks.spawn(async move {
            for interaction in batch {
                let outcome = router.dispatch(interaction).await;
                assert!(
                    matches!(outcome, DispatchOutcome::Handled { .. }),
                    "{outcome:?}"
                );
            }
        });
    }
    while let Some(done) = tasks.join_next().await {
        done.expect("clicking task");
    }
    per_second(per_task * concurrency, start.elapsed())
}
