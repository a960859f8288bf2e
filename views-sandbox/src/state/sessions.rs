//! Gateway sessions as the model sees them: which sessions serve which
//! shard, what each was sent (for RESUME), and where a dispatch goes.

use serde::Serialize;
use serde_json::Value;
use std::collections::{HashMap, VecDeque};
use tokio::sync::mpsc::UnboundedSender;

/// Events kept per session for RESUME replay.
const BACKLOG: usize = 1000;

/// Frames a gateway connection task sends to its client.
#[derive(Debug)]
pub(crate) enum Outgoing {
    /// A JSON payload.
    Text(String),
    /// Send op 7 RECONNECT and close.
    Reconnect,
    /// Send op 9 INVALID_SESSION (`d` = resumable) and close.
    InvalidSession(bool),
}

/// A gateway session (survives disconnects until replaced).
#[derive(Debug)]
pub(crate) struct Session {
    pub(crate) shard: [u32; 2],
    pub(crate) seq: u64,
    pub(crate) backlog: VecDeque<(u64, String)>,
    pub(crate) connection: Option<(u64, UnboundedSender<Outgoing>)>,
    pub(crate) created: u64,
}

/// Connected-shard summary for tests and the control API.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct ShardInfo {
    /// Session id.
    pub session_id: String,
    /// Shard number.
    pub shard: u32,
    /// Shard total.
    pub total: u32,
    /// Whether a WebSocket is attached right now.
    pub connected: bool,
    /// Last sequence number dispatched.
    pub sequence: u64,
}

/// Every gateway session, the events waiting for one, and counters.
#[derive(Debug)]
pub(crate) struct GatewaySessions {
    pub(crate) sessions: HashMap<String, Session>,
    /// Events for shards that had no session yet, delivered after READY.
    pub(crate) pending: HashMap<u32, Vec<(String, Value)>>,
    pub(crate) shard_total: u32,
    pub(crate) connections: u64,
    pub(crate) identifies: u64,
    pub(crate) resumes: u64,
    /// `SandboxConfig::spread_interactions`, and the round-robin counter.
    pub(crate) spread_interactions: bool,
    spread_next: usize,
}

impl GatewaySessions {
    pub(crate) fn new() -> Self {
        Self {
            sessions: HashMap::new(),
            pending: HashMap::new(),
            shard_total: 1,
            connections: 0,
            identifies: 0,
            resumes: 0,
            spread_interactions: false,
            spread_next: 0,
        }
    }

    /// Routes a dispatch to the shard of `guild_id` (shard 0 without guild).
    pub(crate) fn dispatch(&mut self, guild_id: Option<u64>, event: &str, data: Value) {
        let total = self.shard_total.max(1);
        let shard = guild_id.map_or(0, |g| crate::ids::shard_of(g, total));
        if self.spread_interactions && event == "INTERACTION_CREATE" {
            let mut connected: Vec<&mut Session> = self
                .sessions
                .values_mut()
                .filter(|s| s.shard == [shard, total] && s.connection.is_some())
                .collect();
            if !connected.is_empty() {
                connected.sort_by_key(|s| s.created);
                let index = self.spread_next % connected.len();
                self.spread_next = self.spread_next.wrapping_add(1);
                connected[index].send_dispatch(event, &data);
                return;
            }
        }
        let session = self
            .sessions
            .values_mut()
            .filter(|s| s.shard == [shard, total])
            .max_by_key(|s| s.created);
        match session {
            Some(session) => session.send_dispatch(event, &data),
            None => {
                tracing::debug!(
                    shard,
                    event,
                    "no session for shard; event queued until READY"
                );
                self.pending
                    .entry(shard)
                    .or_default()
                    .push((event.to_owned(), data));
            }
        }
    }

    pub(crate) fn shard_infos(&self) -> Vec<ShardInfo> {
        let mut out: Vec<_> = self
            .sessions
            .iter()
            .map(|(id, s)| ShardInfo {
                session_id: id.clone(),
                shard: s.shard[0],
                total: s.shard[1],
                connected: s.connection.is_some(),
                sequence: s.seq,
            })
            .collect();
        out.sort_by_key(|s| (s.shard, s.session_id.clone()));
        out
    }
}

impl Session {
    pub(crate) fn send_dispatch(&mut self, event: &str, data: &Value) {
        self.seq += 1;
        let payload =
            serde_json::json!({"op": 0, "t": event, "s": self.seq, "d": data}).to_string();
        // Session events are never replayed by RESUME, as on Discord.
        if !matches!(event, "READY" | "RESUMED") {
            if self.backlog.len() >= BACKLOG {
                self.backlog.pop_front();
            }
            self.backlog.push_back((self.seq, payload.clone()));
        }
        if let Some((_, tx)) = &self.connection
            && tx.send(Outgoing::Text(payload)).is_err()
        {
            self.connection = None;
        }
    }
}
