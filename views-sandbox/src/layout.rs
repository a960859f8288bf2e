//! Component layout rules Discord enforces that its OpenAPI spec does not
//! express: unique 1-100 character custom_ids, at most 5 action rows
//! without the components-v2 flag, rows of up to 5 buttons or one select,
//! link buttons with an http, https or discord url and no custom_id, other
//! buttons with a custom_id; with the flag, the V2 rules of
//! `components_v2`; in modals, a file upload's `min_values` at most its
//! `max_values`.

use crate::schema::Violation;
use serde_json::Value;
use std::collections::HashSet;

const IS_COMPONENTS_V2: u64 = 1 << 15;
const ACTION_ROW: u64 = 1;
const BUTTON: u64 = 2;
const SELECTS: [u64; 5] = [3, 5, 6, 7, 8];
const LINK_STYLE: u64 = 5;
/// The schemes Discord accepts for a link button's url.
const LINK_SCHEMES: [&str; 3] = ["http", "https", "discord"];
const PREMIUM_STYLE: u64 = 6;
const FILE_UPLOAD: u64 = 19;

/// Checks the `components` of a message body (`flags` decides v1 or v2).
pub(crate) fn check_message(body: &Value) -> Vec<Violation> {
    let Some(components) = body.get("components").and_then(Value::as_array) else {
        return Vec::new();
    };
    let v2 = body
        .get("flags")
        .and_then(Value::as_u64)
        .is_some_and(|flags| flags & IS_COMPONENTS_V2 != 0);
    check_components(body, components, v2)
}

/// Checks `components`, the components of `body`, as a V2 message's when
/// `v2`, else as action rows.
fn check_components(body: &Value, components: &[Value], v2: bool) -> Vec<Violation> {
    let mut out = Vec::new();
    if !v2 {
        if components.len() > 5 {
            push(
                &mut out,
                ".components",
                "at most 5 action rows without IS_COMPONENTS_V2",
            );
        }
        for (i, top) in components.iter().enumerate() {
            if kind(top) != Some(ACTION_ROW) {
                push(
                    &mut out,
                    &format!(".components.{i}.type"),
                    "top-level components must be action rows without IS_COMPONENTS_V2",
                );
            }
        }
    }
    if v2 {
        out.extend(crate::components_v2::check(body, components));
    }
    let mut seen = HashSet::new();
    walk(components, ".components", &mut seen, &mut out);
    out
}

/// Checks the body of an edit of a message whose flags are `stored_flags`.
/// Discord judges an edit by the message: once a message is Components V2
/// it stays so (an edit cannot clear the flag), so the edit of a V2
/// message is checked as V2 whether or not its body repeats the flag. An
/// edit may set the flag on a message that lacked it. The V2 bit is put
/// back into `body`'s `flags` when the body would clear it.
pub(crate) fn check_edit(stored_flags: u64, body: &mut Value) -> Vec<Violation> {
    if stored_flags & IS_COMPONENTS_V2 == 0 {
        return check_message(body);
    }
    // `flags: null` or a number without the bit: the bit stays.
    if let Some(flags) = body.get("flags") {
        let flags = flags.as_u64().unwrap_or(0);
        body["flags"] = Value::from(flags | IS_COMPONENTS_V2);
    }
    match body.get("components").and_then(Value::as_array) {
        Some(components) => check_components(body, components, true),
        // Content or embeds alone: still refused on a V2 message.
        None => crate::components_v2::check(body, &[]),
    }
}

/// Checks a modal (`data` of a type-9 callback): at most 5 top-level
/// components, custom_ids 1-100 characters and unique.
pub(crate) fn check_modal(data: &Value) -> Vec<Violation> {
    let mut out = Vec::new();
    let Some(components) = data.get("components").and_then(Value::as_array) else {
        return out;
    };
    if components.len() > 5 {
        push(&mut out, ".components", "a modal has at most 5 components");
    }
    let mut seen = HashSet::new();
    walk(components, ".components", &mut seen, &mut out);
    out
}

