//! Everything the sandbox remembers, behind one lock: guilds, channels,
//! users, messages, interactions, replies, the REST request log and queued
//! faults, gateway sessions, rate-limit windows, the application
//! commands the bot registered and its changes to guild members.
//!
//! Kept in one `Mutex` because every operation is short and several of them
//! (a callback that edits a message and dispatches an event) must be atomic.

use serde_json::json;
use std::collections::{BTreeMap, HashMap, VecDeque};
use std::time::Duration;
use twilight_model::guild::Member;
use twilight_model::id::Id;
use twilight_model::user::User;

use super::commands::Commands;
use super::members::{MemberLookup, Members};
use super::records::{ChannelInfo, InteractionRecord, Reply, StoredMessage};
use super::requests::{Fault, RestRequest};
use super::sessions::GatewaySessions;
use super::uploads::Files;
use crate::model;

/// The whole sandbox state.
#[derive(Debug)]
pub(crate) struct World {
    counter: u64,
    pub(crate) guilds: Vec<u64>,
    pub(crate) channels: BTreeMap<u64, ChannelInfo>,
    /// DM channels of adopted interactions, with the user they are with
    /// (the sandbox has no other DMs; not listed, not kept in the state file).
    pub(crate) dm_channels: BTreeMap<u64, u64>,
    pub(crate) users: BTreeMap<u64, User>,
    pub(crate) messages: BTreeMap<u64, StoredMessage>,
    pub(crate) interactions: HashMap<u64, InteractionRecord>,
    pub(crate) replies: Vec<Reply>,
    /// Every request the REST API answered, in order.
    pub(crate) requests: Vec<RestRequest>,
    /// Answers queued for the next request matching a path.
    pub(crate) faults: VecDeque<Fault>,
    pub(crate) gateway: GatewaySessions,
    pub(crate) rate_windows: HashMap<String, (Duration, u32)>,
    /// Application commands, global and per guild.
    pub(crate) commands: Commands,
    /// What the bot changed about guild members (their timeouts).
    pub(crate) members: Members,
    /// Files users uploaded in modals, served at their attachment URLs.
    pub(crate) files: Files,
}

impl World {
    pub(crate) fn new() -> Self {
        Self {
            counter: 0,
            guilds: Vec::new(),
            channels: BTreeMap::new(),
            dm_channels: BTreeMap::new(),
            users: BTreeMap::new(),
            messages: BTreeMap::new(),
            interactions: HashMap::new(),
            replies: Vec::new(),
            requests: Vec::new(),
            faults: VecDeque::new(),
            gateway: GatewaySessions::new(),
            rate_windows: HashMap::new(),
            commands: Commands::default(),
            members: Members::default(),
            files: Files::default(),
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

    /// Adds a guild with one text channel `NAME-general`; returns both ids.
    pub(crate) fn add_guild(&mut self, name: &str) -> (u64, u64) {
        let guild = self.next_id();
        let channel = self.next_id();
        self.guilds.push(guild);
        self.channels.insert(
            channel,
            ChannelInfo {
                id: Id::new(channel),
                guild_id: Id::new(guild),
                name: format!("{name}-general"),
            },
        );
        (guild, channel)
    }

    /// The guild of a known channel (`Some(None)`: a DM channel), `None`
    /// for an unknown channel.
    pub(crate) fn guild_of_channel(&self, channel: u64) -> Option<Option<u64>> {
        match self.channels.get(&channel) {
            Some(info) => Some(Some(info.guild_id.get())),
            None => self.dm_channels.contains_key(&channel).then_some(None),
        }
    }

    /// The known users mentioned in `content`.
    pub(crate) fn mentioned_users(&self, content: &str) -> Vec<User> {
        model::mentioned_ids(content)
            .into_iter()
            .filter_map(|id| self.users.get(&id).cloned())
            .collect()
    }

    /// The member `user` of `guild` as Discord answers `GET
    /// /guilds/{guild}/members/{user}`: no roles or nickname, joined now
    /// (as in the sandbox's interactions), with its timeout.
    pub(crate) fn member(&self, guild: u64, user: u64) -> Result<Member, MemberLookup> {
        if !self.guilds.contains(&guild) {
            return Err(MemberLookup::UnknownGuild);
        }
        let user = self.users.get(&user).ok_or(MemberLookup::UnknownMember)?;
        model::parse(json!({
            "user": user,
            "roles": [],
            "joined_at": model::now(),
            "deaf": false,
            "mute": false,
            "flags": 0,
            "pending": false,
            "nick": null,
            "communication_disabled_until": self.members.timeout(guild, user.id.get()),
        }))
        .map_err(MemberLookup::Model)
    }
}
