//! The reply log over HTTP: filtered, and long-polled.

use std::time::Duration;
use twilight_model::id::Id;

use super::params::{ok, query_param};
use crate::http::response::HttpResponse;
use crate::state::{Reply, SharedState};

/// `GET /sandbox/replies/wait`: long-polls until a reply matching the
/// `interaction_id` / `after` filters exists, or `timeout_ms` (default 5000,
/// at most 30000) passes; answers the matching replies (`[]` on timeout).
pub(crate) async fn wait_replies(shared: &SharedState, query: &str) -> HttpResponse {
    let interaction = query_param(query, "interaction_id").and_then(|v| v.parse::<u64>().ok());
    let after = query_param(query, "after").and_then(|v| v.parse::<u64>().ok());
    let timeout = query_param(query, "timeout_ms")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(5000)
        .min(30_000);
    let found = shared
        .wait_for(Duration::from_millis(timeout), |replies| {
            let matching: Vec<_> = filter_replies(replies, interaction, after);
            (!matching.is_empty()).then_some(matching)
        })
        .await
        .unwrap_or_default();
    ok(&found).unwrap_or_else(|e| e)
}

pub(super) fn filter_replies(
    replies: &[Reply],
    interaction: Option<u64>,
    after: Option<u64>,
) -> Vec<Reply> {
    replies
        .iter()
        .filter(|r| interaction.is_none_or(|i| r.interaction_id.map(Id::get) == Some(i)))
        .filter(|r| after.is_none_or(|a| r.seq > a))
        .cloned()
        .collect()
}
