//! Application command rules Discord enforces that its OpenAPI spec does
//! not express: chat-input names are lower case letters, digits, `-`, `_`
//! and `'`; a chat-input command has a description and context-menu
//! commands (user, message) have none and no options; option names are
//! unique per level, required options come first, choices only on string,
//! integer and number options and never with autocomplete, subcommands
//! and groups are not mixed with plain options, and minimums are not above
//! maximums. In a whole set (`PUT`), names are unique per command type.

use serde_json::Value;
use std::collections::HashSet;

use crate::schema::Violation;

/// Command types.
const CHAT_INPUT: u64 = 1;
/// Option types.
const SUB_COMMAND: u64 = 1;
const SUB_COMMAND_GROUP: u64 = 2;
const STRING: u64 = 3;
const INTEGER: u64 = 4;
const NUMBER: u64 = 10;

/// A command's type, 1 (chat input) when the body leaves it out.
pub(crate) fn kind(command: &Value) -> u64 {
    command
        .get("type")
        .and_then(Value::as_u64)
        .unwrap_or(CHAT_INPUT)
}

/// Checks one command body (`path` is where it sits: `""`, or `.0` in a set).
pub(crate) fn check_command(command: &Value, path: &str) -> Vec<Violation> {
    let mut out = Vec::new();
    let chat_input = kind(command) == CHAT_INPUT;
    let name = command.get("name").and_then(Value::as_str);
    if let Some(name) = name
        && chat_input
    {
        check_name(name, &format!("{path}.name"), &mut out);
    }
    let description = command
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let options = command
        .get("options")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if chat_input {
        if description.is_empty() {
            push(
                &mut out,
                &format!("{path}.description"),
                "a chat input command needs a description of 1-100 characters",
            );
        }
        check_options(options, &format!("{path}.options"), 0, &mut out);
    } else {
        if !description.is_empty() {
            push(
                &mut out,
                &format!("{path}.description"),
                "context menu commands cannot have a description",
            );
        }
        if !options.is_empty() {
            push(
                &mut out,
                &format!("{path}.options"),
                "context menu commands cannot have options",
            );
        }
    }
    out
}

/// Checks a whole set: each command, and names unique per type.
pub(crate) fn check_set(commands: &[Value]) -> Vec<Violation> {
    let mut out = Vec::new();
    let mut seen = HashSet::new();
    for (i, command) in commands.iter().enumerate() {
        out.extend(check_command(command, &format!(".{i}")));
        if let Some(name) = command.get("name").and_then(Value::as_str)
            && !seen.insert((kind(command), name.to_owned()))
        {
            push(
                &mut out,
                &format!(".{i}.name"),
                "Application command names must be unique",
            );
        }
    }
    out
}

/// Discord's chat-input name rule: 1-32 characters, each a letter, a
/// digit, `-`, `_` or `'`, letters in lower case where they have one.
pub(crate) fn check_name(name: &str, path: &str, out: &mut Vec<Violation>) {
    let count = name.chars().count();
    let allowed = name
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '\''));
    let lower = name.chars().all(|c| !c.is_uppercase());
    if !(1..=32).contains(&count) || !allowed {
        push(
            out,
            path,
            "must be 1-32 letters, digits, '-', '_' or \"'\" (no spaces)",
        );
    } else if !lower {
        push(out, path, "must be lower case");
    }
}

fn check_options(options: &[Value], path: &str, depth: u8, out: &mut Vec<Violation>) {
    let mut names = HashSet::new();
    let mut optional_seen = false;
    let nested = options
        .iter()
        .filter(|o| matches!(option_kind(o), SUB_COMMAND | SUB_COMMAND_GROUP))
        .count();
    if nested > 0 && nested < options.len() {
        push(
            out,
            path,
            "subcommands and groups cannot be mixed with other options",
        );
    }
    for (i, option) in options.iter().enumerate() {
        let here = format!("{path}.{i}");
        let kind = option_kind(option);
        if let Some(name) = option.get("name").and_then(Value::as_str) {
            check_name(name, &format!("{here}.name"), out);
            if !names.insert(name.to_owned()) {
                push(out, &format!("{here}.name"), "option names must be unique");
            }
        }
        let required = option.get("required").and_then(Value::as_bool) == Some(true);
        if required && optional_seen {
            push(
                out,
                &format!("{here}.required"),
                "required options must be placed before optional options",
            );
        }
        optional_seen |= !required;
        let choices = option
            .get("choices")
            .and_then(Value::as_array)
            .is_some_and(|c| !c.is_empty());
        if choices && !matches!(kind, STRING | INTEGER | NUMBER) {
            push(
                out,
                &format!("{here}.choices"),
                "only string, integer and number options have choices",
            );
        }
        if choices && option.get("autocomplete").and_then(Value::as_bool) == Some(true) {
            push(
                out,
                &format!("{here}.autocomplete"),
                "an option with choices cannot use autocomplete",
            );
        }
        check_range(option, &here, "min_value", "max_value", out);
        check_range(option, &here, "min_length", "max_length", out);
        if matches!(kind, SUB_COMMAND | SUB_COMMAND_GROUP) {
            // A group holds subcommands (the schema says so); a subcommand
            // plain options. Only two levels of nesting exist.
            let children = option
                .get("options")
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            if depth >= 1 && kind == SUB_COMMAND_GROUP {
                push(
                    out,
                    &format!("{here}.type"),
                    "a group cannot be nested in a subcommand or group",
                );
            }
            check_options(children, &format!("{here}.options"), depth + 1, out);
        }
    }
}