fn kind(component: &Value) -> Option<u64> {
    component.get("type").and_then(Value::as_u64)
}

fn push(out: &mut Vec<Violation>, path: &str, message: &str) {
    out.push(Violation {
        path: path.to_owned(),
        message: message.to_owned(),
    });
}

fn walk(components: &[Value], path: &str, seen: &mut HashSet<String>, out: &mut Vec<Violation>) {
    for (i, component) in components.iter().enumerate() {
        visit(component, &format!("{path}.{i}"), seen, out);
    }
}

/// One component at `here`, and what it nests.
fn visit(component: &Value, here: &str, seen: &mut HashSet<String>, out: &mut Vec<Violation>) {
    if let Some(custom_id) = component.get("custom_id").and_then(Value::as_str) {
        let len = custom_id.chars().count();
        if !(1..=100).contains(&len) {
            push(
                out,
                &format!("{here}.custom_id"),
                "custom_id must be 1-100 characters",
            );
        }
        if !seen.insert(custom_id.to_owned()) {
            push(
                out,
                &format!("{here}.custom_id"),
                "custom_id must be unique per message",
            );
        }
    }
    match kind(component) {
        Some(ACTION_ROW) => check_row(component, here, out),
        Some(BUTTON) => check_button(component, here, out),
        Some(FILE_UPLOAD) => check_file_upload(component, here, out),
        _ => {}
    }
    // Labels (modals) hold one component: Discord's path names it
    // without an index.
    if let Some(inner) = component.get("component") {
        visit(inner, &format!("{here}.component"), seen, out);
    }
    // Containers, sections and rows nest further components.
    if let Some(children) = component.get("components").and_then(Value::as_array) {
        walk(children, &format!("{here}.components"), seen, out);
    }
    if let Some(accessory) = component.get("accessory") {
        visit(accessory, &format!("{here}.accessory"), seen, out);
    }
}

fn check_row(row: &Value, path: &str, out: &mut Vec<Violation>) {
    let children = row
        .get("components")
        .and_then(Value::as_array)
        .map_or(&[][..], Vec::as_slice);
    if children.is_empty() {
        push(
            out,
            &format!("{path}.components"),
            "an action row needs at least one component",
        );
    }
    let buttons = children.iter().filter(|c| kind(c) == Some(BUTTON)).count();
    let selects = children
        .iter()
        .filter(|c| kind(c).is_some_and(|k| SELECTS.contains(&k)))
        .count();
    if buttons > 5 {
        push(
            out,
            &format!("{path}.components"),
            "an action row holds at most 5 buttons",
        );
    }
    if selects > 1 || (selects == 1 && buttons > 0) {
        push(
            out,
            &format!("{path}.components"),
            "a select menu must be alone in its action row",
        );
    }
}

/// Each bound alone is the schema's (0-10, 1-10); Discord also refuses a
/// minimum above the maximum, which the schema cannot say. An absent
/// `max_values` is 1.
fn check_file_upload(upload: &Value, path: &str, out: &mut Vec<Violation>) {
    let min = upload.get("min_values").and_then(Value::as_u64);
    let max = upload
        .get("max_values")
        .and_then(Value::as_u64)
        .unwrap_or(1);
    if min.is_some_and(|min| min > max) {
        push(
            out,
            &format!("{path}.min_values"),
            "min_values must be less than or equal to max_values",
        );
    }
}

