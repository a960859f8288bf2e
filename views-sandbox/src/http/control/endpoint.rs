//! `/sandbox/interactions-endpoint`: the application's Interactions
//! Endpoint URL (GET shows it with the sandbox's public key and the last
//! validation; PUT sets it after validating it as Discord does; DELETE goes
//! back to the gateway).

use axum::extract::State;
use axum::http::StatusCode;
use serde_json::{Value, json};
use std::sync::Arc;

use super::params::{ControlBody, bad_request, ok};
use crate::http::response::{Outcome, json_response};
use crate::state::SharedState;

type Shared = State<Arc<SharedState>>;

pub(super) async fn status(State(shared): Shared) -> Outcome {
    ok(&shared.interactions_http.status())
}

/// `{"url": "http://127.0.0.1:8080/"}` or `{"urls": [..]}` (dealt
/// round-robin). 400 with the validation when it fails.
pub(super) async fn set(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let urls: Vec<String> = match (body.get("url"), body.get("urls")) {
        (Some(Value::String(url)), None) => vec![url.clone()],
        (None, Some(Value::Array(urls))) if !urls.is_empty() => urls
            .iter()
            .map(|url| url.as_str().map(str::to_owned))
            .collect::<Option<_>>()
            .ok_or_else(|| bad_request("`urls` must be strings"))?,
        _ => {
            return Err(bad_request(
                "give `url` (a string) or `urls` (a list of strings)",
            ));
        }
    };
    match shared.interactions_http.set_urls(&urls).await {
        Ok(_) => ok(&shared.interactions_http.status()),
        Err(refused) => Err(json_response(
            StatusCode::BAD_REQUEST,
            &json!({
                "error": format!("{} failed validation: {}", refused.url, refused.detail),
                "validation": refused,
            }),
        )),
    }
}

pub(super) async fn clear(State(shared): Shared) -> Outcome {
    let _ = shared.interactions_http.set_urls(&[]).await;
    ok(&shared.interactions_http.status())
}
