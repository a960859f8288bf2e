//! The driver's application commands: what the bot registered; users run
//! the commands it registered (chat input with options, user and message context menus),
//! in guild channels and in the DM with the bot; and what a test reads
//! back (the payload delivered, what one user sees).

use serde_json::{Map, Value, json};
use twilight_model::application::command::Command;
use twilight_model::application::command::{
    CommandOption, CommandOptionChoiceValue, CommandOptionType, CommandOptionValue, CommandType,
};
use twilight_model::application::interaction::Interaction;
use twilight_model::id::Id;
use twilight_model::id::marker::{
    ChannelMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};

use super::Sandbox;
use crate::error::SandboxError;
use crate::state::{Invocation, StoredMessage};

impl Sandbox {
    /// The application commands the bot registered: the global ones
    /// (`None`) or one guild's, in the order Discord lists them.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#application-commands).
    pub fn commands(&self, guild: Option<Id<GuildMarker>>) -> Vec<Command> {
        self.shared
            .lock()
            .commands
            .scope(guild.map(Id::get))
            .to_vec()
    }

    /// `user` runs the chat-input (slash) command `name` in `channel` (a
    /// guild channel, or the DM from [`Sandbox::dm_channel`]) with
    /// `options`; the bot gets an APPLICATION_COMMAND INTERACTION_CREATE
    /// with the typed options and the users, members, roles and channels
    /// they name in `resolved`, and answers it under Discord's rules, as a
    /// click. Returns the interaction id.
    ///
    /// `options` is an object of option name -> value
    /// (`json!({"count": 3, "who": alice_id})`; a subcommand or group ->
    /// an object of its own options, `json!({"settings": {"set":
    /// {"volume": 5}}})`), or Discord's own list of `{"name", "value"}` /
    /// `{"name", "options"}`; `Value::Null` or `json!({})` for none. Values
    /// are JSON strings, integers, numbers and booleans for those option
    /// types, ids (string or number) for users, channels, roles and
    /// mentionables.
    ///
    /// # Errors
    ///
    /// Nothing is delivered when the Discord client would not send it:
    /// [`SandboxErrorKind::UnknownCommand`](crate::SandboxErrorKind::UnknownCommand)
    /// when the bot registered no such command for this channel (global,
    /// or the channel's guild's), [`SandboxErrorKind::InvalidOption`](crate::SandboxErrorKind::InvalidOption)
    /// for an unknown option, a missing required one, a value of the wrong
    /// type, not among the choices, out of range or length, or naming an
    /// unknown entity; unknown user or channel.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#running-commands).
    pub fn run_command(
        &self,
        user: Id<UserMarker>,
        channel: Id<ChannelMarker>,
        name: &str,
        options: Value,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        self.shared
            .run_command(&Invocation {
                user: user.get(),
                channel: Some(channel.get()),
                name,
                kind: CommandType::ChatInput,
                options: &options,
                target: None,
            })
            .map(Id::new)
    }

    /// `user` runs the user command (context menu, type 2) `name` on
    /// `target` in `channel`; the bot gets `target_id` and the target user
    /// (and member, in a guild) in `resolved`. Returns the interaction id.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::UnknownCommand`](crate::SandboxErrorKind::UnknownCommand),
    /// unknown user, target or channel.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#running-commands).
    pub fn run_user_command(
        &self,
        user: Id<UserMarker>,
        channel: Id<ChannelMarker>,
        name: &str,
        target: Id<UserMarker>,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        self.shared
            .run_command(&Invocation {
                user: user.get(),
                channel: Some(channel.get()),
                name,
                kind: CommandType::User,
                options: &Value::Null,
                target: Some(target.get()),
            })
            .map(Id::new)
    }

    /// `user` runs the message command (context menu, type 3) `name` on
    /// `message`, in the message's channel; the bot gets `target_id` and
    /// the message in `resolved`. Returns the interaction id.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::UnknownCommand`](crate::SandboxErrorKind::UnknownCommand),
    /// unknown user or message, [`SandboxErrorKind::NotVisible`](crate::SandboxErrorKind::NotVisible)
    /// for another user's ephemeral message.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#running-commands).
    pub fn run_message_command(
        &self,
        user: Id<UserMarker>,
        message: Id<MessageMarker>,
        name: &str,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        self.shared
            .run_command(&Invocation {
                user: user.get(),
                channel: None,
                name,
                kind: CommandType::Message,
                options: &Value::Null,
                target: Some(message.get()),
            })
            .map(Id::new)
    }

