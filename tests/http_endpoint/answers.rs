//! Verified interactions: the first answer comes back in the response
//! body; what a handler sends after it goes through REST.

use std::time::{Duration, Instant};

use serde_json::json;
use twilight_model::id::Id;
use twilight_views::{
    context::DEFAULT_ERROR_MESSAGE, respond::Sent, router::DEFAULT_NOT_SAVED_MESSAGE,
};
use views_testkit::discord::{APPLICATION_ID, interaction_json};

use crate::common::{AUTO_DEFER, Bot, Counter, click, interaction_id, send, signed};

#[tokio::test]
async fn ping_is_answered_pong() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    // What Discord sends when the endpoint URL is saved, and the least a
    // PING can be.
    let full = json!({
        "app_permissions": "562949953601536",
        "application_id": APPLICATION_ID.to_string(),
        "authorizing_integration_owners": {},
        "entitlements": [],
        "id": "1",
        "token": "ping-token",
        "type": 1,
        "user": views_testkit::discord::user_json(1),
        "version": 1,
    });
    let least = json!({"type": 1});
    for ping in [full, least] {
        let answer = send(&endpoint, signed(&ping)).await;
        assert_eq!(answer.status, 200, "{ping}: {}", answer.text);
        assert_eq!(answer.json(), json!({"type": 1}));
    }
    assert!(bot.recorder.sent().is_empty());
}

#[tokio::test]
async fn a_click_is_answered_in_the_body_and_its_state_is_kept() {
    let bot = Bot::new();
    bot.router
        .bind(Id::new(4_001), Counter::default())
        .await
        .unwrap();
    let endpoint = bot.endpoint().build().unwrap();
    for expected in 1..=3 {
        let answer = send(&endpoint, signed(&click("http:increment", 4_001))).await;
        assert_eq!(answer.status, 200, "{}", answer.text);
        assert_eq!(answer.kind(), 4);
        assert_eq!(answer.content(), format!("count {expected}"));
        assert!(answer.is_ephemeral());
    }
    // Nothing went through REST: the body carried every answer.
    assert!(bot.recorder.sent().is_empty(), "{:?}", bot.recorder.sent());
    let stored = bot.router.store().load(4_001).await.unwrap().unwrap();
    assert_eq!(stored.state, br#"{"count":3}"#);
}

#[tokio::test]
async fn an_update_is_answered_in_the_body() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let answer = send(&endpoint, signed(&click("http:quick", 4_002))).await;
    assert_eq!(answer.kind(), 7);
    assert_eq!(answer.content(), "updated");
    assert_eq!(bot.handlers_run(), 1);
}

#[tokio::test]
async fn a_slow_handler_gets_a_deferral_in_the_body_and_answers_through_rest() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let interaction = click("http:slow", 4_003);
    let started = Instant::now();
    let answer = send(&endpoint, signed(&interaction)).await;
    let waited = started.elapsed();
    // The router's auto-defer (mode Update), sent as the body.
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 6);
    assert!(waited >= AUTO_DEFER, "answered after {waited:?}");
    assert!(waited < Duration::from_secs(2), "answered after {waited:?}");
    assert!(bot.recorder.sent().is_empty());
    // The handler's real answer, once it comes, is a follow-up over REST.
    bot.release.notify_one();
    let id = Id::new(interaction_id(&interaction));
    let sent = wait_for_sent(&bot, id).await;
    assert!(
        matches!(&sent[..], [Sent::Followup { data, .. }] if data.content.as_deref() == Some("done at last")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_panicking_handler_gets_the_apology_in_the_body() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let answer = send(&endpoint, signed(&click("http:explode", 4_004))).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 4);
    assert_eq!(answer.content(), DEFAULT_ERROR_MESSAGE);
    assert!(answer.is_ephemeral());
    assert_eq!(bot.handlers_run(), 1);
}

#[tokio::test]
async fn a_store_failure_gets_the_not_saved_notice_in_the_body() {
    let bot = Bot::new();
    bot.router
        .bind(Id::new(4_005), Counter { count: 41 })
        .await
        .unwrap();
    bot.store
        .failing
        .store(true, std::sync::atomic::Ordering::SeqCst);
    let endpoint = bot.endpoint().build().unwrap();
    let answer = send(&endpoint, signed(&click("http:increment", 4_005))).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 4);
    assert_eq!(answer.content(), DEFAULT_NOT_SAVED_MESSAGE);
    assert!(answer.is_ephemeral());
    // Nothing changed: the next click, with the store back, counts on.
    bot.store
        .failing
        .store(false, std::sync::atomic::Ordering::SeqCst);
    let answer = send(&endpoint, signed(&click("http:increment", 4_005))).await;
    assert_eq!(answer.content(), "count 42");
}

#[tokio::test]
async fn a_click_nobody_routes_is_a_server_error_at_once() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let started = Instant::now();
    let unknown = interaction_json(
        views_testkit::discord::button_data("someone-else:button"),
        Some(4_006),
        views_testkit::discord::USER_ID,
    );
    let answer = send(&endpoint, signed(&unknown)).await;
    // Not answered by anyone: Discord shows the interaction failed, as on
    // the gateway, without waiting for the deadline.
    assert_eq!(answer.status, 500, "{}", answer.text);
    assert!(started.elapsed() < AUTO_DEFER);
}

/// Waits (at most 5 s) until something was sent for `interaction` through
/// the recorder.
pub async fn wait_for_sent(
    bot: &Bot,
    interaction: Id<twilight_model::id::marker::InteractionMarker>,
) -> Vec<Sent> {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let sent = bot.recorder.sent_for(interaction);
        if !sent.is_empty() || Instant::now() > deadline {
            return sent;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
