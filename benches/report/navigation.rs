//! Navigators: memory per cached navigator and its stored row, and what a
//! page click costs against an ordinary stored click on the same store.
//!
//! Memory is measured as the startup section measures a cached view: a
//! fresh child process, `restore_all` of stored navigators, RSS growth
//! divided by their number. The source's arguments are measured alone in
//! another child, so the figure beside them is the difference.
//!
//! The clicks answer through a `RecordingTransport`, so the update each one
//! sends is built in full and no HTTP request is timed.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
    time::{Duration, Instant},
};

use serde_json::value::RawValue;
use twilight_model::{application::interaction::Interaction, id::Id};
use twilight_views::{
    DispatchOutcome, MemoryStore, Reply, View, ViewOptions, ViewRouter, ViewStore,
    nav::{Navigator, Page, Pages},
    prelude::*,
};
use views_core::{respond::RecordingTransport, store::SqliteStore};

use crate::{
    Report,
    common::{self, APPLICATION_ID, FIRST_MESSAGE, interaction_json},
    machine::{rss_kib, target_dir, thousands},
    startup::run_child,
};

/// The paginator example's `/numbers` source: the numbers from 1 to
/// `count`, ten per page (the same code, so the bench needs no example).
#[derive(Serialize, Deserialize)]
pub(crate) struct Numbers {
    count: u64,
}

impl Pages for Numbers {
    const NAME: &'static str = "numbers";

    async fn page_count(&self) -> usize {
        usize::try_from(self.count.div_ceil(10)).unwrap_or(usize::MAX)
    }

    async fn page(&self, index: usize) -> Page {
        let first = u64::try_from(index).unwrap_or(u64::MAX).saturating_mul(10) + 1;
        let last = first.saturating_add(9).min(self.count);
        let lines: Vec<String> = (first..=last).map(|n| n.to_string()).collect();
        Page::new().content(lines.join("\n"))
    }
}

/// The ordinary stored click the page click is held against: a persistent
/// view whose mutating button counts and updates its message with a text
/// and its buttons, as a counter bot does. Its second button does the same
/// plus one page render, as a navigator would produce it: what "one page
/// render more" costs inside a click.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub(crate) struct Counted {
    count: u64,
}

#[view]
impl Counted {
    #[button(custom_id = "bench:count", label = "Count")]
    async fn count(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let reply = Reply::new()
            .content(format!("Count: {}", self.count))
            .components(self.render(ctx.custom_ids()));
        ctx.update(reply).await
    }

    #[button(custom_id = "bench:count-and-page", label = "Count and page")]
    async fn count_and_page(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let (page, mut components) = render_page(self.count).await;
        components.extend(self.render(ctx.custom_ids()));
        ctx.update(Reply::from(page).components(components)).await
    }
}

const COUNT: &str = "bench:count";
const COUNT_AND_PAGE: &str = "bench:count-and-page";
const NEXT: &str = "tvn:next";

/// The bench navigators' source, as its stored arguments.
const NUMBERS_ARGS: &str = r#"{"count":10000000}"#;

/// A navigator to render the navigation buttons of, for the page render
/// outside a navigator.
static BUTTONS: std::sync::OnceLock<Navigator> = std::sync::OnceLock::new();

/// One page render as a navigator does it: its source read from the
/// arguments' JSON text, the page count, page `i`, the navigation buttons.
async fn render_page(i: u64) -> (Page, Vec<twilight_model::channel::message::Component>) {
    let source: Numbers = serde_json::from_str(NUMBERS_ARGS).expect("arguments");
    let pages = source.page_count().await;
    let page = source.page(i as usize % pages).await;
    let buttons = BUTTONS.get().expect("made before the clicks").components();
    (page, buttons)
}

async fn make_buttons() {
    let source: Numbers = serde_json::from_str(NUMBERS_ARGS).expect("arguments");
    let (_, navigator) = Navigator::open(source).await.expect("opens");
    let _ = BUTTONS.set(navigator);
}

/// The numbers source of stored navigator `i`: a few hundred numbers.
fn numbers_of(i: u64) -> Numbers {
    Numbers {
        count: 45 + i % 1000,
    }
}

