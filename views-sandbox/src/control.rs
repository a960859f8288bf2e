//! The JSON control API under `/sandbox`: the driver over HTTP, so tests
//! in any language (and a web page) act as Discord users. See docs/sandbox.md.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

use hyper::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;
use twilight_model::id::Id;

use crate::error::{SandboxError, SandboxErrorKind};
use crate::http::request::Req;
use crate::http::response::{HttpResponse, json_response};
use crate::state::SharedState;
use crate::state::{ModalSubmission, ModalValue};

type Outcome = Result<HttpResponse, HttpResponse>;

fn bad_request(message: &str) -> HttpResponse {
    json_response(StatusCode::BAD_REQUEST, &json!({"error": message}))
}

fn from_error(error: &SandboxError) -> HttpResponse {
    let status = match error.kind() {
        SandboxErrorKind::UnknownChannel { .. }
        | SandboxErrorKind::UnknownMessage { .. }
        | SandboxErrorKind::UnknownUser { .. }
        | SandboxErrorKind::UnknownInteraction { .. }
        | SandboxErrorKind::UnknownComponent { .. }
        | SandboxErrorKind::UnknownField { .. } => StatusCode::NOT_FOUND,
        _ => StatusCode::BAD_REQUEST,
    };
    json_response(status, &json!({"error": error.to_string()}))
}

/// An id given as a JSON string or number.
fn id(body: &Value, field: &str) -> Result<u64, HttpResponse> {
    match body.get(field) {
        Some(Value::String(s)) => s.parse().ok(),
        Some(Value::Number(n)) => n.as_u64(),
        _ => None,
    }
    .ok_or_else(|| bad_request(&format!("`{field}` must be an id (string or number)")))
}

fn text<'a>(body: &'a Value, field: &str) -> Result<&'a str, HttpResponse> {
    body.get(field)
        .and_then(Value::as_str)
        .ok_or_else(|| bad_request(&format!("`{field}` must be a string")))
}

fn ok(value: &impl serde::Serialize) -> Outcome {
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(value).unwrap_or(Value::Null),
    ))
}

/// A clock reading for JSON (a `u128` above `u64::MAX` would not serialize;
/// the clock never reads past that).
fn now_ms(reading: Duration) -> u64 {
    u64::try_from(reading.as_millis()).unwrap_or(u64::MAX)
}

fn query_param<'a>(query: &'a str, name: &str) -> Option<&'a str> {
    query.split('&').find_map(|kv| {
        kv.strip_prefix(name)
            .and_then(|rest| rest.strip_prefix('='))
    })
}

/// `GET /sandbox/replies/wait`: long-polls until a reply matching the
/// `interaction_id` / `after` filters exists, or `timeout_ms` (default 5000,
/// at most 30000) passes; answers the matching replies (`[]` on timeout).
pub(crate) async fn wait_replies(shared: &SharedState, query: &str) -> HttpResponse {
    let interaction = query_param(query, "interaction_id").and_then(|v| v.parse::<u64>().ok());
    let after = query_param(query, "after").and_then(|v| v.parse::<u64>().ok());
    let timeout = query_param(query, "timeout_ms")
        .and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(5000)
        .min(30_000);
    let found = shared
        .wait_for(Duration::from_millis(timeout), |replies| {
            let matching: Vec<_> = filter_replies(replies, interaction, after);
            (!matching.is_empty()).then_some(matching)
        })
        .await
        .unwrap_or_default();
    ok(&found).unwrap_or_else(|e| e)
}

fn filter_replies(
    replies: &[crate::state::Reply],
    interaction: Option<u64>,
    after: Option<u64>,
) -> Vec<crate::state::Reply> {
    replies
        .iter()
        .filter(|r| interaction.is_none_or(|i| r.interaction_id.map(Id::get) == Some(i)))
        .filter(|r| after.is_none_or(|a| r.seq > a))
        .cloned()
        .collect()
}

/// The `fields` object of `POST /sandbox/modal`: custom_id -> a string
/// (text input), `true`/`false` (checkbox) or an array of strings (select
/// values, or the ticked boxes of a checkbox group).
fn modal_fields(
    shared: &SharedState,
    opened_by: u64,
    body: &Value,
) -> Result<ModalSubmission, HttpResponse> {
    let fields = body
        .get("fields")
        .and_then(Value::as_object)
        .ok_or_else(|| bad_request("`fields` must be an object of custom_id -> value"))?;
    let modal = {
        let state = shared.lock();
        crate::state::opened_modal(&state, opened_by)
            .map_err(|e| from_error(&e))?
            .1
    };
    let mut submission = ModalSubmission::new();
    for (custom_id, value) in fields {
        let value = match value {
            Value::String(text) => ModalValue::Text(text.clone()),
            Value::Bool(checked) => ModalValue::Checkbox(*checked),
            Value::Array(items) => {
                let values = items
                    .iter()
                    .map(|v| v.as_str().map(str::to_owned))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| {
                        bad_request(&format!("`fields.{custom_id}` must hold strings only"))
                    })?;
                if crate::state::is_checkbox_group(&modal, custom_id) {
                    ModalValue::CheckboxGroup(values)
                } else {
                    ModalValue::Select(values)
                }
            }
            _ => {
                return Err(bad_request(&format!(
                    "`fields.{custom_id}` must be a string, a boolean or an array of strings"
                )));
            }
        };
        submission = submission.value(custom_id.clone(), value);
    }
    Ok(submission)
}

pub(crate) fn handle(shared: &SharedState, req: &Req) -> HttpResponse {
    route(shared, req).unwrap_or_else(|e| e)
}

