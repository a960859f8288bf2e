//! The REST traffic as tests see it: every request the REST API answered,
//! refused ones included (`RestRequest`), and the faults a test queued for
//! the next request matching a path (`Fault`).

use axum::http::StatusCode;
use serde::Serialize;
use serde_json::Value;

/// One request the REST API (`/api/...`) answered, as the bot sent it.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rest).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[non_exhaustive]
pub struct RestRequest {
    /// Position in the request log (0-based).
    pub seq: u64,
    /// `GET`, `POST`, `PATCH`, `DELETE`, ...
    pub method: String,
    /// The path as sent, e.g. `/api/v10/interactions/ID/TOKEN/callback`
    /// (no query).
    pub path: String,
    /// The interaction token of interaction callbacks and webhook routes
    /// (`/interactions/{id}/{token}/...`, `/webhooks/{app}/{token}/...`).
    pub token: Option<String>,
    /// The JSON body (`Null` when empty or not JSON).
    pub body: Value,
    /// The `X-Audit-Log-Reason` header, percent-decoded (Discord's audit
    /// log shows it beside a moderation: a timeout's reason).
    pub audit_log_reason: Option<String>,
    /// The status the sandbox answered with.
    pub status: u16,
}

impl RestRequest {
    /// The token in REST path segments (after the `/api/vN` prefix).
    pub(crate) fn token_in(segments: &[&str]) -> Option<String> {
        match segments {
            ["interactions" | "webhooks", _, token, ..] => Some((*token).to_owned()),
            _ => None,
        }
    }
}

/// An answer queued by [`Sandbox::fail_next_request`](crate::Sandbox::fail_next_request).
#[derive(Clone, Debug)]
pub(crate) struct Fault {
    /// Matches a request whose path contains it.
    pub(crate) path_part: String,
    pub(crate) status: StatusCode,
    pub(crate) body: Value,
}
