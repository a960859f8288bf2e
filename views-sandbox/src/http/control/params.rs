//! Reading the control API's requests (the JSON body, ids, strings) and
//! answering them (`{"error": ..}` on failure).

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use serde_json::Value;
use std::time::Duration;

use crate::error::{SandboxError, SandboxErrorKind};
use crate::http::response::{HttpResponse, Outcome, control_error, json_response};

pub(super) fn bad_request(message: &str) -> HttpResponse {
    control_error(StatusCode::BAD_REQUEST, message)
}

pub(super) fn from_error(error: &SandboxError) -> HttpResponse {
    let status = match error.kind() {
        SandboxErrorKind::UnknownChannel { .. }
        | SandboxErrorKind::UnknownMessage { .. }
        | SandboxErrorKind::UnknownUser { .. }
        | SandboxErrorKind::UnknownInteraction { .. }
        | SandboxErrorKind::UnknownComponent { .. }
        | SandboxErrorKind::UnknownField { .. }
        | SandboxErrorKind::UnknownCommand { .. } => StatusCode::NOT_FOUND,
        SandboxErrorKind::NotVisible { .. } => StatusCode::FORBIDDEN,
        _ => StatusCode::BAD_REQUEST,
    };
    control_error(status, &error.to_string())
}

/// An id given as a JSON string or number.
pub(super) fn id(body: &Value, field: &str) -> Result<u64, HttpResponse> {
    match body.get(field) {
        Some(Value::String(s)) => s.parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| bad_request(&format!("`{field}` must be an id (string or number)")))
}

pub(super) fn text<'a>(body: &'a Value, field: &str) -> Result<&'a str, HttpResponse> {
    body.get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request(&format!("`{field}` must be a string")))
}

pub(super) fn ok(value: &impl serde::Serialize) -> Outcome {
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(value).unwrap_or(Value::Null),
    ))
}

/// A clock reading for JSON (a `u128` above `u64::MAX` would not serialize;
/// the clock never reads past that).
pub(super) fn now_ms(reading: Duration) -> u64 {
    u64::try_from(reading.as_millis()).unwrap_or(u64::MAX)
}

/// A control-API body: JSON (its type was checked by the guard), `{}`
/// when empty; otherwise the request is answered 400.
pub(super) struct ControlBody(pub(super) Value);

impl<S: Send + Sync> FromRequest<S> for ControlBody {
    type Rejection = HttpResponse;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| bad_request("body could not be read"))?;
        if bytes.is_empty() {
            return Ok(Self(Value::Object(serde_json::Map::new())));
        }
        axum::Json::<Value>::from_bytes(&bytes)
            .map(|axum::Json(value)| Self(value))
            .map_err(|_| bad_request("body is not JSON"))
    }
}
