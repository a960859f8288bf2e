//! Responses: JSON bodies, the two error shapes (Discord's on REST, the
//! control API's own elsewhere), the web page and its script.

use axum::body::Body;
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::http::{Response, StatusCode};
use serde_json::{Value, json};

/// Response of every handler.
pub(crate) type HttpResponse = axum::response::Response;

fn with_type(status: StatusCode, content_type: &'static str, body: Body) -> HttpResponse {
    let mut response = Response::new(body);
    *response.status_mut() = status;
    response
        .headers_mut()
        .insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    response
}

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> HttpResponse {
    with_type(status, "application/json", Body::from(value.to_string()))
}

/// A Discord-style error: `{"code": .., "message": ..}`.
pub(crate) fn discord_error(status: StatusCode, code: u64, message: &str) -> HttpResponse {
    json_response(status, &json!({"code": code, "message": message}))
}

/// A control-API error: `{"error": ..}`.
pub(crate) fn control_error(status: StatusCode, message: &str) -> HttpResponse {
    json_response(status, &json!({"error": message}))
}

/// 204 No Content.
pub(crate) fn no_content() -> HttpResponse {
    let mut response = Response::new(Body::empty());
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// An HTML page.
pub(crate) fn html(page: &'static str) -> HttpResponse {
    with_type(StatusCode::OK, "text/html; charset=utf-8", Body::from(page))
}

/// A script of the page.
pub(crate) fn javascript(script: &'static str) -> HttpResponse {
    with_type(
        StatusCode::OK,
        "text/javascript; charset=utf-8",
        Body::from(script),
    )
}

/// A handler's answer; `Err` holds an error response, so `?` answers early.
pub(crate) type Outcome = Result<HttpResponse, HttpResponse>;
