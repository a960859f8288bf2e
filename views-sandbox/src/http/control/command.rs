//! `POST /sandbox/command`: a user runs an application command.

use serde_json::Value;
use twilight_model::application::command::CommandType;

use super::params::{bad_request, from_error, id, text};
use crate::http::response::HttpResponse;
use crate::state::{Invocation, SharedState};

/// Runs the command the body describes; returns the interaction id.
pub(super) fn run(shared: &SharedState, body: &Value) -> Result<u64, HttpResponse> {
    let name = text(body, "name")?;
    let user = id(body, "user_id")?;
    let channel = match body.get("channel_id") {
        None | Some(Value::Null) => None,
        Some(_) => Some(id(body, "channel_id")?),
    };
    let target = match body.get("target_id") {
        None | Some(Value::Null) => None,
        Some(_) => Some(id(body, "target_id")?),
    };
    let kind = kind(shared, body, target)?;
    if kind != CommandType::Message && channel.is_none() {
        return Err(bad_request("`channel_id` must be an id (string or number)"));
    }
    if kind != CommandType::ChatInput && target.is_none() {
        return Err(bad_request(
            "`target_id` must name the user or message of a context menu command",
        ));
    }
    let options = body.get("options").cloned().unwrap_or(Value::Null);
    shared
        .run_command(&Invocation {
            user,
            channel,
            name,
            kind,
            options: &options,
            target,
        })
        .map_err(|e| from_error(&e))
}

/// The command type: `type` when given; else 1 without a target, and with
/// one 3 when it is a known message, 2 otherwise.
fn kind(
    shared: &SharedState,
    body: &Value,
    target: Option<u64>,
) -> Result<CommandType, HttpResponse> {
    match body.get("type") {
        None | Some(Value::Null) => Ok(match target {
            None => CommandType::ChatInput,
            Some(id) if shared.lock().messages.contains_key(&id) => CommandType::Message,
            Some(_) => CommandType::User,
        }),
        Some(kind) => match kind.as_u64() {
            Some(1) => Ok(CommandType::ChatInput),
            Some(2) => Ok(CommandType::User),
            Some(3) => Ok(CommandType::Message),
            _ => Err(bad_request(
                "`type` must be 1 (chat input), 2 (user) or 3 (message)",
            )),
        },
    }
}
