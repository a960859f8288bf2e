//! The reply log over HTTP: filtered, and long-polled.

use axum::extract::{Query, State};
use serde::Deserialize;
use std::sync::Arc;
use std::time::Duration;
use twilight_model::id::Id;

use super::params::ok;
use crate::http::response::Outcome;
use crate::state::{Reply, SharedState};

/// The query of `GET /sandbox/replies` and `/sandbox/replies/wait`; a
/// value that is not a number is ignored, as if absent.
#[derive(Debug, Default, Deserialize)]
pub(super) struct ReplyFilter {
    interaction_id: Option<String>,
    after: Option<String>,
    timeout_ms: Option<String>,
}

fn number(value: Option<&String>) -> Option<u64> {
    value.and_then(|v| v.parse().ok())
}

impl ReplyFilter {
    /// The replies that match.
    pub(super) fn apply(&self, replies: &[Reply]) -> Vec<Reply> {
        filter_replies(
            replies,
            number(self.interaction_id.as_ref()),
            number(self.after.as_ref()),
        )
    }
}

/// `GET /sandbox/replies/wait`: long-polls until a reply matching the
/// `interaction_id` / `after` filters exists, or `timeout_ms` (default 5000,
/// at most 30000) passes; answers the matching replies (`[]` on timeout).
pub(super) async fn wait_replies(
    State(shared): State<Arc<SharedState>>,
    Query(filter): Query<ReplyFilter>,
) -> Outcome {
    let timeout = number(filter.timeout_ms.as_ref())
        .unwrap_or(5000)
        .min(30_000);
    let found = shared
        .wait_for(Duration::from_millis(timeout), |replies| {
            let matching = filter.apply(replies);
            (!matching.is_empty()).then_some(matching)
        })
        .await
        .unwrap_or_default();
    ok(&found)
}

fn filter_replies(replies: &[Reply], interaction: Option<u64>, after: Option<u64>) -> Vec<Reply> {
    replies
        .iter()
        .filter(|r| interaction.is_none_or(|i| r.interaction_id.map(Id::get) == Some(i)))
        .filter(|r| after.is_none_or(|a| r.seq > a))
        .cloned()
        .collect()
}
