//! HTTP routing: after the guard, each request goes to the Discord REST
//! API (`/api/v10/...`), the control API (`/sandbox/...`) or the web page.

use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::{Request, StatusCode};
use serde_json::json;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use crate::http::guard;
use crate::http::request::{Req, read_body};
use crate::http::response::{AnyResponse, HttpResponse, discord_error, json_response};
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

/// Serves one request; `web` is the web page's port, which has no REST API.
pub(crate) async fn handle(
    shared: Arc<SharedState>,
    request: Request<Incoming>,
    web: bool,
    shutdown: ShutdownSignal,
) -> Result<AnyResponse, Infallible> {
    let own = if web {
        shared.endpoints.web
    } else {
        shared.endpoints.main
    };
    if let Err(refusal) = guard::check_site(own, request.headers()) {
        let headers = request.headers();
        tracing::info!(
            host = ?headers.get(hyper::header::HOST),
            origin = ?headers.get(hyper::header::ORIGIN),
            path = request.uri().path(),
            "sandbox refused a request from another site"
        );
        let rest = api_route(request.uri().path(), web).is_some();
        return Ok(refusal.response(own, rest).map(BodyExt::boxed));
    }
    if request.uri().path() == "/sandbox/events" && request.method() == hyper::Method::GET {
        return Ok(crate::http::web::events::stream(&shared, shutdown));
    }
    let response = handle_whole(shared, request, web, own).await;
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

async fn handle_whole(
    shared: Arc<SharedState>,
    request: Request<Incoming>,
    web: bool,
    own: SocketAddr,
) -> HttpResponse {
    let (parts, body) = request.into_parts();
    let Some(bytes) = read_body(body).await else {
        return discord_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            40005,
            "Request entity too large",
        );
    };
    let path = parts.uri.path();
    if path.starts_with("/sandbox")
        && let Err(refusal) = guard::check_json_body(&parts.headers, &bytes)
    {
        return refusal.response(own, false);
    }
    if let Some(route) = api_route(path, web) {
        crate::http::rest::handle(&shared, &Req::new(&parts, route, &bytes))
    } else if path == "/sandbox/replies/wait" && parts.method == hyper::Method::GET {
        crate::http::control::wait_replies(&shared, parts.uri.query().unwrap_or_default()).await
    } else if let Some(route) = path.strip_prefix("/sandbox") {
        crate::http::control::handle(&shared, &Req::new(&parts, route, &bytes))
    } else if path == "/" || path == "/index.html" {
        crate::http::web::page()
    } else {
        json_response(
            StatusCode::NOT_FOUND,
            &json!({
                "error": "not found",
                "gateway_url": shared.endpoints.gateway_url(),
                "api_url": shared.endpoints.api_url(),
                "control_url": shared.endpoints.control_url(),
                "web_page": shared.endpoints.web_url(),
            }),
        )
    }
}
