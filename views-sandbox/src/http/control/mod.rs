//! The JSON control API under `/sandbox`: the driver over HTTP, so tests
//! in any language (and a web page) act as Discord users. See docs/sandbox.md.
//! An axum [`Router`] nested at `/sandbox`, inside the guard's
//! [`json_bodies`] middleware; the event stream (`/sandbox/events`) is
//! the web page's.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

mod command;
mod endpoint;
mod modal;
mod params;
mod replies;

use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::Arc;
use std::time::Duration;

use crate::http::guard::{Site, json_bodies};
use crate::http::response::{HttpResponse, Outcome, control_error};
use crate::state::{Outgoing, SharedState};
use params::{ControlBody, bad_request, from_error, id, now_ms, ok, text};
use replies::ReplyFilter;

type Shared = State<Arc<SharedState>>;

/// The control API at `/sandbox`, for the listener at `site`.
pub(crate) fn router(shared: Arc<SharedState>, site: Site) -> Router {
    let routes = Router::new()
        .route("/", get(info))
        .route("/channels", get(channels))
        .route(
            "/channels/{channel}/messages",
            get(channel_messages).post(post_message),
        )
        .route("/users", get(users).post(add_user))
        .route("/guilds", post(add_guild))
        .route("/commands", get(commands))
        .route("/command", post(run_command))
        .route("/click", post(click))
        .route("/select", post(select))
        .route("/modal", post(submit_modal))
        .route("/modals/{interaction}", get(open_modal))
        .route("/replies", get(list_replies))
        .route("/replies/wait", get(replies::wait_replies))
        .route("/clock/pause", post(pause_clock))
        .route("/clock/resume", post(resume_clock))
        .route("/clock/advance", post(advance_clock))
        .route("/shards", get(shards))
        .route("/shards/reconnect", post(reconnect_shards))
        .route("/shards/invalidate", post(invalidate_shards))
        .route(
            "/interactions-endpoint",
            get(endpoint::status)
                .put(endpoint::set)
                .delete(endpoint::clear),
        )
        .method_not_allowed_fallback(async || no_such_route())
        .fallback(async || no_such_route())
        .with_state(shared);
    Router::new()
        .nest("/sandbox", routes)
        .layer(from_fn_with_state(site, json_bodies))
}

fn no_such_route() -> HttpResponse {
    control_error(StatusCode::NOT_FOUND, "no such control route")
}

async fn info(State(shared): Shared) -> Outcome {
    let f = &shared.fixtures;
    ok(&json!({
        "gateway_url": shared.endpoints.gateway_url(),
        "api_url": shared.endpoints.api_url(),
        "web_url": shared.endpoints.web_url(),
        "application_id": shared.config.application_id.to_string(),
        "interactions_public_key": shared.interactions_http.public_key_hex(),
        "guild_id": f.guild_id,
        "channel_id": f.channel_id,
        "users": f.users,
    }))
}

async fn channels(State(shared): Shared) -> Outcome {
    let channels: Vec<_> = shared.lock().channels.values().cloned().collect();
    ok(&channels)
}

fn channel_id(channel: &str) -> Result<u64, HttpResponse> {
    channel.parse().map_err(|_| bad_request("bad channel id"))
}

/// `GET /sandbox/channels/{id}/messages`, all of them (ephemeral ones
/// marked with `ephemeral_for`), or with `?user_id=ID` what that user sees.
async fn channel_messages(
    State(shared): Shared,
    Path(channel): Path<String>,
    Query(query): Query<SeenBy>,
) -> Outcome {
    let mut messages = shared.messages(channel_id(&channel)?);
    if let Some(user) = query.user_id {
        let user: u64 = user.parse().map_err(|_| bad_request("bad user id"))?;
        messages.retain(|m| m.ephemeral_for.is_none_or(|u| u.get() == user));
    }
    ok(&messages)
}

/// A `?user_id=ID` query.
#[derive(Debug, Default, serde::Deserialize)]
struct SeenBy {
    user_id: Option<String>,
}

