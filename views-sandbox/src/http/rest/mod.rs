//! Discord's REST API as far as views need it, with Discord's error codes:
//! `handle` answers a fault a test queued or checks the body, the bot token
//! and the rate limit, then routes to the handlers (one file per resource);
//! every request it answers goes to the request log.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

mod channels;
mod errors;
mod interactions;
mod messages;
mod ratelimit;
mod webhooks;

use hyper::{Method, StatusCode};
use serde_json::{Value, json};

use crate::http::request::Req;
use crate::http::response::{HttpResponse, Outcome, discord_error, json_response};
use crate::ids;
use crate::model;
use crate::state::{RestRequest, SharedState};
use errors::{
    method_not_allowed, model_error, unknown_channel, unknown_interaction, unknown_message,
};

/// Serves one request under the REST prefix and logs it: a fault a test
/// queued for its path answers instead, and an interaction token the
/// sandbox does not know is first looked up in the interaction source.
pub(crate) fn handle(shared: &SharedState, req: &Req) -> HttpResponse {
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let token = RestRequest::token_in(&segs);
    let response = match shared.take_fault(&req.path) {
        Some(fault) => json_response(fault.status, &fault.body),
        None => {
            if let Some(token) = &token {
                shared.adopt_unknown_token(token);
            }
            serve(shared, req, &segs)
        }
    };
    shared.log_request(RestRequest {
        seq: 0,
        method: req.method.to_string(),
        path: req.path.clone(),
        token,
        body: req.body.clone().unwrap_or(Value::Null),
        status: response.status().as_u16(),
    });
    response
}

/// Answers one request as Discord would.
fn serve(shared: &SharedState, req: &Req, segs: &[&str]) -> HttpResponse {
    if req.body_error {
        return discord_error(
            StatusCode::BAD_REQUEST,
            50109,
            "The request body contains invalid JSON.",
        );
    }
    let needs_auth = !matches!(segs.first(), Some(&"interactions" | &"webhooks"));
    if needs_auth && !req.authorized {
        return discord_error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized");
    }
    let limit = ratelimit::check(shared, &req.method, segs);
    let result = match limit {
        Err(limited) => return limited,
        Ok(headers) => route(shared, req, segs).map(|mut r| {
            ratelimit::apply(&mut r, headers.as_ref());
            r
        }),
    };
    result.unwrap_or_else(|e| e)
}

fn route(shared: &SharedState, req: &Req, segs: &[&str]) -> Outcome {
    let empty = json!({});
    let body = req.body.as_ref().unwrap_or(&empty);
    match (&req.method, segs) {
        // A high max_concurrency lets twilight's identify queue start every
        // shard at once instead of 5 s apart.
        (&Method::GET, ["gateway", "bot"]) => Ok(json_response(
            StatusCode::OK,
            &json!({
                "url": shared.endpoints.gateway_url(),
                "shards": shared.config.recommended_shards,
                "session_start_limit": {"total": 1000, "remaining": 1000,
                    "reset_after": 86_400_000, "max_concurrency": 16},
            }),
        )),
        (&Method::GET, ["gateway"]) => Ok(json_response(
            StatusCode::OK,
            &json!({"url": shared.endpoints.gateway_url()}),
        )),
        (&Method::GET, ["users", "@me"]) => {
            let user =
                model::current_user(shared.config.application_id).map_err(|e| model_error(&e))?;
            Ok(json_response(
                StatusCode::OK,
                &serde_json::to_value(user).unwrap_or(Value::Null),
            ))
        }
        (&Method::GET, ["applications" | "oauth2", "@me"] | ["oauth2", "applications", "@me"]) => {
            let app = model::application(shared.config.application_id, &shared.fixtures.bot)
                .map_err(|e| model_error(&e))?;
            Ok(json_response(
                StatusCode::OK,
                &serde_json::to_value(app).unwrap_or(Value::Null),
            ))
        }
        (&Method::GET, ["channels", channel]) => {
            let id = ids::parse(channel).ok_or_else(unknown_channel)?;
            channels::get_channel(shared, id)
        }
        (_, ["channels", channel, "messages"]) => {
            let channel = ids::parse(channel).ok_or_else(unknown_channel)?;
            match req.method {
                Method::POST => channels::create_message(shared, channel, body),
                Method::GET => channels::list_messages(shared, channel, &req.query),
                _ => Err(method_not_allowed()),
            }
        }
        (_, ["channels", channel, "messages", message]) => {
            let channel = ids::parse(channel).ok_or_else(unknown_channel)?;
            let message = ids::parse(message).ok_or_else(unknown_message)?;
            match req.method {
                Method::GET => channels::get_message(shared, channel, message),
                Method::PATCH => channels::edit_message(shared, channel, message, body),
                Method::DELETE => channels::delete_message(shared, channel, message),
                _ => Err(method_not_allowed()),
            }
        }
        (&Method::POST, ["interactions", id, token, "callback"]) => {
            let id = ids::parse(id).ok_or_else(unknown_interaction)?;
            interactions::callback(shared, id, token, body, &req.query)
        }
        (&Method::POST, ["webhooks", app, token]) => {
            webhooks::check_app(shared, app)?;
            webhooks::followup(shared, token, body)
        }
        (_, ["webhooks", app, token, "messages", message]) => {
            webhooks::check_app(shared, app)?;
            match req.method {
                Method::GET => webhooks::get_response(shared, token, message),
                Method::PATCH => webhooks::edit_response(shared, token, message, body),
                Method::DELETE => webhooks::delete_response(shared, token, message),
                _ => Err(method_not_allowed()),
            }
        }
        _ => Err(discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found")),
    }
}
