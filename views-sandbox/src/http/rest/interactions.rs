//! `POST /interactions/{id}/{token}/callback`: the first answer to an
//! interaction, under Discord's rules (once, within the deadline).

use axum::http::StatusCode;
use serde_json::{Value, json};

use super::errors::{invalid_form_body, unknown_interaction, validate};
use super::messages::{EPHEMERAL, LOADING, new_bot_message, reply, to_json, update_message};
use crate::http::response::{Outcome, discord_error, json_response, no_content};
use crate::layout;
use crate::schema::{Body, Violation};
use crate::state::{OpenModal, ReplyKind, SharedState};

/// Interaction type of an application command.
const APPLICATION_COMMAND: u8 = 2;

pub(super) fn callback(
    shared: &SharedState,
    id: u64,
    token: &str,
    body: &Value,
    query: &str,
) -> Outcome {
    let mut state = shared.lock();
    let now = shared.clock.now();
    let record = state
        .interactions
        .get(&id)
        .filter(|r| r.token == token)
        .cloned()
        .ok_or_else(unknown_interaction)?;
    if record.acknowledged {
        return Err(discord_error(
            StatusCode::BAD_REQUEST,
            40060,
            "Interaction has already been acknowledged.",
        ));
    }
    if now.saturating_sub(record.created) > shared.config.ack_deadline {
        return Err(unknown_interaction());
    }
    let kind = body.get("type").and_then(Value::as_u64).unwrap_or(0);
    let data = body.get("data").filter(|d| !d.is_null());
    // A new message (4) is checked here; an update (7) against the message
    // it edits, in `update_message` (a V2 message stays V2).
    let message_data = data.filter(|_| kind == 4);
    validate(Body::InteractionCallback, body, message_data)?;
    // An application command has no message of its own to update.
    if record.kind == APPLICATION_COMMAND && matches!(kind, 6 | 7) {
        return Err(invalid_form_body(&[Violation {
            path: ".type".to_owned(),
            message: format!(
                "Interaction callback type {kind} is not valid for an application command \
                 (there is no message to update): answer with 4, 5 or 9"
            ),
        }]));
    }
    if kind == 9 {
        let violations: Vec<Violation> = data
            .map(layout::check_modal)
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.under(".data"))
            .collect();
        if !violations.is_empty() {
            return Err(invalid_form_body(&violations));
        }
    }
    let empty = json!({});
    let data = data.unwrap_or(&empty);
    let user = (id, record.user_id);
    let mut original = record.original;
    let mut modal = None;
    let stored = match kind {
        4 => Some(new_bot_message(
            shared,
            &mut state,
            record.channel_id,
            data,
            Some(user),
        )?),
        5 => {
            let flags = data.get("flags").and_then(Value::as_u64).unwrap_or(0) | LOADING;
            let deferred = json!({"content": "", "flags": flags});
            Some(new_bot_message(
                shared,
                &mut state,
                record.channel_id,
                &deferred,
                Some(user),
            )?)
        }
        6 => {
            original = record.source_message;
            None
        }
        7 => {
            let source = record.source_message.ok_or_else(|| {
                discord_error(
                    StatusCode::BAD_REQUEST,
                    50035,
                    "Interaction has no message to update",
                )
            })?;
            original = Some(source);
            Some(update_message(&mut state, source, data, ".data")?)
        }
        9 => {
            modal = Some(OpenModal {
                custom_id: data
                    .get("custom_id")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                title: data
                    .get("title")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                components: data.get("components").cloned().unwrap_or(Value::Null),
            });
            None
        }
        _ => None,
    };
    if let Some(stored) = &stored {
        original = Some(stored.message.id.get());
    }
    if let Some(entry) = state.interactions.get_mut(&id) {
        entry.acknowledged = true;
        entry.original = original;
        if modal.is_some() {
            entry.modal = modal;
        }
    }
    let response_type = u8::try_from(kind).unwrap_or(u8::MAX);
    let r = reply(
        ReplyKind::Callback { response_type },
        Some(id),
        stored.as_ref(),
        original,
        body,
        true,
    );
    shared.record(&mut state, r);
    if query.contains("with_response=true") {
        // Discord's InteractionCallbackResponse: what the callback produced.
        let mut interaction = json!({"id": id.to_string(), "type": record.kind});
        if let Some(stored) = &stored {
            let flags = stored.message.flags.map_or(0, |f| f.bits());
            interaction["response_message_id"] = json!(stored.message.id);
            interaction["response_message_loading"] = json!(flags & LOADING != 0);
            interaction["response_message_ephemeral"] = json!(flags & EPHEMERAL != 0);
        }
        let resource =
            json!({"type": kind, "message": stored.as_ref().map(|s| to_json(&s.message))});
        return Ok(json_response(
            StatusCode::OK,
            &json!({"interaction": interaction, "resource": resource}),
        ));
    }
    Ok(no_content())
}
