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
        ..
    } = error.kind()
    else {
        panic!("expected API error, got {error:?}");
    };
    assert_eq!(general.code, 50035);
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
