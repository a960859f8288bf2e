//! Bot messages as REST creates, edits and deletes them: stored, dispatched
//! to the gateway unless ephemeral, and recorded as replies.

use serde_json::{Value, json};
use twilight_model::channel::message::Message;
use twilight_model::id::Id;

use super::errors::{invalid_form_body, model_error, unknown_channel, unknown_message};
use crate::http::response::HttpResponse;
use crate::layout;
use crate::model::{self, NewMessage};
use crate::schema::Violation;
use crate::state::{Reply, ReplyKind, SharedState, StoredMessage, World};

/// Message flag: only the interacting user sees the message.
pub(super) const EPHEMERAL: u64 = 1 << 6;
/// Message flag: a deferred response, shown as "thinking...".
pub(super) const LOADING: u64 = 1 << 7;

pub(super) fn to_json(message: &Message) -> Value {
    serde_json::to_value(message).unwrap_or(Value::Null)
}

/// Creates a bot message; dispatches MESSAGE_CREATE unless ephemeral.
pub(super) fn new_bot_message(
    shared: &SharedState,
    state: &mut World,
    channel: u64,
    body: &Value,
    interaction: Option<(u64, u64)>,
) -> Result<StoredMessage, HttpResponse> {
    let guild_id = state
        .guild_of_channel(channel)
        .ok_or_else(unknown_channel)?;
    let id = state.next_id();
    let app = shared.config.application_id;
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mentions = state.mentioned_users(content);
    // Discord tags interaction responses and follow-ups with the interaction.
    let interaction_metadata =
        interaction.and_then(|(interaction_id, user_id)| metadata(state, interaction_id, user_id));
    // And a command's with the deprecated `interaction`, which names it.
    let command_interaction = interaction.and_then(|(interaction_id, user_id)| {
        let record = state.interactions.get(&interaction_id)?;
        let command = record.command.as_ref()?;
        Some(json!({
            "id": interaction_id.to_string(),
            "type": record.kind,
            "name": command.name,
            "user": state.users.get(&user_id)?,
        }))
    });
    let message = model::message(&NewMessage {
        id,
        channel_id: channel,
        guild_id,
        author: &shared.fixtures.bot,
        webhook_id: interaction.map(|_| app),
        application_id: interaction.map(|_| app),
        body,
        mentions: &mentions,
        interaction_metadata,
        interaction: command_interaction,
    })
    .map_err(|e| model_error(&e))?;
    let ephemeral = body
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|f| f & EPHEMERAL != 0);
    let stored = StoredMessage {
        message,
        ephemeral_for: interaction
            .filter(|_| ephemeral)
            .and_then(|(_, user)| Id::new_checked(user)),
        interaction_id: interaction.and_then(|(id, _)| Id::new_checked(id)),
    };
    state.messages.insert(id, stored.clone());
    if stored.ephemeral_for.is_none() {
        state
            .gateway
            .dispatch(guild_id, "MESSAGE_CREATE", to_json(&stored.message));
    }
    Ok(stored)
}

/// The `interaction_metadata` of a message answering the interaction.
fn metadata(state: &World, interaction_id: u64, user_id: u64) -> Option<Value> {
    let record = state.interactions.get(&interaction_id)?;
    let user = state.users.get(&user_id)?;
    let mut metadata = json!({
        "id": interaction_id.to_string(),
        "type": record.kind,
        "user": user,
        // Installed to the guild ("0"), or to the user in a DM ("1").
        "authorizing_integration_owners": match record.guild_id {
            Some(guild) => json!({"0": guild.to_string()}),
            None => json!({"1": user_id.to_string()}),
        },
    });
    if let Some(source) = record.source_message {
        metadata["interacted_message_id"] = json!(source.to_string());
    }
    if let Some(original) = record.original {
        metadata["original_response_message_id"] = json!(original.to_string());
    }
    if let Some(command) = &record.command {
        if let Some(target) = command.target_user.and_then(|id| state.users.get(&id)) {
            metadata["target_user"] = json!(target);
        }
        if let Some(target) = command.target_message {
            metadata["target_message_id"] = json!(target.to_string());
        }
    }
    Some(metadata)
}

/// Edits a stored message; dispatches MESSAGE_UPDATE unless ephemeral.
/// Edits bot message `id` with `body`, after checking its components as
/// the stored message's kind (`layout::check_edit`); `path` is where the
/// body sits in the request, for the error (`.data` in a callback).
pub(super) fn update_message(
    state: &mut World,
    id: u64,
    body: &Value,
    path: &str,
) -> Result<StoredMessage, HttpResponse> {
    let stored = state
        .messages
        .get(&id)
        .cloned()
        .ok_or_else(unknown_message)?;
    let mut body = body.clone();
    let stored_flags = stored.message.flags.map_or(0, |f| f.bits());
    let violations = layout::check_edit(stored_flags, &mut body);
    if !violations.is_empty() {
        let violations: Vec<Violation> = violations.into_iter().map(|v| v.under(path)).collect();
        return Err(invalid_form_body(&violations));
    }
    // Editing a deferred ("thinking...") response resolves it.
    if body.get("flags").is_none() {
        let flags = stored.message.flags.map_or(0, |f| f.bits());
        if flags & LOADING != 0 {
            body["flags"] = json!(flags & !LOADING);
        }
    }
    let message = model::edit(&stored.message, &body).map_err(|e| model_error(&e))?;
    let updated = StoredMessage { message, ..stored };
    state.messages.insert(id, updated.clone());
    if updated.ephemeral_for.is_none() {
        let guild = updated.message.guild_id.map(Id::get);
        state
            .gateway
            .dispatch(guild, "MESSAGE_UPDATE", to_json(&updated.message));
    }
    Ok(updated)
}

pub(super) fn remove_message(state: &mut World, id: u64) -> Result<StoredMessage, HttpResponse> {
    let stored = state.messages.remove(&id).ok_or_else(unknown_message)?;
    if stored.ephemeral_for.is_none() {
        let message = &stored.message;
        let guild = message.guild_id.map(Id::get);
        let data = json!({"id": message.id, "channel_id": message.channel_id, "guild_id": message.guild_id});
        state.gateway.dispatch(guild, "MESSAGE_DELETE", data);
    }
    Ok(stored)
}

pub(super) fn reply(
    kind: ReplyKind,
    interaction_id: Option<u64>,
    stored: Option<&StoredMessage>,
    message_id: Option<u64>,
    body: &Value,
    keep_message: bool,
) -> Reply {
    Reply {
        seq: 0,
        kind,
        interaction_id: interaction_id.and_then(Id::new_checked),
        channel_id: stored.map(|s| s.message.channel_id),
        message_id: message_id
            .and_then(Id::new_checked)
            .or_else(|| stored.map(|s| s.message.id)),
        ephemeral: stored.is_some_and(|s| s.ephemeral_for.is_some()),
        message: stored.filter(|_| keep_message).map(|s| s.message.clone()),
        body: body.clone(),
    }
}