fn check_button(button: &Value, path: &str, out: &mut Vec<Violation>) {
    let style = button.get("style").and_then(Value::as_u64);
    let has = |field: &str| button.get(field).is_some_and(|v| !v.is_null());
    match style {
        Some(LINK_STYLE) => {
            match button.get("url").and_then(Value::as_str) {
                Some(url) => check_link_url(url, &format!("{path}.url"), out),
                None if !has("url") => {
                    push(out, &format!("{path}.url"), "a link button needs a url");
                }
                // Not a string: the schema reports it.
                None => {}
            }
            if has("custom_id") {
                push(
                    out,
                    &format!("{path}.custom_id"),
                    "a link button cannot have a custom_id",
                );
            }
        }
        Some(PREMIUM_STYLE) => {
            if !has("sku_id") {
                push(
                    out,
                    &format!("{path}.sku_id"),
                    "a premium button needs a sku_id",
                );
            }
        }
        _ => {
            if !has("custom_id") {
                push(
                    out,
                    &format!("{path}.custom_id"),
                    "this button needs a custom_id",
                );
            }
            if has("url") {
                push(out, &format!("{path}.url"), "only link buttons have a url");
            }
        }
    }
}

/// Refuses a url whose scheme Discord does not open (with Discord's
/// wording), such as `javascript:`, which would run in a page showing the
/// button.
fn check_link_url(url: &str, path: &str, out: &mut Vec<Violation>) {
    // RFC 3986: a letter, then letters, digits, `+`, `-` or `.`, then `:`.
    let scheme = url
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|scheme| {
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        });
    match scheme {
        None => push(out, path, "Not a well formed URL."),
        Some(scheme) if !LINK_SCHEMES.iter().any(|s| s.eq_ignore_ascii_case(scheme)) => {
            let message = format!(
                "Scheme \"{scheme}\" is not supported. Scheme must be one of ('http', 'https', 'discord')."
            );
            push(out, path, &message);
        }
        Some(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::check_message;
    use serde_json::json;

    fn button(id: &str) -> serde_json::Value {
        json!({"type": 2, "style": 1, "label": "b", "custom_id": id})
    }

    #[test]
    fn duplicate_custom_ids_are_rejected() {
        let body = json!({"components": [{"type": 1, "components": [button("a"), button("a")]}]});
        let v = check_message(&body);
        assert_eq!(v.len(), 1, "{v:?}");
        assert_eq!(v[0].path, ".components.0.components.1.custom_id");
    }

    #[test]
    fn select_with_button_and_six_rows_are_rejected() {
        let select = json!({"type": 3, "custom_id": "s", "options": []});
        let rows: Vec<_> = (0..6)
            .map(|i| json!({"type": 1, "components": [button(&format!("b{i}"))]}))
            .collect();
        assert!(!check_message(&json!({"components": rows})).is_empty());
        let mixed = json!({"components": [{"type": 1, "components": [select, button("x")]}]});
        assert!(!check_message(&mixed).is_empty());
    }

    #[test]
    fn link_buttons_need_url_and_no_custom_id() {
        let bad = json!({"components": [{"type": 1, "components": [
            {"type": 2, "style": 5, "label": "l", "custom_id": "c"}]}]});
        assert_eq!(check_message(&bad).len(), 2);
        let good = json!({"components": [{"type": 1, "components": [
            {"type": 2, "style": 5, "label": "l", "url": "https://example.com"}]}]});
        assert!(check_message(&good).is_empty());
    }

    #[test]
    fn link_urls_must_be_http_https_or_discord() {
        let link = |url: &str| {
            json!({"components": [{"type": 1, "components": [
                {"type": 2, "style": 5, "label": "l", "url": url}]}]})
        };
        for url in [
            "http://example.com",
            "HTTPS://example.com/a?b#c",
            "discord://-/channels/1/2",
        ] {
            assert!(check_message(&link(url)).is_empty(), "{url}");
        }
        for url in [
            "javascript:alert(1)",
            "JAVASCRIPT:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "file:///etc/passwd",
            " javascript:alert(1)",
            "java\tscript:alert(1)",
            "//example.com",
            "",
        ] {
            let violations = check_message(&link(url));
            assert_eq!(violations.len(), 1, "{url:?}: {violations:?}");
            assert_eq!(violations[0].path, ".components.0.components.0.url");
        }
    }
}
