//! Discord's REST API as far as views need it, with Discord's error codes.

// Handlers return the error response itself as `Err`; it is built once per
// request, so its size does not matter.
#![allow(clippy::result_large_err)]

use hyper::{Method, StatusCode};
use serde_json::{Map, Value, json};
use twilight_model::channel::message::Message;
use twilight_model::id::Id;

use crate::http::request::Req;
use crate::http::response::{HttpResponse, discord_error, json_response, no_content};
use crate::ids;
use crate::layout;
use crate::model::{self, NewMessage};
use crate::schema::{self, Body, Violation};
use crate::state::SharedState;
use crate::state::{Reply, ReplyKind, StoredMessage, World};

const EPHEMERAL: u64 = 1 << 6;
const LOADING: u64 = 1 << 7;

type Outcome = Result<HttpResponse, HttpResponse>;

fn unknown_interaction() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10062, "Unknown interaction")
}

fn unknown_message() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10008, "Unknown Message")
}

fn unknown_webhook() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10015, "Unknown Webhook")
}

pub(crate) fn handle(shared: &SharedState, req: &Req) -> HttpResponse {
    if req.body_error {
        return discord_error(
            StatusCode::BAD_REQUEST,
            50109,
            "The request body contains invalid JSON.",
        );
    }
    let segs: Vec<&str> = req.segments.iter().map(String::as_str).collect();
    let needs_auth = !matches!(segs.first(), Some(&"interactions" | &"webhooks"));
    if needs_auth && !req.authorized {
        return discord_error(StatusCode::UNAUTHORIZED, 0, "401: Unauthorized");
    }
    let limit = crate::ratelimit::check(shared, &req.method, &segs);
    let result = match limit {
        Err(limited) => return limited,
        Ok(headers) => route(shared, req, &segs).map(|mut r| {
            crate::ratelimit::apply(&mut r, headers.as_ref());
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
        (_, ["channels", channel, "messages"]) => {
            let channel = ids::parse(channel).ok_or_else(unknown_channel)?;
            match req.method {
                Method::POST => create_message(shared, channel, body),
                Method::GET => list_messages(shared, channel, &req.query),
                _ => Err(method_not_allowed()),
            }
        }
        (_, ["channels", channel, "messages", message]) => {
            let channel = ids::parse(channel).ok_or_else(unknown_channel)?;
            let message = ids::parse(message).ok_or_else(unknown_message)?;
            match req.method {
                Method::GET => get_message(shared, channel, message),
                Method::PATCH => edit_message(shared, channel, message, body),
                Method::DELETE => delete_message(shared, channel, message),
                _ => Err(method_not_allowed()),
            }
        }
        (&Method::POST, ["interactions", id, token, "callback"]) => {
            let id = ids::parse(id).ok_or_else(unknown_interaction)?;
            callback(shared, id, token, body, &req.query)
        }
        (&Method::POST, ["webhooks", app, token]) => {
            check_app(shared, app)?;
            followup(shared, token, body)
        }
        (_, ["webhooks", app, token, "messages", message]) => {
            check_app(shared, app)?;
            match req.method {
                Method::GET => get_response(shared, token, message),
                Method::PATCH => edit_response(shared, token, message, body),
                Method::DELETE => delete_response(shared, token, message),
                _ => Err(method_not_allowed()),
            }
        }
        _ => Err(discord_error(StatusCode::NOT_FOUND, 0, "404: Not Found")),
    }
}

fn unknown_channel() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10003, "Unknown Channel")
}

fn method_not_allowed() -> HttpResponse {
    discord_error(StatusCode::METHOD_NOT_ALLOWED, 0, "405: Method Not Allowed")
}

fn check_app(shared: &SharedState, app: &str) -> Result<(), HttpResponse> {
    if ids::parse(app) == Some(shared.config.application_id) {
        Ok(())
    } else {
        Err(unknown_webhook())
    }
}

/// Schema plus layout validation; `Err` is Discord's 50035 response.
fn validate(kind: Body, body: &Value, message: Option<&Value>) -> Result<(), HttpResponse> {
    let mut violations = schema::validate(kind, body);
    if let Some(message) = message {
        let prefix = if std::ptr::eq(message, body) {
            ""
        } else {
            ".data"
        };
        violations.extend(
            layout::check_message(message)
                .into_iter()
                .map(|v| Violation {
                    path: format!("{prefix}{}", v.path),
                    message: v.message,
                }),
        );
    }
    if violations.is_empty() {
        Ok(())
    } else {
        Err(invalid_form_body(&violations))
    }
}

