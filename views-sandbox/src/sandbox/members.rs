//! The driver's view of guild members: what the bot changed about them
//! (a timeout), as the REST API answers it.

use twilight_model::guild::Member;
use twilight_model::id::Id;
use twilight_model::id::marker::{GuildMarker, UserMarker};

use super::Sandbox;
use crate::state::MemberLookup;

impl Sandbox {
    /// The member `user` of `guild` as `GET /guilds/{guild}/members/{user}`
    /// answers it: every known user is a member of every guild, with the
    /// timeout the bot set (`communication_disabled_until`). `None` for an
    /// unknown guild or user.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#guild-members).
    pub fn member(&self, guild: Id<GuildMarker>, user: Id<UserMarker>) -> Option<Member> {
        match self.shared.lock().member(guild.get(), user.get()) {
            Ok(member) => Some(member),
            Err(MemberLookup::UnknownGuild | MemberLookup::UnknownMember) => None,
            Err(MemberLookup::Model(error)) => {
                tracing::error!(%error, "a sandbox member does not parse");
                None
            }
        }
    }
}
