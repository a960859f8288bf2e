//! A page click against an ordinary stored click and the same click plus
//! one page render, on a MemoryStore and on SQLite.

use std::{
    sync::Arc,
    time::{Duration, Instant},
};

use twilight_model::{application::interaction::Interaction, id::Id};
use twilight_views::{DispatchOutcome, MemoryStore, ViewStore, nav::Navigator};
use views_core::{respond::RecordingTransport, store::SqliteStore};

use super::{
    COUNT, COUNT_AND_PAGE, Counted, NEXT, NUMBERS_ARGS, Numbers, current_thread, make_buttons,
    render_page, router,
};
use crate::{
    Report,
    common::{self, FIRST_MESSAGE, interaction_json},
    machine::{target_dir, thousands},
};

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

pub(super) fn click_rows(report: &mut Report, quick: bool) {
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
