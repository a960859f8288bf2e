//! Deferred responses, `@original` edits and deletes, INVALID_SESSION, and
//! rate limits as twilight sees them; and what tests read and inject: the
//! REST request log, queued faults, interactions built outside the sandbox.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{WAIT, http, sandbox, shard, wait_for};
use serde_json::json;
use std::time::Duration;
use twilight_gateway::Event;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::{Component, MessageFlags};
use twilight_model::http::interaction::{
    InteractionResponse, InteractionResponseData, InteractionResponseType,
};
use twilight_model::id::Id;
use views_sandbox::{ReplyKind, Sandbox, SandboxConfig, SandboxErrorKind};

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

/// A component interaction as a test builds it by hand: guild, channel,
/// user and message the sandbox has never seen.
fn hand_made_click(sandbox: &Sandbox, id: u64, token: &str) -> Interaction {
    let app = sandbox.application_id();
    serde_json::from_value(json!({
        "id": id.to_string(),
        "application_id": app.to_string(),
        "type": 3,
        "token": token,
        "version": 1,
        "guild_id": "290926798626357999",
        "channel_id": "645027906669510667",
        "member": {
            "user": {"id": "53908232506183680", "username": "mason", "discriminator": "0", "avatar": null},
            "roles": [], "joined_at": "2017-03-13T19:19:14.040000+00:00",
            "deaf": false, "mute": false, "flags": 0, "permissions": "8",
        },
        "message": {
            "id": "900", "channel_id": "645027906669510667", "content": "", "type": 0,
            "author": {"id": app.to_string(), "username": "bot", "discriminator": "0", "avatar": null, "bot": true},
            "timestamp": "2025-05-16T22:51:16.692000+00:00", "edited_timestamp": null,
            "tts": false, "mention_everyone": false, "mentions": [], "mention_roles": [],
            "attachments": [], "embeds": [], "pinned": false, "flags": 0, "components": [],
        },
        "data": {"custom_id": "go", "component_type": 2},
        "attachment_size_limit": 8_388_608,
        "authorizing_integration_owners": {},
        "entitlements": [],
    }))
    .unwrap()
}

fn update(content: &str) -> InteractionResponse {
    InteractionResponse {
        kind: InteractionResponseType::UpdateMessage,
        data: Some(InteractionResponseData {
            content: Some(content.to_owned()),
            ..InteractionResponseData::default()
        }),
    }
}

