//! Criterion bench of dispatch (issue 8, part 1): a button click on one of
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

use std::hint::black_box;

use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use twilight_gateway::{EventTypeFlags, parse};
use twilight_model::gateway::event::GatewayEvent;

use common::{READ, Rng, WRITE, frame, interaction_json, memory_router};

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
        for (label, custom_id) in [("read", READ), ("write", WRITE)] {
            group.bench_function(format!("parsed/{label}/{n}"), |b| {
                b.iter_batched(
                    || common::parse(&interaction_json(1, rng.message(n), custom_id)),
                    |interaction| black_box(runtime.block_on(router.dispatch(interaction))),
                    BatchSize::SmallInput,
                );
            });
        }
        group.bench_function(format!("frame/read/{n}"), |b| {
            b.iter_batched(
                || frame(1, rng.message(n), READ),
                |json| {
                    let event = parse(json, EventTypeFlags::INTERACTION_CREATE)
                        .expect("frame parses")
                        .expect("wanted event");
                    let GatewayEvent::Dispatch(_, event) = event else {
                        panic!("not a dispatch");
                    };
                    let twilight_model::gateway::event::DispatchEvent::InteractionCreate(
                        interaction,
                    ) = event
                    else {
                        panic!("not an interaction");
                    };
                    black_box(runtime.block_on(router.dispatch(interaction.0)))
                },
                BatchSize::SmallInput,
            );
        });
    }
    group.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = dispatch
}
criterion_main!(benches);
