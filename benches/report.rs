//! The benchmark report: every benchmark figure in one table, with the
//! machine, the command, each target and discord.py's / hikari-miru's
//! figure. `cargo bench --bench report` (add `-- --quick` for a smoke run,
//! `-- --only persistence` for one section).
//! docs/performance.md explains the figures.
//!
//! Memory and start-up figures come from a fresh child process each (this
//! binary re-run with `--child ...`), so allocations of one measurement do
//! not inflate the next.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "common/mod.rs"]
mod common;

#[allow(dead_code, unreachable_pub)]
#[path = "../examples/counter.rs"]
mod counter;

use std::{
    path::{Path, PathBuf},
    process::Command,
    sync::Arc,
    time::{Duration, Instant},
};

use twilight_model::{application::interaction::Interaction, id::Id};
use twilight_views::{DispatchOutcome, ViewRouter, ViewStore, router::DEFAULT_CACHE_CAPACITY};
use views_core::store::{PostgresStore, SqliteStore};
use views_sandbox::{ReplyKind, Sandbox, SandboxConfig};
// The throwaway PostgreSQL cluster of the store tests.
use views_testkit::postgres;

use common::{CLICKS, FIRST_MESSAGE, READ, Rng, Tally, WRITE, frame, interaction_json};

/// Stored views for the start-up figures.
const MILLION: u64 = 1_000_000;

struct Row {
    what: String,
    figure: String,
    target: &'static str,
    peers: &'static str,
}

struct Report {
    rows: Vec<Row>,
    notes: Vec<String>,
}

impl Report {
    fn row(
        &mut self,
        what: impl Into<String>,
        figure: String,
        target: &'static str,
        peers: &'static str,
    ) {
        let row = Row {
            what: what.into(),
            figure,
            target,
            peers,
        };
        eprintln!("  {} | {} | {}", row.what, row.figure, row.target);
        self.rows.push(row);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--child") {
        child(&args[at + 1..]);
        return;
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    // `cargo bench` adds `--bench` to the binary's arguments.
    let flags: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|arg| *arg != "--bench")
        .collect();
    let command = if flags.is_empty() {
        "cargo bench --bench report".to_owned()
    } else {
        format!("cargo bench --bench report -- {}", flags.join(" "))
    };
    let load_before = load_average();
    let mut report = Report {
        rows: Vec::new(),
        notes: Vec::new(),
    };
    // `--only persistence` (or dispatch, startup, e2e) runs one section.
    let only = args
        .iter()
        .position(|arg| arg == "--only")
        .and_then(|at| args.get(at + 1))
        .map(String::as_str);
    let runs = |section: &str| only.is_none_or(|only| only == section);
    let started = Instant::now();
    if runs("dispatch") {
        dispatch_section(&mut report, quick);
    }
    if runs("startup") {
        startup_section(&mut report, quick);
    }
    if runs("e2e") {
        e2e_section(&mut report, quick);
    }
    if runs("persistence") {
        persistence_section(&mut report, quick);
    }
    let load_after = load_average();

    println!();
    println!("twilight-views benchmark report");
    println!(
        "machine: {} cores, {}, {} RAM",
        cores(),
        cpu_model(),
        mem_total()
    );
    println!("command: {command}");
    println!(
        "load average (1 min) before: {load_before}, after: {load_after}; took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!();
    let width = report
        .rows
        .iter()
        .map(|row| row.what.len())
        .max()
        .unwrap_or(0);
    let figure_width = report
        .rows
        .iter()
        .map(|row| row.figure.len())
        .max()
        .unwrap_or(0);
    let target_width = report
        .rows
        .iter()
        .map(|row| row.target.len())
        .max()
        .unwrap_or(0);
    println!(
        "| {:width$} | {:figure_width$} | {:target_width$} | discord.py / miru |",
        "measure", "figure", "target"
    );
    println!(
        "| {} | {} | {} | --- |",
        "-".repeat(width),
        "-".repeat(figure_width),
        "-".repeat(target_width)
    );
    for row in &report.rows {
        println!(
            "| {:width$} | {:figure_width$} | {:target_width$} | {} |",
            row.what, row.figure, row.target, row.peers
        );
    }
    for note in &report.notes {
        println!("note: {note}");
    }
}

// ---------------------------------------------------------------- machine

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

fn mem_total() -> String {
    status_kib("/proc/meminfo", "MemTotal:").map_or_else(
        || "unknown".to_owned(),
        |kib| format!("{:.1} GiB", kib as f64 / 1_048_576.0),
    )
}

fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|load| load.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

/// A `kB` field of a /proc file, in KiB.
fn status_kib(file: &str, field: &str) -> Option<u64> {
    std::fs::read_to_string(file).ok().and_then(|status| {
        status
            .lines()
            .find(|line| line.starts_with(field))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse().ok())
    })
}

