//! Interactions delivered to the bot's HTTP endpoint: each is POSTed on a
//! task of its own, and the response body is applied as the interaction's
//! callback, under the same rules as `POST .../callback` (one answer, in
//! time, valid). A non-200 answer or a body Discord would refuse leaves the
//! interaction unanswered: the user sees "This interaction failed".

use std::sync::{Arc, Weak, atomic::Ordering};

use serde_json::Value;
use tokio::sync::mpsc;

use super::interactions::callback;
use crate::interactions_http::{Delivery, PostError, Signing, post};
use crate::state::SharedState;

/// Starts delivering what the driver queues, until the sandbox is gone.
pub(crate) fn spawn(shared: &Arc<SharedState>) {
    if let Some(queue) = shared.interactions_http.take_deliveries() {
        tokio::spawn(run(Arc::downgrade(shared), queue));
    }
}

async fn run(shared: Weak<SharedState>, mut queue: mpsc::UnboundedReceiver<Delivery>) {
    while let Some(delivery) = queue.recv().await {
        let Some(shared) = shared.upgrade() else {
            return;
        };
        tokio::spawn(deliver(shared, delivery));
    }
}

async fn deliver(shared: Arc<SharedState>, delivery: Delivery) {
    let endpoint = &shared.interactions_http;
    let mut applied = Err("no endpoint URL is set any more".to_owned());
    // Like a load balancer, a URL nothing listens at (a worker that died)
    // passes the interaction on to the next: nothing was sent to it.
    for _ in 0..endpoint.target_count().max(1) {
        let Some(target) = endpoint.pick() else {
            break;
        };
        let payload = delivery.payload.clone();
        let signing = Signing::Valid(&endpoint.key);
        applied = match post(&target, payload, signing, endpoint.answer_within).await {
            Ok(answer) if answer.status == 200 => {
                apply(&shared, delivery.id, &delivery.token, &answer.body)
            }
            Ok(answer) => Err(format!(
                "{} answered {}: {}",
                target.url,
                answer.status,
                String::from_utf8_lossy(&answer.body)
            )),
            Err(PostError::Connect(error)) => {
                applied = Err(error);
                continue;
            }
            Err(PostError::NoAnswer(error)) => Err(error),
        };
        break;
    }
    match applied {
        Ok(()) => endpoint.delivered.fetch_add(1, Ordering::Relaxed),
        Err(error) => {
            tracing::warn!(interaction = delivery.id, %error, "interaction failed at the endpoint");
            endpoint.failed.fetch_add(1, Ordering::Relaxed)
        }
    };
    endpoint.settle(&delivery.token);
}

/// Applies a response body as the interaction's callback.
fn apply(shared: &SharedState, id: u64, token: &str, body: &[u8]) -> Result<(), String> {
    let body: Value =
        serde_json::from_slice(body).map_err(|error| format!("the answer is not JSON: {error}"))?;
    callback(shared, id, token, &body, "")
        .map(drop)
        .map_err(|refused| format!("the answer was refused as a callback: {}", refused.status()))
}
