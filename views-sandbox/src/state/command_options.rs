//! A chat-input command's options as the Discord client checks them before
//! it sends the command: every option the command declares with a value of
//! its type (a JSON string, integer, number or boolean; users, channels,
//! roles and mentionables by id, known to the sandbox), required ones
//! present, values among the declared choices and within `min_value` /
//! `max_value` and `min_length` / `max_length`, one subcommand (in its group)
//! when the command has them. The result is what Discord sends: the typed
//! `options`, and the `resolved` users, members, roles and channels they
//! name.
//!
//! Options are given as an object of name -> value (a subcommand or group
//! -> an object of its own options) or in Discord's own shape, a list of
//! `{"name", "value"}` (`{"name", "options"}` for a subcommand or group;
//! a `type`, when given, must be the declared one).

use serde_json::{Value, json};
use twilight_model::application::command::{
    CommandOption, CommandOptionChoiceValue, CommandOptionType, CommandOptionValue,
};
use twilight_model::channel::ChannelType;

use super::selection::Resolved;
use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};

/// The largest integer Discord's integer options carry (2^53).
const MAX_INTEGER: i64 = 1 << 53;

/// Where the command runs: its guild (`None` in a DM) and the world.
pub(crate) struct Place<'a> {
    pub(crate) state: &'a World,
    pub(crate) guild: Option<u64>,
}

/// One given option: a value, or a subcommand's (group's) own options.
enum Given {
    Value(Value),
    Nested(Vec<(String, Option<u64>, Given)>),
}

fn invalid(name: &str, reason: impl Into<String>) -> SandboxError {
    SandboxError::new(SandboxErrorKind::InvalidOption {
        name: name.to_owned(),
        reason: reason.into(),
    })
}

/// Checks `given` against the command's `declared` options; returns the
/// interaction's `options` and `resolved` (`Null` when nothing is).
pub(crate) fn build(
    place: &Place<'_>,
    declared: &[CommandOption],
    given: &Value,
) -> Result<(Vec<Value>, Value), SandboxError> {
    let given = read(given, "")?;
    let mut resolved = Resolved::default();
    let options = check_level(place, declared, given, "", &mut resolved)?;
    Ok((options, resolved.into_value()))
}

/// The given options of one level, in either shape.
fn read(given: &Value, path: &str) -> Result<Vec<(String, Option<u64>, Given)>, SandboxError> {
    let wrap = |name: &str, value: &Value| -> Result<Given, SandboxError> {
        Ok(match value {
            Value::Object(_) | Value::Null => Given::Nested(read(value, &join(path, name))?),
            other => Given::Value(other.clone()),
        })
    };
    match given {
        Value::Null => Ok(Vec::new()),
        Value::Object(map) => map
            .iter()
            .map(|(name, value)| Ok((name.clone(), None, wrap(name, value)?)))
            .collect(),
        Value::Array(items) => items
            .iter()
            .map(|item| {
                let name = item
                    .get("name")
                    .and_then(Value::as_str)
                    .ok_or_else(|| invalid(path, "each option in a list needs a \"name\""))?;
                let kind = item.get("type").and_then(Value::as_u64);
                let given = match (item.get("value"), item.get("options")) {
                    (Some(value), _) => Given::Value(value.clone()),
                    (None, Some(options)) => Given::Nested(read(options, &join(path, name))?),
                    (None, None) => Given::Nested(Vec::new()),
                };
                Ok((name.to_owned(), kind, given))
            })
            .collect(),
        _ => Err(invalid(
            path,
            "options must be an object of name -> value or a list of {\"name\", \"value\"}",
        )),
    }
}

/// `group.sub` for a nested option's name.
fn join(path: &str, name: &str) -> String {
    if path.is_empty() {
        name.to_owned()
    } else {
        format!("{path}.{name}")
    }
}

fn names(declared: &[CommandOption]) -> String {
    let names: Vec<&str> = declared.iter().map(|o| o.name.as_str()).collect();
    if names.is_empty() {
        "none".to_owned()
    } else {
        names.join(", ")
    }
}

/// How the Discord docs name an option type.
const fn type_name(kind: CommandOptionType) -> &'static str {
    match kind {
        CommandOptionType::SubCommand => "subcommand",
        CommandOptionType::SubCommandGroup => "subcommand group",
        CommandOptionType::String => "string",
        CommandOptionType::Integer => "integer",
        CommandOptionType::Boolean => "boolean",
        CommandOptionType::User => "user",
        CommandOptionType::Channel => "channel",
        CommandOptionType::Role => "role",
        CommandOptionType::Mentionable => "mentionable",
        CommandOptionType::Number => "number",
        CommandOptionType::Attachment => "attachment",
        _ => "unknown",
    }
}

