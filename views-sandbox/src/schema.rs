//! Request-body validation against the Discord OpenAPI schemas embedded in
//! `schemas/discord.json` (extracted from Discord's published spec).
//!
//! Only the JSON-Schema keywords those schemas use are implemented:
//! `$ref`, `allOf`, `anyOf`, `oneOf`, `const`, `enum`, `type`, `properties`,
//! `required`, `additionalProperties`, `maxProperties`, `items`, `minItems`,
//! `maxItems`, `uniqueItems`, `minLength`, `maxLength`, `minimum`, `maximum`
//! and the one `pattern` they contain (a decimal snowflake). `format` is
//! ignored.

use serde_json::Value;
use std::sync::OnceLock;

/// Request bodies that can be validated.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Body {
    /// `POST /channels/{id}/messages`.
    MessageCreate,
    /// `PATCH /channels/{id}/messages/{id}`.
    MessageEdit,
    /// `POST /interactions/{id}/{token}/callback`.
    InteractionCallback,
    /// `POST /webhooks/{id}/{token}`.
    WebhookExecute,
    /// `PATCH /webhooks/{id}/{token}/messages/{id}`.
    WebhookEdit,
}

impl Body {
    const fn root(self) -> &'static str {
        match self {
            Self::MessageCreate => "MessageCreate",
            Self::MessageEdit => "MessageEdit",
            Self::InteractionCallback => "InteractionCallback",
            Self::WebhookExecute => "WebhookExecute",
            Self::WebhookEdit => "WebhookEdit",
        }
    }
}

/// One schema violation: JSON path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    pub(crate) path: String,
    pub(crate) message: String,
}

fn document() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(|| {
        serde_json::from_str(include_str!("../schemas/discord.json")).unwrap_or_else(|error| {
            tracing::error!(%error, "embedded schema is not JSON; validation disabled");
            Value::Null
        })
    })
}

/// Validates `value` as the given body; returns the violations found.
pub(crate) fn validate(body: Body, value: &Value) -> Vec<Violation> {
    let doc = document();
    let mut out = Vec::new();
    if let Some(schema) = doc.get("roots").and_then(|r| r.get(body.root())) {
        check(doc, schema, value, "", &mut out);
    }
    out
}

fn resolve<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let name = reference.strip_prefix("#/components/schemas/")?;
    doc.get("schemas")?.get(name)
}

