//! Request-body validation against the Discord OpenAPI schemas embedded in
//! `schemas/discord.json` (extracted from Discord's published spec), with
//! the `jsonschema` crate (JSON Schema 2020-12, the dialect of OpenAPI 3.1).
//!
//! The extract is registered as one resource, shaped as the OpenAPI document
//! it came from (`components.schemas`), so the spec's own
//! `#/components/schemas/...` references resolve inside it and nothing is
//! fetched. Formats are asserted: `uri` and `date-time` by the crate,
//! Discord's string formats (`snowflake`, `nonce`) here, and OpenAPI's
//! `int32` as the range it names (JSON Schema's `format` only constrains
//! strings).
//!
//! One correction to the spec: a command's `default_member_permissions` is
//! an integer there, but Discord documents and accepts a string of digits
//! (what twilight sends), so both are taken.
//!
//! Errors are reported as Discord does: the path of the bad field and what
//! is wrong with it. A value that fits none of the shapes a `oneOf` or
//! `anyOf` allows is reported with the errors of the shape it meant (the
//! one its `type` discriminator picks), not as "fits none".

use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::{Draft, Registry, ValidationError, Validator};
use serde_json::{Value, json};
use std::sync::OnceLock;

/// Where the extract is registered; only the schemas' own references
/// point into it.
const DOCUMENT_URI: &str = "urn:views-sandbox:discord-openapi";

/// The range OpenAPI's `int32` format names.
const INT32: (i64, i64) = (i32::MIN as i64, i32::MAX as i64);

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
    /// `POST /applications/{id}/commands` (and a guild's).
    CommandCreate,
    /// `PATCH /applications/{id}/commands/{id}` (and a guild's).
    CommandEdit,
    /// `PUT /applications/{id}/commands` (and a guild's): the whole set.
    CommandOverwrite,
    /// `PATCH /guilds/{id}/members/{id}`.
    MemberUpdate,
}

impl Body {
    const ALL: [Self; 9] = [
        Self::MessageCreate,
        Self::MessageEdit,
        Self::InteractionCallback,
        Self::WebhookExecute,
        Self::WebhookEdit,
        Self::CommandCreate,
        Self::CommandEdit,
        Self::CommandOverwrite,
        Self::MemberUpdate,
    ];

    const fn root(self) -> &'static str {
        match self {
            Self::MessageCreate => "MessageCreate",
            Self::MessageEdit => "MessageEdit",
            Self::InteractionCallback => "InteractionCallback",
            Self::WebhookExecute => "WebhookExecute",
            Self::WebhookEdit => "WebhookEdit",
            Self::CommandCreate => "CommandCreate",
            Self::CommandEdit => "CommandEdit",
            Self::CommandOverwrite => "CommandOverwrite",
            Self::MemberUpdate => "MemberUpdate",
        }
    }
}

/// One schema violation: JSON path and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Violation {
    pub(crate) path: String,
    pub(crate) message: String,
}

impl Violation {
    /// The violation of a part of a body as a violation of the whole:
    /// `prefix` is where the part sits (`.data` in an interaction
    /// callback), so Discord's error nests it under the right key.
    pub(crate) fn under(mut self, prefix: &str) -> Self {
        self.path.insert_str(0, prefix);
        self
    }
}

/// One compiled validator per [`Body`], in [`Body::ALL`] order; `None`
/// when the embedded schemas do not compile (validation is then off, and
/// the reason logged once).
fn validators() -> Option<&'static [Validator; 9]> {
    static VALIDATORS: OnceLock<Option<[Validator; 9]>> = OnceLock::new();
    VALIDATORS
        .get_or_init(|| {
            compile()
                .inspect_err(|error| {
                    tracing::error!(%error, "embedded schemas do not compile; validation disabled");
                })
                .ok()
        })
        .as_ref()
}

/// Compiles the validators (once, at the first validated request).
pub(crate) fn compile() -> Result<[Validator; 9], String> {
    let extract: Value = serde_json::from_str(include_str!("../schemas/discord.json"))
        .map_err(|error| format!("not JSON: {error}"))?;
    let document = openapi_shaped(extract);
    let registry = Registry::new()
        .draft(Draft::Draft202012)
        .add(DOCUMENT_URI, &document)
        .and_then(|builder| builder.prepare())
        .map_err(|error| error.to_string())?;
    let options = jsonschema::options()
        .with_draft(Draft::Draft202012)
        .with_registry(&registry)
        .should_validate_formats(true)
        .with_format("snowflake", is_snowflake)
        // Discord's `nonce` is any string up to the `maxLength` beside it.
        .with_format("nonce", |_: &str| true);
    let mut built = Vec::with_capacity(Body::ALL.len());
    for body in Body::ALL {
        let root = json!({"$ref": format!("{DOCUMENT_URI}#/roots/{}", body.root())});
        built.push(options.build(&root).map_err(|error| error.to_string())?);
    }
    built
        .try_into()
        .map_err(|_| "one validator per body".to_owned())
}