fn rss_kib() -> u64 {
    status_kib("/proc/self/status", "VmRSS:").unwrap_or(0)
}

fn hwm_kib() -> u64 {
    status_kib("/proc/self/status", "VmHWM:").unwrap_or(0)
}

fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

fn thousands(n: f64) -> String {
    counter::thousands(n.round() as u64)
}

// --------------------------------------------------------------- dispatch

struct Stats {
    per_second: f64,
    p50: Duration,
    p99: Duration,
    handled: usize,
    unknown: usize,
}

impl Stats {
    fn figure(&self) -> String {
        format!(
            "{}/s, p50 {:.2} µs, p99 {:.2} µs",
            thousands(self.per_second),
            self.p50.as_secs_f64() * 1e6,
            self.p99.as_secs_f64() * 1e6
        )
    }
}

/// `clicks` clicks one after another on one thread, in batches whose
/// payloads are made before the batch is timed.
fn measure_dispatch(
    runtime: &tokio::runtime::Runtime,
    router: &ViewRouter,
    n: u64,
    custom_id: &str,
    raw: bool,
    clicks: usize,
) -> Stats {
    const BATCH: usize = 10_000;
    let mut rng = Rng::new(n ^ 0x9e37_79b9);
    let mut latencies = Vec::with_capacity(clicks);
    let mut total = Duration::ZERO;
    let (mut handled, mut unknown) = (0, 0);
    let before = CLICKS.load(std::sync::atomic::Ordering::Relaxed);
    let mut done = 0;
    let mut warm = true;
    while done < clicks {
        let size = BATCH.min(clicks - done);
        let frames: Vec<String> = (0..size)
            .map(|i| {
                let (message, custom_id) = rng.click(n, custom_id);
                if raw {
                    frame(i as u64 + 1, message, custom_id)
                } else {
                    interaction_json(i as u64 + 1, message, custom_id)
                }
            })
            .collect();
        let mut parsed: Vec<Box<Interaction>> = if raw {
            Vec::new()
        } else {
            frames
                .iter()
                .map(|json| common::parse_boxed(json))
                .collect()
        };
        let mut frames = frames;
        let (batch, outcomes) = runtime.block_on(async {
            let mut outcomes = Vec::with_capacity(size);
            let batch_start = Instant::now();
            for _ in 0..size {
                let start = Instant::now();
                let outcome = if raw {
                    let json = frames.pop().expect("frame");
                    router.dispatch(common::event_of(json)).await
                } else {
                    router.dispatch(parsed.pop().expect("interaction")).await
                };
                if !warm {
                    latencies.push(start.elapsed());
                }
                outcomes.push(outcome);
            }
            (batch_start.elapsed(), outcomes)
        });
        for outcome in outcomes {
            match outcome {
                DispatchOutcome::Handled { .. } => handled += 1,
                DispatchOutcome::UnknownCustomId { .. } => unknown += 1,
                other => panic!("unexpected outcome {other:?}"),
            }
        }
        if warm {
            // The first batch only warms caches and allocators.
            warm = false;
            handled = 0;
            unknown = 0;
            continue;
        }
        total += batch;
        done += size;
    }
    let ran = CLICKS.load(std::sync::atomic::Ordering::Relaxed) - before;
    assert!(
        ran as usize >= handled,
        "every handled click ran its handler"
    );
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Stats {
        per_second: per_second(done, total),
        p50: at(0.50),
        p99: at(0.99),
        handled,
        unknown,
    }
}

fn dispatch_section(report: &mut Report, quick: bool) {
    eprintln!("dispatch (one thread, MemoryStore, every view cached)...");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 20_000 } else { 300_000 };
    for n in [1_000u64, 100_000, MILLION] {
        let setup = Instant::now();
        let router = runtime.block_on(common::memory_router(n));
        eprintln!(
            "  {n} views bound in {:.1} s",
            setup.elapsed().as_secs_f64()
        );
        let read = measure_dispatch(&runtime, &router, n, READ, false, clicks);
        assert!(
            read.unknown > 0 && read.handled > 8 * read.unknown,
            "~10% unknown ids"
        );
        report.row(
            format!("dispatch, parsed, &self, N={}", thousands(n as f64)),
            read.figure(),
            if n == MILLION {
                ">= 1,000,000/s per core"
            } else {
                ""
            },
            if n == MILLION {
                "38,000/s / 7,500/s"
            } else {
                ""
            },
        );
        let write = measure_dispatch(&runtime, &router, n, WRITE, false, clicks);
        report.row(
            format!(
                "dispatch, parsed, &mut self (state saved), N={}",
                thousands(n as f64)
            ),
            write.figure(),
            "",
            "",
        );
        let raw = measure_dispatch(&runtime, &router, n, READ, true, clicks);
        report.row(
            format!("dispatch, raw frame, &self, N={}", thousands(n as f64)),
            raw.figure(),
            if n == MILLION {
                ">= 200,000/s per core"
            } else {
                ""
            },
            if n == MILLION {
                "9,500/s / 5,700/s"
            } else {
                ""
            },
        );
        let parse_only = measure_parse(clicks.min(100_000));
        if n == MILLION {
            report.row(
                "  of which frame parse alone (twilight_gateway::parse)",
                format!("{}/s", thousands(parse_only)),
                "",
                "",
            );
        }
    }
    report.notes.push(format!(
        "size_of::<Interaction>() = {} B: dispatch keeps it in the box it arrives in \
         (twilight's Box<InteractionCreate>), never copying it (docs/performance.md)",
        std::mem::size_of::<Interaction>()
    ));
    report.notes.push(
        "dispatch: one click = parsed, boxed Interaction (or raw frame) to handler completion on a \
         current-thread runtime; 10% of clicks carry a custom_id no view declares (unknown, unanswered); \
         handlers answer nothing (defer = \"off\"), so no HTTP request is timed"
            .to_owned(),
    );
}

