//! The driver's actions: users post messages, click buttons, pick select
//! values and submit modals; each becomes a gateway dispatch built from
//! twilight-model types. (Running commands is `command_run`'s.)

use serde_json::{Value, json};
use std::sync::Arc;
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::Message;
use twilight_model::id::Id;
use twilight_model::user::User;

use super::modal_submit::{self, ModalSubmission};
use super::records::{CommandCall, InteractionRecord, OpenModal, StoredMessage};
use super::selection;
use super::shared::SharedState;
use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::interactions_http::Delivery;
use crate::model::{self, NewInteraction, NewMessage};

pub(super) fn unknown_user(id: u64) -> SandboxError {
    SandboxError::new(SandboxErrorKind::UnknownUser { id })
}

/// The interaction `opened_by` and the modal it opened.
pub(crate) fn opened_modal(
    state: &World,
    opened_by: u64,
) -> Result<(InteractionRecord, OpenModal), SandboxError> {
    let unknown = || SandboxError::new(SandboxErrorKind::UnknownInteraction { id: opened_by });
    let record = state.interactions.get(&opened_by).ok_or_else(unknown)?;
    let modal = record.modal.clone().ok_or_else(unknown)?;
    Ok((record.clone(), modal))
}

impl SharedState {
    pub(crate) fn post_user_message(
        &self,
        channel: u64,
        author: u64,
        content: &str,
    ) -> Result<Message, SandboxError> {
        let mut state = self.lock();
        let guild_id = state.guild_of_channel(channel).ok_or(SandboxError::new(
            SandboxErrorKind::UnknownChannel { id: channel },
        ))?;
        let user = state
            .users
            .get(&author)
            .cloned()
            .ok_or_else(|| unknown_user(author))?;
        let id = state.next_id();
        let body = json!({"content": content});
        let mentions = state.mentioned_users(content);
        let message = model::message(&NewMessage {
            id,
            channel_id: channel,
            guild_id,
            author: &user,
            webhook_id: None,
            application_id: None,
            body: &body,
            mentions: &mentions,
            interaction_metadata: None,
            interaction: None,
        })?;
        state.messages.insert(
            id,
            StoredMessage {
                message: message.clone(),
                ephemeral_for: None,
                interaction_id: None,
            },
        );
        let data = serde_json::to_value(&message)
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
        state.gateway.dispatch(guild_id, "MESSAGE_CREATE", data);
        self.changed(&state);
        Ok(message)
    }

    pub(crate) fn component(
        &self,
        message_id: u64,
        custom_id: &str,
        values: &[String],
        user_id: u64,
        is_select: bool,
    ) -> Result<u64, SandboxError> {
        let mut state = self.lock();
        let stored = state
            .messages
            .get(&message_id)
            .cloned()
            .ok_or(SandboxError::new(SandboxErrorKind::UnknownMessage {
                id: message_id,
            }))?;
        let user = state
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(|| unknown_user(user_id))?;
        // An ephemeral message exists only for the user who sees it.
        if stored.ephemeral_for.is_some_and(|u| u.get() != user_id) {
            return Err(SandboxError::new(SandboxErrorKind::NotVisible {
                id: message_id,
                user: user_id,
            }));
        }
        let components = serde_json::to_value(&stored.message.components)
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
        let component = selection::find(&components, custom_id).ok_or_else(|| {
            SandboxError::new(SandboxErrorKind::UnknownComponent {
                custom_id: custom_id.to_owned(),
            })
        })?;
        let (kind, resolved) = selection::check(&state, component, custom_id, values, is_select)?;
        let mut data = json!({"custom_id": custom_id, "component_type": kind, "values": values});
        if !resolved.is_null() {
            data["resolved"] = resolved;
        }
        let guild_id = stored.message.guild_id.map(Id::get);
        let channel_id = stored.message.channel_id.get();
        self.create_interaction(
            &mut state,
            Pending {
                guild_id,
                channel_id,
                user,
                kind: 3,
                message: Some(stored.message),
                data,
                command: None,
            },
        )
    }

    pub(crate) fn submit_modal(
        &self,
        opened_by: u64,
        submission: &ModalSubmission,
        user_id: u64,
    ) -> Result<u64, SandboxError> {
        let mut state = self.lock();
        let (record, modal) = opened_modal(&state, opened_by)?;
        let user = state
            .users
            .get(&user_id)
            .cloned()
            .ok_or_else(|| unknown_user(user_id))?;
        let uploads = modal_submit::UploadTarget {
            base: self.endpoints.main_url(),
            application_id: self.config.application_id,
        };
        let (components, resolved) = modal_submit::build(&mut state, &modal, submission, &uploads)?;
        let message = record
            .source_message
            .and_then(|id| state.messages.get(&id))
            .map(|m| m.message.clone());
        let mut data = json!({"custom_id": modal.custom_id, "components": components});
        if !resolved.is_null() {
            data["resolved"] = resolved;
        }
        self.create_interaction(
            &mut state,
            Pending {
                guild_id: record.guild_id,
                channel_id: record.channel_id,
                user,
                kind: 5,
                message,
                data,
                command: None,
            },
        )
    }

    /// Creates the interaction: recorded, then INTERACTION_CREATE to the
    /// shard of its guild.
    pub(super) fn create_interaction(
        &self,
        state: &mut World,
        p: Pending,
    ) -> Result<u64, SandboxError> {
        let id = state.next_id();
        let token = state.next_token();
        let interaction: Interaction = model::interaction(&NewInteraction {
            id,
            application_id: self.config.application_id,
            token: &token,
            guild_id: p.guild_id,
            channel_id: p.channel_id,
            user: &p.user,
            kind: p.kind,
            message: p.message.as_ref(),
            data: p.data,
        })?;
        let data = serde_json::to_value(&interaction)
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Model, e))?;
        let endpoint = self.interactions_http.is_on().then(|| Delivery {
            id,
            token: token.clone(),
            payload: serde_json::to_vec(&data).unwrap_or_default(),
        });
        state.interactions.insert(
            id,
            InteractionRecord {
                token,
                kind: p.kind,
                created: self.clock.now(),
                acknowledged: false,
                guild_id: p.guild_id,
                channel_id: p.channel_id,
                user_id: p.user.id.get(),
                source_message: p.message.as_ref().map(|m| m.id.get()),
                original: None,
                modal: None,
                command: p.command,
                payload: Some(Arc::new(interaction)),
            },
        );
        match endpoint {
            // The application has an Interactions Endpoint URL: Discord
            // POSTs there instead of using the gateway.
            Some(delivery) => self.interactions_http.send(delivery),
            None => state
                .gateway
                .dispatch(p.guild_id, "INTERACTION_CREATE", data),
        }
        Ok(id)
    }
}

/// An interaction about to be created.
pub(super) struct Pending {
    /// `None` in a DM with the bot.
    pub(super) guild_id: Option<u64>,
    pub(super) channel_id: u64,
    pub(super) user: User,
    /// 2 application command, 3 component, 5 modal submit.
    pub(super) kind: u8,
    /// The message a component is on (and a modal's, when it has one).
    pub(super) message: Option<Message>,
    pub(super) data: Value,
    pub(super) command: Option<CommandCall>,
}
