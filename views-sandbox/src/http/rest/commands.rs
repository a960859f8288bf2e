//! `/applications/{app}/commands` and `/applications/{app}/guilds/{guild}/commands`:
//! registering application commands as Discord does. Bodies are checked
//! against the OpenAPI schema and the command rules; `POST` of a name the
//! scope has for that type updates that command (200) instead of creating
//! one (201); `PUT` replaces the whole set, keeping the ids of commands it
//! names again (by id, or by name and type); each change gets a new
//! version. Answers are twilight-model `Command`s.

use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::routing::get;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use twilight_model::application::command::Command;

use super::errors::{invalid_form_body, model_error, validate};
use crate::command_rules;
use crate::http::request::JsonBody;
use crate::http::response::{HttpResponse, Outcome, discord_error, json_response, no_content};
use crate::ids;
use crate::model;
use crate::schema::Body;
use crate::state::{SharedState, World};

type Shared = State<Arc<SharedState>>;

/// The fields of a command body the sandbox keeps (others, such as the
/// `id` and `version` twilight sends back in a set, are Discord's own).
const FIELDS: [&str; 11] = [
    "name",
    "name_localizations",
    "description",
    "description_localizations",
    "options",
    "default_member_permissions",
    "dm_permission",
    "contexts",
    "integration_types",
    "nsfw",
    "type",
];

/// The routes, relative to the REST prefix.
pub(super) fn routes() -> Router<Arc<SharedState>> {
    Router::new()
        .route(
            "/applications/{app}/commands",
            get(list_global).put(overwrite_global).post(create_global),
        )
        .route(
            "/applications/{app}/commands/{command}",
            get(get_global).patch(edit_global).delete(delete_global),
        )
        .route(
            "/applications/{app}/guilds/{guild}/commands",
            get(list_guild).put(overwrite_guild).post(create_guild),
        )
        .route(
            "/applications/{app}/guilds/{guild}/commands/{command}",
            get(get_guild).patch(edit_guild).delete(delete_guild),
        )
}

pub(super) fn unknown_command() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10063, "Unknown application command")
}

fn unknown_guild() -> HttpResponse {
    discord_error(StatusCode::NOT_FOUND, 10004, "Unknown Guild")
}

/// Global (`None`) or a guild's commands, after checking the path's
/// application (the bot's own) and guild (a known one).
fn scope(
    shared: &SharedState,
    app: &str,
    guild: Option<&str>,
) -> Result<Option<u64>, HttpResponse> {
    if ids::parse(app) != Some(shared.config.application_id) {
        return Err(discord_error(
            StatusCode::FORBIDDEN,
            50001,
            "Missing Access",
        ));
    }
    let Some(guild) = guild else { return Ok(None) };
    let guild = ids::parse(guild).ok_or_else(unknown_guild)?;
    if shared.lock().guilds.contains(&guild) {
        Ok(Some(guild))
    } else {
        Err(unknown_guild())
    }
}

fn command_json(command: &Command) -> Value {
    serde_json::to_value(command).unwrap_or(Value::Null)
}

fn list_json(commands: &[Command]) -> Value {
    Value::Array(commands.iter().map(command_json).collect())
}

fn list(shared: &SharedState, guild: Option<u64>) -> Outcome {
    let state = shared.lock();
    Ok(json_response(
        StatusCode::OK,
        &list_json(state.commands.scope(guild)),
    ))
}

fn get_one(shared: &SharedState, guild: Option<u64>, command: &str) -> Outcome {
    let id = ids::parse(command).ok_or_else(unknown_command)?;
    let state = shared.lock();
    let found = state.commands.get(guild, id).ok_or_else(unknown_command)?;
    Ok(json_response(StatusCode::OK, &command_json(found)))
}

