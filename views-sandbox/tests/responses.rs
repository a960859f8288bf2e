//! Deferred responses, `@original` edits and deletes, INVALID_SESSION, and
//! rate limits as twilight sees them.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{WAIT, http, sandbox, shard, wait_for};
use std::time::Duration;
use twilight_gateway::Event;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_model::channel::message::{Component, MessageFlags};
use twilight_model::http::interaction::{InteractionResponse, InteractionResponseType};
use views_sandbox::{ReplyKind, Sandbox, SandboxConfig};

fn button_row(custom_id: &str) -> Vec<Component> {
    let row = serde_json::json!({"type": 1, "components": [
        {"type": 2, "style": 1, "label": "b", "custom_id": custom_id}]});
    vec![serde_json::from_value(row).unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deferred_response_then_edit_and_delete_original() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let mut shard = shard(&sandbox, 0, 1);
    let http = http(&sandbox);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    let message = http
        .create_message(f.channel_id)
        .content("slow")
        .components(&button_row("slow:go"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let id = sandbox.click(message.id, "slow:go", f.users[0].id).unwrap();
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    let client = http.interaction(sandbox.application_id());
    let defer = InteractionResponse {
        kind: InteractionResponseType::DeferredChannelMessageWithSource,
        data: None,
    };
    client
        .create_response(id, &interaction.token, &defer)
        .await
        .unwrap();
    let deferred = sandbox.next_reply(WAIT).await.unwrap();
    // next_reply walks the log in order: first the bot's own message.
    assert_eq!(deferred.kind, ReplyKind::CreateMessage);
    let deferred = sandbox.next_reply(WAIT).await.unwrap();
    assert_eq!(deferred.kind, ReplyKind::Callback { response_type: 5 });
    let loading = deferred.message.unwrap();
    assert!(loading.flags.unwrap().contains(MessageFlags::LOADING));

    // The 3-second rule no longer applies once acknowledged: edit later.
    sandbox.clock().advance(Duration::from_secs(60));
    let edited = client
        .update_response(&interaction.token)
        .content(Some("finished"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(edited.id, loading.id);
    assert_eq!(edited.content, "finished");
    assert!(
        !edited
            .flags
            .unwrap_or(MessageFlags::empty())
            .contains(MessageFlags::LOADING)
    );
    let update = wait_for(&mut shard, |e| match e {
        Event::MessageUpdate(m) if m.id == loading.id => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(update.content, "finished");

    client.delete_response(&interaction.token).await.unwrap();
    wait_for(&mut shard, |e| match e {
        Event::MessageDelete(m) if m.id == loading.id => Some(()),
        _ => None,
    })
    .await;
    let kinds: Vec<_> = sandbox
        .replies_for(id)
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ReplyKind::Callback { response_type: 5 },
            ReplyKind::EditResponse,
            ReplyKind::DeleteResponse
        ]
    );
    // @original is gone now.
    let error = client.response(&interaction.token).await.unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorType::Response { error: ApiError::General(g), .. } if g.code == 10008
    ));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_session_makes_twilight_identify_again() {
    let sandbox = sandbox().await;
    let mut shard = shard(&sandbox, 0, 1);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    sandbox.invalidate_sessions(false);
    let resumable = wait_for(&mut shard, |e| match e {
        Event::GatewayInvalidateSession(resumable) => Some(resumable),
        _ => None,
    })
    .await;
    assert!(!resumable);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    assert_eq!(sandbox.gateway_counters().1, 2);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rate_limits_answer_429_with_discord_headers() {
    let config = SandboxConfig::default().rate_limit(2, Duration::from_secs(10));
    let sandbox = Sandbox::start(config).await.unwrap();
    let channel = sandbox.fixtures().channel_id;
    let path = format!("/api/v10/channels/{channel}/messages");
    let body = || Some(serde_json::json!({"content": "hi"}));
    for remaining in ["1", "0"] {
        let (status, head, _) = common::raw(&sandbox, "POST", &path, body()).await;
        assert_eq!(status, 200);
        assert!(head.contains("x-ratelimit-limit: 2"), "{head}");
        assert!(
            head.contains(&format!("x-ratelimit-remaining: {remaining}")),
            "{head}"
        );
        assert!(head.contains("x-ratelimit-bucket: "), "{head}");
    }
    let (status, head, limited) = common::raw(&sandbox, "POST", &path, body()).await;
    assert_eq!(status, 429);
    assert!(head.contains("retry-after: 10"), "{head}");
    assert!(head.contains("x-ratelimit-scope: user"), "{head}");
    assert_eq!(limited["global"], false);
    assert!(limited["retry_after"].as_f64().unwrap() > 0.0);
    // twilight-http understands the body shape.
    let parsed: ApiError = serde_json::from_value(limited).unwrap();
    assert!(matches!(parsed, ApiError::Ratelimited(_)));
    // The window runs on the sandbox clock: advancing it refills the bucket.
    sandbox.clock().advance(Duration::from_secs(10));
    let (status, _, _) = common::raw(&sandbox, "POST", &path, body()).await;
    assert_eq!(status, 200);
    assert_eq!(sandbox.messages(channel).len(), 3);
    // Other buckets are independent.
    let (status, _, _) = common::raw(&sandbox, "GET", "/api/v10/gateway/bot", None).await;
    assert_eq!(status, 200);
    sandbox.shutdown().await;
}