async fn post_message(
    State(shared): Shared,
    Path(channel): Path<String>,
    ControlBody(body): ControlBody,
) -> Outcome {
    let message = shared
        .post_user_message(
            channel_id(&channel)?,
            id(&body, "author_id")?,
            text(&body, "content")?,
        )
        .map_err(|e| from_error(&e))?;
    ok(&message)
}

/// `GET /sandbox/commands`: every registered command (global, then each
/// guild's); with `?channel_id=ID`, those a user can run there.
async fn commands(State(shared): Shared, Query(query): Query<ChannelQuery>) -> Outcome {
    let state = shared.lock();
    let Some(channel) = query.channel_id else {
        return ok(&state.commands.all());
    };
    let channel = channel_id(&channel)?;
    let guild = state.guild_of_channel(channel).ok_or_else(|| {
        control_error(StatusCode::NOT_FOUND, &format!("unknown channel {channel}"))
    })?;
    ok(&state.commands.available(guild))
}

/// A `?channel_id=ID` query.
#[derive(Debug, Default, serde::Deserialize)]
struct ChannelQuery {
    channel_id: Option<String>,
}

async fn users(State(shared): Shared) -> Outcome {
    let users: Vec<_> = shared.lock().users.values().cloned().collect();
    ok(&users)
}

async fn add_user(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let user = shared
        .add_user(text(&body, "name")?)
        .map_err(|e| from_error(&e))?;
    ok(&user)
}

async fn add_guild(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let name = body.get("name").and_then(Value::as_str).unwrap_or("guild");
    let (guild, channel) = shared.add_guild(name);
    ok(&json!({"guild_id": guild.to_string(), "channel_id": channel.to_string()}))
}

fn interaction_created(interaction: impl ToString) -> Outcome {
    ok(&json!({"interaction_id": interaction.to_string()}))
}

async fn click(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let interaction = shared
        .component(
            id(&body, "message_id")?,
            text(&body, "custom_id")?,
            &[],
            id(&body, "user_id")?,
            false,
        )
        .map_err(|e| from_error(&e))?;
    interaction_created(interaction)
}

async fn select(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let values: Vec<String> = body
        .get("values")
        .and_then(Value::as_array)
        .ok_or_else(|| bad_request("`values` must be an array of strings"))?
        .iter()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect();
    let interaction = shared
        .component(
            id(&body, "message_id")?,
            text(&body, "custom_id")?,
            &values,
            id(&body, "user_id")?,
            true,
        )
        .map_err(|e| from_error(&e))?;
    interaction_created(interaction)
}

async fn run_command(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    interaction_created(command::run(&shared, &body)?)
}

async fn submit_modal(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let opened_by = id(&body, "interaction_id")?;
    let submission = modal::read_submission(&shared, opened_by, &body)?;
    let interaction = shared
        .submit_modal(opened_by, &submission, id(&body, "user_id")?)
        .map_err(|e| from_error(&e))?;
    interaction_created(interaction)
}

async fn open_modal(State(shared): Shared, Path(interaction): Path<String>) -> Outcome {
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

async fn list_replies(State(shared): Shared, Query(filter): Query<ReplyFilter>) -> Outcome {
    ok(&filter.apply(&shared.lock().replies))
}

async fn pause_clock(State(shared): Shared) -> Outcome {
    shared.clock.pause();
    ok(&json!({"now_ms": now_ms(shared.clock.now())}))
}

async fn resume_clock(State(shared): Shared) -> Outcome {
    shared.clock.resume();
    ok(&json!({"now_ms": now_ms(shared.clock.now())}))
}

async fn advance_clock(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
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

async fn shards(State(shared): Shared) -> Outcome {
    ok(&shared.lock().gateway.shard_infos())
}

async fn reconnect_shards(State(shared): Shared) -> Outcome {
    shared.broadcast(|| Outgoing::Reconnect);
    ok(&json!({"requested": true}))
}

async fn invalidate_shards(State(shared): Shared, ControlBody(body): ControlBody) -> Outcome {
    let resumable = body
        .get("resumable")
        .and_then(Value::as_bool)
        .unwrap_or(false);
    shared.broadcast(|| Outgoing::InvalidSession(resumable));
    ok(&json!({"requested": true}))
}
