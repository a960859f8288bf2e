//! Interactions built outside the sandbox (a test's hand-made payload, a
//! recorded one) made known to it, so the bot's answers to them meet
//! Discord's rules as if the sandbox had created them: adopted one by one,
//! or looked up in the interaction source when a REST call names a token
//! the sandbox does not know. Adopted interactions from a DM are answered in
//! a DM channel kept for them (`World::dm_channels`).

use std::sync::{Arc, PoisonError};
use twilight_model::application::command::CommandType;
use twilight_model::application::interaction::{Interaction, InteractionData};
use twilight_model::channel::message::MessageFlags;
use twilight_model::id::Id;

use super::records::{ChannelInfo, CommandCall, InteractionRecord, StoredMessage};
use super::shared::SharedState;
use crate::error::{SandboxError, SandboxErrorKind};

impl SharedState {
    /// Records `interaction` as if the sandbox had created it now, adding
    /// its guild, channel, user and message when they are unknown (the
    /// message as the payload carries it). Nothing is dispatched. `false`
    /// if the interaction was known already.
    pub(crate) fn adopt_interaction(
        &self,
        interaction: &Interaction,
    ) -> Result<bool, SandboxError> {
        let refuse = |reason: &str| {
            SandboxError::new(SandboxErrorKind::NotAdoptable {
                id: interaction.id.get(),
                reason: reason.to_owned(),
            })
        };
        if interaction.application_id.get() != self.config.application_id {
            return Err(refuse(&format!(
                "it is for application {}, the sandbox is application {}",
                interaction.application_id, self.config.application_id
            )));
        }
        let guild_id = interaction.guild_id;
        // Hand-made payloads often carry only the deprecated `channel_id`.
        #[allow(deprecated)]
        let channel_id = interaction.channel_id;
        let channel_id = interaction
            .channel
            .as_ref()
            .map(|channel| channel.id)
            .or(channel_id)
            .ok_or_else(|| refuse("it has no channel"))?;
        let user = interaction
            .author()
            .cloned()
            .ok_or_else(|| refuse("it has no user or member"))?;
        let kind = serde_json::to_value(interaction.kind)
            .ok()
            .and_then(|kind| kind.as_u64())
            .and_then(|kind| u8::try_from(kind).ok())
            .unwrap_or(0);
        let mut state = self.lock();
        if state.interactions.contains_key(&interaction.id.get()) {
            return Ok(false);
        }
        match guild_id {
            Some(guild_id) => {
                if !state.guilds.contains(&guild_id.get()) {
                    state.guilds.push(guild_id.get());
                }
                state
                    .channels
                    .entry(channel_id.get())
                    .or_insert_with(|| ChannelInfo {
                        id: channel_id,
                        guild_id,
                        name: interaction
                            .channel
                            .as_ref()
                            .and_then(|channel| channel.name.clone())
                            .unwrap_or_else(|| format!("channel-{channel_id}")),
                    });
            }
            // A DM: answered in a channel kept for it, not listed.
            None if !state.channels.contains_key(&channel_id.get()) => {
                state
                    .dm_channels
                    .entry(channel_id.get())
                    .or_insert(user.id.get());
            }
            None => return Err(refuse("it has no guild_id but names a guild channel")),
        }
        state
            .users
            .entry(user.id.get())
            .or_insert_with(|| user.clone());
        if let Some(message) = &interaction.message {
            let mut message = message.clone();
            message.guild_id = message.guild_id.or(guild_id);
            // An ephemeral message is seen only by the user who clicked it.
            let ephemeral = message
                .flags
                .is_some_and(|flags| flags.contains(MessageFlags::EPHEMERAL));
            state
                .messages
                .entry(message.id.get())
                .or_insert_with(|| StoredMessage {
                    message,
                    ephemeral_for: ephemeral.then_some(user.id),
                    interaction_id: None,
                });
        }
        state.interactions.insert(
            interaction.id.get(),
            InteractionRecord {
                token: interaction.token.clone(),
                kind,
                created: self.clock.now(),
                acknowledged: false,
                guild_id: guild_id.map(Id::get),
                channel_id: channel_id.get(),
                user_id: user.id.get(),
                source_message: interaction.message.as_ref().map(|m| m.id.get()),
                original: None,
                modal: None,
                command: command_call(interaction),
                payload: Some(Arc::new(interaction.clone())),
            },
        );
        self.changed(&state);
        Ok(true)
    }

    /// Before a REST call naming `token`: if no interaction has it, asks
    /// the interaction source and adopts what it returns.
    pub(crate) fn adopt_unknown_token(&self, token: &str) {
        let source = self
            .interaction_source
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone();
        let Some(source) = source else { return };
        if self.lock().interactions.values().any(|r| r.token == token) {
            return;
        }
        // Outside the lock: the source is the caller's code.
        let Some(interaction) = (source.0)(token) else {
            return;
        };
        if let Err(error) = self.adopt_interaction(&interaction) {
            tracing::warn!(%error, "sandbox could not adopt an interaction from its source");
        }
    }
}

/// The command an adopted application command interaction ran.
fn command_call(interaction: &Interaction) -> Option<CommandCall> {
    let Some(InteractionData::ApplicationCommand(data)) = &interaction.data else {
        return None;
    };
    let target = data.target_id.map(Id::get);
    Some(CommandCall {
        name: data.name.clone(),
        target_user: target.filter(|_| data.kind == CommandType::User),
        target_message: target.filter(|_| data.kind == CommandType::Message),
    })
}
