//! The web page: channels and messages drawn as Discord draws them, a
//! client of the control API, and the event stream that tells it when to
//! read again.

pub(crate) mod events;

use axum::Router;
use axum::routing::get;
use std::sync::Arc;

use crate::http::response::{HttpResponse, html};
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

/// `GET /` (and `/index.html`) and `GET /sandbox/events`.
pub(crate) fn router(shared: Arc<SharedState>, shutdown: ShutdownSignal) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .route("/sandbox/events", get(events::stream))
        .with_state((shared, shutdown))
}

/// The page.
async fn page() -> HttpResponse {
    html(include_str!("../../../web/index.html"))
}
