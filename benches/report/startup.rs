//! Start-up and memory: first interaction over a million stored views, lazy
//! and eager, and how memory grows with the views touched. Each figure comes
//! from a fresh child process (this binary with `--child ...`).

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::Arc,
    time::{Duration, Instant},
};

use twilight_model::application::interaction::Interaction;
use twilight_views::{DispatchOutcome, ViewRouter, ViewStore, router::DEFAULT_CACHE_CAPACITY};
use views_core::store::SqliteStore;

use crate::{
    MILLION, Report,
    common::{self, FIRST_MESSAGE, READ, Tally, WRITE, interaction_json},
    dispatch::{Entry, Handler, measure_dispatch},
    machine::{hwm_kib, mib, rss_kib, target_dir, thousands},
};

/// A SQLite store file holding `n` Tally views, made once and kept under
/// target/bench-data (reruns reuse it).
fn stored_views_db(n: u64) -> (PathBuf, Option<Duration>) {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("views-{n}.sqlite"));
    if path.exists()
        && let Ok(conn) = rusqlite::Connection::open(&path)
        && conn
            .query_row("SELECT count(*) FROM twilight_views", [], |row| {
                row.get::<_, i64>(0)
            })
            .ok()
            == Some(n as i64)
    {
        return (path, None);
    }
    let start = Instant::now();
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    // The store creates its schema; the rows go in with one transaction.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async { drop(SqliteStore::open(&path).await.expect("create the store")) });
    let mut conn = rusqlite::Connection::open(&path).expect("open the store file");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare("INSERT INTO twilight_views (message_id, kind, state, version) VALUES (?1, ?2, ?3, 1)")
            .expect("prepare");
        let state = serde_json::to_vec(&Tally::default()).expect("state");
        for i in 0..n {
            insert
                .execute(rusqlite::params![
                    (FIRST_MESSAGE + i) as i64,
                    <Tally as twilight_views::ViewOptions>::NAME,
                    state
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    (path, Some(start.elapsed()))
}

/// Runs this binary as `--child args`; its `key=value` lines.
pub(crate) fn run_child(args: &[&str]) -> std::collections::HashMap<String, String> {
    let exe = std::env::current_exe().expect("own path");
    let output = Command::new(exe)
        .arg("--child")
        .args(args)
        .output()
        .expect("run child");
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "child {args:?} failed: {}\n{stdout}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
        .lines()
        .filter_map(|line| line.split_once('='))
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .collect()
}

pub(crate) fn startup_section(report: &mut Report, quick: bool) {
    eprintln!("start-up and memory (SQLite, fresh child processes)...");
    let n = if quick { 100_000 } else { MILLION };
    let (db, made) = stored_views_db(n);
    if let Some(made) = made {
        report.notes.push(format!(
            "generated {} stored views in {:.1} s (one transaction; cached in {})",
            thousands(n as f64),
            made.as_secs_f64(),
            db.display()
        ));
    }
    let db_arg = db.display().to_string();
    let n_arg = n.to_string();
    let lazy = run_child(&["startup", "lazy", &db_arg, &n_arg]);
    report.row(
        format!(
            "first interaction, {} stored views, lazy restore",
            thousands(n as f64)
        ),
        format!("{} ms (open {} ms)", lazy["first_ms"], lazy["open_ms"]),
        "< 100 ms",
        "~40 s / ~61 s",
    );
    let eager = run_child(&["startup", "eager", &db_arg, &n_arg]);
    report.row(
        format!(
            "first interaction, {} stored views, eager restore_all",
            thousands(n as f64)
        ),
        format!("{} ms, peak RSS {}", eager["first_ms"], eager["hwm"]),
        "",
        "~40 s, 2 GB / ~61 s, 4 GB",
    );
    report.row(
        "  memory per cached view (restore_all, cache = all)",
        format!("{} B (view state: 8 B)", eager["bytes_per_view"]),
        "<= 200 B + state",
        "~2 KB / ~4 KB",
    );
    for touched in [10_000u64, n] {
        let rss = run_child(&["rss", &db_arg, &touched.to_string()]);
        report.row(
            format!(
                "peak RSS after touching {} views (default cache {})",
                thousands(touched as f64),
                thousands(DEFAULT_CACHE_CAPACITY as f64)
            ),
            format!(
                "{} (before: {}, {} cached)",
                rss["hwm"], rss["before"], rss["cached"]
            ),
            "",
            "",
        );
    }
}

pub(crate) fn child(args: &[String]) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    match args.first().map(String::as_str) {
        Some("startup") => runtime.block_on(child_startup(
            &args[1],
            Path::new(&args[2]),
            args[3].parse().expect("n"),
        )),
        Some("rss") => runtime.block_on(child_rss(
            Path::new(&args[1]),
            args[2].parse().expect("count"),
        )),
        // For profilers:
        // `report --child dispatch N parsed|raw|twilight CLICKS [read|write]`.
        Some("dispatch") => {
            let n = args[1].parse().expect("n");
            let router = runtime.block_on(common::memory_router(n));
            let custom_id = match args.get(4).map(String::as_str) {
                Some("write") => WRITE,
                _ => READ,
            };
            let stats = measure_dispatch(
                &runtime,
                Handler::Router(&router),
                n,
                custom_id,
                Entry::named(&args[2]),
                args[3].parse().expect("clicks"),
            );
            println!("{}", stats.figure());
            println!(
                "size_of Interaction: {} B",
                std::mem::size_of::<Interaction>()
            );
        }
        other => panic!("unknown child {other:?}"),
    }
}

async fn click(router: &ViewRouter, message: u64, custom_id: &str) -> DispatchOutcome {
    router
        .dispatch(common::parse(&interaction_json(
            message, message, custom_id,
        )))
        .await
}

async fn child_startup(mode: &str, db: &Path, n: u64) {
    let eager = mode == "eager";
    let start = Instant::now();
    let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(db).await.expect("open"));
    let open = start.elapsed();
    let capacity = if eager {
        n as usize
    } else {
        DEFAULT_CACHE_CAPACITY
    };
    let router = common::router(store, capacity);
    let rss_before = rss_kib();
    if eager {
        let restored = router.restore_all().await.expect("restore_all");
        assert_eq!(restored.restored as u64, n, "every view restored");
    }
    let rss_restored = rss_kib();
    let outcome = click(&router, FIRST_MESSAGE + n * 7 / 9, READ).await;
    let first = start.elapsed();
    assert!(
        matches!(outcome, DispatchOutcome::Handled { .. }),
        "{outcome:?}"
    );
    println!("open_ms={:.1}", open.as_secs_f64() * 1e3);
    println!("first_ms={:.1}", first.as_secs_f64() * 1e3);
    println!("hwm={}", mib(hwm_kib()));
    println!(
        "bytes_per_view={:.0}",
        (rss_restored.saturating_sub(rss_before)) as f64 * 1024.0 / n as f64
    );
}

async fn child_rss(db: &Path, touched: u64) {
    let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(db).await.expect("open"));
    let router = common::router(store, DEFAULT_CACHE_CAPACITY);
    // One click first so the runtime, SQLite and the parser are warm.
    click(&router, FIRST_MESSAGE, READ).await;
    let before = rss_kib();
    for i in 0..touched {
        let outcome = click(&router, FIRST_MESSAGE + i, READ).await;
        assert!(
            matches!(outcome, DispatchOutcome::Handled { .. }),
            "{outcome:?}"
        );
    }
    println!("before={}", mib(before));
    println!("hwm={}", mib(hwm_kib()));
    println!("rss={}", mib(rss_kib()));
    println!("cached={}", router.cached_views());
}

// -------------------------------------------------------------- end to end
