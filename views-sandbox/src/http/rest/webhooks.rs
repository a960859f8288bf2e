//! `/webhooks/{app}/{token}`: follow-up messages and the interaction's
//! `@original` response, under the 15-minute token lifetime.

use axum::http::StatusCode;
use serde_json::Value;
use twilight_model::id::Id;

use super::errors::{unknown_interaction, unknown_message, unknown_webhook, validate};
use super::messages::{new_bot_message, remove_message, reply, to_json, update_message};
use crate::http::response::{HttpResponse, Outcome, json_response, no_content};
use crate::ids;
use crate::schema::Body;
use crate::state::{InteractionRecord, ReplyKind, SharedState, World};

pub(super) fn check_app(shared: &SharedState, app: &str) -> Result<(), HttpResponse> {
    if ids::parse(app) == Some(shared.config.application_id) {
        Ok(())
    } else {
        Err(unknown_webhook())
    }
}

pub(super) fn followup(shared: &SharedState, token: &str, body: &Value) -> Outcome {
    validate(Body::WebhookExecute, body, Some(body))?;
    let mut state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    if !record.acknowledged {
        return Err(unknown_webhook());
    }
    let stored = new_bot_message(
        shared,
        &mut state,
        record.channel_id,
        body,
        Some((id, record.user_id)),
    )?;
    let r = reply(
        ReplyKind::Followup,
        Some(id),
        Some(&stored),
        None,
        body,
        true,
    );
    shared.record(&mut state, r);
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

pub(super) fn get_response(shared: &SharedState, token: &str, message: &str) -> Outcome {
    let state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    let mid = response_id(&state, id, record.original, message)?;
    let stored = state.messages.get(&mid).ok_or_else(unknown_message)?;
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

pub(super) fn edit_response(
    shared: &SharedState,
    token: &str,
    message: &str,
    body: &Value,
) -> Outcome {
    // The components are checked against the stored message's kind in
    // `update_message` (a V2 message stays V2).
    validate(Body::WebhookEdit, body, None)?;
    let mut state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    let mid = response_id(&state, id, record.original, message)?;
    let updated = update_message(&mut state, mid, body, "")?;
    let r = reply(
        ReplyKind::EditResponse,
        Some(id),
        Some(&updated),
        None,
        body,
        true,
    );
    shared.record(&mut state, r);
    Ok(json_response(StatusCode::OK, &to_json(&updated.message)))
}

pub(super) fn delete_response(shared: &SharedState, token: &str, message: &str) -> Outcome {
    let mut state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    let mid = response_id(&state, id, record.original, message)?;
    let removed = remove_message(&mut state, mid)?;
    let r = reply(
        ReplyKind::DeleteResponse,
        Some(id),
        Some(&removed),
        None,
        &Value::Null,
        false,
    );
    shared.record(&mut state, r);
    Ok(no_content())
}

/// The interaction behind a webhook token, checking the 15-minute lifetime.
fn by_token(
    shared: &SharedState,
    state: &World,
    token: &str,
) -> Result<(u64, InteractionRecord), HttpResponse> {
    let (id, record) = state
        .interactions
        .iter()
        .find(|(_, r)| r.token == token)
        .map(|(id, r)| (*id, r.clone()))
        .ok_or_else(unknown_webhook)?;
    if shared.clock.now().saturating_sub(record.created) > shared.config.token_lifetime {
        return Err(unknown_interaction());
    }
    Ok((id, record))
}

/// Resolves `@original` or a follow-up id of this interaction.
fn response_id(
    state: &World,
    id: u64,
    original: Option<u64>,
    message: &str,
) -> Result<u64, HttpResponse> {
    if message == "@original" {
        return original.ok_or_else(unknown_message);
    }
    let message = ids::parse(message).ok_or_else(unknown_message)?;
    let belongs = Some(message) == original
        || state
            .messages
            .get(&message)
            .is_some_and(|m| m.interaction_id.map(Id::get) == Some(id));
    if belongs {
        Ok(message)
    } else {
        Err(unknown_message())
    }
}
