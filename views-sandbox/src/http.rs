//! HTTP entry point: reads the request and routes it to the Discord REST
//! API (`/api/v10/...`), the control API (`/sandbox/...`) or the web page.

use bytes::Bytes;
use http_body_util::combinators::BoxBody;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response, StatusCode};
use serde_json::{Value, json};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::guard::Refusal;
use crate::sandbox::Inner;
use crate::shutdown::ShutdownSignal;

/// Largest request body accepted (Discord's own limit is in this range).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// Response type of every handler.
pub(crate) type HttpResponse = Response<Full<Bytes>>;

/// A parsed request.
pub(crate) struct Req {
    pub(crate) method: hyper::Method,
    /// Path segments after the API prefix.
    pub(crate) segments: Vec<String>,
    pub(crate) query: String,
    pub(crate) authorized: bool,
    pub(crate) body: Option<Value>,
    pub(crate) body_error: bool,
}

/// Response of the connection: a whole body, or the event stream.
pub(crate) type AnyResponse = Response<BoxBody<Bytes, Infallible>>;

/// Serves one request; `web` is the web page's port, which has no REST API.
pub(crate) async fn handle(
    inner: Arc<Inner>,
    request: Request<Incoming>,
    web: bool,
    shutdown: ShutdownSignal,
) -> Result<AnyResponse, Infallible> {
    let own = if web {
        inner.endpoints.web
    } else {
        inner.endpoints.main
    };
    if let Err(refusal) = crate::guard::check_site(own, request.headers()) {
        let headers = request.headers();
        tracing::info!(
            host = ?headers.get(hyper::header::HOST),
            origin = ?headers.get(hyper::header::ORIGIN),
            path = request.uri().path(),
            "sandbox refused a request from another site"
        );
        let rest = api_route(request.uri().path(), web).is_some();
        return Ok(refused(refusal, own, rest).map(BodyExt::boxed));
    }
    if request.uri().path() == "/sandbox/events" && request.method() == hyper::Method::GET {
        return Ok(crate::events::stream(&inner, shutdown));
    }
    let response = handle_whole(inner, request, web, own).await;
    Ok(response.map(BodyExt::boxed))
}

/// The route under the REST API's prefix, if `path` is a REST path; the
/// web port is for people, bots use the main port.
fn api_route(path: &str, web: bool) -> Option<&str> {
    if web {
        return None;
    }
    path.strip_prefix("/api/v10")
        .or_else(|| path.strip_prefix("/api/v9"))
        .or_else(|| path.strip_prefix("/api"))
}

/// The answer to a refused request: Discord's error shape on REST (so
/// twilight-http reports the message), the control API's elsewhere.
fn refused(refusal: Refusal, own: SocketAddr, rest: bool) -> HttpResponse {
    let message = refusal.message(own);
    if rest {
        error(refusal.status(), 0, &message)
    } else {
        json_response(refusal.status(), &json!({"error": message}))
    }
}

async fn handle_whole(
    inner: Arc<Inner>,
    request: Request<Incoming>,
    web: bool,
    own: SocketAddr,
) -> HttpResponse {
    let (parts, body) = request.into_parts();
    let bytes = match http_body_util::Limited::new(body, MAX_BODY).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(_) => {
            return error(
                StatusCode::PAYLOAD_TOO_LARGE,
                40005,
                "Request entity too large",
            );
        }
    };
    let (body, body_error) = if bytes.is_empty() {
        (None, false)
    } else {
        match serde_json::from_slice::<Value>(&bytes) {
            Ok(value) => (Some(value), false),
            Err(_) => (None, true),
        }
    };
    let path = parts.uri.path().to_owned();
    let query = parts.uri.query().unwrap_or_default().to_owned();
    let authorized = parts
        .headers
        .get(hyper::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bot ") && v.len() > 4);
    let split = |rest: &str| -> Vec<String> {
        rest.split('/')
            .filter(|s| !s.is_empty())
            .map(percent_decode)
            .collect()
    };
    if path.starts_with("/sandbox")
        && let Err(refusal) = crate::guard::check_json_body(&parts.headers, &bytes)
    {
        return refused(refusal, own, false);
    }
    if let Some(rest) = api_route(&path, web) {
        let req = Req {
            method: parts.method,
            segments: split(rest),
            query,
            authorized,
            body,
            body_error,
        };
        crate::rest::handle(&inner, &req)
    } else if path == "/sandbox/replies/wait" && parts.method == hyper::Method::GET {
        crate::control::wait_replies(&inner, &query).await
    } else if let Some(rest) = path.strip_prefix("/sandbox") {
        let req = Req {
            method: parts.method,
            segments: split(rest),
            query,
            authorized,
            body,
            body_error,
        };
        crate::control::handle(&inner, &req)
    } else if path == "/" || path == "/index.html" {
        html(include_str!("../web/index.html"))
    } else {
        json_response(
            StatusCode::NOT_FOUND,
            &json!({
                "error": "not found",
                "gateway_url": inner.endpoints.gateway_url(),
                "api_url": inner.endpoints.api_url(),
                "control_url": inner.endpoints.control_url(),
                "web_page": inner.endpoints.web_url(),
            }),
        )
    }
}

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

/// The web page (a client of the control API).
fn html(page: &'static str) -> HttpResponse {
    let mut response = Response::new(Full::new(Bytes::from_static(page.as_bytes())));
    response.headers_mut().insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

/// A Discord-style error: `{"code": .., "message": ..}` (+ `errors`).
pub(crate) fn error(status: StatusCode, code: u64, message: &str) -> HttpResponse {
    json_response(status, &json!({"code": code, "message": message}))
}

/// 204 No Content.
pub(crate) fn no_content() -> HttpResponse {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = StatusCode::NO_CONTENT;
    response
}

/// Decodes `%XX` escapes (tokens and `@original` may be escaped).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}
