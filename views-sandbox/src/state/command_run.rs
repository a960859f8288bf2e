//! Users run application commands: a chat-input command with options, a
//! user command on a user, a message command on a message. The command
//! must be one the bot registered for that channel (global, or the
//! guild's), the options must be what the Discord client would send; then
//! the bot gets an APPLICATION_COMMAND INTERACTION_CREATE with the typed
//! options and the `resolved` entities, answered under the same rules as
//! a click. Also the bot's DM channels, where global commands run too.

use serde_json::{Value, json};
use twilight_model::application::command::CommandType;

use super::command_options::{self, Place};
use super::driver::{Pending, unknown_user};
use super::records::CommandCall;
use super::selection::Resolved;
use super::shared::SharedState;
use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};

/// A command a user runs.
#[derive(Clone, Debug)]
pub(crate) struct Invocation<'a> {
    pub(crate) user: u64,
    /// Where; for a message command, the target message's channel when
    /// left out.
    pub(crate) channel: Option<u64>,
    pub(crate) name: &'a str,
    pub(crate) kind: CommandType,
    /// A chat-input command's options (see `command_options`).
    pub(crate) options: &'a Value,
    /// A user or message command's target.
    pub(crate) target: Option<u64>,
}

impl SharedState {
    /// Runs the command; returns the new interaction's id.
    pub(crate) fn run_command(&self, run: &Invocation<'_>) -> Result<u64, SandboxError> {
        let mut state = self.lock();
        let user = state
            .users
            .get(&run.user)
            .cloned()
            .ok_or_else(|| unknown_user(run.user))?;
        let target_message = match run.kind {
            CommandType::Message => Some(target_message(&state, run)?),
            _ => None,
        };
        let channel = run
            .channel
            .or_else(|| target_message.as_ref().map(|m| m.1))
            .ok_or(SandboxError::new(SandboxErrorKind::UnknownChannel {
                id: 0,
            }))?;
        let guild = state.guild_of_channel(channel).ok_or(SandboxError::new(
            SandboxErrorKind::UnknownChannel { id: channel },
        ))?;
        let command = state
            .commands
            .available(guild)
            .into_iter()
            .find(|c| c.kind == run.kind && c.name == run.name)
            .cloned()
            .ok_or_else(|| {
                SandboxError::new(SandboxErrorKind::UnknownCommand {
                    name: run.name.to_owned(),
                })
            })?;
        let mut data = json!({
            "id": command.id.map(|id| id.to_string()),
            "name": command.name,
            "type": u8::from(command.kind),
        });
        if let Some(guild) = command.guild_id {
            data["guild_id"] = json!(guild.to_string());
        }
        let mut call = CommandCall {
            name: command.name.clone(),
            target_user: None,
            target_message: None,
        };
        let resolved = match run.kind {
            CommandType::ChatInput => {
                let place = Place {
                    state: &state,
                    guild,
                };
                let (options, resolved) =
                    command_options::build(&place, &command.options, run.options)?;
                if !options.is_empty() {
                    data["options"] = Value::Array(options);
                }
                resolved
            }
            CommandType::User => {
                let target = run.target.ok_or_else(|| unknown_user(0))?;
                let target_user = state
                    .users
                    .get(&target)
                    .ok_or_else(|| unknown_user(target))?;
                data["target_id"] = json!(target.to_string());
                call.target_user = Some(target);
                let mut resolved = Resolved::default();
                resolved.user(&target.to_string(), target_user, guild.is_some());
                resolved.into_value()
            }
            CommandType::Message => {
                let (message, _) = target_message.unwrap_or_default();
                let id = message
                    .get("id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned();
                data["target_id"] = json!(id);
                call.target_message = id.parse().ok();
                let mut resolved = Resolved::default();
                resolved.message(&id, &message);
                resolved.into_value()
            }
            _ => Value::Null,
        };
        if !resolved.is_null() {
            data["resolved"] = resolved;
        }
        self.create_interaction(
            &mut state,
            Pending {
                guild_id: guild,
                channel_id: channel,
                user,
                kind: 2,
                message: None,
                data,
                command: Some(call),
            },
        )
    }

    /// The DM channel between the bot and `user`, opened on first use.
    pub(crate) fn dm_channel(&self, user: u64) -> Result<u64, SandboxError> {
        let mut state = self.lock();
        if !state.users.contains_key(&user) {
            return Err(unknown_user(user));
        }
        if let Some((channel, _)) = state.dm_channels.iter().find(|(_, u)| **u == user) {
            return Ok(*channel);
        }
        let channel = state.next_id();
        state.dm_channels.insert(channel, user);
        self.changed(&state);
        Ok(channel)
    }
}

/// A message command's target, as JSON, and its channel; the user must
/// see it (an ephemeral message only its user does).
fn target_message(state: &World, run: &Invocation<'_>) -> Result<(Value, u64), SandboxError> {
    let id = run.target.unwrap_or_default();
    let unknown = || SandboxError::new(SandboxErrorKind::UnknownMessage { id });
    let stored = state.messages.get(&id).ok_or_else(unknown)?;
    if stored.ephemeral_for.is_some_and(|u| u.get() != run.user) {
        return Err(SandboxError::new(SandboxErrorKind::NotVisible {
            id,
            user: run.user,
        }));
    }
    let channel = stored.message.channel_id.get();
    if run.channel.is_some_and(|c| c != channel) {
        return Err(unknown());
    }
    let message = serde_json::to_value(&stored.message)
        .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
    Ok((message, channel))
}