fn measure_parse(count: usize) -> f64 {
    let frames: Vec<String> = (0..count)
        .map(|i| frame(i as u64 + 1, FIRST_MESSAGE + i as u64, READ))
        .collect();
    let start = Instant::now();
    for json in frames {
        std::hint::black_box(common::event_of(json));
    }
    per_second(count, start.elapsed())
}

// ------------------------------------------------------ start-up, memory

fn target_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/release/deps/report-HASH
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"))
}

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
fn run_child(args: &[&str]) -> std::collections::HashMap<String, String> {
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

fn startup_section(report: &mut Report, quick: bool) {
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

fn child(args: &[String]) {
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
        // For profilers: `report --child dispatch N parsed|raw CLICKS`.
        Some("dispatch") => {
            let n = args[1].parse().expect("n");
            let router = runtime.block_on(common::memory_router(n));
            let stats = measure_dispatch(
                &runtime,
                &router,
                n,
                READ,
                args[2] == "raw",
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

fn e2e_section(report: &mut Report, quick: bool) {
    eprintln!("end to end (counter example on the sandbox)...");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 500 } else { 5_000 };
    let messages = 16;
    let (rate, answered) = runtime.block_on(e2e(clicks, messages));
    report.row(
        format!("end to end, counter bot on the sandbox ({messages} messages, SQLite)"),
        format!("{}/s ({answered}/{clicks} answered)", thousands(rate)),
        "",
        "",
    );
    report.notes.push(
        "end to end: examples/counter.rs (gateway in, ephemeral callback out, state saved in a \
         SQLite WAL store per click) and the sandbox share the 2 cores and the bench's process"
            .to_owned(),
    );
}

async fn e2e(clicks: usize, messages: usize) -> (f64, usize) {
    use counter::{
        CounterBot,
        support::{Settings, spawn},
    };
    const WAIT: Duration = Duration::from_secs(30);
    let sandbox = Sandbox::start(SandboxConfig::default().port(0))
        .await
        .expect("sandbox");
    let dir = target_dir().join("bench-data");
    let db = dir.join("e2e.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let settings = Settings {
        database_url: format!("sqlite://{}", db.display()),
        ..Settings::sandbox(&sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    let fixtures = sandbox.fixtures();
    let (channel, users) = (fixtures.channel_id, fixtures.users.clone());
    let mut ids = Vec::new();
    for _ in 0..messages {
        let after = sandbox.replies().last().map(|reply| reply.seq);
        sandbox
            .post_user_message(channel, users[0].id, "!view")
            .expect("post");
        let reply = sandbox
            .wait_reply_matching(WAIT, |reply| {
                reply.kind == ReplyKind::CreateMessage
                    && after.is_none_or(|after| reply.seq > after)
            })
            .await
            .expect("the bot sends the view");
        let id = reply.message_id.expect("message id");
        while !bot.bot.router.is_bound(id) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        ids.push(id);
    }
    let start = Instant::now();
    let mut interactions = Vec::with_capacity(clicks);
    for i in 0..clicks {
        let user = users[i % users.len()].id;
        interactions.push(
            sandbox
                .click(ids[i % messages], "counter:increment", user)
                .expect("click"),
        );
    }
    let mut answered = 0;
    for interaction in interactions {
        if sandbox.wait_reply(interaction, WAIT).await.is_ok() {
            answered += 1;
        }
    }
    let elapsed = start.elapsed();
    bot.stop().await.expect("bot stops");
    sandbox.shutdown().await;
    (per_second(answered, elapsed), answered)
}

// ------------------------------------------------------------ persistence

fn persistence_section(report: &mut Report, quick: bool) {
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
                report.row(
                    format!("stateful clicks, PostgreSQL (local throwaway cluster), {concurrency} in flight"),
                    format!("{}/s", thousands(rate)),
                    "",
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
