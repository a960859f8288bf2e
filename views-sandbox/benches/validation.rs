//! What schema validation costs per request: the bodies twilight-views
//! sends most (a message with rows of buttons and a select, an interaction
//! callback, a follow-up) and one invalid body, validated against the
//! embedded Discord schemas.
//!
//! `cargo bench -p views-sandbox --bench validation`

#![allow(missing_docs, clippy::unwrap_used)]

// The validator is private to the crate; the bench compiles the same file
// (its unit tests, built under `--all-targets`, do not run here).
#[allow(dead_code, unused_imports)]
#[path = "../src/schema.rs"]
mod schema;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use std::hint::black_box;

use schema::{Body, validate};

fn button(custom_id: &str) -> Value {
    json!({"type": 2, "style": 1, "label": "Press", "custom_id": custom_id})
}

/// Four rows of five buttons and a row with a string select.
fn message() -> Value {
    let mut rows: Vec<Value> = (0..4)
        .map(|row| {
            json!({"type": 1, "components": (0..5)
                .map(|i| button(&format!("tv:{row}:{i}")))
                .collect::<Vec<_>>()})
        })
        .collect();
    rows.push(
        json!({"type": 1, "components": [{"type": 3, "custom_id": "pick",
        "options": [{"label": "a", "value": "a"}, {"label": "b", "value": "b"}],
        "min_values": 1, "max_values": 2}]}),
    );
    json!({"content": "Pick one", "components": rows})
}

fn bench(c: &mut Criterion) {
    let message = message();
    let callback = json!({"type": 7, "data": message.clone()});
    let followup = json!({"content": "done", "flags": 64});
    let mut invalid = message.clone();
    invalid["components"][0]["components"][0]["label"] = json!("l".repeat(81));
    invalid["components"][1]["components"][0]["style"] = json!(99);

    let mut group = c.benchmark_group("validate");
    group.bench_function("message_create", |b| {
        b.iter(|| validate(Body::MessageCreate, black_box(&message)));
    });
    group.bench_function("interaction_callback", |b| {
        b.iter(|| validate(Body::InteractionCallback, black_box(&callback)));
    });
    group.bench_function("webhook_execute", |b| {
        b.iter(|| validate(Body::WebhookExecute, black_box(&followup)));
    });
    group.bench_function("invalid_message", |b| {
        b.iter(|| {
            let violations = validate(Body::MessageCreate, black_box(&invalid));
            assert!(!violations.is_empty());
            violations
        });
    });
    group.finish();
    // What the first validated request waits for (the result is kept).
    c.bench_function("compile_schemas", |b| b.iter(schema::compile));
}

criterion_group!(benches, bench);
criterion_main!(benches);
