//! One axum [`Router`] per port. The main port: the Discord REST API
//! (`/api/v10/...`, also `/api/v9` and `/api`), the control API
//! (`/sandbox/...`), the web page and the files uploaded in modals; the
//! web port: the control API, the page and the files (it is for people,
//! bots use the main port). Around all of a
//! port's routes: the body limit and the guard against other sites.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use serde_json::json;
use std::sync::Arc;

use crate::http::guard::{self, Site};
use crate::http::request::MAX_BODY;
use crate::http::response::{HttpResponse, json_response};
use crate::http::{control, files, rest, web};
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

/// The router of one port; `web` is the web page's port, which has no
/// REST API.
pub(crate) fn router(shared: &Arc<SharedState>, web: bool, shutdown: ShutdownSignal) -> Router {
    let site = Site {
        own: if web {
            shared.endpoints.web
        } else {
            shared.endpoints.main
        },
        rest: !web,
    };
    let mut routes = Router::new()
        .merge(control::router(Arc::clone(shared), site))
        .merge(web::router(Arc::clone(shared), shutdown))
        .merge(files::router(Arc::clone(shared)));
    if !web {
        routes = routes.merge(rest::router(Arc::clone(shared)));
    }
    let not_found = {
        let shared = Arc::clone(shared);
        async move || not_found(&shared)
    };
    routes
        .fallback(not_found)
        .layer(from_fn_with_state(site, guard::same_site))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// Anything else: where things are.
fn not_found(shared: &SharedState) -> HttpResponse {
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