/// The stored command for a body: Discord's defaults filled in, the ids
/// given, `default_member_permissions` as the string Discord answers with.
fn build(
    shared: &SharedState,
    body: &Value,
    guild: Option<u64>,
    id: u64,
    version: u64,
) -> Result<Command, HttpResponse> {
    let mut value = Map::new();
    for field in FIELDS {
        if let Some(v) = body.get(field).filter(|v| !v.is_null()) {
            value.insert(field.to_owned(), v.clone());
        }
    }
    value.insert("id".to_owned(), json!(id.to_string()));
    value.insert(
        "application_id".to_owned(),
        json!(shared.config.application_id.to_string()),
    );
    value.insert("version".to_owned(), json!(version.to_string()));
    value.entry("type").or_insert(json!(1));
    value.entry("description").or_insert(json!(""));
    value.entry("options").or_insert(json!([]));
    value.entry("nsfw").or_insert(json!(false));
    value.entry("integration_types").or_insert(json!([0]));
    let permissions = match body.get("default_member_permissions") {
        Some(Value::Number(n)) => json!(n.to_string()),
        Some(Value::String(s)) => json!(s),
        _ => Value::Null,
    };
    value.insert("default_member_permissions".to_owned(), permissions);
    match guild {
        Some(guild) => {
            value.insert("guild_id".to_owned(), json!(guild.to_string()));
            // Only global commands have a DM setting.
            value.remove("dm_permission");
        }
        None => {
            value.entry("dm_permission").or_insert(json!(true));
        }
    }
    model::parse(Value::Object(value)).map_err(|e| model_error(&e))
}

/// The command's fields a body can set, as they are now (for a `PATCH`).
fn editable(command: &Command) -> Value {
    let mut value = command_json(command);
    if let Some(map) = value.as_object_mut() {
        map.retain(|key, _| FIELDS.contains(&key.as_str()));
    }
    value
}

/// Whether two commands differ in anything but their version.
fn changed(old: &Command, new: &Command) -> bool {
    let mut new = new.clone();
    new.version = old.version;
    &new != old
}

fn create(shared: &SharedState, guild: Option<u64>, body: &Value) -> Outcome {
    validate(Body::CommandCreate, body, None)?;
    rules(command_rules::check_command(body, ""))?;
    let mut state = shared.lock();
    let kind = command_rules::kind(body);
    let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
    let existing = position(&state, guild, kind, name);
    let id = match existing {
        Some(at) => state.commands.scope(guild)[at].id.map_or(0, |id| id.get()),
        None => state.next_id(),
    };
    let version = state.next_id();
    let command = build(shared, body, guild, id, version)?;
    let status = match existing {
        Some(at) => {
            state.commands.scope_mut(guild)[at] = command.clone();
            StatusCode::OK
        }
        None => {
            state.commands.scope_mut(guild).push(command.clone());
            StatusCode::CREATED
        }
    };
    shared.changed(&state);
    Ok(json_response(status, &command_json(&command)))
}

/// Where the scope has a command of this type and name.
fn position(state: &World, guild: Option<u64>, kind: u64, name: &str) -> Option<usize> {
    state
        .commands
        .scope(guild)
        .iter()
        .position(|c| u64::from(u8::from(c.kind)) == kind && c.name == name)
}

fn overwrite(shared: &SharedState, guild: Option<u64>, body: &Value) -> Outcome {
    validate(Body::CommandOverwrite, body, None)?;
    let bodies = body.as_array().map_or(&[][..], Vec::as_slice);
    rules(command_rules::check_set(bodies))?;
    let mut state = shared.lock();
    let mut set = Vec::with_capacity(bodies.len());
    for body in bodies {
        let kind = command_rules::kind(body);
        let name = body.get("name").and_then(Value::as_str).unwrap_or_default();
        // The command it replaces: named by id, or with the same name and type.
        let by_id = body
            .get("id")
            .and_then(Value::as_str)
            .and_then(ids::parse)
            .and_then(|id| state.commands.get(guild, id));
        let old = by_id
            .or_else(|| {
                position(&state, guild, kind, name).map(|at| &state.commands.scope(guild)[at])
            })
            .cloned();
        let command = match old {
            Some(old) => {
                let id = old.id.map_or(0, |id| id.get());
                let same = build(shared, body, guild, id, old.version.get())?;
                if changed(&old, &same) {
                    let version = state.next_id();
                    build(shared, body, guild, id, version)?
                } else {
                    same
                }
            }
            None => {
                let id = state.next_id();
                let version = state.next_id();
                build(shared, body, guild, id, version)?
            }
        };
        set.push(command);
    }
    *state.commands.scope_mut(guild) = set.clone();
    shared.changed(&state);
    Ok(json_response(StatusCode::OK, &list_json(&set)))
}