fn route(shared: &SharedState, req: &Req) -> Outcome {
    if req.body_error {
        return Err(bad_request("body is not JSON"));
    }
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let empty = json!({});
    let body = req.body.as_ref().unwrap_or(&empty);
    let f = &shared.fixtures;
    match (&req.method, segs.as_slice()) {
        (&Method::GET, []) => ok(&json!({
            "gateway_url": shared.endpoints.gateway_url(),
            "api_url": shared.endpoints.api_url(),
            "web_url": shared.endpoints.web_url(),
            "application_id": shared.config.application_id.to_string(),
            "guild_id": f.guild_id,
            "channel_id": f.channel_id,
            "users": f.users,
        })),
        (&Method::GET, ["channels"]) => {
            let channels: Vec<_> = shared.lock().channels.values().cloned().collect();
            ok(&channels)
        }
        (&Method::GET, ["channels", channel, "messages"]) => {
            let channel = channel.parse().map_err(|_| bad_request("bad channel id"))?;
            ok(&shared.messages(channel))
        }
        (&Method::POST, ["channels", channel, "messages"]) => {
            let channel = channel.parse().map_err(|_| bad_request("bad channel id"))?;
            let message = shared
                .post_user_message(channel, id(body, "author_id")?, text(body, "content")?)
                .map_err(|e| from_error(&e))?;
            ok(&message)
        }
        (&Method::GET, ["users"]) => {
            let users: Vec<_> = shared.lock().users.values().cloned().collect();
            ok(&users)
        }
        (&Method::POST, ["click"]) => {
            let interaction = shared
                .component(
                    id(body, "message_id")?,
                    text(body, "custom_id")?,
                    &[],
                    id(body, "user_id")?,
                    false,
                )
                .map_err(|e| from_error(&e))?;
            ok(&json!({"interaction_id": interaction.to_string()}))
        }
        (&Method::POST, ["select"]) => {
            let values: Vec<String> = body
                .get("values")
                .and_then(Value::as_array)
                .ok_or_else(|| bad_request("`values` must be an array of strings"))?
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect();
            let interaction = shared
                .component(
                    id(body, "message_id")?,
                    text(body, "custom_id")?,
                    &values,
                    id(body, "user_id")?,
                    true,
                )
                .map_err(|e| from_error(&e))?;
            ok(&json!({"interaction_id": interaction.to_string()}))
        }
        (&Method::POST, ["modal"]) => {
            let opened_by = id(body, "interaction_id")?;
            let submission = modal_fields(shared, opened_by, body)?;
            let interaction = shared
                .submit_modal(opened_by, &submission, id(body, "user_id")?)
                .map_err(|e| from_error(&e))?;
            ok(&json!({"interaction_id": interaction.to_string()}))
        }
        (&Method::GET, ["modals", interaction]) => {
            let interaction: u64 = interaction
                .parse()
                .map_err(|_| bad_request("bad interaction id"))?;
            let modal = shared
                .lock()
                .interactions
                .get(&interaction)
                .and_then(|i| i.modal.clone());
            match modal {
                Some(modal) => ok(&modal),
                None => Err(json_response(
                    StatusCode::NOT_FOUND,
                    &json!({"error": "no modal"}),
                )),
            }
        }
        (&Method::GET, ["replies"]) => {
            let interaction =
                query_param(&req.query, "interaction_id").and_then(|v| v.parse::<u64>().ok());
            let after = query_param(&req.query, "after").and_then(|v| v.parse::<u64>().ok());
            ok(&filter_replies(&shared.lock().replies, interaction, after))
        }
        (&Method::POST, ["clock", "pause"]) => {
            shared.clock.pause();
            ok(&json!({"now_ms": now_ms(shared.clock.now())}))
        }
        (&Method::POST, ["clock", "resume"]) => {
            shared.clock.resume();
            ok(&json!({"now_ms": now_ms(shared.clock.now())}))
        }
        (&Method::POST, ["clock", "advance"]) => {
            let ms = body
                .get("ms")
                .and_then(Value::as_u64)
                .ok_or_else(|| bad_request("`ms` must be a whole number of milliseconds"))?;
            let now = shared
                .clock
                .checked_advance(Duration::from_millis(ms))
                .ok_or_else(|| {
                    bad_request(&format!(
                        "`ms` would move the clock past its maximum reading of {} ms",
                        u64::MAX
                    ))
                })?;
            ok(&json!({"now_ms": now_ms(now)}))
        }
        (&Method::GET, ["shards"]) => ok(&shared.lock().gateway.shard_infos()),
        (&Method::POST, ["shards", "reconnect"]) => {
            shared.broadcast(|| crate::state::Outgoing::Reconnect);
            ok(&json!({"requested": true}))
        }
        (&Method::POST, ["shards", "invalidate"]) => {
            let resumable = body
                .get("resumable")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            shared.broadcast(|| crate::state::Outgoing::InvalidSession(resumable));
            ok(&json!({"requested": true}))
        }
        (&Method::POST, ["users"]) => {
            let user = shared
                .add_user(text(body, "name")?)
                .map_err(|e| from_error(&e))?;
            ok(&user)
        }
        (&Method::POST, ["guilds"]) => {
            let name = body.get("name").and_then(Value::as_str).unwrap_or("guild");
            let (guild, channel) = shared.add_guild(name);
            ok(&json!({"guild_id": guild.to_string(), "channel_id": channel.to_string()}))
        }
        _ => Err(json_response(
            StatusCode::NOT_FOUND,
            &json!({"error": "no such control route"}),
        )),
    }
}
