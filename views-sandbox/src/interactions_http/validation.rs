//! Discord's check of an Interactions Endpoint URL when it is saved: a
//! signed PING must be answered PONG, and a request with a bad signature
//! must be refused with 401. Discord keeps the old URL when either fails.

use serde::Serialize;
use serde_json::{Value, json};

use super::InteractionsHttp;
use super::client::{Signing, Target, post};

/// The outcome of validating an endpoint URL.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-interactions).
#[derive(Clone, Debug, Eq, PartialEq, Serialize)]
#[non_exhaustive]
pub struct EndpointValidation {
    /// The URL checked (empty: back to the gateway).
    pub url: String,
    /// A signed PING got `{"type": 1}`.
    pub ping: bool,
    /// A request with a bad signature got 401.
    pub bad_signature_refused: bool,
    /// Both passed: the URL is in use.
    pub passed: bool,
    /// What went wrong, in words (empty when it passed).
    pub detail: String,
}

impl EndpointValidation {
    /// Nothing to validate: interactions go over the gateway.
    pub(super) fn gateway() -> Self {
        Self {
            url: String::new(),
            ping: false,
            bad_signature_refused: false,
            passed: true,
            detail: String::new(),
        }
    }

    /// A URL the sandbox cannot POST to.
    pub(super) fn unusable(url: &str, reason: &str) -> Self {
        Self {
            url: url.to_owned(),
            ping: false,
            bad_signature_refused: false,
            passed: false,
            detail: reason.to_owned(),
        }
    }
}

/// A PING as Discord sends it when the URL is saved.
fn ping(application_id: u64) -> Vec<u8> {
    serde_json::to_vec(&json!({
        "id": "1",
        "application_id": application_id.to_string(),
        "type": 1,
        "token": "sandbox-validation",
        "version": 1,
        "entitlements": [],
        "authorizing_integration_owners": {},
    }))
    .unwrap_or_default()
}

/// Runs both checks against `target`.
pub(super) async fn validate(endpoint: &InteractionsHttp, target: &Target) -> EndpointValidation {
    let (key, application_id, wait) = (
        &endpoint.key,
        endpoint.application_id,
        endpoint.answer_within,
    );
    let mut problems = Vec::new();
    let ping_ok = match post(target, ping(application_id), Signing::Valid(key), wait).await {
        Ok(answer) if answer.status == 200 => {
            let body: Value = serde_json::from_slice(&answer.body).unwrap_or(Value::Null);
            if body.get("type").and_then(Value::as_u64) == Some(1) {
                true
            } else {
                problems.push(format!(
                    "the PING was answered {body} instead of {{\"type\":1}}"
                ));
                false
            }
        }
        Ok(answer) => {
            problems.push(format!(
                "the PING was answered {} instead of 200",
                answer.status
            ));
            false
        }
        Err(error) => {
            problems.push(format!("the PING failed: {error}"));
            false
        }
    };
    let refused = match post(target, ping(application_id), Signing::Forged, wait).await {
        Ok(answer) if answer.status == 401 => true,
        Ok(answer) => {
            problems.push(format!(
                "a request with a bad signature was answered {} instead of 401",
                answer.status
            ));
            false
        }
        Err(error) => {
            problems.push(format!("the request with a bad signature failed: {error}"));
            false
        }
    };
    EndpointValidation {
        url: target.url.clone(),
        ping: ping_ok,
        bad_signature_refused: refused,
        passed: ping_ok && refused,
        detail: problems.join("; "),
    }
}
