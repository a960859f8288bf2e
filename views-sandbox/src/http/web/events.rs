//! `GET /sandbox/events`: a server-sent event stream for the web page. Each
//! visible change (a message posted, sent, edited or deleted, a reply, a
//! new user or channel) sends `event: change` with the change counter; the
//! page then reads what it shows through the control API. A comment every
//! 15 s keeps idle connections open; the stream ends when the sandbox
//! shuts down.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, HeaderValue};
use axum::response::IntoResponse;
use axum::response::sse::{Event, KeepAlive, Sse};
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::watch;

use crate::http::response::HttpResponse;
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Follow {
    changes: watch::Receiver<u64>,
    shutdown: ShutdownSignal,
    first: bool,
}

fn change(version: u64) -> Result<Event, Infallible> {
    Ok(Event::default()
        .event("change")
        .data(format!("{{\"version\":{version}}}")))
}

pub(super) async fn stream(
    State((shared, shutdown)): State<(Arc<SharedState>, ShutdownSignal)>,
) -> HttpResponse {
    let follow = Follow {
        changes: shared.changes.subscribe(),
        shutdown,
        first: true,
    };
    let events = futures_util::stream::unfold(follow, |mut follow| async move {
        if follow.first {
            // The current version at once: the page renders, and a
            // reconnecting page catches up on what it missed.
            follow.first = false;
            let version = *follow.changes.borrow_and_update();
            return Some((change(version), follow));
        }
        tokio::select! {
            changed = follow.changes.changed() => {
                changed.ok()?;
                let version = *follow.changes.borrow_and_update();
                Some((change(version), follow))
            }
            () = follow.shutdown.stopped() => None,
        }
    });
    let keep_alive = KeepAlive::new().interval(KEEP_ALIVE).text("keep-alive");
    let mut response = Sse::new(events).keep_alive(keep_alive).into_response();
    response
        .headers_mut()
        .insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}
