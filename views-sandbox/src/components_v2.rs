//! The Components V2 rules Discord enforces on a message flagged
//! `IS_COMPONENTS_V2` that its OpenAPI spec does not express (the spec
//! checks each component's shape and per-list lengths): no content, embeds
//! or poll; at most 40 components in the whole message, nested ones
//! included; at most 4,000 characters of text display content in total;
//! numeric component ids unique in the message.

use std::collections::HashSet;

use serde_json::Value;

use crate::schema::Violation;

/// The most components of a message, nested ones included.
const COMPONENTS_MAX: usize = 40;
/// The most characters of text display content across a message.
const TEXT_MAX: usize = 4000;
const TEXT_DISPLAY: u64 = 10;

/// Checks a V2 message `body` whose top-level components are `components`.
pub(crate) fn check(body: &Value, components: &[Value]) -> Vec<Violation> {
    let mut out = Vec::new();
    for field in ["content", "embeds", "poll", "sticker_ids"] {
        let used = match body.get(field) {
            None | Some(Value::Null) => false,
            Some(Value::String(text)) => !text.is_empty(),
            Some(Value::Array(list)) => !list.is_empty(),
            Some(_) => true,
        };
        if used {
            out.push(Violation {
                path: format!(".{field}"),
                message: format!(
                    "The '{field}' field cannot be used when using MessageFlags.IS_COMPONENTS_V2"
                ),
            });
        }
    }
    let mut walk = Walk::default();
    walk.components(components, ".components", &mut out);
    if walk.count > COMPONENTS_MAX {
        out.push(Violation {
            path: ".components".to_owned(),
            message: format!(
                "Must be {COMPONENTS_MAX} or fewer in total, nested components included \
                 ({} given).",
                walk.count
            ),
        });
    }
    if walk.text > TEXT_MAX {
        out.push(Violation {
            path: ".components".to_owned(),
            message: format!(
                "The total length of text display content must be {TEXT_MAX} or fewer \
                 ({} given).",
                walk.text
            ),
        });
    }
    out
}

/// Counts while walking the tree.
#[derive(Default)]
struct Walk {
    count: usize,
    text: usize,
    ids: HashSet<i64>,
}

impl Walk {
    fn components(&mut self, components: &[Value], path: &str, out: &mut Vec<Violation>) {
        for (index, component) in components.iter().enumerate() {
            self.component(component, &format!("{path}.{index}"), out);
        }
    }

    fn component(&mut self, component: &Value, path: &str, out: &mut Vec<Violation>) {
        self.count += 1;
        if let Some(id) = component.get("id").and_then(Value::as_i64)
            && !self.ids.insert(id)
        {
            out.push(Violation {
                path: format!("{path}.id"),
                message: format!("Component id {id} must be unique in the message."),
            });
        }
        if component.get("type").and_then(Value::as_u64) == Some(TEXT_DISPLAY)
            && let Some(content) = component.get("content").and_then(Value::as_str)
        {
            self.text += content.chars().count();
        }
        if let Some(children) = component.get("components").and_then(Value::as_array) {
            self.components(children, &format!("{path}.components"), out);
        }
        if let Some(accessory) = component.get("accessory") {
            self.component(accessory, &format!("{path}.accessory"), out);
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::check;

    fn text(content: &str) -> serde_json::Value {
        json!({"type": 10, "content": content})
    }

    #[test]
    fn refuses_content_with_the_flag() {
        let components = [text("a")];
        let body = json!({"content": "hi", "flags": 32768, "components": components});
        let violations = check(&body, &components);
        assert_eq!(violations.len(), 1, "{violations:?}");
        assert_eq!(violations[0].path, ".content");
        assert!(check(&json!({"content": ""}), &components).is_empty());
    }

    #[test]
    fn counts_nested_components_and_text_across_the_message() {
        let button = json!({"type": 2, "style": 1, "label": "b", "custom_id": "b"});
        let section = json!({"type": 9, "components": [text("a")], "accessory": button});
        // 1 container + 13 sections of 3 = 40.
        let container = json!({"type": 17, "components": vec![section; 13]});
        assert!(check(&json!({}), std::slice::from_ref(&container)).is_empty());
        let too_many = [container, text("a")];
        let violations = check(&json!({}), &too_many);
        assert!(violations[0].message.contains("41 given"), "{violations:?}");
        let long = [text(&"x".repeat(3000)), text(&"x".repeat(1001))];
        let violations = check(&json!({}), &long);
        assert!(
            violations[0].message.contains("4001 given"),
            "{violations:?}"
        );
    }

    #[test]
    fn refuses_a_numeric_id_used_twice() {
        let components = [
            json!({"type": 10, "content": "a", "id": 3}),
            json!({"type": 10, "content": "b", "id": 3}),
        ];
        let violations = check(&json!({}), &components);
        assert_eq!(violations.len(), 1);
        assert_eq!(violations[0].path, ".components.1.id");
    }
}
