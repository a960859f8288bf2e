//! Everything the sandbox remembers: fixtures, messages, interactions,
//! replies, gateway sessions and rate-limit windows.
//!
//! Kept in one `Mutex` because every operation is short and several of them
//! (a callback that edits a message and dispatches an event) must be atomic.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use tokio::sync::mpsc::UnboundedSender;
use twilight_model::channel::message::Message;
use twilight_model::id::Id;
use twilight_model::id::marker::{
    ChannelMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};
use twilight_model::user::User;

/// Events kept per session for RESUME replay.
const BACKLOG: usize = 1000;

/// A channel fixture.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// Channel id.
    pub id: Id<ChannelMarker>,
    /// Guild the channel belongs to.
    pub guild_id: Id<GuildMarker>,
    /// Channel name.
    pub name: String,
}

/// A message stored by the sandbox.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredMessage {
    /// The message as Discord would send it.
    pub message: Message,
    /// For ephemeral messages: the only user who can see it.
    pub ephemeral_for: Option<Id<UserMarker>>,
    /// Interaction whose response or follow-up created this message.
    pub interaction_id: Option<Id<InteractionMarker>>,
}

/// What the bot did, recorded for tests.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReplyKind {
    /// `POST /interactions/{id}/{token}/callback` with this response type.
    Callback {
        /// Interaction response type (4, 5, 6, 7, 9, ...).
        response_type: u8,
    },
    /// `POST /webhooks/{app}/{token}` (follow-up message).
    Followup,
    /// `PATCH /webhooks/{app}/{token}/messages/{id}` (`@original` or a follow-up).
    EditResponse,
    /// `DELETE /webhooks/{app}/{token}/messages/{id}`.
    DeleteResponse,
    /// `POST /channels/{id}/messages`.
    CreateMessage,
    /// `PATCH /channels/{id}/messages/{id}`.
    EditMessage,
    /// `DELETE /channels/{id}/messages/{id}`.
    DeleteMessage,
}

/// One accepted bot request that replied to a user or changed a message.
#[derive(Clone, Debug, Serialize)]
pub struct Reply {
    /// Position in the reply log (0-based).
    pub seq: u64,
    /// What kind of request it was.
    #[serde(flatten)]
    pub kind: ReplyKind,
    /// Interaction it answered, if any.
    pub interaction_id: Option<Id<InteractionMarker>>,
    /// Channel concerned.
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Message created, edited or deleted, if any.
    pub message_id: Option<Id<MessageMarker>>,
    /// Whether the message is ephemeral (only the clicking user sees it).
    pub ephemeral: bool,
    /// The message after the request (None for deletions and bare acks).
    pub message: Option<Message>,
    /// The request body as sent by the bot.
    pub body: Value,
}

/// A modal opened by an interaction response of type 9.
#[derive(Clone, Debug, Serialize)]
pub struct OpenModal {
    /// The modal's custom_id.
    pub custom_id: String,
    /// The modal's title.
    pub title: String,
    /// The modal's components as sent by the bot.
    pub components: Value,
}

/// An interaction created by the driver.
#[derive(Clone, Debug)]
pub(crate) struct InteractionRecord {
    pub(crate) token: String,
    /// Interaction type (3 component, 5 modal submit).
    pub(crate) kind: u8,
    pub(crate) created: Duration,
    pub(crate) acknowledged: bool,
    pub(crate) guild_id: u64,
    pub(crate) channel_id: u64,
    pub(crate) user_id: u64,
    /// Message the component was on (for update responses).
    pub(crate) source_message: Option<u64>,
    /// Message behind `@original`.
    pub(crate) original: Option<u64>,
    pub(crate) modal: Option<OpenModal>,
}

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

/// The whole sandbox state.
#[derive(Debug)]
pub(crate) struct State {
    counter: u64,
    pub(crate) guilds: Vec<u64>,
    pub(crate) channels: BTreeMap<u64, ChannelInfo>,
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) messages: BTreeMap<u64, StoredMessage>,
    pub(crate) interactions: HashMap<u64, InteractionRecord>,
    pub(crate) replies: Vec<Reply>,
    pub(crate) sessions: HashMap<String, Session>,
    /// Events for shards that had no session yet, delivered after READY.
    pub(crate) pending: HashMap<u32, Vec<(String, Value)>>,
    pub(crate) shard_total: u32,
    pub(crate) connections: u64,
    pub(crate) identifies: u64,
    pub(crate) resumes: u64,
    pub(crate) rate_windows: HashMap<String, (Duration, u32)>,
    /// `SandboxConfig::spread_interactions`, and the round-robin counter.
    pub(crate) spread_interactions: bool,
    spread_next: usize,
}

impl State {
    pub(crate) fn new() -> Self {
        Self {
            counter: 0,
            guilds: Vec::new(),
            channels: BTreeMap::new(),
            users: BTreeMap::new(),
            messages: BTreeMap::new(),
            interactions: HashMap::new(),
            replies: Vec::new(),
            sessions: HashMap::new(),
            pending: HashMap::new(),
            shard_total: 1,
            connections: 0,
            identifies: 0,
            resumes: 0,
            rate_windows: HashMap::new(),
            spread_interactions: false,
            spread_next: 0,
        }
    }

    /// A fresh snowflake (see [`crate::ids::snowflake`]).
    pub(crate) fn next_id(&mut self) -> u64 {
        self.counter += 1;
        crate::ids::snowflake(self.counter)
    }

    /// The id counter, kept in the state file so ids never repeat.
    pub(crate) const fn counter(&self) -> u64 {
        self.counter
    }

    /// Restores the id counter from the state file.
    pub(crate) const fn set_counter(&mut self, counter: u64) {
        self.counter = counter;
    }

    /// A random-looking interaction token.
    pub(crate) fn next_token(&mut self) -> String {
        let id = self.next_id();
        crate::ids::token(id)
    }

    pub(crate) fn push_reply(&mut self, mut reply: Reply) -> Reply {
        reply.seq = self.replies.len() as u64;
        self.replies.push(reply.clone());
        reply
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
