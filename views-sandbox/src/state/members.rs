//! Guild members: every known user is a member of every guild (the
//! sandbox does not model joining or leaving), and what the bot changed
//! about a member is kept per guild: today the timeout
//! (`communication_disabled_until`), kept in the state file as Discord
//! keeps it.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use twilight_model::id::Id;
use twilight_model::id::marker::{GuildMarker, UserMarker};
use twilight_model::util::Timestamp;

use crate::error::SandboxError;

/// What the bot changed about members, by `(guild, user)`.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(from = "Vec<MemberTimeout>", into = "Vec<MemberTimeout>")]
pub(crate) struct Members {
    timeouts: BTreeMap<(u64, u64), Timestamp>,
}

/// One timed-out member, as the state file keeps it (JSON maps have
/// string keys only, so a list).
#[derive(Clone, Debug, Serialize, Deserialize)]
struct MemberTimeout {
    guild_id: Id<GuildMarker>,
    user_id: Id<UserMarker>,
    communication_disabled_until: Timestamp,
}

impl From<Vec<MemberTimeout>> for Members {
    fn from(list: Vec<MemberTimeout>) -> Self {
        let timeouts = list
            .into_iter()
            .map(|t| {
                (
                    (t.guild_id.get(), t.user_id.get()),
                    t.communication_disabled_until,
                )
            })
            .collect();
        Self { timeouts }
    }
}

impl From<Members> for Vec<MemberTimeout> {
    fn from(members: Members) -> Self {
        members
            .timeouts
            .into_iter()
            .map(|((guild, user), until)| MemberTimeout {
                guild_id: Id::new(guild),
                user_id: Id::new(user),
                communication_disabled_until: until,
            })
            .collect()
    }
}

impl Members {
    /// Until when the member's timeout runs (`None`: never timed out, or
    /// the timeout was removed). A past time stays as the bot set it.
    pub(crate) fn timeout(&self, guild: u64, user: u64) -> Option<Timestamp> {
        self.timeouts.get(&(guild, user)).copied()
    }

    /// Sets (`Some`) or removes (`None`) the member's timeout.
    pub(crate) fn set_timeout(&mut self, guild: u64, user: u64, until: Option<Timestamp>) {
        match until {
            Some(until) => self.timeouts.insert((guild, user), until),
            None => self.timeouts.remove(&(guild, user)),
        };
    }
}

/// Why there is no such member, as Discord's 404s tell it apart.
#[derive(Debug)]
pub(crate) enum MemberLookup {
    /// No such guild (10004).
    UnknownGuild,
    /// No such user in it (10007).
    UnknownMember,
    /// The payload did not form a twilight `Member` (a sandbox bug).
    Model(SandboxError),
}
