//! What a user may do with a component, as the Discord client enforces it:
//! no clicks on disabled components, select values within `min_values` /
//! `max_values` and among the options (or known users / channels), and the
//! `resolved` data Discord attaches to user, role, mentionable and channel
//! selects. Shared by message components and modal fields.

use serde_json::{Map, Value, json};

use super::world::World;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::model;

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
        // A label's single child (modals).
        if let Some(child) = component.get("component")
            && child.get("custom_id").and_then(Value::as_str) == Some(custom_id)
        {
            return Some(child);
        }
        if let Some(accessory) = component.get("accessory")
            && accessory.get("custom_id").and_then(Value::as_str) == Some(custom_id)
        {
            return Some(accessory);
        }
    }
    None
}

pub(crate) use crate::error::invalid_values as invalid;

/// The `resolved` data Discord attaches to user, role, mentionable and
/// channel selects and command options, and to context-menu commands'
/// targets, gathered over one interaction (a modal may hold several
/// selects, a command several options).
#[derive(Debug, Default)]
pub(crate) struct Resolved {
    users: Map<String, Value>,
    members: Map<String, Value>,
    roles: Map<String, Value>,
    channels: Map<String, Value>,
    messages: Map<String, Value>,
    attachments: Map<String, Value>,
}

impl Resolved {
    /// The `resolved` object, or `Null` when nothing was resolved.
    pub(crate) fn into_value(self) -> Value {
        let empty = [
            &self.users,
            &self.roles,
            &self.channels,
            &self.messages,
            &self.attachments,
        ]
        .iter()
        .all(|map| map.is_empty());
        if empty {
            return Value::Null;
        }
        let mut out = Map::new();
        for (key, map) in [
            ("users", self.users),
            ("members", self.members),
            ("roles", self.roles),
            ("channels", self.channels),
            ("messages", self.messages),
            ("attachments", self.attachments),
        ] {
            if !map.is_empty() {
                out.insert(key.to_owned(), Value::Object(map));
            }
        }
        Value::Object(out)
    }

    /// A file uploaded in a modal, by its attachment id.
    pub(crate) fn attachment(&mut self, id: u64, attachment: Value) {
        self.attachments.insert(id.to_string(), attachment);
    }

    /// A user, with their guild member (there is none in a DM).
    pub(crate) fn user(&mut self, value: &str, user: &twilight_model::user::User, member: bool) {
        self.users.insert(value.to_owned(), json!(user));
        if !member {
            return;
        }
        self.members.insert(
            value.to_owned(),
            json!({"roles": [], "joined_at": model::now(), "flags": 0,
                   "pending": false, "permissions": "0", "nick": null,
                   "communication_disabled_until": null}),
        );
    }

    /// A guild text channel (the sandbox's only kind).
    pub(crate) fn channel(&mut self, value: &str, name: &str) {
        self.channels.insert(
            value.to_owned(),
            json!({"id": value, "name": name, "type": 0,
                   "permissions": "2248473465835073"}),
        );
    }

    /// A message (a message command's target).
    pub(crate) fn message(&mut self, value: &str, message: &Value) {
        self.messages.insert(value.to_owned(), message.clone());
    }

    /// The sandbox's only roles are the guilds' `@everyone` roles, whose id
    /// is the guild's, as on Discord.
    pub(crate) fn role(&mut self, value: &str) {
        self.roles.insert(
            value.to_owned(),
            json!({"id": value, "name": "@everyone", "color": 0,
                   "colors": {"primary_color": 0, "secondary_color": null, "tertiary_color": null},
                   "hoist": false, "managed": false, "mentionable": false,
                   "permissions": "2248473465835073", "position": 0, "flags": 0}),
        );
    }
}

/// Checks a click (`is_select == false`) or a selection against the
/// component; returns its type and the `resolved` data (or `Null`).
pub(crate) fn check(
    state: &World,
    component: &Value,
    custom_id: &str,
    values: &[String],
    is_select: bool,
) -> Result<(u64, Value), SandboxError> {
    let kind = component.get("type").and_then(Value::as_u64).unwrap_or(0);
    if (is_select != is_select_kind(kind)) || !(kind == BUTTON || is_select_kind(kind)) {
        return Err(SandboxError::new(SandboxErrorKind::WrongComponent {
            custom_id: custom_id.to_owned(),
        }));
    }
    if component.get("disabled").and_then(Value::as_bool) == Some(true) {
        return Err(SandboxError::new(SandboxErrorKind::Disabled {
            custom_id: custom_id.to_owned(),
        }));
    }
    if !is_select {
        return Ok((kind, Value::Null));
    }
    let mut resolved = Resolved::default();
    check_select(state, component, custom_id, values, &mut resolved)?;
    Ok((kind, resolved.into_value()))
}

/// Whether a component type is one of the five select menus.
pub(crate) const fn is_select_kind(kind: u64) -> bool {
    matches!(
        kind,
        STRING_SELECT | USER_SELECT | ROLE_SELECT | MENTIONABLE_SELECT | CHANNEL_SELECT
    )
}

/// Checks select `values` (count within `min_values`..=`max_values`, each
/// an option or a known user / role / channel) and adds what they name to
/// `resolved`.
pub(crate) fn check_select(
    state: &World,
    component: &Value,
    custom_id: &str,
    values: &[String],
    resolved: &mut Resolved,
) -> Result<(), SandboxError> {
    let kind = component.get("type").and_then(Value::as_u64).unwrap_or(0);
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
    if let Some(value) = values
        .iter()
        .enumerate()
        .find_map(|(i, v)| values[..i].contains(v).then_some(v))
    {
        return Err(invalid(custom_id, format!("{value:?} chosen twice")));
    }
    for value in values {
        let id = value.parse::<u64>().ok();
        let user = id.and_then(|id| state.users.get(&id));
        let role = id.filter(|id| state.guilds.contains(id));
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
            USER_SELECT | MENTIONABLE_SELECT if user.is_some() => {
                if let Some(user) = user {
                    resolved.user(value, user, true);
                }
            }
            ROLE_SELECT | MENTIONABLE_SELECT if role.is_some() => resolved.role(value),
            USER_SELECT => {
                return Err(invalid(custom_id, format!("{value:?} is not a known user")));
            }
            ROLE_SELECT => {
                return Err(invalid(
                    custom_id,
                    format!(
                        "{value:?} is not a known role (the sandbox has each guild's @everyone, id = guild id)"
                    ),
                ));
            }
            MENTIONABLE_SELECT => {
                return Err(invalid(
                    custom_id,
                    format!("{value:?} is not a known user or role"),
                ));
            }
            CHANNEL_SELECT => match id.and_then(|id| state.channels.get(&id)) {
                Some(channel) => resolved.channel(value, &channel.name),
                None => {
                    return Err(invalid(
                        custom_id,
                        format!("{value:?} is not a known channel"),
                    ));
                }
            },
            _ => {
                return Err(SandboxError::new(SandboxErrorKind::WrongComponent {
                    custom_id: custom_id.to_owned(),
                }));
            }
        }
    }
    Ok(())
}
