//! The default guild, channel and users every sandbox starts with.

use twilight_model::id::Id;
use twilight_model::id::marker::{ChannelMarker, GuildMarker};
use twilight_model::user::User;

use super::world::World;
use crate::error::SandboxError;
use crate::model;

/// The default guild, channel and users every sandbox starts with.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-control-api).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Fixtures {
    /// The default guild.
    pub guild_id: Id<GuildMarker>,
    /// The default text channel `#general` of the default guild.
    pub channel_id: Id<ChannelMarker>,
    /// Test users: alice, bob, carol.
    pub users: Vec<User>,
    /// The bot user (id = application id).
    pub bot: User,
}

/// Fills a fresh world with the fixtures.
pub(crate) fn seed(world: &mut World, application_id: u64) -> Result<Fixtures, SandboxError> {
    let (guild, channel) = world.add_guild("sandbox");
    if let Some(info) = world.channels.get_mut(&channel) {
        info.name = "general".to_owned();
    }
    let mut users = Vec::new();
    for name in ["alice", "bob", "carol"] {
        let id = world.next_id();
        let user = model::user(id, name, false)?;
        world.users.insert(id, user.clone());
        users.push(user);
    }
    let bot = add_bot(world, application_id)?;
    Ok(Fixtures {
        guild_id: Id::new(guild),
        channel_id: Id::new(channel),
        users,
        bot,
    })
}

/// The bot user, from the configuration at every start.
pub(crate) fn add_bot(world: &mut World, application_id: u64) -> Result<User, SandboxError> {
    let bot = model::user(application_id, "sandbox-bot", true)?;
    world.users.insert(application_id, bot.clone());
    Ok(bot)
}