/// The extract as an OpenAPI document: its `schemas` under
/// `components.schemas`, where the references point, and each `int32`
/// bounded.
fn openapi_shaped(mut extract: Value) -> Value {
    let schemas = extract
        .get_mut("schemas")
        .map(Value::take)
        .unwrap_or_else(|| json!({}));
    let roots = extract
        .get_mut("roots")
        .map(Value::take)
        .unwrap_or_else(|| json!({}));
    let mut document = json!({"roots": roots, "components": {"schemas": schemas}});
    bound_int32(&mut document);
    permissions_as_strings(&mut document);
    document
}

/// Lets every `default_member_permissions` be a string of digits as well
/// as the integer the spec names (Discord's documented type is the string).
fn permissions_as_strings(document: &mut Value) {
    let Some(schemas) = document
        .pointer_mut("/components/schemas")
        .and_then(Value::as_object_mut)
    else {
        return;
    };
    for schema in schemas.values_mut() {
        if let Some(field) = schema.pointer_mut("/properties/default_member_permissions") {
            let integer = field.take();
            // 18014398509481983, the spec's maximum, has 17 digits.
            let digits = json!({"type": "string", "pattern": "^[0-9]{1,17}$"});
            *field = json!({"anyOf": [integer, digits]});
        }
    }
}

/// Adds the `int32` range as `minimum`/`maximum` where a schema with that
/// format has none.
fn bound_int32(node: &mut Value) {
    match node {
        Value::Object(map) => {
            if map.get("format").and_then(Value::as_str) == Some("int32") {
                map.entry("minimum").or_insert(json!(INT32.0));
                map.entry("maximum").or_insert(json!(INT32.1));
            }
            map.values_mut().for_each(bound_int32);
        }
        Value::Array(items) => items.iter_mut().for_each(bound_int32),
        _ => {}
    }
}

/// Discord's ids: decimal, no leading zero, within 64 bits.
fn is_snowflake(text: &str) -> bool {
    text.parse::<u64>().is_ok() && (text == "0" || !text.starts_with(['0', '+']))
}

/// Validates `value` as the given body; returns the violations found.
pub(crate) fn validate(body: Body, value: &Value) -> Vec<Violation> {
    let Some(validators) = validators() else {
        return Vec::new();
    };
    let validator = &validators[body as usize];
    let mut out = Vec::new();
    for error in validator.iter_errors(value) {
        report(&error, &mut out);
    }
    out
}

/// Turns one error into violations: Discord's dotted path, a message
/// without the (possibly long) value, and for an unmatched `oneOf`/`anyOf`
/// the errors of the intended shape.
fn report(error: &ValidationError<'_>, out: &mut Vec<Violation>) {
    let path = dotted(error.instance_path().as_str());
    match error.kind() {
        ValidationErrorKind::OneOfNotValid { context } | ValidationErrorKind::AnyOf { context } => {
            let here = error.instance_path().as_str();
            if let Some(values) = constants(context) {
                push(out, path, format!("must be one of {values}"));
            } else if let Some(kinds) = known_kinds(here, context) {
                push(
                    out,
                    format!("{path}.type"),
                    format!("must be one of {kinds}"),
                );
            } else if let Some(branch) = intended_branch(here, context) {
                branch.iter().for_each(|inner| report(inner, out));
            } else {
                push(out, path, "matches none of the allowed shapes".to_owned());
            }
        }
        ValidationErrorKind::OneOfMultipleValid { .. } => push(
            out,
            path,
            "matches more than one allowed shape, it must match exactly one".to_owned(),
        ),
        ValidationErrorKind::Required { property } => {
            let name = property
                .as_str()
                .map_or_else(|| property.to_string(), str::to_owned);
            push(
                out,
                format!("{path}.{name}"),
                "this field is required".to_owned(),
            );
        }
        ValidationErrorKind::AdditionalProperties { unexpected } => {
            for name in unexpected {
                push(out, format!("{path}.{name}"), "unknown field".to_owned());
            }
        }
        ValidationErrorKind::Type { kind } => {
            let expected = match kind {
                TypeKind::Single(single) => single.to_string(),
                TypeKind::Multiple(set) => set
                    .iter()
                    .map(|t| t.to_string())
                    .collect::<Vec<_>>()
                    .join(" or "),
            };
            push(out, path, format!("must be of type {expected}"));
        }
        _ => push(out, path, error.masked_with("the value").to_string()),
    }
}

/// The branch of an unmatched `oneOf`/`anyOf` the value meant: the only
/// one whose errors leave the object's `type` (the component or callback
/// kind) and the value's own JSON type alone. `None` when no single branch
/// is that close.
fn intended_branch<'e, 'a>(
    here: &str,
    branches: &'e [Vec<ValidationError<'a>>],
) -> Option<&'e [ValidationError<'a>]> {
    let discriminator = format!("{here}/type");
    let mut close = branches.iter().filter(|errors| {
        errors.iter().all(|error| {
            let at = error.instance_path().as_str();
            let wrong_kind = at == discriminator;
            let wrong_shape =
                at == here && matches!(error.kind(), ValidationErrorKind::Type { .. });
            !wrong_kind && !wrong_shape
        })
    });
    match (close.next(), close.next()) {
        (Some(only), None) => Some(only.as_slice()),
        _ => None,
    }
}

