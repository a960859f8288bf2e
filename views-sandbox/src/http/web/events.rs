//! `GET /sandbox/events`: a server-sent event stream for the web page. Each
//! visible change (a message posted, sent, edited or deleted, a reply, a
//! new user or channel) sends `event: change` with the change counter; the
//! page then reads what it shows through the control API. A comment every
//! 15 s keeps idle connections open.

use bytes::Bytes;
use http_body_util::{BodyExt, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use std::convert::Infallible;
use std::time::Duration;
use tokio::sync::watch;

use crate::http::response::AnyResponse;
use crate::shutdown::ShutdownSignal;
use crate::state::SharedState;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

struct Follow {
    changes: watch::Receiver<u64>,
    shutdown: ShutdownSignal,
    first: bool,
}

fn change(version: u64) -> Result<Frame<Bytes>, Infallible> {
    Ok(Frame::data(Bytes::from(format!(
        "event: change\ndata: {{\"version\":{version}}}\n\n"
    ))))
}

pub(crate) fn stream(shared: &SharedState, shutdown: ShutdownSignal) -> AnyResponse {
    let follow = Follow {
        changes: shared.changes.subscribe(),
        shutdown,
        first: true,
    };
    let frames = futures_util::stream::unfold(follow, |mut follow| async move {
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
            () = tokio::time::sleep(KEEP_ALIVE) => {
                Some((Ok(Frame::data(Bytes::from_static(b": keep-alive\n\n"))), follow))
            }
        }
    });
    let mut response = Response::new(StreamBody::new(frames).boxed());
    let headers = response.headers_mut();
    headers.insert(
        hyper::header::CONTENT_TYPE,
        hyper::header::HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(
        hyper::header::CACHE_CONTROL,
        hyper::header::HeaderValue::from_static("no-cache"),
    );
    response
}
