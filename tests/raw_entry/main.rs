//! The routing-only entry (`RawInteraction`): a click read from its raw
//! gateway frame or HTTP body is routed without twilight's full parse,
//! which happens at most once, when a handler asks for it; frames it does
//! not take go back to twilight-gateway untouched. (The router suites of
//! views-core run every test through this entry as well, and
//! tests/hardening compares it with twilight's parse on every fixture and
//! on hostile payloads.)

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod frames;
mod gateway_loop;
mod lazy_parse;

use std::sync::Arc;

use serde_json::{Value, json};
use twilight_http::Client;
use twilight_views::{
    MemoryStore, ViewRouter,
    respond::{RecordingTransport, Sent},
};
use views_testkit::discord::{USER_ID, application_id, button_data, interaction_json};

/// A router of `lazy_parse`'s views whose replies are recorded, not sent.
pub fn router() -> (ViewRouter, RecordingTransport) {
    let recorder = RecordingTransport::new();
    let router = ViewRouter::builder(
        Arc::new(Client::new("raw-entry-tests".to_owned())),
        application_id(),
    )
    .reply_transport(Arc::new(recorder.clone()))
    .store(Arc::new(MemoryStore::new()))
    .view::<lazy_parse::Probe>()
    .stored_view::<lazy_parse::Tally>()
    .modal(lazy_parse::feedback)
    .build()
    .unwrap();
    router.add_view(lazy_parse::Probe).unwrap();
    (router, recorder)
}

/// A click on `custom_id` on message `message_id`, as Discord sends it.
pub fn click_json(custom_id: &str, message_id: u64) -> Value {
    interaction_json(button_data(custom_id), Some(message_id), USER_ID)
}

/// A select click choosing `values`.
pub fn select_json(custom_id: &str, values: &[&str], message_id: u64) -> Value {
    let data = json!({"component_type": 3, "custom_id": custom_id, "values": values});
    interaction_json(data, Some(message_id), USER_ID)
}

/// `interaction` in the gateway frame that carries it.
pub fn frame_of(interaction: &Value) -> String {
    format!(r#"{{"op":0,"s":42,"t":"INTERACTION_CREATE","d":{interaction}}}"#)
}

/// Whether the recorder holds exactly one callback.
pub fn one_callback(recorder: &RecordingTransport) -> bool {
    let sent = recorder.sent();
    sent.len() == 1 && matches!(sent[0], Sent::Callback { .. })
}