fn edit(shared: &SharedState, guild: Option<u64>, command: &str, body: &Value) -> Outcome {
    let id = ids::parse(command).ok_or_else(unknown_command)?;
    validate(Body::CommandEdit, body, None)?;
    let mut state = shared.lock();
    let old = state
        .commands
        .get(guild, id)
        .cloned()
        .ok_or_else(unknown_command)?;
    let mut merged = editable(&old);
    for field in FIELDS.iter().filter(|f| **f != "type") {
        if let Some(value) = body.get(*field) {
            merged[*field] = value.clone();
        }
    }
    rules(command_rules::check_command(&merged, ""))?;
    let kind = u64::from(u8::from(old.kind));
    let name = merged
        .get("name")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let clash = position(&state, guild, kind, name)
        .is_some_and(|at| state.commands.scope(guild)[at].id != old.id);
    if clash {
        return Err(invalid_form_body(&[crate::schema::Violation {
            path: ".name".to_owned(),
            message: "Application command names must be unique".to_owned(),
        }]));
    }
    let version = state.next_id();
    let updated = build(shared, &merged, guild, id, version)?;
    let updated = if changed(&old, &updated) {
        updated
    } else {
        old
    };
    if let Some(slot) = state
        .commands
        .scope_mut(guild)
        .iter_mut()
        .find(|c| c.id == updated.id)
    {
        *slot = updated.clone();
    }
    shared.changed(&state);
    Ok(json_response(StatusCode::OK, &command_json(&updated)))
}

fn delete(shared: &SharedState, guild: Option<u64>, command: &str) -> Outcome {
    let id = ids::parse(command).ok_or_else(unknown_command)?;
    let mut state = shared.lock();
    let commands = state.commands.scope_mut(guild);
    let before = commands.len();
    commands.retain(|c| c.id.is_none_or(|i| i.get() != id));
    if commands.len() == before {
        return Err(unknown_command());
    }
    shared.changed(&state);
    Ok(no_content())
}

/// The command rules' violations as Discord's 50035.
fn rules(violations: Vec<crate::schema::Violation>) -> Result<(), HttpResponse> {
    if violations.is_empty() {
        Ok(())
    } else {
        Err(invalid_form_body(&violations))
    }
}

async fn list_global(State(shared): Shared, Path(app): Path<String>) -> Outcome {
    list(&shared, scope(&shared, &app, None)?)
}

async fn create_global(
    State(shared): Shared,
    Path(app): Path<String>,
    JsonBody(body): JsonBody,
) -> Outcome {
    create(&shared, scope(&shared, &app, None)?, &body)
}

async fn overwrite_global(
    State(shared): Shared,
    Path(app): Path<String>,
    JsonBody(body): JsonBody,
) -> Outcome {
    overwrite(&shared, scope(&shared, &app, None)?, &body)
}

type OnePath = Path<(String, String)>;

async fn get_global(State(shared): Shared, Path((app, command)): OnePath) -> Outcome {
    get_one(&shared, scope(&shared, &app, None)?, &command)
}

async fn edit_global(
    State(shared): Shared,
    Path((app, command)): OnePath,
    JsonBody(body): JsonBody,
) -> Outcome {
    edit(&shared, scope(&shared, &app, None)?, &command, &body)
}

async fn delete_global(State(shared): Shared, Path((app, command)): OnePath) -> Outcome {
    delete(&shared, scope(&shared, &app, None)?, &command)
}

type GuildPath = Path<(String, String)>;

async fn list_guild(State(shared): Shared, Path((app, guild)): GuildPath) -> Outcome {
    list(&shared, scope(&shared, &app, Some(&guild))?)
}

async fn create_guild(
    State(shared): Shared,
    Path((app, guild)): GuildPath,
    JsonBody(body): JsonBody,
) -> Outcome {
    create(&shared, scope(&shared, &app, Some(&guild))?, &body)
}

async fn overwrite_guild(
    State(shared): Shared,
    Path((app, guild)): GuildPath,
    JsonBody(body): JsonBody,
) -> Outcome {
    overwrite(&shared, scope(&shared, &app, Some(&guild))?, &body)
}

type GuildOnePath = Path<(String, String, String)>;

async fn get_guild(State(shared): Shared, Path((app, guild, command)): GuildOnePath) -> Outcome {
    get_one(&shared, scope(&shared, &app, Some(&guild))?, &command)
}

async fn edit_guild(
    State(shared): Shared,
    Path((app, guild, command)): GuildOnePath,
    JsonBody(body): JsonBody,
) -> Outcome {
    edit(
        &shared,
        scope(&shared, &app, Some(&guild))?,
        &command,
        &body,
    )
}

async fn delete_guild(State(shared): Shared, Path((app, guild, command)): GuildOnePath) -> Outcome {
    delete(&shared, scope(&shared, &app, Some(&guild))?, &command)
}
