//! The driver's application commands: users run the commands the bot
//! registered (chat input with options, user and message context menus),
//! in guild channels and in the DM with the bot; and what a test reads
//! back (the payload delivered, what one user sees).

use serde_json::Value;
use twilight_model::application::command::CommandType;
use twilight_model::application::interaction::Interaction;
use twilight_model::id::Id;
use twilight_model::id::marker::{ChannelMarker, InteractionMarker, MessageMarker, UserMarker};

use super::Sandbox;
use crate::error::SandboxError;
use crate::state::{Invocation, StoredMessage};

impl Sandbox {
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
