//! Invalid bodies sent through the real twilight-http client come back as
//! Discord's 50035 "Invalid Form Body", which twilight parses.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{http, sandbox};
use serde_json::json;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_http::request::Request;
use twilight_http::routing::Route;
use twilight_model::channel::message::Message;

/// Sends `body` as a raw create-message request (bypassing twilight's own
/// validation) and returns (status, code, raw body).
async fn post_raw(body: &serde_json::Value) -> (u16, u64, String) {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let channel_id = sandbox.fixtures().channel_id.get();
    let request = Request::builder(&Route::CreateMessage { channel_id })
        .body(serde_json::to_vec(body).unwrap())
        .build()
        .unwrap();
    let error = http.request::<Message>(request).await.unwrap_err();
    let result = match error.kind() {
        ErrorType::Response {
            error: ApiError::General(general),
            status,
            body,
        } => (
            status.get(),
            general.code,
            String::from_utf8_lossy(body).into_owned(),
        ),
        other => panic!("expected API error, got {other:?}"),
    };
    assert!(sandbox.messages(sandbox.fixtures().channel_id).is_empty());
    sandbox.shutdown().await;
    result
}

fn button(custom_id: &str) -> serde_json::Value {
    json!({"type": 2, "style": 1, "label": "b", "custom_id": custom_id})
}

#[tokio::test]
async fn duplicate_custom_ids_are_rejected_with_50035() {
    let body = json!({"content": "x", "components": [
        {"type": 1, "components": [button("dup"), button("dup")]}]});
    let (status, code, raw) = post_raw(&body).await;
    assert_eq!((status, code), (400, 50035));
    assert!(raw.contains("unique"), "{raw}");
}

#[tokio::test]
async fn schema_violations_are_rejected_with_50035() {
    // A label longer than the spec's 80 characters.
    let body = json!({"components": [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "l".repeat(81), "custom_id": "a"}]}]});
    let (status, code, raw) = post_raw(&body).await;
    assert_eq!((status, code), (400, 50035));
    assert!(raw.contains("label"), "{raw}");
}

#[tokio::test]
async fn link_button_with_custom_id_and_select_beside_button_are_rejected() {
    let link = json!({"components": [{"type": 1, "components": [
        {"type": 2, "style": 5, "label": "l", "url": "https://example.com", "custom_id": "x"}]}]});
    assert_eq!(post_raw(&link).await.1, 50035);
    let select = json!({"type": 3, "custom_id": "s", "options": [{"label": "a", "value": "a"}]});
    let mixed = json!({"components": [{"type": 1, "components": [select, button("b")]}]});
    assert_eq!(post_raw(&mixed).await.1, 50035);
    let rows: Vec<_> = (0..6)
        .map(|i| json!({"type": 1, "components": [button(&format!("r{i}"))]}))
        .collect();
    assert_eq!(post_raw(&json!({"components": rows})).await.1, 50035);
}

/// Discord opens only http, https and discord links; a `javascript:` link
/// would run script in whatever page shows the button.
#[tokio::test]
async fn link_buttons_with_other_schemes_are_rejected() {
    for url in [
        "javascript:alert(document.domain)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        " javascript:alert(1)",
        "example.com/no-scheme",
    ] {
        let link = json!({"components": [{"type": 1, "components": [
            {"type": 2, "style": 5, "label": "l", "url": url}]}]});
        let (status, code, raw) = post_raw(&link).await;
        assert_eq!((status, code), (400, 50035), "{url}: {raw}");
        assert!(raw.contains("\"url\""), "{url}: {raw}");
    }
    // In a section's accessory (components v2) too.
    let section = json!({"flags": 1 << 15, "components": [{"type": 9,
        "components": [{"type": 10, "content": "text"}],
        "accessory": {"type": 2, "style": 5, "label": "l", "url": "javascript:alert(1)"}}]});
    let (status, code, raw) = post_raw(&section).await;
    assert_eq!((status, code), (400, 50035), "{raw}");
    assert!(raw.contains("javascript"), "{raw}");
}

