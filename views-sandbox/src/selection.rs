//! What a user may do with a component, as the Discord client enforces it:
//! no clicks on disabled components, select values within `min_values` /
//! `max_values` and among the options (or known users / channels), and the
//! `resolved` data Discord attaches to user, mentionable and channel selects.

use serde_json::{Map, Value, json};

use crate::error::{SandboxError, SandboxErrorKind};
use crate::model;
use crate::state::State;

const BUTTON: u64 = 2;
const STRING_SELECT: u64 = 3;
const USER_SELECT: u64 = 5;
const ROLE_SELECT: u64 = 6;
const MENTIONABLE_SELECT: u64 = 7;
const CHANNEL_SELECT: u64 = 8;

/// Finds the component with `custom_id` anywhere in a component tree.
pub(crate) fn find<'a>(components: &'a Value, custom_id: &str) -> Option<&'a Value> {
    for component in components.as_array()? {
        if component.get("custom_id").and_then(Value::as_str) == Some(custom_id) {
            return Some(component);
        }
        if let Some(found) = component
            .get("components")
            .and_then(|children| find(children, custom_id))
        {
            return Some(found);
        }
        if let Some(accessory) = component.get("accessory")
            && accessory.get("custom_id").and_then(Value::as_str) == Some(custom_id)
        {
            return Some(accessory);
        }
    }
    None
}

fn invalid(custom_id: &str, reason: impl Into<String>) -> SandboxError {
    SandboxError::new(SandboxErrorKind::InvalidValues {
        custom_id: custom_id.to_owned(),
        reason: reason.into(),
    })
}

/// Checks a click (`is_select == false`) or a selection against the
/// component; returns its type and the `resolved` data (or `Null`).
pub(crate) fn check(
    state: &State,
    component: &Value,
    custom_id: &str,
    values: &[String],
    is_select: bool,
) -> Result<(u64, Value), SandboxError> {
    let kind = component.get("type").and_then(Value::as_u64).unwrap_or(0);
    let select = matches!(
        kind,
        STRING_SELECT | USER_SELECT | ROLE_SELECT | MENTIONABLE_SELECT | CHANNEL_SELECT
    );
    if (select != is_select) || !(kind == BUTTON || select) {
        return Err(SandboxError::new(SandboxErrorKind::WrongComponent {
            custom_id: custom_id.to_owned(),
        }));
    }
    if component.get("disabled").and_then(Value::as_bool) == Some(true) {
        return Err(SandboxError::new(SandboxErrorKind::Disabled {
            custom_id: custom_id.to_owned(),
        }));
    }
    if !select {
        return Ok((kind, Value::Null));
    }
    let min = component
        .get("min_values")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    let max = component
        .get("max_values")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    let count = values.len() as u64;
    if count < min || count > max {
        return Err(invalid(
            custom_id,
            format!("{count} values chosen, allowed {min}..={max}"),
        ));
    }
    let mut users = Map::new();
    let mut members = Map::new();
    let mut channels = Map::new();
    for value in values {
        let id = value.parse::<u64>().ok();
        match kind {
            STRING_SELECT => {
                let options = component.get("options").and_then(Value::as_array);
                let known = options.is_some_and(|options| {
                    options
                        .iter()
                        .any(|o| o.get("value").and_then(Value::as_str) == Some(value))
                });
                if !known {
                    return Err(invalid(custom_id, format!("{value:?} is not an option")));
                }
            }
            USER_SELECT | MENTIONABLE_SELECT => match id.and_then(|id| state.users.get(&id)) {
                Some(user) => {
                    users.insert(value.clone(), json!(user));
                    members.insert(
                        value.clone(),
                        json!({"roles": [], "joined_at": model::now(), "flags": 0,
                               "pending": false, "permissions": "0", "nick": null,
                               "communication_disabled_until": null}),
                    );
                }
                None if kind == MENTIONABLE_SELECT && id.is_some() => {}
                None => return Err(invalid(custom_id, format!("{value:?} is not a known user"))),
            },
            CHANNEL_SELECT => match id.and_then(|id| state.channels.get(&id)) {
                Some(channel) => {
                    channels.insert(
                        value.clone(),
                        json!({"id": value, "name": channel.name, "type": 0,
                               "permissions": "2248473465835073"}),
                    );
                }
                None => {
                    return Err(invalid(
                        custom_id,
                        format!("{value:?} is not a known channel"),
                    ));
                }
            },
            _ => {
                if id.is_none() {
                    return Err(invalid(custom_id, format!("{value:?} is not an id")));
                }
            }
        }
    }
    let resolved = if users.is_empty() && channels.is_empty() {
        Value::Null
    } else {
        json!({"users": users, "members": members, "channels": channels})
    };
    Ok((kind, resolved))
}