fn type_matches(name: &str, value: &Value) -> bool {
    match name {
        "null" => value.is_null(),
        "boolean" => value.is_boolean(),
        "string" => value.is_string(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        _ => true,
    }
}

fn push(out: &mut Vec<Violation>, path: &str, message: impl Into<String>) {
    out.push(Violation {
        path: path.to_owned(),
        message: message.into(),
    });
}

fn matches(doc: &Value, schema: &Value, value: &Value, path: &str) -> bool {
    let mut scratch = Vec::new();
    check(doc, schema, value, path, &mut scratch);
    scratch.is_empty()
}

#[allow(clippy::too_many_lines)]
fn check(doc: &Value, schema: &Value, value: &Value, path: &str, out: &mut Vec<Violation>) {
    let Some(schema) = schema.as_object() else {
        return;
    };
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str)
        && let Some(target) = resolve(doc, reference)
    {
        check(doc, target, value, path, out);
    }
    if let Some(all) = schema.get("allOf").and_then(Value::as_array) {
        for sub in all {
            check(doc, sub, value, path, out);
        }
    }
    if let Some(any) = schema.get("anyOf").and_then(Value::as_array)
        && !any.iter().any(|sub| matches(doc, sub, value, path))
    {
        push(out, path, "matches none of the allowed shapes");
    }
    if let Some(one) = schema.get("oneOf").and_then(Value::as_array) {
        let count = one
            .iter()
            .filter(|sub| matches(doc, sub, value, path))
            .count();
        if count != 1 {
            // Report the errors of the closest branch (the one that agrees on
            // `type`, if any) so the message is useful.
            let branch = one.iter().find(|sub| type_const_agrees(doc, sub, value));
            match branch {
                Some(sub) if count == 0 => check(doc, sub, value, path, out),
                _ => push(
                    out,
                    path,
                    format!("must match exactly one allowed shape, matches {count}"),
                ),
            }
        }
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        push(out, path, format!("must be {constant}"));
    }
    if let Some(options) = schema.get("enum").and_then(Value::as_array)
        && !options.contains(value)
    {
        push(
            out,
            path,
            format!("must be one of {}", Value::Array(options.clone())),
        );
    }
    if let Some(kind) = schema.get("type") {
        let ok = match kind {
            Value::String(name) => type_matches(name, value),
            Value::Array(names) => names
                .iter()
                .filter_map(Value::as_str)
                .any(|name| type_matches(name, value)),
            _ => true,
        };
        if !ok {
            push(out, path, format!("must be of type {kind}"));
            return;
        }
    }
    match value {
        Value::Object(map) => {
            if let Some(required) = schema.get("required").and_then(Value::as_array) {
                for name in required.iter().filter_map(Value::as_str) {
                    if !map.contains_key(name) {
                        push(out, &format!("{path}.{name}"), "this field is required");
                    }
                }
            }
            let properties = schema.get("properties").and_then(Value::as_object);
            for (name, field) in map {
                let field_path = format!("{path}.{name}");
                if let Some(sub) = properties.and_then(|p| p.get(name)) {
                    check(doc, sub, field, &field_path, out);
                } else if let Some(extra) = schema.get("additionalProperties") {
                    if extra == &Value::Bool(false) {
                        push(out, &field_path, "unknown field");
                    } else {
                        check(doc, extra, field, &field_path, out);
                    }
                }
            }
            if let Some(max) = schema.get("maxProperties").and_then(Value::as_u64)
                && map.len() as u64 > max
            {
                push(out, path, format!("at most {max} fields"));
            }
        }
        Value::Array(items) => {
            if let Some(min) = schema.get("minItems").and_then(Value::as_u64)
                && (items.len() as u64) < min
            {
                push(out, path, format!("must have at least {min} items"));
            }
            if let Some(max) = schema.get("maxItems").and_then(Value::as_u64)
                && items.len() as u64 > max
            {
                push(out, path, format!("must have at most {max} items"));
            }
            if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
                for (i, item) in items.iter().enumerate() {
                    if items[..i].contains(item) {
                        push(out, &format!("{path}.{i}"), "items must be unique");
                    }
                }
            }
            if let Some(item_schema) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    check(doc, item_schema, item, &format!("{path}.{i}"), out);
                }
            }
        }
        Value::String(text) => {
            let len = text.chars().count() as u64;
            if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
                && len < min
            {
                push(out, path, format!("must be at least {min} characters"));
            }
            if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
                && len > max
            {
                push(out, path, format!("must be at most {max} characters"));
            }
            if schema.get("pattern").and_then(Value::as_str) == Some("^(0|[1-9][0-9]*)$")
                && !is_decimal(text)
            {
                push(out, path, "must be a snowflake");
            }
        }
        Value::Number(number) => {
            if let (Some(min), Some(n)) = (
                schema.get("minimum").and_then(Value::as_f64),
                number.as_f64(),
            ) && n < min
            {
                push(out, path, format!("must be at least {min}"));
            }
            if let (Some(max), Some(n)) = (
                schema.get("maximum").and_then(Value::as_f64),
                number.as_f64(),
            ) && n > max
            {
                push(out, path, format!("must be at most {max}"));
            }
        }
        _ => {}
    }
}

/// Whether a `oneOf` branch agrees with the value's `type` discriminator,
/// used only to choose which branch's errors to report.
fn type_const_agrees(doc: &Value, schema: &Value, value: &Value) -> bool {
    let schema = match schema.get("$ref").and_then(Value::as_str) {
        Some(reference) => resolve(doc, reference).unwrap_or(schema),
        None => schema,
    };
    let Some(kind) = schema.get("properties").and_then(|p| p.get("type")) else {
        return false;
    };
    let Some(actual) = value.get("type") else {
        return false;
    };
    kind.get("enum")
        .and_then(Value::as_array)
        .is_some_and(|options| options.contains(actual))
        || kind.get("const") == Some(actual)
}

fn is_decimal(text: &str) -> bool {
    !text.is_empty()
        && text.bytes().all(|b| b.is_ascii_digit())
        && (text == "0" || !text.starts_with('0'))
}

#[cfg(test)]
mod tests {
    use super::{Body, validate};
    use serde_json::json;

    #[test]
    fn accepts_a_message_with_a_button() {
        let body = json!({"content": "hi", "components": [{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Go", "custom_id": "go"}]}]});
        assert_eq!(validate(Body::MessageCreate, &body), Vec::new());
    }

    #[test]
    fn rejects_a_long_custom_id_and_a_bad_style() {
        let long = "x".repeat(101);
        let body = json!({"components": [{"type": 1, "components": [
            {"type": 2, "style": 99, "label": "Go", "custom_id": long}]}]});
        let violations = validate(Body::MessageCreate, &body);
        assert!(
            violations
                .iter()
                .any(|v| v.path == ".components.0.components.0.custom_id"),
            "{violations:?}"
        );
    }

    #[test]
    fn rejects_an_unknown_callback_type() {
        let violations = validate(Body::InteractionCallback, &json!({"type": 42}));
        assert!(!violations.is_empty());
        let ok = validate(Body::InteractionCallback, &json!({"type": 6}));
        assert_eq!(ok, Vec::new());
    }
}
