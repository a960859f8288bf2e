//! What every REST request goes through around its route (axum
//! middleware): a fault a test queued for its path answers instead; an
//! interaction token the sandbox does not know is first looked up in the
//! interaction source; then the body must be JSON, the bot token present
//! (but on interaction and webhook routes) and the rate limit not reached.
//! Every request answered goes to the request log.

use axum::extract::{Request, State};
use axum::http::StatusCode;
use axum::http::header::AUTHORIZATION;
use axum::middleware::Next;
use serde_json::{Value, json};
use std::sync::Arc;

use super::ratelimit;
use crate::http::request::{
    JsonBody, api_route, buffered, json, percent_decode, rebuilt, segments,
};
use crate::http::response::{HttpResponse, discord_error, json_response};
use crate::state::{RestRequest, SharedState};

/// The middleware.
pub(super) async fn around(
    State(shared): State<Arc<SharedState>>,
    request: Request,
    next: Next,
) -> HttpResponse {
    // The whole path as sent (prefix included, not decoded, no query).
    let path = request.uri().path().to_owned();
    let segments = segments(api_route(&path).unwrap_or_default());
    let segs: Vec<&str> = segments.iter().map(String::as_str).collect();
    let token = RestRequest::token_in(&segs);
    // Percent-encoded by clients, as Discord requires for non-ASCII text.
    let audit_log_reason = request
        .headers()
        .get("x-audit-log-reason")
        .and_then(|value| value.to_str().ok())
        .map(percent_decode);
    let (parts, bytes) = match buffered(request).await {
        Ok(read) => read,
        Err(too_large) => return too_large,
    };
    let body = json(&bytes).ok();
    let method = parts.method.clone();
    let response = match shared.take_fault(&path) {
        Some(fault) => json_response(fault.status, &fault.body),
        None => {
            if let Some(token) = &token {
                shared.adopt_unknown_token(token);
            }
            checked(&shared, rebuilt(parts, bytes), body.as_ref(), &segs, next).await
        }
    };
    shared.log_request(RestRequest {
        seq: 0,
        method: method.to_string(),
        path,
        token,
        body: body.flatten().unwrap_or(Value::Null),
        audit_log_reason,
        status: response.status().as_u16(),
    });
    response
}

/// Answers one request as Discord would; `body` is `None` when it is not
/// JSON, `Some(None)` when empty.
async fn checked(
    shared: &SharedState,
    mut request: Request,
    body: Option<&Option<Value>>,
    segs: &[&str],
    next: Next,
) -> HttpResponse {
    let Some(body) = body else {
        return discord_error(
            StatusCode::BAD_REQUEST,
            50109,
            "The request body contains invalid JSON.",
        );
    };
    let authorized = request
        .headers()
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bot ") && v.len() > 4);
    let needs_auth = !matches!(segs.first(), Some(&"interactions" | &"webhooks"));
    if needs_auth && !authorized {
        return discord_error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized");
    }
    let limit = match ratelimit::check(shared, request.method(), segs) {
        Ok(limit) => limit,
        Err(limited) => return limited,
    };
    request
        .extensions_mut()
        .insert(JsonBody(body.clone().unwrap_or_else(|| json!({}))));
    let mut response = next.run(request).await;
    // The route's own errors carry no bucket headers.
    if response.status().is_success() {
        ratelimit::apply(&mut response, limit.as_ref());
    }
    response
}