const fn is_nested(kind: CommandOptionType) -> bool {
    matches!(
        kind,
        CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup
    )
}

fn check_level(
    place: &Place<'_>,
    declared: &[CommandOption],
    given: Vec<(String, Option<u64>, Given)>,
    path: &str,
    resolved: &mut Resolved,
) -> Result<Vec<Value>, SandboxError> {
    let mut found: Vec<(&CommandOption, Option<u64>, Given)> = Vec::new();
    for (name, kind, value) in given {
        let here = join(path, &name);
        let option = declared.iter().find(|o| o.name == name).ok_or_else(|| {
            invalid(
                &here,
                format!("unknown option; the command has: {}", names(declared)),
            )
        })?;
        if found.iter().any(|(o, _, _)| o.name == name) {
            return Err(invalid(&here, "given twice"));
        }
        found.push((option, kind, value));
    }
    let nested = declared.iter().any(|o| is_nested(o.kind));
    if nested && found.len() != 1 {
        return Err(invalid(
            path,
            format!(
                "choose exactly one subcommand or group: {}",
                names(declared)
            ),
        ));
    }
    if let Some(missing) = declared
        .iter()
        .filter(|o| o.required == Some(true) && !is_nested(o.kind))
        .find(|o| !found.iter().any(|(f, _, _)| f.name == o.name))
    {
        return Err(invalid(
            &join(path, &missing.name),
            "this option is required",
        ));
    }
    // Sent in the order the command declares them, as the client does.
    found.sort_by_key(|(o, _, _)| declared.iter().position(|d| d.name == o.name));
    let mut out = Vec::with_capacity(found.len());
    for (option, kind, value) in found {
        let here = join(path, &option.name);
        let declared_kind = option.kind as u8;
        if kind.is_some_and(|k| k != u64::from(declared_kind)) {
            return Err(invalid(
                &here,
                format!(
                    "is an option of type {} ({declared_kind})",
                    type_name(option.kind)
                ),
            ));
        }
        let entry = match (is_nested(option.kind), value) {
            (true, Given::Nested(children)) => {
                let children = check_level(
                    place,
                    option.options.as_deref().unwrap_or_default(),
                    children,
                    &here,
                    resolved,
                )?;
                json!({"name": option.name, "type": declared_kind, "options": children})
            }
            (true, Given::Value(_)) => {
                return Err(invalid(
                    &here,
                    "is a subcommand or group: give its options as an object or list",
                ));
            }
            (false, Given::Nested(_)) => {
                return Err(invalid(
                    &here,
                    format!("must be a value of type {}", type_name(option.kind)),
                ));
            }
            (false, Given::Value(value)) => {
                let value = check_value(place, option, &value, &here, resolved)?;
                json!({"name": option.name, "type": declared_kind, "value": value})
            }
        };
        out.push(entry);
    }
    Ok(out)
}

/// One value against its option; returns the value as Discord sends it.
fn check_value(
    place: &Place<'_>,
    option: &CommandOption,
    value: &Value,
    path: &str,
    resolved: &mut Resolved,
) -> Result<Value, SandboxError> {
    let wrong = |what: &str| invalid(path, format!("must be {what}"));
    let out = match option.kind {
        CommandOptionType::String => {
            let text = value.as_str().ok_or_else(|| wrong("a string"))?;
            check_length(option, text, path)?;
            json!(text)
        }
        CommandOptionType::Integer => {
            let number = value
                .as_i64()
                .filter(|n| (-MAX_INTEGER..=MAX_INTEGER).contains(n))
                .ok_or_else(|| wrong("an integer (a JSON number without fraction)"))?;
            #[allow(clippy::cast_precision_loss)]
            check_range(option, number as f64, path)?;
            json!(number)
        }
        CommandOptionType::Number => {
            let number = value
                .as_f64()
                .filter(|_| value.is_number())
                .ok_or_else(|| wrong("a number"))?;
            check_range(option, number, path)?;
            value.clone()
        }
        CommandOptionType::Boolean => json!(value.as_bool().ok_or_else(|| wrong("true or false"))?),
        CommandOptionType::User => {
            let id = id(value).ok_or_else(|| wrong("a user id"))?;
            let user = place
                .state
                .users
                .get(&id)
                .ok_or_else(|| invalid(path, format!("{id} is not a known user")))?;
            resolved.user(&id.to_string(), user, place.guild.is_some());
            json!(id.to_string())
        }
        CommandOptionType::Channel => {
            let id = id(value).ok_or_else(|| wrong("a channel id"))?;
            check_channel(place, option, id, path, resolved)?;
            json!(id.to_string())
        }
        CommandOptionType::Role => {
            let id = id(value).ok_or_else(|| wrong("a role id"))?;
            check_role(place, id, path, resolved)?;
            json!(id.to_string())
        }
        CommandOptionType::Mentionable => {
            let id = id(value).ok_or_else(|| wrong("a user or role id"))?;
            match place.state.users.get(&id) {
                Some(user) => resolved.user(&id.to_string(), user, place.guild.is_some()),
                None if place.guild == Some(id) => resolved.role(&id.to_string()),
                None => {
                    return Err(invalid(
                        path,
                        format!("{id} is not a known user or role of this guild"),
                    ));
                }
            }
            json!(id.to_string())
        }
        CommandOptionType::Attachment => {
            return Err(invalid(
                path,
                "attachment options are not supported by the sandbox",
            ));
        }
        CommandOptionType::SubCommand | CommandOptionType::SubCommandGroup => {
            return Err(invalid(path, "is a subcommand or group, not a value"));
        }
        other => {
            return Err(invalid(
                path,
                format!(
                    "option type {} is not supported by the sandbox",
                    other as u8
                ),
            ));
        }
    };
    check_choice(option, &out, path)?;
    Ok(out)
}

