//! `GET /ephemeral-attachments/{application}/{attachment}/{filename}` (and
//! the same under `/media/`, the media proxy's URL): the bytes of a file a
//! user uploaded in a modal, at the URLs its `resolved.attachments` gives.
//! On both ports, so the web page shows an uploaded image too.

use axum::Router;
use axum::body::Body;
use axum::extract::{Path, State};
use axum::http::header::{CONTENT_TYPE, HeaderValue};
use axum::http::{Response, StatusCode};
use axum::routing::get;
use std::sync::Arc;

use super::response::{HttpResponse, discord_error};
use crate::state::SharedState;

/// Discord's content type for a file whose type it does not know.
const UNKNOWN_TYPE: &str = "application/octet-stream";

/// The two routes of an uploaded file.
pub(crate) fn router(shared: Arc<SharedState>) -> Router {
    Router::new()
        .route(
            "/ephemeral-attachments/{application}/{attachment}/{filename}",
            get(file),
        )
        .route(
            "/media/ephemeral-attachments/{application}/{attachment}/{filename}",
            get(file),
        )
        .with_state(shared)
}

async fn file(
    State(shared): State<Arc<SharedState>>,
    Path((application, attachment, filename)): Path<(String, String, String)>,
) -> HttpResponse {
    let not_found = || discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found");
    let application_id = shared.config.application_id;
    if crate::ids::parse(&application) != Some(application_id) {
        return not_found();
    }
    let Some(attachment) = crate::ids::parse(&attachment) else {
        return not_found();
    };
    let Some(stored) = shared.lock().files.get(attachment, &filename).cloned() else {
        return not_found();
    };
    let content_type = stored
        .content_type
        .as_deref()
        .and_then(|value| HeaderValue::from_str(value).ok())
        .unwrap_or(HeaderValue::from_static(UNKNOWN_TYPE));
    let mut response = Response::new(Body::from(stored.bytes));
    *response.status_mut() = StatusCode::OK;
    response.headers_mut().insert(CONTENT_TYPE, content_type);
    response
}