/// Discord's `{"code": 50035, "message": "Invalid Form Body", "errors": {...}}`.
pub(crate) fn invalid_form_body(violations: &[Violation]) -> HttpResponse {
    let mut errors = Map::new();
    for violation in violations {
        let parts: Vec<&str> = violation
            .path
            .split('.')
            .filter(|p| !p.is_empty())
            .collect();
        insert_error(&mut errors, &parts, &violation.message);
    }
    tracing::info!(?violations, "sandbox rejected an invalid body");
    json_response(
        StatusCode::BAD_REQUEST,
        &json!({"code": 50035, "message": "Invalid Form Body", "errors": errors}),
    )
}

/// Nests one error under its path, Discord style (`{"a": {"0": {"_errors": [..]}}}`).
fn insert_error(node: &mut Map<String, Value>, path: &[&str], message: &str) {
    match path.split_first() {
        Some((first, rest)) => {
            let entry = node.entry((*first).to_owned()).or_insert_with(|| json!({}));
            if let Some(child) = entry.as_object_mut() {
                insert_error(child, rest, message);
            }
        }
        None => {
            let list = node.entry("_errors").or_insert_with(|| json!([]));
            if let Some(list) = list.as_array_mut() {
                list.push(json!({"code": "BASE_TYPE_INVALID", "message": message}));
            }
        }
    }
}

fn to_json(message: &Message) -> Value {
    serde_json::to_value(message).unwrap_or(Value::Null)
}

fn model_error(error: &crate::SandboxError) -> HttpResponse {
    invalid_form_body(&[Violation {
        path: String::new(),
        message: format!("payload does not form a valid message: {error}"),
    }])
}

/// Creates a bot message; dispatches MESSAGE_CREATE unless ephemeral.
fn new_bot_message(
    shared: &SharedState,
    state: &mut World,
    channel: u64,
    body: &Value,
    interaction: Option<(u64, u64)>,
) -> Result<StoredMessage, HttpResponse> {
    let guild_id = state
        .channels
        .get(&channel)
        .map(|c| c.guild_id.get())
        .ok_or_else(unknown_channel)?;
    let id = state.next_id();
    let app = shared.config.application_id;
    let content = body
        .get("content")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mentions = state.mentioned_users(content);
    // Discord tags interaction responses and follow-ups with the interaction.
    let interaction_metadata = interaction.and_then(|(interaction_id, user_id)| {
        let record = state.interactions.get(&interaction_id)?;
        let user = state.users.get(&user_id)?;
        let mut metadata = json!({
            "id": interaction_id.to_string(),
            "type": record.kind,
            "user": user,
            "authorizing_integration_owners": {"0": record.guild_id.to_string()},
        });
        if let Some(source) = record.source_message {
            metadata["interacted_message_id"] = json!(source.to_string());
        }
        if let Some(original) = record.original {
            metadata["original_response_message_id"] = json!(original.to_string());
        }
        Some(metadata)
    });
    let message = model::message(&NewMessage {
        id,
        channel_id: channel,
        guild_id,
        author: &shared.fixtures.bot,
        webhook_id: interaction.map(|_| app),
        application_id: interaction.map(|_| app),
        body,
        mentions: &mentions,
        interaction_metadata,
    })
    .map_err(|e| model_error(&e))?;
    let ephemeral = body
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|f| f & EPHEMERAL != 0);
    let stored = StoredMessage {
        message,
        ephemeral_for: interaction
            .filter(|_| ephemeral)
            .and_then(|(_, user)| Id::new_checked(user)),
        interaction_id: interaction.and_then(|(id, _)| Id::new_checked(id)),
    };
    state.messages.insert(id, stored.clone());
    if stored.ephemeral_for.is_none() {
        state
            .gateway
            .dispatch(Some(guild_id), "MESSAGE_CREATE", to_json(&stored.message));
    }
    Ok(stored)
}

/// Edits a stored message; dispatches MESSAGE_UPDATE unless ephemeral.
fn update_message(state: &mut World, id: u64, body: &Value) -> Result<StoredMessage, HttpResponse> {
    let stored = state
        .messages
        .get(&id)
        .cloned()
        .ok_or_else(unknown_message)?;
    let mut body = body.clone();
    // Editing a deferred ("thinking...") response resolves it.
    if body.get("flags").is_none() {
        let flags = stored.message.flags.map_or(0, |f| f.bits());
        if flags & LOADING != 0 {
            body["flags"] = json!(flags & !LOADING);
        }
    }
    let message = model::edit(&stored.message, &body).map_err(|e| model_error(&e))?;
    let updated = StoredMessage { message, ..stored };
    state.messages.insert(id, updated.clone());
    if updated.ephemeral_for.is_none() {
        let guild = updated.message.guild_id.map(Id::get);
        state
            .gateway
            .dispatch(guild, "MESSAGE_UPDATE", to_json(&updated.message));
    }
    Ok(updated)
}

