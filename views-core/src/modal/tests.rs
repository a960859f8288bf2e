//! Unit tests of the submission parser and the builders.

use twilight_model::application::interaction::modal::ModalInteractionData;

use super::*;

fn submission(json: &str) -> Submission {
    let data: ModalInteractionData = serde_json::from_str(json).expect("modal data");
    Submission::new(&data)
}

#[test]
fn reads_labels_and_action_rows() {
    let mut labels = submission(
        r#"{"custom_id":"m","components":[{"type":18,"id":1,"component":
            {"type":4,"id":2,"custom_id":"subject","value":"Broken"}}]}"#,
    );
    assert_eq!(
        labels.text("subject", true).expect("present").as_deref(),
        Some("Broken")
    );
    labels.finish().expect("nothing left");
    let mut rows = submission(
        r#"{"custom_id":"m","components":[{"type":1,"id":1,"components":[
            {"type":4,"id":2,"custom_id":"details","value":""}]}]}"#,
    );
    assert_eq!(rows.text("details", false).expect("optional"), None);
}

#[test]
fn missing_and_extra_inputs_are_errors() {
    let mut sub = submission(
        r#"{"custom_id":"m","components":[{"type":1,"id":1,"components":[
            {"type":4,"id":2,"custom_id":"other","value":"x"}]}]}"#,
    );
    let error = sub.text("subject", true).expect_err("missing");
    assert!(matches!(
        error.kind(),
        ModalErrorKind::MissingField { field: "subject" }
    ));
    let error = sub.finish().expect_err("extra");
    assert!(error.to_string().contains("`other`"), "{error}");
}

/// A modal-submit fixture of Discord's docs (in the workspace's
/// `tests/fixtures`).
fn fixture(name: &str) -> Submission {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/fixtures/discord-api-docs")
        .join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    submission(&json["data"].to_string())
}

#[test]
fn reads_checkboxes_and_selects_of_discord_payloads() {
    let mut sub = fixture("checkbox-modal-submit-interaction-data-example.json");
    assert!(sub.checked("like_checkbox").expect("checkbox"));
    sub.finish().expect("nothing left");
    let mut sub = fixture("string-select-modal-submit-interaction-data-example.json");
    assert_eq!(
        sub.value("favorite_bug", true)
            .expect("one value")
            .as_deref(),
        Some("butterfly")
    );
    let mut sub = fixture("string-select-modal-submit-interaction-data-example.json");
    let error = sub.checked("favorite_bug").expect_err("not a checkbox");
    assert!(matches!(error.kind(), ModalErrorKind::WrongKind { .. }));
    assert!(matches!(
        sub.values("other", true).expect_err("missing").kind(),
        ModalErrorKind::MissingField { field: "other" }
    ));
}

#[test]
fn text_inputs_serialise_as_labels() {
    let component = text_input(TextInputParts {
        custom_id: "subject",
        label: "Subject".to_owned(),
        description: None,
        paragraph: true,
        placeholder: None,
        min_length: Some(1),
        max_length: Some(4000),
        required: true,
        value: prefilled(Some(""), Some("x")),
    });
    let json = serde_json::to_value(&component).expect("serialises");
    assert_eq!(json["type"], 18);
    assert_eq!(json["label"], "Subject");
    assert_eq!(json["component"]["type"], 4);
    assert_eq!(json["component"]["style"], 2);
    assert_eq!(json["component"]["value"], "x");
    assert!(json["component"].get("label").is_none(), "{json}");
}
