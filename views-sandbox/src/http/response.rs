//! Responses: JSON bodies, the two error shapes (Discord's on REST, the
//! control API's own elsewhere), the web page.

use bytes::Bytes;
use http_body_util::Full;
use http_body_util::combinators::BoxBody;
use hyper::{Response, StatusCode};
use serde_json::{Value, json};
use std::convert::Infallible;

/// Response of every handler that answers with a whole body.
pub(crate) type HttpResponse = Response<Full<Bytes>>;

/// Response of the connection: a whole body, or the event stream.
pub(crate) type AnyResponse = Response<BoxBody<Bytes, Infallible>>;

/// A JSON response.
pub(crate) fn json_response(status: StatusCode, value: &Value) -> HttpResponse {
    let mut response = Response::new(Full::new(Bytes::from(value.to_string())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("application/json"),
    );
    response
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
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// An HTML page.
pub(crate) fn html(page: &'static str) -> HttpResponse {
    let mut response = Response::new(Full::new(Bytes::from_static(page.as_bytes())));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// A handler's answer; `Err` holds an error response, so `?` answers early.
pub(crate) type Outcome = Result<HttpResponse, HttpResponse>;
