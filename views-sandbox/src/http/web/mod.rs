//! The web page: channels and messages drawn as Discord draws them, a
//! client of the control API, and the event stream that tells it when to
//! read again.

pub(crate) mod events;

use axum::Router;
use axum::routing::get;
use std::sync::Arc;

use crate::http::response::{HttpResponse, html, javascript};
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

/// `GET /` (and `/index.html`), its script for application commands
/// `GET /commands.js`, and `GET /sandbox/events`.
pub(crate) fn router(shared: Arc<SharedState>, shutdown: ShutdownSignal) -> Router {
    Router::new()
        .route("/", get(page))
        .route("/index.html", get(page))
        .route("/commands.js", get(commands_script))
        .route("/sandbox/events", get(events::stream))
        .with_state((shared, shutdown))
}

/// The page.
async fn page() -> HttpResponse {
    html(include_str!("../../../web/index.html"))
}

/// The page's command picker and context menus.
async fn commands_script() -> HttpResponse {
    javascript(include_str!("../../../web/commands.js"))
}
