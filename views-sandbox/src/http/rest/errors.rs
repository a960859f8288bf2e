//! Discord's error answers: unknown resources with their codes, and
//! "Invalid Form Body" (50035) for bodies that break the OpenAPI schema or
//! the component layout rules.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};

use crate::error::SandboxError;
use crate::http::response::{HttpResponse, discord_error, json_response};
use crate::layout;
use crate::schema::{self, Body, Violation};

pub(super) fn unknown_interaction() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10062, "Unknown interaction")
}

pub(super) fn unknown_message() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10008, "Unknown Message")
}

pub(super) fn unknown_webhook() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook")
}

pub(super) fn unknown_channel() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10003, "Unknown Channel")
}

pub(super) fn method_not_allowed() -> HttpResponse {
    discord_error(StatusCode::METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed")
}

/// Schema plus layout validation; `Err` is Discord's 50035 response.
pub(super) fn validate(
    kind: Body,
    body: &Value,
    message: Option<&Value>,
) -> Result<(), HttpResponse> {
    let mut violations = schema::validate(kind, body);
    if let Some(message) = message {
        let prefix = if std::ptr::eq(message, body) {
            ""
        } else {
            ".data"
        };
        violations.extend(
            layout::check_message(message)
                .into_iter()
                .map(|v| v.under(prefix)),
        );
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(invalid_form_body(&violations))
    }
}

/// Discord's `{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`.
pub(super) fn invalid_form_body(violations: &[Violation]) -> HttpResponse {
    let mut errors = Map::new();
    for violation in violations {
        let parts: Vec<&str> = violation
            .path
            .split('.')
            .filter(|p| !p.is_empty())
            .collect();
        insert_error(&mut errors, &parts, &violation.message);
    }
    tracing::info!(?violations, "sandbox rejected an invalid body");
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"code": 50035, "message": "Invalid Form Body", "errors": errors}),
    )
}

pub(super) fn model_error(error: &SandboxError) -> HttpResponse {
    invalid_form_body(&[Violation {
        path: String::new(),
        message: format!("payload does not form a valid message: {error}"),
    }])
}

/// Nests one error under its path, Discord style (`{"a": {"0": {"_errors": [..]}}}`).
fn insert_error(node: &mut Map<String, Value>, path: &[&str], message: &str) {
    match path.split_first() {
        Some((first, rest)) => {
            let entry = node.entry((*first).to_owned()).or_insert_with(|| json!({}));
            if let Some(child) = entry.as_object_mut() {
                insert_error(child, rest, message);
            }
        }
        None => {
            let list = node.entry("_errors").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({"code": "BASE_TYPE_INVALID", "message": message}));
            }
        }
    }
}