/// The stored state of navigator `i`, as the router writes it.
async fn navigator_state(i: u64) -> Vec<u8> {
    let (_, navigator) = Navigator::open(numbers_of(i)).await.expect("opens");
    serde_json::to_vec(&navigator).expect("a navigator serialises")
}

/// A SQLite store file holding `n` views of `kind`, the `i`th with state
/// `states[i % states.len()]`, made once and kept under target/bench-data
/// (reruns reuse it).
fn stored_db(file: &str, kind: &str, n: u64, states: &[Vec<u8>]) -> PathBuf {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("{file}-{n}.sqlite"));
    if path.exists()
        && let Ok(conn) = rusqlite::Connection::open(&path)
        && conn
            .query_row("SELECT count(*) FROM twilight_views", [], |row| {
                row.get::<_, i64>(0)
            })
            .ok()
            == Some(n as i64)
    {
        return path;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    current_thread()
        .block_on(async { drop(SqliteStore::open(&path).await.expect("create the store")) });
    let mut conn = rusqlite::Connection::open(&path).expect("open the store file");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare("INSERT INTO twilight_views (message_id, kind, state, version) VALUES (?1, ?2, ?3, 1)")
            .expect("prepare");
        for i in 0..n {
            insert
                .execute(rusqlite::params![
                    (FIRST_MESSAGE + i) as i64,
                    kind,
                    states[i as usize % states.len()]
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    path
}

/// `n` stored navigators: a thousand distinct states (the sources'
/// counts repeat after that).
fn stored_navigators_db(n: u64) -> PathBuf {
    let states = current_thread().block_on(async {
        let mut states = Vec::with_capacity(1000);
        for i in 0..1000 {
            states.push(navigator_state(i).await);
        }
        states
    });
    stored_db("navigators", <Navigator as ViewOptions>::NAME, n, &states)
}

/// `n` stored counters, the router's cost of a cached view with an 8-byte
/// state, to tell it from the navigator's own.
fn stored_counters_db(n: u64) -> PathBuf {
    let state = serde_json::to_vec(&Counted::default()).expect("serialises");
    stored_db("counted", <Counted as ViewOptions>::NAME, n, &[state])
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A router for navigators on `Numbers` and `Counted` views on `store`,
/// answering through `recorder`.
fn router(store: Arc<dyn ViewStore>, capacity: usize, recorder: &RecordingTransport) -> ViewRouter {
    ViewRouter::builder(common::http(), Id::new(APPLICATION_ID))
        .store(store)
        .cache_capacity(capacity)
        .reply_transport(Arc::new(recorder.clone()))
        .navigator::<Numbers>()
        .stored_view::<Counted>()
        .build()
        .expect("router builds")
}

pub(crate) fn navigation_section(report: &mut Report, quick: bool) {
    eprintln!("navigators (memory, page clicks)...");
    memory_rows(report, quick);
    click_rows(report, quick);
}

// ----------------------------------------------------------------- memory

fn memory_rows(report: &mut Report, quick: bool) {
    let n: u64 = if quick { 100_000 } else { 1_000_000 };
    let n_arg = n.to_string();
    let navigators = stored_navigators_db(n);
    let counters = stored_counters_db(n);
    let restore = |db: &Path, custom_id: &str| {
        run_child(&["nav-restore", &db.display().to_string(), &n_arg, custom_id])
    };
    let cached = restore(&navigators, NEXT);
    let plain = restore(&counters, COUNT);
    let args = run_child(&["nav-args", &n_arg]);
    let number = |figures: &std::collections::HashMap<String, String>, key: &str| -> f64 {
        figures[key].parse().expect("a number")
    };
    let per_navigator = number(&cached, "bytes_per_view");
    let per_view = number(&plain, "bytes_per_view");
    let per_args = number(&args, "bytes_per_args");
    report.row(
        format!(
            "memory per cached navigator (restore_all of {}, cache = all)",
            thousands(n as f64)
        ),
        format!(
            "{per_navigator:.0} B: {:.0} B beside its source's arguments ({per_args:.0} B)",
            per_navigator - per_args
        ),
        "<= 200 B + arguments",
        "",
    );
    report.row(
        "  of which a cached view's own cost (a counter, 8-byte state, the same way)",
        format!("{per_view:.0} B"),
        "",
        "",
    );
    let (state, arguments, file) = stored_sizes(&navigators, n);
    report.row(
        "  stored navigator row (numbers source)",
        format!(
            "state {state:.0} B: {:.0} B beside its arguments ({arguments:.0} B); SQLite file {file:.0} B a navigator",
            state - arguments
        ),
        "<= 200 B + arguments",
        "",
    );
    report.notes.push(
        "navigators: memory as the cached-view row (RSS growth during restore_all over the \
         count), each in a fresh child: the navigators, counters of the same count (the \
         router's cost of any cached view), and the sources' arguments alone as a navigator \
         holds them (their JSON text); stored state is the row's JSON, arguments its \"args\" \
         field"
            .to_owned(),
    );
}

/// The average stored state and its "args" field, and the file's bytes per
/// stored navigator.
fn stored_sizes(db: &Path, n: u64) -> (f64, f64, f64) {
    let conn = rusqlite::Connection::open(db).expect("open the store file");
    let mut query = conn
        .prepare("SELECT state FROM twilight_views LIMIT 1000")
        .expect("prepare");
    let states: Vec<Vec<u8>> = query
        .query_map([], |row| row.get(0))
        .expect("query")
        .map(|state| state.expect("a state"))
        .collect();
    let (mut state, mut arguments) = (0, 0);
    for bytes in &states {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        state += bytes.len();
        arguments += serde_json::to_vec(&value["args"]).expect("args").len();
    }
    let count = states.len() as f64;
    let file = std::fs::metadata(db).map_or(0, |meta| meta.len());
    (
        state as f64 / count,
        arguments as f64 / count,
        file as f64 / n as f64,
    )
}

/// `report --child nav-restore DB N CUSTOM_ID` (the stored views of DB, of
/// this router's types, restored; CUSTOM_ID clicked on one) and `report
/// --child nav-args N`.
pub(crate) fn child(args: &[String]) {
    let runtime = current_thread();
    match args.first().map(String::as_str) {
        Some("nav-restore") => runtime.block_on(child_restore(
            Path::new(&args[1]),
            args[2].parse().expect("n"),
            &args[3],
        )),
        Some("nav-args") => child_arguments(args[1].parse().expect("n")),
        other => panic!("unknown child {other:?}"),
    }
}

async fn child_restore(db: &Path, n: u64, custom_id: &str) {
    let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(db).await.expect("open"));
    let recorder = RecordingTransport::new();
    let router = router(store, n as usize, &recorder);
    let before = rss_kib();
    let restored = router.restore_all().await.expect("restore_all");
    let after = rss_kib();
    assert_eq!(restored.restored as u64, n, "every view restored");
    assert_eq!(router.cached_views() as u64, n, "every view cached");
    // One click, so the views are known to be whole.
    let outcome = router
        .dispatch(common::parse(&interaction_json(
            1,
            FIRST_MESSAGE + n / 2,
            custom_id,
        )))
        .await;
    assert!(
        matches!(outcome, DispatchOutcome::Handled { .. }),
        "{outcome:?}"
    );
    println!(
        "bytes_per_view={:.0}",
        after.saturating_sub(before) as f64 * 1024.0 / n as f64
    );
}

/// Each navigator's arguments alone, held as a navigator holds them: their
/// JSON text, read from the stored state.
fn child_arguments(n: u64) {
    let texts: Vec<String> = (0..1000)
        .map(|i| serde_json::to_string(&numbers_of(i)).expect("serialises"))
        .collect();
    let before = rss_kib();
    let held: Vec<Box<RawValue>> = (0..n)
        .map(|i| serde_json::from_str(&texts[(i % 1000) as usize]).expect("parses"))
        .collect();
    let after = rss_kib();
    // The Vec's own slot is the navigator's field, counted with it.
    let slots = std::mem::size_of_val(held.as_slice()) as f64;
    std::hint::black_box(&held);
    println!(
        "bytes_per_args={:.0}",
        ((after.saturating_sub(before)) as f64 * 1024.0 - slots) / n as f64
    );
}

// ----------------------------------------------------------------- clicks

/// Median and 99th percentile of one kind of click, and per second.
struct Timing {
    p50: Duration,
    p99: Duration,
    per_second: f64,
}

impl Timing {
    fn of(mut latencies: Vec<Duration>) -> Self {
        latencies.sort_unstable();
        let total: Duration = latencies.iter().sum();
        let at =
            |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
        Self {
            p50: at(0.5),
            p99: at(0.99),
            per_second: latencies.len() as f64 / total.as_secs_f64(),
        }
    }

    fn figure(&self) -> String {
        format!(
            "p50 {:.2} µs, p99 {:.2} µs ({}/s)",
            micros(self.p50),
            micros(self.p99),
            thousands(self.per_second)
        )
    }
}

fn micros(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e6
}

fn click_rows(report: &mut Report, quick: bool) {
    let rounds = if quick { 20_000 } else { 200_000 };
    let render = page_render(rounds);
    report.row(
        "one page render alone (numbers source: arguments read, page_count, page, buttons)",
        format!("p50 {:.2} µs", micros(render)),
        "",
        "",
    );
    let (navigator_state, counter_state) = state_writes(rounds);
    report.row(
        "  state serialised by each commit: navigator / counter",
        format!(
            "p50 {:.2} µs / {:.2} µs",
            micros(navigator_state),
            micros(counter_state)
        ),
        "",
        "",
    );
    let db = target_dir()
        .join("bench-data")
        .join("navigation-clicks.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    // Memory store: one thread, as the dispatch rows. SQLite: its writer
    // thread commits, so two workers, as the persistence rows.
    let memory = current_thread();
    let clicks = if quick { 10_000 } else { 100_000 };
    let store: Arc<dyn ViewStore> = Arc::new(MemoryStore::new());
    let clicked = memory.block_on(three_clicks(store, clicks, 500, 100));
    compare(report, "MemoryStore", &clicked);
    drop(memory);

    let sqlite = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 1_000 } else { 5_000 };
    let store: Arc<dyn ViewStore> = Arc::new(
        sqlite
            .block_on(SqliteStore::open(&db))
            .expect("sqlite store"),
    );
    let clicked = sqlite.block_on(three_clicks(store, clicks, 50, 25));
    compare(report, "SQLite WAL, synchronous=FULL", &clicked);
    report.notes.push(
        "navigators: a page click (▶ on a navigator over the numbers source), an ordinary \
         stored click (a counter's &mut self button that updates its message with its text and \
         buttons) and the same ordinary click plus one page render (the navigator's source read \
         from its arguments, page_count, page and the navigation buttons, in the counter's \
         handler) on one store and router, in rounds of three batches (500 clicks each on the \
         MemoryStore, 50 on SQLite); a difference is the median over the rounds of the \
         difference of the batches' medians, with the middle half of the rounds in brackets; \
         every click answers with a message update through a RecordingTransport (built in \
         full, no HTTP)"
            .to_owned(),
    );
}

/// Each kind of click, and per round the differences of their medians.
struct Clicked {
    page: Timing,
    plain: Timing,
    rendered: Timing,
    /// Page click minus ordinary click, in µs, sorted.
    page_extra: Vec<f64>,
    /// Ordinary click with one page render minus ordinary click.
    render_extra: Vec<f64>,
    /// Page click minus ordinary click with one page render.
    beyond: Vec<f64>,
}

/// The median of sorted `values`, and the middle half's bounds.
fn spread(values: &[f64]) -> String {
    let at = |q: f64| values[((values.len() as f64 * q) as usize).min(values.len() - 1)];
    format!("{:+.2} µs [{:+.2}, {:+.2}]", at(0.5), at(0.25), at(0.75))
}

fn compare(report: &mut Report, store: &str, clicked: &Clicked) {
    for (what, timing) in [
        ("ordinary stored click", &clicked.plain),
        ("ordinary stored click + one page render", &clicked.rendered),
        ("page click", &clicked.page),
    ] {
        report.row(
            format!("{what}, {store} (update sent, no HTTP)"),
            timing.figure(),
            "",
            "",
        );
    }
    report.row(
        format!("  page click - ordinary click, {store}"),
        format!(
            "{}; one page render in a click: {}",
            spread(&clicked.page_extra),
            spread(&clicked.render_extra)
        ),
        "",
        "",
    );
    report.row(
        format!("  page click - (ordinary click + one page render), {store}"),
        format!(
            "{} over {} rounds",
            spread(&clicked.beyond),
            clicked.beyond.len()
        ),
        "<= 0: at most one page render more",
        "",
    );
}

/// [`render_page`] timed alone.
fn page_render(rounds: usize) -> Duration {
    current_thread().block_on(async {
        make_buttons().await;
        let mut latencies = Vec::with_capacity(rounds);
        for i in 0..rounds {
            let start = Instant::now();
            let rendered = render_page(i as u64).await;
            latencies.push(start.elapsed());
            std::hint::black_box(rendered);
        }
        median(latencies)
    })
}

/// The state each commit serialises: a navigator's against a counter's.
fn state_writes(rounds: usize) -> (Duration, Duration) {
    let (_, navigator) = current_thread()
        .block_on(Navigator::open(Numbers { count: 10_000_000 }))
        .expect("opens");
    let counter = Counted { count: 12_345 };
    let time = |write: &dyn Fn() -> Vec<u8>| {
        let latencies = (0..rounds)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(write());
                start.elapsed()
            })
            .collect();
        median(latencies)
    };
    (
        time(&|| serde_json::to_vec(&navigator).expect("serialises")),
        time(&|| serde_json::to_vec(&counter).expect("serialises")),
    )
}

fn median(mut latencies: Vec<Duration>) -> Duration {
    latencies.sort_unstable();
    latencies[latencies.len() / 2]
}

/// `clicks` page clicks, as many ordinary clicks and as many ordinary
/// clicks with a page render, on `views` navigators and `views` counters of
/// one router, in rounds of three batches of `batch`, so that all three see
/// the same load.
async fn three_clicks(
    store: Arc<dyn ViewStore>,
    clicks: usize,
    batch: usize,
    views: u64,
) -> Clicked {
    make_buttons().await;
    let recorder = RecordingTransport::new();
    let router = router(store, 2 * views as usize, &recorder);
    let navigators = FIRST_MESSAGE;
    let counters = FIRST_MESSAGE + views;
    for i in 0..views {
        // A million pages each, so ▶ never reaches the end.
        let source: Numbers = serde_json::from_str(NUMBERS_ARGS).expect("arguments");
        let (_, navigator) = Navigator::open(source).await.expect("opens");
        router
            .bind(Id::new(navigators + i), navigator)
            .await
            .expect("bind a navigator");
        router
            .bind(Id::new(counters + i), Counted::default())
            .await
            .expect("bind a counter");
    }
    let kinds = [
        (navigators, NEXT),
        (counters, COUNT),
        (counters, COUNT_AND_PAGE),
    ];
    let mut all: [Vec<Duration>; 3] = Default::default();
    let (mut page_extra, mut render_extra, mut beyond) = (Vec::new(), Vec::new(), Vec::new());
    let mut rng = common::Rng::new(views);
    let mut done = 0;
    // The first round only warms caches and allocators.
    let mut warm = true;
    while done < clicks {
        let mut medians = [0.0; 3];
        for (kind, (first, custom_id)) in kinds.into_iter().enumerate() {
            let interactions: Vec<Interaction> = (0..batch)
                .map(|i| {
                    let message = first + rng.next() % views;
                    common::parse(&interaction_json(i as u64 + 1, message, custom_id))
                })
                .collect();
            let mut latencies = Vec::with_capacity(batch);
            for interaction in interactions {
                let start = Instant::now();
                let outcome = router.dispatch(interaction).await;
                latencies.push(start.elapsed());
                assert!(
                    matches!(outcome, DispatchOutcome::Handled { .. }),
                    "{custom_id}: {outcome:?}"
                );
            }
            // Every click sent its update; forget them between batches.
            assert!(
                recorder.sent().len() >= batch,
                "{custom_id}: each click answered"
            );
            recorder.clear();
            if !warm {
                all[kind].extend_from_slice(&latencies);
                medians[kind] = micros(median(latencies));
            }
        }
        if warm {
            warm = false;
        } else {
            let [page, plain, rendered] = medians;
            page_extra.push(page - plain);
            render_extra.push(rendered - plain);
            beyond.push(page - rendered);
            done += batch;
        }
    }
    for differences in [&mut page_extra, &mut render_extra, &mut beyond] {
        differences.sort_by(f64::total_cmp);
    }
    let [page, plain, rendered] = all;
    Clicked {
        page: Timing::of(page),
        plain: Timing::of(plain),
        rendered: Timing::of(rendered),
        page_extra,
        render_extra,
        beyond,
    }
}
