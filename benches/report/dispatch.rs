//! Dispatch: clicks per second through the router, parsed or from the raw
//! gateway frame, next to a hand-written twilight bot doing the same work.

use std::time::{Duration, Instant};

use twilight_model::application::interaction::Interaction;
use twilight_views::{DispatchOutcome, RawInteraction, ViewRouter};

use crate::{
    MILLION, Report,
    chart::DispatchFigures,
    common::{self, CLICKS, FIRST_MESSAGE, READ, Rng, WRITE, frame, interaction_json},
    handwritten::HandWrittenBot,
    machine::{per_second, thousands},
};

/// Who handles the clicks.
#[derive(Clone, Copy)]
pub(crate) enum Handler<'a> {
    /// twilight-views' router.
    Router(&'a ViewRouter),
    /// The same buttons written by hand with twilight alone.
    HandWritten(&'a HandWrittenBot),
}

/// How a click reaches the handler.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A parsed, boxed `Interaction` (parsed before the timing).
    Parsed,
    /// The raw gateway frame through `twilight_gateway::parse`, then
    /// `dispatch(Box<InteractionCreate>)`: a bot on `next_event`.
    TwilightFrame,
    /// The raw gateway frame through the routing-only parse
    /// (`RawInteraction::from_frame`): a bot on the shard's messages.
    RawFrame,
}

impl Entry {
    /// The name the `--child dispatch` profiling run takes.
    pub(crate) fn named(name: &str) -> Self {
        match name {
            "parsed" => Self::Parsed,
            "twilight" => Self::TwilightFrame,
            _ => Self::RawFrame,
        }
    }
}

impl Handler<'_> {
    /// Whether a handler ran (`false`: an unknown custom_id, unanswered).
    async fn click(self, interaction: Box<Interaction>) -> bool {
        match self {
            Self::Router(router) => outcome_ran(router.dispatch(interaction).await),
            Self::HandWritten(bot) => bot.on_interaction(&interaction).await,
        }
    }

    async fn click_frame(self, frame: String, entry: Entry) -> bool {
        match (self, entry) {
            (Self::Router(router), Entry::RawFrame) => {
                let raw = RawInteraction::from_frame(frame).expect("a click frame");
                outcome_ran(router.dispatch(raw).await)
            }
            (Self::Router(router), _) => {
                outcome_ran(router.dispatch(common::event_of(frame)).await)
            }
            // A bot without the framework parses every frame with twilight.
            (Self::HandWritten(bot), _) => bot.on_event(common::event_of(frame)).await,
        }
    }
}

fn outcome_ran(outcome: DispatchOutcome) -> bool {
    match outcome {
        DispatchOutcome::Handled { .. } => true,
        DispatchOutcome::UnknownCustomId { .. } => false,
        other => panic!("unexpected outcome {other:?}"),
    }
}

pub(crate) struct Stats {
    pub(crate) per_second: f64,
    p50: Duration,
    p99: Duration,
    handled: usize,
    unknown: usize,
}

impl Stats {
    pub(crate) fn figure(&self) -> String {
        format!(
            "{}/s, p50 {:.2} µs, p99 {:.2} µs",
            thousands(self.per_second),
            self.p50.as_secs_f64() * 1e6,
            self.p99.as_secs_f64() * 1e6
        )
    }
}

/// How many clicks' payloads are made, untimed, before they are timed one
/// after another. Small on purpose: a gateway hands a bot each frame just
/// after decompressing it, so its bytes (and, on `next_event`, the
/// interaction twilight just built from them) are in the CPU's cache.
/// Batches of 10,000 (13 MB of frames, about 60 MB of parsed
/// interactions) made every click start with cache misses on its own
/// input, which no bot pays.
const BATCH: usize = 100;

/// Clicks run, untimed, before the timing starts: they warm the caches
/// and the allocator.
const WARM_UP: usize = 10_000;

