//! `POST /sandbox/command`: a user runs an application command. Refusals
//! the Discord client would make are answered in Discord's own shape: 404
//! `{"code": 10063, "message": "Unknown application command"}` for a
//! command the bot did not register there, 400 `{"code": 50035, "message":
//! "Invalid Form Body", "errors": {"options": {NAME: {"_errors": [..]}}}}`
//! for options it would not send.

use axum::http::StatusCode;
use serde_json::{Map, Value, json};
use twilight_model::application::command::CommandType;

use super::params::{bad_request, from_error, id, text};
use crate::error::{SandboxError, SandboxErrorKind};
use crate::http::response::{HttpResponse, discord_error, json_response};
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
        .map_err(|e| refusal(&e))
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

/// A driver error as the control API answers it: Discord's shape for an
/// unknown command and for invalid options.
fn refusal(error: &SandboxError) -> HttpResponse {
    match error.kind() {
        SandboxErrorKind::UnknownCommand { .. } => {
            discord_error(StatusCode::NOT_FOUND, 10063, "Unknown application command")
        }
        SandboxErrorKind::InvalidOption { name, .. } => {
            let mut errors = json!({"_errors": [
                {"code": "BASE_TYPE_INVALID", "message": error.to_string()}]});
            for part in name.split('.').filter(|p| !p.is_empty()).rev() {
                let mut parent = Map::new();
                parent.insert(part.to_owned(), errors);
                errors = Value::Object(parent);
            }
            json_response(
                StatusCode::BAD_REQUEST,
                &json!({"code": 50035, "message": "Invalid Form Body",
                        "errors": {"options": errors}}),
            )
        }
        _ => from_error(error),
    }
}
