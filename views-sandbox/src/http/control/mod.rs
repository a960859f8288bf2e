//! The JSON control API under `/sandbox`: the driver over HTTP, so tests
//! in any language (and a web page) act as Discord users. See docs/sandbox.md.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

mod modal;
mod params;
mod replies;

use hyper::{Method, StatusCode};
use serde_json::{Value, json};
use std::time::Duration;

use crate::http::request::Req;
use crate::http::response::{HttpResponse, Outcome, control_error};
use crate::state::{Outgoing, SharedState};
use params::{bad_request, from_error, id, now_ms, ok, query_param, text};

pub(crate) use replies::wait_replies;

/// Serves one request under `/sandbox` (but `/sandbox/replies/wait` and
/// `/sandbox/events`, which wait).
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
            let submission = modal::read_submission(shared, opened_by, body)?;
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
                None => Err(control_error(StatusCode::NOT_FOUND, "no modal")),
            }
        }
        (&Method::GET, ["replies"]) => {
            let interaction =
                query_param(&req.query, "interaction_id").and_then(|v| v.parse::<u64>().ok());
            let after = query_param(&req.query, "after").and_then(|v| v.parse::<u64>().ok());
            ok(&replies::filter_replies(
                &shared.lock().replies,
                interaction,
                after,
            ))
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
            shared.broadcast(|| Outgoing::Reconnect);
            ok(&json!({"requested": true}))
        }
        (&Method::POST, ["shards", "invalidate"]) => {
            let resumable = body
                .get("resumable")
                .and_then(Value::as_bool)
                .unwrap_or(false);
            shared.broadcast(|| Outgoing::InvalidSession(resumable));
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
        _ => Err(control_error(
            StatusCode::NOT_FOUND,
            "no such control route",
        )),
    }
}