/// An id given as a JSON string or number.
fn id(value: &Value) -> Option<u64> {
    match value {
        Value::String(text) => text.parse().ok(),
        Value::Number(number) => number.as_u64(),
        _ => None,
    }
    .filter(|id| *id != 0)
}

fn check_channel(
    place: &Place<'_>,
    option: &CommandOption,
    id: u64,
    path: &str,
    resolved: &mut Resolved,
) -> Result<(), SandboxError> {
    let channel = place
        .state
        .channels
        .get(&id)
        .filter(|c| Some(c.guild_id.get()) == place.guild)
        .ok_or_else(|| invalid(path, format!("{id} is not a channel of this guild")))?;
    // Every sandbox channel is a guild text channel.
    if let Some(types) = &option.channel_types
        && !types.is_empty()
        && !types.contains(&ChannelType::GuildText)
    {
        return Err(invalid(
            path,
            "the option takes other channel types than text channels",
        ));
    }
    resolved.channel(&id.to_string(), &channel.name);
    Ok(())
}

/// The sandbox's roles are each guild's `@everyone`, whose id is the guild's.
fn check_role(
    place: &Place<'_>,
    id: u64,
    path: &str,
    resolved: &mut Resolved,
) -> Result<(), SandboxError> {
    if place.guild != Some(id) {
        return Err(invalid(
            path,
            format!(
                "{id} is not a role of this guild (the sandbox has the guild's @everyone, id = guild id)"
            ),
        ));
    }
    resolved.role(&id.to_string());
    Ok(())
}

fn check_length(option: &CommandOption, text: &str, path: &str) -> Result<(), SandboxError> {
    let length = text.chars().count();
    let min = option.min_length.map_or(0, usize::from);
    let max = option.max_length.map_or(6000, usize::from);
    if length < min || length > max {
        return Err(invalid(
            path,
            format!("{length} characters, allowed {min}..={max}"),
        ));
    }
    Ok(())
}

fn bound(value: Option<&CommandOptionValue>) -> Option<f64> {
    match value? {
        #[allow(clippy::cast_precision_loss)]
        CommandOptionValue::Integer(n) => Some(*n as f64),
        CommandOptionValue::Number(n) => Some(*n),
    }
}

fn check_range(option: &CommandOption, number: f64, path: &str) -> Result<(), SandboxError> {
    if let Some(min) = bound(option.min_value.as_ref())
        && number < min
    {
        return Err(invalid(path, format!("{number} is less than {min}")));
    }
    if let Some(max) = bound(option.max_value.as_ref())
        && number > max
    {
        return Err(invalid(path, format!("{number} is more than {max}")));
    }
    Ok(())
}

fn check_choice(option: &CommandOption, value: &Value, path: &str) -> Result<(), SandboxError> {
    let Some(choices) = option.choices.as_ref().filter(|c| !c.is_empty()) else {
        return Ok(());
    };
    let matches = |choice: &CommandOptionChoiceValue| match choice {
        CommandOptionChoiceValue::String(s) => value.as_str() == Some(s.as_str()),
        CommandOptionChoiceValue::Integer(n) => value.as_i64() == Some(*n),
        CommandOptionChoiceValue::Number(n) => value.as_f64() == Some(*n),
    };
    if choices.iter().any(|c| matches(&c.value)) {
        return Ok(());
    }
    let listed: Vec<String> = choices
        .iter()
        .map(|c| match &c.value {
            CommandOptionChoiceValue::String(s) => format!("{s:?}"),
            CommandOptionChoiceValue::Integer(n) => n.to_string(),
            CommandOptionChoiceValue::Number(n) => n.to_string(),
        })
        .collect();
    Err(invalid(
        path,
        format!("{value} is not one of the choices {}", listed.join(", ")),
    ))
}