#[tokio::test]
async fn invalid_callback_payload_is_rejected_and_leaves_the_interaction_open() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let f = sandbox.fixtures().clone();
    let components =
        vec![serde_json::from_value(json!({"type": 1, "components": [button("ok")]})).unwrap()];
    let message = http
        .create_message(f.channel_id)
        .content("m")
        .components(&components)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    // Unknown custom_ids are driver errors, not panics.
    assert!(sandbox.click(message.id, "nope", f.users[0].id).is_err());
    let id = sandbox.click(message.id, "ok", f.users[0].id).unwrap();
    let token = sandbox.interaction_token(id).unwrap();
    let send = |body: serde_json::Value| {
        Request::builder(&Route::InteractionCallback {
            interaction_id: id.get(),
            interaction_token: &token,
            with_response: false,
        })
        .body(serde_json::to_vec(&body).unwrap())
        .use_authorization_token(false)
        .build()
        .unwrap()
    };
    let bad = json!({"type": 4, "data": {"content": "x", "components": [
        {"type": 1, "components": [button("a"), button("a")]}]}});
    let error = http
        .request::<twilight_http::response::marker::EmptyBody>(send(bad))
        .await
        .unwrap_err();
    let ErrorType::Response {
        error: ApiError::General(general),
        body,
        ..
    } = error.kind()
    else {
        panic!("expected API error, got {error:?}");
    };
    assert_eq!(general.code, 50035);
    // The message sits under `data` in a callback: so does its error.
    let errors: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert!(
        errors["errors"]["data"]["components"].is_object(),
        "{errors}"
    );
    assert!(sandbox.replies_for(id).is_empty());
    // A modal with duplicate text-input custom_ids is rejected too.
    let input = |id: &str| {
        json!({"type": 1, "components": [
        {"type": 4, "custom_id": id, "label": "l", "style": 1}]})
    };
    let modal = json!({"type": 9, "data": {"custom_id": "m", "title": "t",
        "components": [input("same"), input("same")]}});
    let error = http
        .request::<twilight_http::response::marker::EmptyBody>(send(modal))
        .await
        .unwrap_err();
    let ErrorType::Response {
        error: ApiError::General(general),
        body,
        ..
    } = error.kind()
    else {
        panic!("expected API error, got {error:?}");
    };
    assert_eq!(general.code, 50035);
    assert!(String::from_utf8_lossy(body).contains("unique"));
    let errors: serde_json::Value = serde_json::from_slice(body).unwrap();
    assert!(
        errors["errors"]["data"]["components"].is_object(),
        "{errors}"
    );
    assert!(sandbox.replies_for(id).is_empty());
    // Still unacknowledged: a valid callback is accepted afterwards.
    http.request::<twilight_http::response::marker::EmptyBody>(send(json!({"type": 6})))
        .await
        .unwrap();
    assert_eq!(sandbox.replies_for(id).len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invalid_layouts_are_rejected_with_50035() {
    const V2: u64 = 1 << 15;
    let text = |len: usize| json!({"type": 10, "content": "x".repeat(len)});
    // Content beside a layout.
    let content = json!({"content": "hi", "flags": V2, "components": [text(1)]});
    let (status, code, raw) = post_raw(&content).await;
    assert_eq!((status, code), (400, 50035));
    assert!(raw.contains("IS_COMPONENTS_V2"), "{raw}");
    // 4,001 characters of text across two displays.
    let long = json!({"flags": V2, "components": [text(3000), text(1001)]});
    let (_, code, raw) = post_raw(&long).await;
    assert_eq!(code, 50035);
    assert!(raw.contains("4001 given"), "{raw}");
    // A section without its accessory (the spec's shape).
    let section = json!({"flags": V2, "components": [{"type": 9, "components": [text(1)]}]});
    assert_eq!(post_raw(&section).await.1, 50035);
    // A container inside a container (the spec's shape).
    let nested = json!({"flags": V2, "components": [
        {"type": 17, "components": [{"type": 17, "components": [text(1)]}]}]});
    assert_eq!(post_raw(&nested).await.1, 50035);
}

/// Sends `body` as `method` to `route` and returns the status and the
/// error code (0 for a success).
async fn send_raw(
    http: &twilight_http::Client,
    route: &Route<'_>,
    body: &serde_json::Value,
    use_token: bool,
) -> (u16, u64, String) {
    let request = Request::builder(route)
        .body(serde_json::to_vec(body).unwrap())
        .use_authorization_token(use_token)
        .build()
        .unwrap();
    match http
        .request::<twilight_http::response::marker::EmptyBody>(request)
        .await
    {
        Ok(response) => (response.status().get(), 0, String::new()),
        Err(error) => match error.kind() {
            ErrorType::Response {
                error: ApiError::General(general),
                status,
                body,
            } => (
                status.get(),
                general.code,
                String::from_utf8_lossy(body).into_owned(),
            ),
            other => panic!("expected API error, got {other:?}"),
        },
    }
}

#[tokio::test]
async fn duplicate_custom_ids_in_a_layout_are_rejected_with_50035() {
    const V2: u64 = 1 << 15;
    // One custom_id as a section's accessory and again in a row of the
    // same container.
    let body = json!({"flags": V2, "components": [{"type": 17, "components": [
        {"type": 9, "components": [{"type": 10, "content": "Count"}], "accessory": button("dup")},
        {"type": 1, "components": [button("dup")]}]}]});
    let (status, code, raw) = post_raw(&body).await;
    assert_eq!((status, code), (400, 50035), "{raw}");
    assert!(raw.contains("unique"), "{raw}");
    assert!(raw.contains("accessory") || raw.contains("\"1\""), "{raw}");
}

/// Discord judges an edit by the message it edits: a Components V2
/// message stays V2 (an edit cannot clear the flag), so an edit without
/// the flag is still checked, and stored, as V2; a legacy message is
/// checked as legacy unless the edit sets the flag. On all three edit
/// paths: PATCH of a channel message, of `@original`, and an update
/// callback (type 7).
#[tokio::test]
async fn edits_of_a_v2_message_are_judged_as_v2_by_the_stored_flag() {
    const V2: u64 = 1 << 15;
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let f = sandbox.fixtures().clone();
    let channel_id = f.channel_id.get();
    let text = |content: &str| json!({"type": 10, "content": content});
    let layout =
        json!({"flags": V2, "components": [text("v1"), {"type": 1, "components": [button("go")]}]});
    let created = Request::builder(&Route::CreateMessage { channel_id })
        .body(serde_json::to_vec(&layout).unwrap())
        .build()
        .unwrap();
    let message = http
        .request::<Message>(created)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let flags = |id| {
        sandbox
            .message(id)
            .unwrap()
            .message
            .flags
            .map_or(0, |flags| flags.bits())
    };
    let edit = Route::UpdateMessage {
        channel_id,
        message_id: message.id.get(),
    };

    // No flag in the body: still V2, so a top-level text display is fine
    // and the message keeps its flag.
    let body = json!({"components": [text("v2"), {"type": 1, "components": [button("go")]}]});
    assert_eq!(send_raw(&http, &edit, &body, true).await.0, 200);
    assert_ne!(flags(message.id) & V2, 0);
    // `flags: 0` cannot turn V2 off.
    let body =
        json!({"flags": 0, "components": [text("v3"), {"type": 1, "components": [button("go")]}]});
    assert_eq!(send_raw(&http, &edit, &body, true).await.0, 200);
    assert_ne!(flags(message.id) & V2, 0);
    // Content on a V2 message is refused though the body has no flag.
    let body = json!({"content": "hello"});
    let (status, code, raw) = send_raw(&http, &edit, &body, true).await;
    assert_eq!((status, code), (400, 50035), "{raw}");
    assert!(raw.contains("IS_COMPONENTS_V2"), "{raw}");
    // So is a V2 rule broken without the flag: 4,001 characters of text.
    let (long, rest) = ("x".repeat(3000), "x".repeat(1001));
    let body = json!({"components": [text(&long), text(&rest)]});
    let (_, code, raw) = send_raw(&http, &edit, &body, true).await;
    assert_eq!(code, 50035, "{raw}");
    assert!(raw.contains("4001 given"), "{raw}");

    // An update callback (type 7) from a click on the V2 message, without
    // the flag: checked and stored as V2.
    let clicked = sandbox.click(message.id, "go", f.users[0].id).unwrap();
    let token = sandbox.interaction_token(clicked).unwrap();
    let callback = Route::InteractionCallback {
        interaction_id: clicked.get(),
        interaction_token: &token,
        with_response: false,
    };
    let bad = json!({"type": 7, "data": {"content": "hello"}});
    let (status, code, raw) = send_raw(&http, &callback, &bad, false).await;
    assert_eq!((status, code), (400, 50035), "{raw}");
    let errors: serde_json::Value = serde_json::from_str(&raw).unwrap();
    assert!(errors["errors"]["data"].is_object(), "{raw}");
    let good = json!({"type": 7, "data": {"components": [text("v4"), {"type": 1, "components": [button("go")]}]}});
    assert_eq!(send_raw(&http, &callback, &good, false).await.0, 204);
    assert_ne!(flags(message.id) & V2, 0);

    // `@original` of that interaction is the message: the same judgement.
    let application_id = sandbox.application_id().get();
    let original = Route::UpdateInteractionOriginal {
        application_id,
        interaction_token: &token,
    };
    let (_, code, raw) = send_raw(&http, &original, &json!({"content": "hello"}), false).await;
    assert_eq!(code, 50035, "{raw}");
    let body = json!({"components": [text("v5"), {"type": 1, "components": [button("go")]}]});
    assert_eq!(send_raw(&http, &original, &body, false).await.0, 200);
    let stored = sandbox.message(message.id).unwrap().message;
    assert_ne!(stored.flags.map_or(0, |flags| flags.bits()) & V2, 0);
    assert_eq!(stored.content, "");

    // A legacy message is judged as legacy: a text display at the top is
    // refused without the flag.
    let legacy = http
        .create_message(f.channel_id)
        .content("plain")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let edit_legacy = Route::UpdateMessage {
        channel_id,
        message_id: legacy.id.get(),
    };
    let (_, code, raw) = send_raw(
        &http,
        &edit_legacy,
        &json!({"components": [text("x")]}),
        true,
    )
    .await;
    assert_eq!(code, 50035, "{raw}");
    assert!(raw.contains("action rows"), "{raw}");
    sandbox.shutdown().await;
}
