//! The application commands the bot registered, as Discord keeps them:
//! global ones and each guild's, with their ids and versions. What a user
//! can run in a channel is the global commands (in a DM, those allowed
//! there) plus, in a guild channel, that guild's.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use twilight_model::application::command::Command;
use twilight_model::application::interaction::InteractionContextType;

/// The registered commands.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub(crate) struct Commands {
    global: Vec<Command>,
    guilds: BTreeMap<u64, Vec<Command>>,
}

impl Commands {
    /// The commands of a scope: global (`None`) or one guild's.
    pub(crate) fn scope(&self, guild: Option<u64>) -> &[Command] {
        match guild {
            None => &self.global,
            Some(guild) => self.guilds.get(&guild).map_or(&[], Vec::as_slice),
        }
    }

    pub(crate) fn scope_mut(&mut self, guild: Option<u64>) -> &mut Vec<Command> {
        match guild {
            None => &mut self.global,
            Some(guild) => self.guilds.entry(guild).or_default(),
        }
    }

    /// One command of a scope by id.
    pub(crate) fn get(&self, guild: Option<u64>, id: u64) -> Option<&Command> {
        self.scope(guild)
            .iter()
            .find(|c| c.id.is_some_and(|i| i.get() == id))
    }

    /// Every command: the global ones, then each guild's.
    pub(crate) fn all(&self) -> Vec<Command> {
        self.global
            .iter()
            .chain(self.guilds.values().flatten())
            .cloned()
            .collect()
    }

    /// The commands a user can run in a channel of `guild` (`None`: a DM
    /// with the bot), guild commands first, as Discord's picker lists them.
    pub(crate) fn available(&self, guild: Option<u64>) -> Vec<&Command> {
        let context = if guild.is_some() {
            InteractionContextType::Guild
        } else {
            InteractionContextType::BotDm
        };
        let own = guild.map_or(&[][..], |g| self.scope(Some(g)));
        own.iter()
            .chain(self.global.iter().filter(|c| allowed_in(c, context)))
            .collect()
    }
}

/// Whether a global command may be used in `context`: its `contexts`
/// when set (all when not), and no `dm_permission: false` for DMs.
#[allow(deprecated)]
fn allowed_in(command: &Command, context: InteractionContextType) -> bool {
    let listed = command
        .contexts
        .as_ref()
        .is_none_or(|contexts| contexts.contains(&context));
    let dm_refused =
        context == InteractionContextType::BotDm && command.dm_permission == Some(false);
    listed && !dm_refused
}
