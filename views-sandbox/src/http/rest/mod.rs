//! Discord's REST API as far as views and their commands need it, with
//! Discord's error codes:
//! an axum [`Router`] of the routes (one file per resource), served under
//! each of the API's prefixes, inside the [`bookkeeping`] middleware that
//! answers a fault a test queued, checks the body, the bot token and the
//! rate limit, and logs every request it answers.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

mod bookkeeping;
mod channels;
mod commands;
pub(crate) mod delivery;
mod errors;
mod interactions;
mod members;
mod messages;
mod ratelimit;
mod webhooks;

use axum::Router;
use axum::extract::{Path, RawQuery, State};
use axum::http::StatusCode;
use axum::middleware::from_fn_with_state;
use axum::routing::{get, post};
use serde_json::{Value, json};
use std::sync::Arc;

use crate::http::request::{API_PREFIXES, JsonBody};
use crate::http::response::{HttpResponse, Outcome, discord_error, json_response};
use crate::ids;
use crate::model;
use crate::state::SharedState;
use errors::{
    method_not_allowed, model_error, unknown_channel, unknown_interaction, unknown_message,
};

type Shared = State<Arc<SharedState>>;

/// The REST API under each of its prefixes, with its bookkeeping.
pub(crate) fn router(shared: Arc<SharedState>) -> Router {
    let routes = routes();
    let mut api = Router::new();
    for prefix in API_PREFIXES {
        api = api.nest(prefix, routes.clone());
    }
    api.layer(from_fn_with_state(Arc::clone(&shared), bookkeeping::around))
        .with_state(shared)
}

/// The routes, relative to the prefix.
fn routes() -> Router<Arc<SharedState>> {
    Router::new()
        .route("/gateway/bot", get(gateway_bot))
        .route("/gateway", get(gateway))
        .route("/users/@me", get(current_user))
        .route("/applications/@me", get(application))
        .route("/oauth2/@me", get(application))
        .route("/oauth2/applications/@me", get(application))
        .route("/channels/{channel}", get(get_channel))
        .route(
            "/channels/{channel}/messages",
            get(list_messages).post(create_message),
        )
        .route(
            "/channels/{channel}/messages/{message}",
            get(get_message).patch(edit_message).delete(delete_message),
        )
        .route(
            "/interactions/{id}/{token}/callback",
            post(interaction_callback),
        )
        .route("/webhooks/{app}/{token}", post(followup))
        .route(
            "/webhooks/{app}/{token}/messages/{message}",
            get(get_response)
                .patch(edit_response)
                .delete(delete_response),
        )
        .merge(commands::routes())
        .merge(members::routes())
        .method_not_allowed_fallback(async || method_not_allowed())
        .fallback(async || discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found"))
}

// A high max_concurrency lets twilight's identify queue start every shard
// at once instead of 5 s apart.
async fn gateway_bot(State(shared): Shared) -> HttpResponse {
    json_response(
        StatusCode::OK,
        &json!({
            "url": shared.endpoints.gateway_url(),
            "shards": shared.config.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 1000,
                "reset_after": 86_400_000, "max_concurrency": 16},
        }),
    )
}

async fn gateway(State(shared): Shared) -> HttpResponse {
    json_response(
        StatusCode::OK,
        &json!({"url": shared.endpoints.gateway_url()}),
    )
}

async fn current_user(State(shared): Shared) -> Outcome {
    let user = model::current_user(shared.config.application_id).map_err(|e| model_error(&e))?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(user).unwrap_or(Value::Null),
    ))
}

async fn application(State(shared): Shared) -> Outcome {
    let app = model::application(shared.config.application_id, &shared.fixtures.bot)
        .map_err(|e| model_error(&e))?;
    Ok(json_response(
        StatusCode::OK,
        &serde_json::to_value(app).unwrap_or(Value::Null),
    ))
}

fn channel_id(channel: &str) -> Result<u64, HttpResponse> {
    ids::parse(channel).ok_or_else(unknown_channel)
}

fn message_id(message: &str) -> Result<u64, HttpResponse> {
    ids::parse(message).ok_or_else(unknown_message)
}

async fn get_channel(State(shared): Shared, Path(channel): Path<String>) -> Outcome {
    channels::get_channel(&shared, channel_id(&channel)?)
}

async fn list_messages(
    State(shared): Shared,
    Path(channel): Path<String>,
    RawQuery(query): RawQuery,
) -> Outcome {
    channels::list_messages(
        &shared,
        channel_id(&channel)?,
        query.as_deref().unwrap_or_default(),
    )
}

async fn create_message(
    State(shared): Shared,
    Path(channel): Path<String>,
    JsonBody(body): JsonBody,
) -> Outcome {
    channels::create_message(&shared, channel_id(&channel)?, &body)
}

type MessagePath = Path<(String, String)>;

async fn get_message(State(shared): Shared, Path((channel, message)): MessagePath) -> Outcome {
    channels::get_message(&shared, channel_id(&channel)?, message_id(&message)?)
}

async fn edit_message(
    State(shared): Shared,
    Path((channel, message)): MessagePath,
    JsonBody(body): JsonBody,
) -> Outcome {
    channels::edit_message(&shared, channel_id(&channel)?, message_id(&message)?, &body)
}

async fn delete_message(State(shared): Shared, Path((channel, message)): MessagePath) -> Outcome {
    channels::delete_message(&shared, channel_id(&channel)?, message_id(&message)?)
}

async fn interaction_callback(
    State(shared): Shared,
    Path((id, token)): Path<(String, String)>,
    RawQuery(query): RawQuery,
    JsonBody(body): JsonBody,
) -> Outcome {
    let id = ids::parse(&id).ok_or_else(unknown_interaction)?;
    interactions::callback(
        &shared,
        id,
        &token,
        &body,
        query.as_deref().unwrap_or_default(),
    )
}

async fn followup(
    State(shared): Shared,
    Path((app, token)): Path<(String, String)>,
    JsonBody(body): JsonBody,
) -> Outcome {
    webhooks::check_app(&shared, &app)?;
    answered(&shared, &token).await;
    webhooks::followup(&shared, &token, &body)
}

type ResponsePath = Path<(String, String, String)>;

async fn get_response(State(shared): Shared, Path((app, token, message)): ResponsePath) -> Outcome {
    webhooks::check_app(&shared, &app)?;
    answered(&shared, &token).await;
    webhooks::get_response(&shared, &token, &message)
}

async fn edit_response(
    State(shared): Shared,
    Path((app, token, message)): ResponsePath,
    JsonBody(body): JsonBody,
) -> Outcome {
    webhooks::check_app(&shared, &app)?;
    answered(&shared, &token).await;
    webhooks::edit_response(&shared, &token, &message, &body)
}

async fn delete_response(
    State(shared): Shared,
    Path((app, token, message)): ResponsePath,
) -> Outcome {
    webhooks::check_app(&shared, &app)?;
    answered(&shared, &token).await;
    webhooks::delete_response(&shared, &token, &message)
}

/// Waits while the bot's HTTP endpoint answer for the interaction of
/// `token` is on its way back: Discord reads the response body before it
/// serves the webhook calls that follow it.
async fn answered(shared: &SharedState, token: &str) {
    shared
        .interactions_http
        .answered(token, shared.config.ack_deadline)
        .await;
}