fn remove_message(state: &mut World, id: u64) -> Result<StoredMessage, HttpResponse> {
    let stored = state.messages.remove(&id).ok_or_else(unknown_message)?;
    if stored.ephemeral_for.is_none() {
        let message = &stored.message;
        let guild = message.guild_id.map(Id::get);
        let data = json!({"id": message.id, "channel_id": message.channel_id, "guild_id": message.guild_id});
        state.gateway.dispatch(guild, "MESSAGE_DELETE", data);
    }
    Ok(stored)
}

fn reply(
    kind: ReplyKind,
    interaction_id: Option<u64>,
    stored: Option<&StoredMessage>,
    message_id: Option<u64>,
    body: &Value,
    keep_message: bool,
) -> Reply {
    Reply {
        seq: 0,
        kind,
        interaction_id: interaction_id.and_then(Id::new_checked),
        channel_id: stored.map(|s| s.message.channel_id),
        message_id: message_id
            .and_then(Id::new_checked)
            .or_else(|| stored.map(|s| s.message.id)),
        ephemeral: stored.is_some_and(|s| s.ephemeral_for.is_some()),
        message: stored.filter(|_| keep_message).map(|s| s.message.clone()),
        body: body.clone(),
    }
}

fn create_message(shared: &SharedState, channel: u64, body: &Value) -> Outcome {
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

fn list_messages(shared: &SharedState, channel: u64, query: &str) -> Outcome {
    let limit = query
        .split('&')
        .find_map(|kv| kv.strip_prefix("limit="))
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or(50)
        .clamp(1, 100);
    let state = shared.lock();
    if !state.channels.contains_key(&channel) {
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

fn channel_message(state: &World, channel: u64, id: u64) -> Result<StoredMessage, HttpResponse> {
    state
        .messages
        .get(&id)
        .filter(|m| m.message.channel_id.get() == channel && m.ephemeral_for.is_none())
        .cloned()
        .ok_or_else(unknown_message)
}

fn get_message(shared: &SharedState, channel: u64, id: u64) -> Outcome {
    let state = shared.lock();
    let stored = channel_message(&state, channel, id)?;
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

fn edit_message(shared: &SharedState, channel: u64, id: u64, body: &Value) -> Outcome {
    validate(Body::MessageEdit, body, Some(body))?;
    let mut state = shared.lock();
    let stored = channel_message(&state, channel, id)?;
    if stored.message.author.id != shared.fixtures.bot.id {
        return Err(discord_error(
            StatusCode::FORBIDDEN,
            50005,
            "Cannot edit a message authored by another user",
        ));
    }
    let updated = update_message(&mut state, id, body)?;
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

fn delete_message(shared: &SharedState, channel: u64, id: u64) -> Outcome {
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

fn callback(shared: &SharedState, id: u64, token: &str, body: &Value, query: &str) -> Outcome {
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
    let message_data = data.filter(|_| matches!(kind, 4 | 7));
    validate(Body::InteractionCallback, body, message_data)?;
    if kind == 9 {
        let violations: Vec<Violation> = data
            .map(layout::check_modal)
            .unwrap_or_default()
            .into_iter()
            .map(|v| Violation {
                path: format!(".data{}", v.path),
                message: v.message,
            })
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
            Some(update_message(&mut state, source, data)?)
        }
        9 => {
            modal = Some(crate::state::OpenModal {
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

/// The interaction behind a webhook token, checking the 15-minute lifetime.
fn by_token(
    shared: &SharedState,
    state: &World,
    token: &str,
) -> Result<(u64, crate::state::InteractionRecord), HttpResponse> {
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

fn followup(shared: &SharedState, token: &str, body: &Value) -> Outcome {
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

fn get_response(shared: &SharedState, token: &str, message: &str) -> Outcome {
    let state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    let mid = response_id(&state, id, record.original, message)?;
    let stored = state.messages.get(&mid).ok_or_else(unknown_message)?;
    Ok(json_response(StatusCode::OK, &to_json(&stored.message)))
}

fn edit_response(shared: &SharedState, token: &str, message: &str, body: &Value) -> Outcome {
    validate(Body::WebhookEdit, body, Some(body))?;
    let mut state = shared.lock();
    let (id, record) = by_token(shared, &state, token)?;
    let mid = response_id(&state, id, record.original, message)?;
    let updated = update_message(&mut state, mid, body)?;
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

fn delete_response(shared: &SharedState, token: &str, message: &str) -> Outcome {
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