#[tokio::test]
async fn the_request_log_keeps_every_rest_call_with_its_status() {
    let sandbox = sandbox().await;
    let channel = sandbox.fixtures().channel_id;
    let path = format!("/api/v10/channels/{channel}/messages");
    let (status, _, _) = common::raw(&sandbox, "POST", &path, Some(json!({"content": "hi"}))).await;
    assert_eq!(status, 200);
    let (status, _, _) = common::raw(&sandbox, "GET", "/api/v10/channels/1/messages", None).await;
    assert_eq!(status, 404);
    let callback = "/api/v10/interactions/5/no-such-token/callback";
    let (status, _, _) = common::raw(&sandbox, "POST", callback, Some(json!({"type": 6}))).await;
    assert_eq!(status, 404);

    let requests = sandbox.wait_requests(3, WAIT).await.unwrap();
    let seen: Vec<_> = requests
        .iter()
        .map(|r| {
            (
                r.seq,
                r.method.as_str(),
                r.path.as_str(),
                r.token.as_deref(),
                r.status,
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            (0, "POST", path.as_str(), None, 200),
            (1, "GET", "/api/v10/channels/1/messages", None, 404),
            (2, "POST", callback, Some("no-such-token"), 404),
        ]
    );
    assert_eq!(requests[0].body, json!({"content": "hi"}));
    assert_eq!(requests[1].body, serde_json::Value::Null);
    // Only what Discord accepted is a reply.
    assert_eq!(sandbox.replies().len(), 1);
    assert_eq!(sandbox.requests(), requests);
    assert!(matches!(
        sandbox
            .wait_requests(4, Duration::from_millis(20))
            .await
            .unwrap_err()
            .kind(),
        SandboxErrorKind::Timeout
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_queued_fault_answers_the_next_matching_request_once() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let channel = sandbox.fixtures().channel_id;
    let message = http
        .create_message(channel)
        .content("menu")
        .components(&button_row("go"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    sandbox.fail_next_request("/callback", 500, json!({"message": "boom"}));
    sandbox.fail_next_request(
        "/callback",
        404,
        json!({"code": 10062, "message": "Unknown interaction"}),
    );
    // Requests on other paths are served as usual.
    http.message(channel, message.id).await.unwrap();

    let alice = sandbox.fixtures().users[0].id;
    let id = sandbox.click(message.id, "go", alice).unwrap();
    let token = sandbox.interaction_token(id).unwrap();
    let client = http.interaction(sandbox.application_id());
    let error = client
        .create_response(id, &token, &update("a"))
        .await
        .unwrap_err();
    assert!(
        matches!(error.kind(), ErrorType::Response { status, .. } if status.get() == 500),
        "{error:?}"
    );
    let error = client
        .create_response(id, &token, &update("b"))
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorType::Response { error: ApiError::General(g), .. } if g.code == 10062
    ));
    // Faults are used once: the interaction, never acknowledged, takes the
    // third callback.
    client
        .create_response(id, &token, &update("c"))
        .await
        .unwrap();
    let statuses: Vec<_> = sandbox
        .requests()
        .iter()
        .filter(|r| r.token.as_deref() == Some(token.as_str()))
        .map(|r| (r.status, r.body["data"]["content"].clone()))
        .collect();
    assert_eq!(
        statuses,
        [(500, json!("a")), (404, json!("b")), (204, json!("c"))]
    );
    assert_eq!(sandbox.replies_for(id).len(), 1);
    assert_eq!(sandbox.message(message.id).unwrap().message.content, "c");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_adopted_interaction_is_answered_under_discords_rules() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let client = http.interaction(sandbox.application_id());
    let click = hand_made_click(&sandbox, 7001, "hand-made-1");
    // Unknown until adopted, as on Discord.
    let error = client
        .create_response(click.id, &click.token, &update("early"))
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorType::Response { error: ApiError::General(g), .. } if g.code == 10062
    ));

    sandbox.adopt_interaction(&click).unwrap();
    sandbox.adopt_interaction(&click).unwrap();
    client
        .create_response(click.id, &click.token, &update("updated"))
        .await
        .unwrap();
    // The message it carried is the sandbox's now: updated in its channel.
    let message = sandbox.message(Id::new(900)).unwrap().message;
    assert_eq!(message.content, "updated");
    assert!(
        sandbox
            .channels()
            .iter()
            .any(|c| c.id.get() == 645_027_906_669_510_667
                && c.guild_id.get() == 290_926_798_626_357_999)
    );
    let error = client
        .create_response(click.id, &click.token, &update("again"))
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorType::Response { error: ApiError::General(g), .. } if g.code == 40060
    ));
    let followup = client
        .create_followup(&click.token)
        .content("more")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(followup.channel_id.get(), 645_027_906_669_510_667);
    let kinds: Vec<_> = sandbox
        .replies_for(click.id)
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ReplyKind::Callback { response_type: 7 },
            ReplyKind::Followup
        ]
    );

    // A click on an ephemeral message: the message is its user's alone.
    let mut on_ephemeral = hand_made_click(&sandbox, 7005, "hand-made-5");
    let mut message = on_ephemeral.message.take().unwrap();
    message.id = Id::new(901);
    message.flags = Some(MessageFlags::EPHEMERAL);
    on_ephemeral.message = Some(message);
    sandbox.adopt_interaction(&on_ephemeral).unwrap();
    let stored = sandbox.message(Id::new(901)).unwrap();
    assert_eq!(stored.ephemeral_for, on_ephemeral.author_id());

    // From a DM: answered in a DM channel of its own, listed nowhere.
    let mut dm = hand_made_click(&sandbox, 7004, "hand-made-dm");
    dm.guild_id = None;
    dm.channel = Some(serde_json::from_value(json!({"id": "777", "type": 1})).unwrap());
    dm.message = None;
    sandbox.adopt_interaction(&dm).unwrap();
    let reply = InteractionResponse {
        kind: InteractionResponseType::ChannelMessageWithSource,
        data: Some(InteractionResponseData {
            content: Some("in a DM".to_owned()),
            ..InteractionResponseData::default()
        }),
    };
    client
        .create_response(dm.id, &dm.token, &reply)
        .await
        .unwrap();
    let answer = sandbox
        .wait_reply(dm.id, WAIT)
        .await
        .unwrap()
        .message
        .unwrap();
    assert_eq!((answer.channel_id.get(), answer.guild_id), (777, None));
    assert!(sandbox.channels().iter().all(|c| c.id.get() != 777));

    // Another application's interaction is refused.
    let mut foreign = hand_made_click(&sandbox, 7002, "hand-made-2");
    foreign.application_id = Id::new(42);
    assert!(matches!(
        sandbox.adopt_interaction(&foreign).unwrap_err().kind(),
        SandboxErrorKind::NotAdoptable { id: 7002, .. }
    ));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_tokens_are_looked_up_in_the_interaction_source() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let client = http.interaction(sandbox.application_id());
    let built = hand_made_click(&sandbox, 7003, "hand-made-3");
    let known = built.clone();
    sandbox.adopt_interactions_from(move |token| (token == known.token).then(|| known.clone()));
    client
        .create_response(built.id, &built.token, &update("via source"))
        .await
        .unwrap();
    assert_eq!(
        sandbox.message(Id::new(900)).unwrap().message.content,
        "via source"
    );
    // Tokens the source does not know stay unknown.
    let error = client
        .create_followup("not-built")
        .content("x")
        .await
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        ErrorType::Response { error: ApiError::General(g), .. } if g.code == 10015
    ));
    sandbox.shutdown().await;
}