fn check_range(option: &Value, path: &str, min: &str, max: &str, out: &mut Vec<Violation>) {
    let low = option.get(min).and_then(Value::as_f64);
    let high = option.get(max).and_then(Value::as_f64);
    if let (Some(low), Some(high)) = (low, high)
        && low > high
    {
        push(
            out,
            &format!("{path}.{min}"),
            &format!("{min} must not be greater than {max}"),
        );
    }
}

fn option_kind(option: &Value) -> u64 {
    option.get("type").and_then(Value::as_u64).unwrap_or(0)
}

fn push(out: &mut Vec<Violation>, path: &str, message: &str) {
    out.push(Violation {
        path: path.to_owned(),
        message: message.to_owned(),
    });
}

#[cfg(test)]
mod tests {
    use super::{check_command, check_set};
    use serde_json::json;

    fn paths(violations: &[crate::schema::Violation]) -> Vec<&str> {
        violations.iter().map(|v| v.path.as_str()).collect()
    }

    #[test]
    fn chat_input_names_are_lower_case_words() {
        for name in ["counter", "set-volume", "über", "x_1", "it's"] {
            let body = json!({"name": name, "description": "d"});
            assert!(check_command(&body, "").is_empty(), "{name}");
        }
        for name in ["Counter", "two words", "", "a".repeat(33).as_str(), "a/b"] {
            let body = json!({"name": name, "description": "d"});
            assert_eq!(paths(&check_command(&body, "")), [".name"], "{name:?}");
        }
        // Context menu names may have spaces and capitals.
        let user = json!({"name": "Show Profile", "type": 2});
        assert!(check_command(&user, "").is_empty());
    }

    #[test]
    fn descriptions_and_options_follow_the_command_type() {
        let bare = json!({"name": "counter"});
        assert_eq!(paths(&check_command(&bare, "")), [".description"]);
        let menu = json!({"name": "Quote", "type": 3, "description": "x",
            "options": [{"type": 3, "name": "a", "description": "a"}]});
        assert_eq!(
            paths(&check_command(&menu, "")),
            [".description", ".options"]
        );
    }

    #[test]
    fn options_are_ordered_unique_and_consistent() {
        let body = json!({"name": "c", "description": "d", "options": [
            {"type": 3, "name": "a", "description": "a"},
            {"type": 3, "name": "a", "description": "a", "required": true},
            {"type": 5, "name": "b", "description": "b", "choices": [{"name": "x", "value": "x"}]},
            {"type": 4, "name": "n", "description": "n", "min_value": 5, "max_value": 1},
        ]});
        assert_eq!(
            paths(&check_command(&body, "")),
            [
                ".options.1.name",
                ".options.1.required",
                ".options.2.choices",
                ".options.3.min_value"
            ]
        );
        let mixed = json!({"name": "c", "description": "d", "options": [
            {"type": 1, "name": "s", "description": "s"},
            {"type": 3, "name": "a", "description": "a"},
        ]});
        assert_eq!(paths(&check_command(&mixed, "")), [".options"]);
    }

    #[test]
    fn a_set_has_unique_names_per_type() {
        let set = [
            json!({"name": "a", "description": "d"}),
            json!({"name": "a", "type": 2}),
            json!({"name": "a", "description": "e"}),
        ];
        assert_eq!(paths(&check_set(&set)), [".2.name"]);
    }
}
