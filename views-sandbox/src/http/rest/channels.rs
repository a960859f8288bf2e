//! `/channels/{id}` and its messages, as the bot uses them.

use axum::http::StatusCode;
use serde_json::Value;

use super::errors::{model_error, unknown_channel, unknown_message, validate};
use super::messages::{new_bot_message, remove_message, reply, to_json, update_message};
use crate::http::response::{HttpResponse, Outcome, discord_error, json_response, no_content};
use crate::model;
use crate::schema::Body;
use crate::state::{ReplyKind, SharedState, StoredMessage, World};

/// `GET /channels/{id}`.
pub(super) fn get_channel(shared: &SharedState, id: u64) -> Outcome {
    let info = shared
        .lock()
        .channels
        .get(&id)
        .cloned()
        .ok_or_else(unknown_channel)?;
    let channel = model::channel(info.id.get(), info.guild_id.get(), &info.name)
        .map_err(|e| model_error(&e))?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(channel).unwrap_or(Value::Null),
    ))
}

pub(super) fn create_message(shared: &SharedState, channel: u64, body: &Value) -> Outcome {
    validate(Body::MessageCreate, body, Some(body))?;
    let mut state = shared.lock();
    let stored = new_bot_message(shared, &mut state, channel, body, None)?;
    let r = reply(
        ReplyKind::CreateMessage,
        None,
        Some(&stored),
        None,
        body,
        true,
    );
    shared.record(&mut state, r);
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

pub(super) fn list_messages(shared: &SharedState, channel: u64, query: &str) -> Outcome {
    let limit = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("limit="))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, 100);
    let state = shared.lock();
    if state.guild_of_channel(channel).is_none() {
        return Err(unknown_channel());
    }
    let list: Vec<Value> = state
        .messages
        .values()
        .rev()
        .filter(|m| m.message.channel_id.get() == channel && m.ephemeral_for.is_none())
        .take(limit)
        .map(|m| to_json(&m.message))
        .collect();
    Ok(json_response(StatusCode::OK, &Value::Array(list)))
}

pub(super) fn get_message(shared: &SharedState, channel: u64, id: u64) -> Outcome {
    let state = shared.lock();
    let stored = channel_message(&state, channel, id)?;
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

pub(super) fn edit_message(shared: &SharedState, channel: u64, id: u64, body: &Value) -> Outcome {
    // The components are checked against the stored message's kind in
    // `update_message` (a V2 message stays V2).
    validate(Body::MessageEdit, body, None)?;
    let mut state = shared.lock();
    let stored = channel_message(&state, channel, id)?;
    if stored.message.author.id != shared.fixtures.bot.id {
        return Err(discord_error(
            StatusCode::FORBIDDEN,
            50005,
            "Cannot edit a message authored by another user",
        ));
    }
    let updated = update_message(&mut state, id, body, "")?;
    let r = reply(
        ReplyKind::EditMessage,
        None,
        Some(&updated),
        None,
        body,
        true,
    );
    shared.record(&mut state, r);
    Ok(json_response(StatusCode::OK, &to_json(&updated.message)))
}

pub(super) fn delete_message(shared: &SharedState, channel: u64, id: u64) -> Outcome {
    let mut state = shared.lock();
    channel_message(&state, channel, id)?;
    let removed = remove_message(&mut state, id)?;
    let r = reply(
        ReplyKind::DeleteMessage,
        None,
        Some(&removed),
        None,
        &Value::Null,
        false,
    );
    shared.record(&mut state, r);
    Ok(no_content())
}

fn channel_message(state: &World, channel: u64, id: u64) -> Result<StoredMessage, HttpResponse> {
    state
        .messages
        .get(&id)
        .filter(|m| m.message.channel_id.get() == channel && m.ephemeral_for.is_none())
        .cloned()
        .ok_or_else(unknown_message)
}
