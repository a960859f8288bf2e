//! Criterion bench of dispatch: a button click on one of
//! N bound views (plus 10% clicks on messages without a view), from a
//! parsed `Interaction` and from the raw INTERACTION_CREATE frame, to the
//! handler's completion. One thread (a current-thread runtime): the
//! figures are per core.
//!
//! `cargo bench --bench dispatch`; the table with every figure is
//! `cargo bench --bench report` (docs/performance.md).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "common/mod.rs"]
mod common;

use std::{
    hint::black_box,
    time::{Duration, Instant},
};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tokio::runtime::Runtime;
use twilight_model::application::interaction::Interaction;
use twilight_views::{OwnedInteraction, ViewRouter};

use common::{READ, Rng, WRITE, event_of, frame, interaction_json, memory_router, parse_boxed};

/// Times `iters` clicks in chunks: each chunk's payloads are made
/// untimed, then dispatched one after another inside one `block_on` (a
/// `block_on` per click would time the runtime's entry, not the router).
fn clicks(
    runtime: &Runtime,
    router: &ViewRouter,
    rng: &mut Rng,
    n: u64,
    custom_id: &str,
    raw: bool,
    iters: u64,
) -> Duration {
    const CHUNK: u64 = 5_000;
    let mut total = Duration::ZERO;
    let mut left = iters;
    while left > 0 {
        let size = left.min(CHUNK);
        left -= size;
        let mut frames: Vec<String> = (0..size)
            .map(|i| {
                let (message, custom_id) = rng.click(n, custom_id);
                if raw {
                    frame(i + 1, message, custom_id)
                } else {
                    interaction_json(i + 1, message, custom_id)
                }
            })
            .collect();
        let mut parsed: Vec<Box<Interaction>> = if raw {
            Vec::new()
        } else {
            frames.drain(..).map(|json| parse_boxed(&json)).collect()
        };
        total += runtime.block_on(async {
            let start = Instant::now();
            for _ in 0..size {
                let interaction = if raw {
                    OwnedInteraction::from(event_of(frames.pop().expect("frame")))
                } else {
                    OwnedInteraction::from(parsed.pop().expect("interaction"))
                };
                black_box(router.dispatch(interaction).await);
            }
            start.elapsed()
        });
    }
    total
}

fn dispatch(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let mut group = c.benchmark_group("dispatch");
    group.throughput(Throughput::Elements(1));
    for n in [1_000u64, 100_000, 1_000_000] {
        let router = runtime.block_on(memory_router(n));
        let mut rng = Rng::new(n);
        for (label, custom_id, raw) in [
            ("parsed/read", READ, false),
            ("parsed/write", WRITE, false),
            ("frame/read", READ, true),
        ] {
            group.bench_function(format!("{label}/{n}"), |b| {
                b.iter_custom(|iters| {
                    clicks(&runtime, &router, &mut rng, n, custom_id, raw, iters)
                });
            });
        }
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = dispatch
}
criterion_main!(benches);
