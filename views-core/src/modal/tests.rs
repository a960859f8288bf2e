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

#[test]
fn file_uploads_hand_over_their_resolved_attachments() {
    // Discord's example uses an id of 21 digits, beyond a u64 (twilight
    // refuses it): the same payload with an 18-digit one.
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(
        "../tests/fixtures/discord-api-docs/file-upload-modal-submit-interaction-data-example.json",
    );
    let text = std::fs::read_to_string(path)
        .expect("fixture")
        .replace("111111111111111111111", "111111111111111111");
    let json: serde_json::Value = serde_json::from_str(&text).expect("json");
    let mut sub = submission(&json["data"].to_string());
    let files = sub.attachments("file_upload", true).expect("one file");
    assert_eq!(files.len(), 1);
    assert_eq!(
        (files[0].filename.as_str(), files[0].size),
        ("bug.png", 241_394)
    );
    assert_eq!(files[0].content_type.as_deref(), Some("image/png"));
    assert!(files[0].url.starts_with("https://cdn.discordapp.com/"));
    sub.finish().expect("nothing left");

    // Nothing uploaded: an error only when the upload is required.
    let empty = r#"{"custom_id":"m","components":[{"type":18,"id":1,"component":
        {"type":19,"id":2,"custom_id":"shots","values":[]}}]}"#;
    assert!(
        submission(empty)
            .attachments("shots", false)
            .expect("parsed")
            .is_empty()
    );
    assert!(matches!(
        submission(empty)
            .attachments("shots", true)
            .expect_err("refused")
            .kind(),
        ModalErrorKind::MissingField { field: "shots" }
    ));
    assert!(
        submission(r#"{"custom_id":"m","components":[]}"#)
            .attachments("shots", false)
            .expect("parsed")
            .is_empty()
    );

    // A file the submission does not resolve, and text under the upload's name.
    let unresolved = r#"{"custom_id":"m","components":[{"type":18,"id":1,"component":
        {"type":19,"id":2,"custom_id":"shots","values":["42"]}}]}"#;
    let error = submission(unresolved)
        .attachments("shots", false)
        .expect_err("refused");
    assert!(
        matches!(error.kind(), ModalErrorKind::UnresolvedAttachment { field: "shots", id } if id.get() == 42),
        "{error:?}"
    );
    assert_eq!(
        error.to_string(),
        "the file 42 of upload `shots` is not among the submission's resolved attachments"
    );
    let text = r#"{"custom_id":"m","components":[{"type":18,"id":1,"component":
        {"type":4,"id":2,"custom_id":"shots","value":"x"}}]}"#;
    assert!(matches!(
        submission(text)
            .attachments("shots", true)
            .expect_err("refused")
            .kind(),
        ModalErrorKind::WrongKind { field: "shots" }
    ));
}

#[test]
fn text_displays_are_shown_and_carry_no_input() {
    let json = serde_json::to_value(text_display("Read the **rules**.")).expect("serialises");
    assert_eq!(
        json,
        serde_json::json!({"type": 10, "content": "Read the **rules**."})
    );
    let mut sub = submission(
        r#"{"custom_id":"m","components":[{"type":10,"id":1},{"type":18,"id":2,"component":
            {"type":4,"id":3,"custom_id":"subject","value":"x"}}]}"#,
    );
    assert_eq!(
        sub.text("subject", true).expect("parsed").as_deref(),
        Some("x")
    );
    sub.finish().expect("a text display is no input");
}

#[test]
fn file_uploads_serialise_inside_labels() {
    let component = file_upload(FileUploadParts {
        custom_id: "file_upload",
        label: "File Upload".to_owned(),
        description: Some("A screenshot.".to_owned()),
        min_values: Some(1),
        max_values: Some(10),
        required: true,
    });
    assert_eq!(
        serde_json::to_value(&component).expect("serialises"),
        serde_json::json!({"type": 18, "label": "File Upload", "description": "A screenshot.",
            "component": {"type": 19, "custom_id": "file_upload", "min_values": 1,
                "max_values": 10, "required": true}})
    );
}