/// The allowed values of a `oneOf` of constants (how the spec writes its
/// enumerations, such as button styles), listed.
fn constants(branches: &[Vec<ValidationError<'_>>]) -> Option<String> {
    let values = branches
        .iter()
        .map(|errors| match errors.as_slice() {
            [only] => match only.kind() {
                ValidationErrorKind::Constant { expected_value } => {
                    Some(expected_value.to_string())
                }
                _ => None,
            },
            _ => None,
        })
        .collect::<Option<Vec<_>>>()?;
    Some(values.join(", "))
}

/// When every shape of a `oneOf`/`anyOf` rejects the object's `type` (a
/// component or callback kind the spec does not know), the kinds the
/// shapes accept, listed.
fn known_kinds(here: &str, branches: &[Vec<ValidationError<'_>>]) -> Option<String> {
    let discriminator = format!("{here}/type");
    let mut kinds = Vec::new();
    for errors in branches {
        let rejected = errors
            .iter()
            .find(|error| error.instance_path().as_str() == discriminator)?;
        match rejected.kind() {
            ValidationErrorKind::Enum { options } => {
                kinds.extend(options.as_array()?.iter().map(Value::to_string));
            }
            ValidationErrorKind::Constant { expected_value } => {
                kinds.push(expected_value.to_string());
            }
            _ => return None,
        }
    }
    Some(kinds.join(", "))
}

/// `/components/0/custom_id` becomes `.components.0.custom_id`.
fn dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(|segment| format!(".{}", segment.replace("~1", "/").replace("~0", "~")))
        .collect()
}

fn push(out: &mut Vec<Violation>, path: String, message: String) {
    out.push(Violation { path, message });
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
        let at = |path: &str| {
            violations
                .iter()
                .find(|v| v.path == path)
                .map(|v| v.message.as_str())
        };
        assert_eq!(
            at(".components.0.components.0.custom_id"),
            Some("the value is longer than 100 characters"),
            "{violations:?}"
        );
        assert_eq!(
            at(".components.0.components.0.style"),
            Some("must be one of 1, 2, 3, 4, 5, 6"),
            "{violations:?}"
        );
    }

    #[test]
    fn rejects_an_unknown_callback_type() {
        let violations = validate(Body::InteractionCallback, &json!({"type": 42}));
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].path, ".type");
        assert!(
            violations[0].message.starts_with("must be one of ")
                && violations[0].message.contains("9"),
            "{violations:?}"
        );
        let ok = validate(Body::InteractionCallback, &json!({"type": 6}));
        assert_eq!(ok, Vec::new());
    }

    #[test]
    fn names_an_unknown_component_type() {
        let violations = validate(Body::MessageCreate, &json!({"components": [{"type": 99}]}));
        assert!(
            violations.iter().any(
                |v| v.path == ".components.0.type" && v.message.starts_with("must be one of 1")
            ),
            "{violations:?}"
        );
    }

    #[test]
    fn names_a_missing_field() {
        let violations = validate(
            Body::InteractionCallback,
            &json!({"type": 9, "data": {"title": "t", "components": [], "colour": 1}}),
        );
        assert!(
            violations
                .iter()
                .any(|v| v.path == ".data.custom_id" && v.message == "this field is required"),
            "{violations:?}"
        );
    }

    #[test]
    fn asserts_formats() {
        // `uri` on a link button's url.
        let link = |url: &str| {
            json!({"components": [{"type": 1, "components": [
                {"type": 2, "style": 5, "label": "l", "url": url}]}]})
        };
        assert_eq!(
            validate(Body::MessageCreate, &link("https://example.com")),
            Vec::new()
        );
        let violations = validate(Body::MessageCreate, &link("no scheme"));
        assert!(
            violations.iter().any(
                |v| v.path == ".components.0.components.0.url" && v.message.contains("\"uri\"")
            ),
            "{violations:?}"
        );
        // `snowflake` on the ids a message replies to.
        let reply = |id: &str| json!({"content": "x", "message_reference": {"message_id": id}});
        assert_eq!(validate(Body::MessageCreate, &reply("12345")), Vec::new());
        let violations = validate(Body::MessageCreate, &reply("99999999999999999999"));
        assert!(
            violations
                .iter()
                .any(|v| v.path == ".message_reference.message_id"),
            "{violations:?}"
        );
        // `int32` as its range, on a component's numeric id.
        let with_id = |id: u64| {
            json!({"components": [{"type": 1, "id": id, "components": [
                {"type": 2, "style": 1, "label": "l", "custom_id": "c"}]}]})
        };
        assert_eq!(validate(Body::MessageCreate, &with_id(7)), Vec::new());
        let violations = validate(Body::MessageCreate, &with_id(1 << 40));
        assert!(
            violations
                .iter()
                .any(|v| v.path == ".components.0.id" && v.message.contains("2147483647")),
            "{violations:?}"
        );
    }
}