    /// The DM channel between the bot and `user`, opened on first use (the
    /// same one afterwards). Global commands run there (unless their
    /// `contexts` or `dm_permission` exclude DMs), guild commands do not;
    /// users post there with [`Sandbox::post_user_message`]. DM channels
    /// are not listed in [`Sandbox::channels`] nor kept in the state file.
    ///
    /// # Errors
    ///
    /// Unknown user.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#running-commands).
    pub fn dm_channel(&self, user: Id<UserMarker>) -> Result<Id<ChannelMarker>, SandboxError> {
        self.shared.dm_channel(user.get()).map(Id::new)
    }

    /// The INTERACTION_CREATE payload the sandbox delivered (or adopted)
    /// as `interaction`: for tests that hand it to a router themselves.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#running-commands).
    pub fn interaction(&self, interaction: Id<InteractionMarker>) -> Option<Interaction> {
        let state = self.shared.lock();
        let record = state.interactions.get(&interaction.get())?;
        record.payload.as_deref().cloned()
    }

    /// Messages in `channel` as `user` sees them, oldest first: every
    /// message but the ephemeral ones answering other users.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn messages_seen_by(
        &self,
        channel: Id<ChannelMarker>,
        user: Id<UserMarker>,
    ) -> Vec<StoredMessage> {
        self.messages(channel)
            .into_iter()
            .filter(|m| m.ephemeral_for.is_none_or(|u| u == user))
            .collect()
    }
}

impl Sandbox {
    /// The body of a `POST /sandbox/command` for [`Sandbox::describe`]:
    /// the first chat input command alice can run in `#general`, its
    /// required options filled in, or a placeholder name when the bot
    /// registered none yet.
    pub(super) fn command_example(&self) -> String {
        let f = &self.shared.fixtures;
        let alice = f.users.first().map_or(0, |u| u.id.get());
        let state = self.shared.lock();
        let command = state
            .commands
            .available(Some(f.guild_id.get()))
            .into_iter()
            .find(|c| c.kind == CommandType::ChatInput);
        let (name, options) = match command {
            Some(command) => {
                let mut options = Map::new();
                let mut level = command.options.as_slice();
                let mut path = Vec::new();
                // Into the first subcommand (of the first group), if any.
                while let Some(nested) = level.iter().find(|o| {
                    matches!(
                        o.kind,
                        CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
                    )
                }) {
                    path.push(nested.name.clone());
                    level = nested.options.as_deref().unwrap_or_default();
                }
                for option in level.iter().filter(|o| o.required == Some(true)) {
                    options.insert(option.name.clone(), example(option, f, alice));
                }
                let options = path
                    .into_iter()
                    .rev()
                    .fold(Value::Object(options), |inner, name| json!({ name: inner }));
                (command.name.clone(), options)
            }
            None => ("COMMAND_NAME".to_owned(), json!({})),
        };
        json!({"name": name, "user_id": alice.to_string(),
               "channel_id": f.channel_id.to_string(), "options": options})
        .to_string()
    }
}

/// A value a required option accepts, for the example.
fn example(option: &CommandOption, f: &crate::Fixtures, alice: u64) -> Value {
    if let Some(choice) = option.choices.as_ref().and_then(|c| c.first()) {
        return match &choice.value {
            CommandOptionChoiceValue::String(s) => json!(s),
            CommandOptionChoiceValue::Integer(n) => json!(n),
            CommandOptionChoiceValue::Number(n) => json!(n),
        };
    }
    let minimum = match option.min_value {
        Some(CommandOptionValue::Integer(n)) => json!(n),
        Some(CommandOptionValue::Number(n)) => json!(n),
        None => json!(1),
    };
    match option.kind {
        CommandOptionType::Integer | CommandOptionType::Number => minimum,
        CommandOptionType::Boolean => json!(true),
        CommandOptionType::User | CommandOptionType::Mentionable => json!(alice.to_string()),
        CommandOptionType::Channel => json!(f.channel_id.to_string()),
        CommandOptionType::Role => json!(f.guild_id.to_string()),
        _ => json!("text"),
    }
}