/// `clicks` clicks one after another on one thread, in batches whose
/// payloads are made before the batch is timed.
pub(crate) fn measure_dispatch(
    runtime: &tokio::runtime::Runtime,
    handler: Handler<'_>,
    n: u64,
    custom_id: &str,
    entry: Entry,
    clicks: usize,
) -> Stats {
    let raw = entry != Entry::Parsed;
    let mut rng = Rng::new(n ^ 0x9e37_79b9);
    let mut latencies = Vec::with_capacity(clicks);
    let mut total = Duration::ZERO;
    let (mut handled, mut unknown) = (0, 0);
    let before = CLICKS.load(std::sync::atomic::Ordering::Relaxed);
    let mut done = 0;
    let mut warming = WARM_UP;
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
                let ran = if raw {
                    handler
                        .click_frame(frames.pop().expect("frame"), entry)
                        .await
                } else {
                    handler.click(parsed.pop().expect("interaction")).await
                };
                if warming == 0 {
                    latencies.push(start.elapsed());
                }
                outcomes.push(ran);
            }
            (batch_start.elapsed(), outcomes)
        });
        for ran in outcomes {
            if ran {
                handled += 1;
            } else {
                unknown += 1;
            }
        }
        if warming > 0 {
            warming = warming.saturating_sub(size);
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

/// discord.py 2.7.1's and hikari-miru 4.3.1's clicks per second at
/// N = 10^6 on this kind of machine (one run each; docs/performance.md says
/// how they were taken): parsed, then from the raw frame.
pub(crate) const PEERS: [(&str, f64, f64); 2] = [
    ("discord.py", 69_000.0, 17_000.0),
    ("hikari-miru", 11_000.0, 10_000.0),
];

fn peers_figure(raw: bool) -> String {
    let [(_, dpy_parsed, dpy_raw), (_, miru_parsed, miru_raw)] = PEERS;
    let (dpy, miru) = if raw {
        (dpy_raw, miru_raw)
    } else {
        (dpy_parsed, miru_parsed)
    };
    format!("{}/s / {}/s", thousands(dpy), thousands(miru))
}

pub(crate) fn dispatch_section(report: &mut Report, quick: bool) -> DispatchFigures {
    eprintln!("dispatch (one thread, MemoryStore, every view cached)...");
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 20_000 } else { 300_000 };
    let mut figures = DispatchFigures::default();
    let mut future_size = 0;
    for n in [1_000u64, 100_000, MILLION] {
        let at_million = n == MILLION;
        let setup = Instant::now();
        let router = runtime.block_on(common::memory_router(n));
        eprintln!(
            "  {n} views bound in {:.1} s",
            setup.elapsed().as_secs_f64()
        );
        let views = Handler::Router(&router);
        // Made and dropped unpolled: only its size is read.
        let click = RawInteraction::from_frame(frame(1, FIRST_MESSAGE, READ)).expect("a click");
        future_size = std::mem::size_of_val(&router.dispatch(click));
        let million = |target: &'static str| if at_million { target } else { "" };
        let read = measure_dispatch(&runtime, views, n, READ, Entry::Parsed, clicks);
        assert!(
            read.unknown > 0 && read.handled > 8 * read.unknown,
            "~10% unknown ids"
        );
        report.row(
            format!("dispatch, parsed, &self, N={}", thousands(n as f64)),
            read.figure(),
            million(">= 600,000/s per core"),
            if at_million {
                peers_figure(false)
            } else {
                String::new()
            },
        );
        let write = measure_dispatch(&runtime, views, n, WRITE, Entry::Parsed, clicks);
        report.row(
            format!(
                "dispatch, parsed, &mut self (state saved), N={}",
                thousands(n as f64)
            ),
            write.figure(),
            "",
            String::new(),
        );
        let raw = measure_dispatch(&runtime, views, n, READ, Entry::RawFrame, clicks);
        report.row(
            format!("dispatch, raw frame, &self, N={}", thousands(n as f64)),
            raw.figure(),
            million(">= 400,000/s per core"),
            if at_million {
                peers_figure(true)
            } else {
                String::new()
            },
        );
        let raw_write = measure_dispatch(&runtime, views, n, WRITE, Entry::RawFrame, clicks);
        report.row(
            format!(
                "dispatch, raw frame, &mut self (MemoryStore), N={}",
                thousands(n as f64)
            ),
            raw_write.figure(),
            million(">= 300,000/s per core"),
            String::new(),
        );
        let through_twilight =
            measure_dispatch(&runtime, views, n, READ, Entry::TwilightFrame, clicks);
        report.row(
            format!(
                "  raw frame through twilight_gateway::parse, &self, N={}",
                thousands(n as f64)
            ),
            through_twilight.figure(),
            "",
            String::new(),
        );
        drop(router);

        let bot = HandWrittenBot::new(n);
        let by_hand = Handler::HandWritten(&bot);
        let hand_parsed = measure_dispatch(&runtime, by_hand, n, READ, Entry::Parsed, clicks);
        report.row(
            format!(
                "  hand-written twilight bot, parsed, N={}",
                thousands(n as f64)
            ),
            hand_parsed.figure(),
            "",
            String::new(),
        );
        let hand_raw = measure_dispatch(&runtime, by_hand, n, READ, Entry::TwilightFrame, clicks);
        report.row(
            format!(
                "  hand-written twilight bot, raw frame, N={}",
                thousands(n as f64)
            ),
            hand_raw.figure(),
            "",
            String::new(),
        );
        report.row(
            format!(
                "dispatch, raw frame, &self: twilight-views / hand-written, N={}",
                thousands(n as f64)
            ),
            format!("{:.2}x", raw.per_second / hand_raw.per_second),
            million(">= 1.5x"),
            String::new(),
        );
        figures.push(n, [&read, &raw, &hand_parsed, &hand_raw]);

        if at_million {
            let (twilight, routing) = measure_parse(clicks.min(100_000));
            report.row(
                "  of which frame parse alone (twilight_gateway::parse)",
                format!("{}/s", thousands(twilight)),
                "",
                String::new(),
            );
            report.row(
                "  of which routing-only parse alone (RawInteraction::from_frame)",
                format!("{}/s", thousands(routing)),
                "",
                String::new(),
            );
        }
    }
    report.notes.push(format!(
        "size_of::<Interaction>() = {} B: dispatch keeps it in the box it arrives in \
         (twilight's Box<InteractionCreate>), never copying it (docs/performance.md)",
        std::mem::size_of::<Interaction>()
    ));
    report.notes.push(format!(
        "the future of one dispatch is {future_size} B: it is copied whenever it moves \
         (into a spawned task, say), and each of its cache lines is touched on every click \
         (docs/performance.md)"
    ));
    report.notes.push(
        "dispatch: one click = parsed, boxed Interaction (or raw frame) to handler completion on a \
         current-thread runtime (raw frame: the routing-only parse, RawInteraction::from_frame; \
         the hand-written bot parses every frame with twilight_gateway::parse); 10% of clicks carry a custom_id no view declares (unknown, unanswered); \
         handlers answer nothing (defer = \"off\"), so no HTTP request is timed; the hand-written \
         bot matches the custom_id and reads a HashMap behind a Mutex (benches/report/handwritten.rs)"
            .to_owned(),
    );
    figures
}

/// Frames parsed per second by twilight-gateway and by the routing-only
/// parse (each frame dropped once parsed), made [`BATCH`] at a time before
/// they are timed, as the clicks are.
fn measure_parse(count: usize) -> (f64, f64) {
    let time = |parse: &dyn Fn(String)| {
        let mut total = Duration::ZERO;
        let mut done = 0;
        while done < count {
            let size = BATCH.min(count - done);
            let batch: Vec<String> = (0..size)
                .map(|i| {
                    frame(
                        (done + i) as u64 + 1,
                        FIRST_MESSAGE + (done + i) as u64,
                        READ,
                    )
                })
                .collect();
            let start = Instant::now();
            for json in batch {
                parse(json);
            }
            total += start.elapsed();
            done += size;
        }
        per_second(count, total)
    };
    let twilight = time(&|json| drop(std::hint::black_box(common::event_of(json))));
    let routing = time(&|json| {
        drop(std::hint::black_box(
            RawInteraction::from_frame(json).expect("a click frame"),
        ));
    });
    (twilight, routing)
}
