//! A real twilight shard and http client against the sandbox: connect,
//! messages, a button click, callbacks, guild members timed out (kept
//! across a restart, the reason in the request log) and Discord's error
//! semantics.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{http, sandbox, shard, wait_for};
use std::time::Duration;
use twilight_gateway::Event;
use twilight_http::api_error::ApiError;
use twilight_http::error::ErrorType;
use twilight_http::request::AuditLogReason;
use twilight_model::application::interaction::{InteractionData, InteractionType};
use twilight_model::channel::message::component::{ActionRow, Button, ButtonStyle};
use twilight_model::channel::message::{Component, MessageFlags};
use twilight_model::http::interaction::{
    InteractionResponse, InteractionResponseData, InteractionResponseType,
};
use views_sandbox::ReplyKind;

fn button_row(custom_id: &str) -> Vec<Component> {
    vec![Component::ActionRow(ActionRow {
        id: None,
        components: vec![Component::Button(Button {
            custom_id: Some(custom_id.to_owned()),
            disabled: false,
            emoji: None,
            id: None,
            label: Some("Go".to_owned()),
            sku_id: None,
            style: ButtonStyle::Primary,
            url: None,
        })],
    })]
}

fn reply(content: &str, ephemeral: bool) -> InteractionResponse {
    InteractionResponse {
        kind: InteractionResponseType::ChannelMessageWithSource,
        data: Some(InteractionResponseData {
            content: Some(content.to_owned()),
            flags: ephemeral.then_some(MessageFlags::EPHEMERAL),
            ..Default::default()
        }),
    }
}

/// The Discord error code inside a twilight-http error.
fn api_code(error: &twilight_http::Error) -> (u16, u64) {
    match error.kind() {
        ErrorType::Response {
            error: ApiError::General(general),
            status,
            ..
        } => (status.get(), general.code),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ready_heartbeat_message_click_and_callbacks() {
    let sandbox = sandbox().await;
    let fixtures = sandbox.fixtures().clone();
    let alice = fixtures.users[0].id;
    let mut shard = shard(&sandbox, 0, 1);
    let http = http(&sandbox);

    let ready = wait_for(&mut shard, |e| match e {
        Event::Ready(ready) => Some(ready),
        _ => None,
    })
    .await;
    assert_eq!(ready.resume_gateway_url, sandbox.gateway_url());
    assert_eq!(ready.application.id, sandbox.application_id());
    assert_eq!(ready.shard.map(|s| (s.number(), s.total())), Some((0, 1)));
    assert!(!ready.session_id.is_empty());
    // Heartbeats are answered (interval 300 ms in these tests).
    wait_for(&mut shard, |e| {
        matches!(e, Event::GatewayHeartbeatAck).then_some(())
    })
    .await;

    // A user message arrives as MESSAGE_CREATE.
    sandbox
        .post_user_message(fixtures.channel_id, alice, "hello bot")
        .unwrap();
    let created = wait_for(&mut shard, |e| match e {
        Event::MessageCreate(m) => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(created.content, "hello bot");
    assert_eq!(created.author.id, alice);

    // The bot posts a message with a button through twilight-http.
    let components = button_row("flow:go");
    let message = http
        .create_message(fixtures.channel_id)
        .content("press it")
        .components(&components)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(message.components.len(), 1);
    let stored = sandbox.messages(fixtures.channel_id);
    assert!(stored.iter().any(|m| m.message.id == message.id));

    // A click arrives as an INTERACTION_CREATE that twilight parses.
    let clicked = sandbox.click(message.id, "flow:go", alice).unwrap();
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    assert_eq!(interaction.id, clicked);
    assert_eq!(interaction.kind, InteractionType::MessageComponent);
    assert_eq!(interaction.author_id(), Some(alice));
    assert_eq!(interaction.message.as_ref().map(|m| m.id), Some(message.id));
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("component data expected");
    };
    assert_eq!(data.custom_id, "flow:go");

    // The callback is accepted and recorded, tagged with the interaction.
    let client = http.interaction(sandbox.application_id());
    client
        .create_response(interaction.id, &interaction.token, &reply("done", true))
        .await
        .unwrap();
    let recorded = sandbox.wait_reply(clicked, common::WAIT).await.unwrap();
    assert_eq!(recorded.kind, ReplyKind::Callback { response_type: 4 });
    assert!(recorded.ephemeral);
    assert_eq!(
        recorded.message.as_ref().map(|m| m.content.as_str()),
        Some("done")
    );
    let metadata = recorded
        .message
        .as_ref()
        .and_then(|m| m.interaction_metadata.as_ref())
        .expect("responses carry interaction_metadata");
    assert_eq!(metadata.id, clicked);
    assert_eq!(metadata.user.id, alice);
    assert_eq!(metadata.interacted_message_id, Some(message.id));
    let original = client
        .response(&interaction.token)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(original.content, "done");

    // A follow-up is recorded against the same interaction.
    client
        .create_followup(&interaction.token)
        .content("and more")
        .await
        .unwrap();
    let replies = sandbox.replies_for(clicked);
    assert_eq!(replies.len(), 2);
    assert_eq!(replies[1].kind, ReplyKind::Followup);

    // Acknowledging twice: 400 / 40060.
    let error = client
        .create_response(interaction.id, &interaction.token, &reply("again", false))
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (400, 40060));

    // Answering after the 3-second window (sandbox clock): 404 / 10062.
    let late = sandbox.click(message.id, "flow:go", alice).unwrap();
    let late_interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) if i.id == late => Some(i),
        _ => None,
    })
    .await;
    sandbox.clock().advance(Duration::from_secs(4));
    let error = client
        .create_response(late, &late_interaction.token, &reply("too late", false))
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (404, 10062));
    assert!(sandbox.replies_for(late).is_empty());

    // After 15 minutes the token is dead for follow-ups too.
    sandbox.clock().advance(Duration::from_secs(15 * 60));
    let error = client
        .create_followup(&interaction.token)
        .content("way too late")
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (404, 10062));

    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_message_callback_edits_the_source_and_dispatches_update() {
    let sandbox = sandbox().await;
    let fixtures = sandbox.fixtures().clone();
    let bob = fixtures.users[1].id;
    let mut shard = shard(&sandbox, 0, 1);
    let http = http(&sandbox);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;

    let components = button_row("count:+1");
    let message = http
        .create_message(fixtures.channel_id)
        .content("count: 0")
        .components(&components)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let id = sandbox.click(message.id, "count:+1", bob).unwrap();
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    let update = InteractionResponse {
        kind: InteractionResponseType::UpdateMessage,
        data: Some(InteractionResponseData {
            content: Some("count: 1".to_owned()),
            ..Default::default()
        }),
    };
    http.interaction(sandbox.application_id())
        .create_response(id, &interaction.token, &update)
        .await
        .unwrap();
    let updated = wait_for(&mut shard, |e| match e {
        Event::MessageUpdate(m) => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(updated.id, message.id);
    assert_eq!(updated.content, "count: 1");
    let stored = sandbox.message(message.id).unwrap();
    assert_eq!(stored.message.content, "count: 1");
    // The button survives an update that does not mention components.
    assert_eq!(stored.message.components.len(), 1);

    // `with_response` returns the callback resource twilight parses.
    let again = sandbox.click(message.id, "count:+1", bob).unwrap();
    let token = sandbox.interaction_token(again).unwrap();
    let reply = InteractionResponse {
        kind: InteractionResponseType::ChannelMessageWithSource,
        data: Some(InteractionResponseData {
            content: Some("counted".to_owned()),
            flags: Some(MessageFlags::EPHEMERAL),
            ..Default::default()
        }),
    };
    let callback = http
        .interaction(sandbox.application_id())
        .create_response(again, &token, &reply)
        .with_response()
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(callback.interaction.id, again);
    assert_eq!(callback.interaction.response_message_ephemeral, Some(true));
    let resource = callback.resource.unwrap();
    assert_eq!(
        resource.kind,
        InteractionResponseType::ChannelMessageWithSource
    );
    assert_eq!(resource.message.unwrap().content, "counted");

    // Deleting the message dispatches MESSAGE_DELETE.
    http.delete_message(fixtures.channel_id, message.id)
        .await
        .unwrap();
    let deleted = wait_for(&mut shard, |e| match e {
        Event::MessageDelete(m) => Some(m),
        _ => None,
    })
    .await;
    assert_eq!(deleted.id, message.id);
    assert!(sandbox.message(message.id).is_none());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn rest_lookups_parse_in_twilight() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let http = http(&sandbox);
    let app = http
        .current_user_application()
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(app.id, sandbox.application_id());
    let me = http.current_user().await.unwrap().model().await.unwrap();
    assert_eq!(me.id.get(), sandbox.application_id().get());
    assert!(me.bot);
    let channel = http
        .channel(f.channel_id)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(channel.name.as_deref(), Some("general"));
    assert_eq!(channel.guild_id, Some(f.guild_id));
    let gateway = http
        .gateway()
        .authed()
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(gateway.url, sandbox.gateway_url());

    // Mentions in user messages are filled in, as Discord does.
    let mention = format!(
        "<@{}> hello <@!{}>",
        sandbox.application_id(),
        f.users[1].id
    );
    let mentioning = sandbox
        .post_user_message(f.channel_id, f.users[0].id, &mention)
        .unwrap();
    let mentioned: Vec<_> = mentioning.mentions.iter().map(|m| m.id.get()).collect();
    assert_eq!(
        mentioned,
        [sandbox.application_id().get(), f.users[1].id.get()]
    );
    assert!(mentioning.mentions[0].bot);
    // Bots (with Manage Messages) may delete users' messages.
    http.delete_message(f.channel_id, mentioning.id)
        .await
        .unwrap();

    let user_message = sandbox
        .post_user_message(f.channel_id, f.users[0].id, "mine")
        .unwrap();
    let bot_message = http
        .create_message(f.channel_id)
        .content("bot")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let listed = http
        .channel_messages(f.channel_id)
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    // Newest first, as Discord lists them.
    let ids: Vec<_> = listed.iter().map(|m| m.id).collect();
    assert_eq!(ids, [bot_message.id, user_message.id]);
    let fetched = http
        .message(f.channel_id, user_message.id)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(fetched.content, "mine");
    // The bot cannot edit a user's message.
    let error = http
        .update_message(f.channel_id, user_message.id)
        .content(Some("hijacked"))
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (403, 50005));
    // Unknown ids answer Discord's codes.
    let missing = twilight_model::id::Id::new(42);
    let error = http.message(f.channel_id, missing).await.unwrap_err();
    assert_eq!(api_code(&error), (404, 10008));
    let error = http
        .create_message(twilight_model::id::Id::new(42))
        .content("x")
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (404, 10003));
    sandbox.shutdown().await;
}

/// Now plus `secs`, as a timestamp (whole seconds).
fn from_now(secs: i64) -> twilight_model::util::Timestamp {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs();
    twilight_model::util::Timestamp::from_secs(i64::try_from(now).unwrap() + secs).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeout_is_kept_with_its_reason_in_the_request_log_and_across_a_restart() {
    let state_file = std::env::temp_dir().join(format!(
        "views-sandbox-member-timeout-{}.json",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&state_file);
    let config = views_sandbox::SandboxConfig::default().state_file(&state_file);
    let sandbox = views_sandbox::Sandbox::start(config.clone()).await.unwrap();
    let http = http(&sandbox);
    let f = sandbox.fixtures().clone();
    let (alice, bob) = (f.users[0].id, f.users[1].id);
    assert_eq!(
        sandbox
            .member(f.guild_id, bob)
            .unwrap()
            .communication_disabled_until,
        None
    );

    let until = from_now(600);
    // Non-ASCII and reserved characters: twilight percent-encodes the
    // header, the log holds the text as written.
    let reason = "Spam in #général & 100% off-topic";
    let member = http
        .update_guild_member(f.guild_id, bob)
        .communication_disabled_until(Some(until))
        .reason(reason)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(member.user.id, bob);
    assert_eq!(member.communication_disabled_until, Some(until));
    assert_eq!(
        sandbox
            .member(f.guild_id, bob)
            .unwrap()
            .communication_disabled_until,
        Some(until)
    );
    // Only Bob, only in this guild.
    assert_eq!(
        sandbox
            .member(f.guild_id, alice)
            .unwrap()
            .communication_disabled_until,
        None
    );
    let (other_guild, _) = sandbox.add_guild("other");
    assert_eq!(
        sandbox
            .member(other_guild, bob)
            .unwrap()
            .communication_disabled_until,
        None
    );
    let fetched = http
        .guild_member(f.guild_id, bob)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(fetched.communication_disabled_until, Some(until));
    let log = sandbox.requests();
    let patch = log.iter().find(|r| r.method == "PATCH").unwrap();
    assert_eq!(
        patch.path,
        format!("/api/v10/guilds/{}/members/{bob}", f.guild_id)
    );
    assert_eq!(patch.audit_log_reason.as_deref(), Some(reason));
    assert!(
        log.iter()
            .filter(|r| r.method == "GET")
            .all(|r| r.audit_log_reason.is_none())
    );

    // Discord keeps the timeout; so does the state file.
    sandbox.shutdown().await;
    let sandbox = views_sandbox::Sandbox::start(config).await.unwrap();
    let http = common::http(&sandbox);
    assert_eq!(
        sandbox
            .member(f.guild_id, bob)
            .unwrap()
            .communication_disabled_until,
        Some(until)
    );
    // `null` removes it.
    let member = http
        .update_guild_member(f.guild_id, bob)
        .communication_disabled_until(None)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(member.communication_disabled_until, None);
    assert_eq!(sandbox.requests()[0].audit_log_reason, None);
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&state_file);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_guilds_and_members_and_bad_timeouts_get_discords_errors() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let f = sandbox.fixtures().clone();
    let bob = f.users[1].id;
    let nobody = twilight_model::id::Id::new(42);
    let error = http
        .guild_member(twilight_model::id::Id::new(42), bob)
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (404, 10004));
    let error = http.guild_member(f.guild_id, nobody).await.unwrap_err();
    assert_eq!(api_code(&error), (404, 10007));
    let error = http
        .update_guild_member(f.guild_id, nobody)
        .communication_disabled_until(Some(from_now(60)))
        .await
        .unwrap_err();
    assert_eq!(api_code(&error), (404, 10007));

    // Bodies twilight would not send: raw requests.
    let path = format!("/api/v10/guilds/{}/members/{bob}", f.guild_id);
    let patch = |body: serde_json::Value| common::raw(&sandbox, "PATCH", &path, Some(body));
    let too_far = from_now(29 * 24 * 60 * 60).iso_8601().to_string();
    let (status, _, body) =
        patch(serde_json::json!({"communication_disabled_until": too_far})).await;
    assert_eq!((status, &body["code"]), (400, &serde_json::json!(50035)));
    assert!(
        body["errors"]["communication_disabled_until"]["_errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("28 days"),
        "{body}"
    );
    let (status, _, body) =
        patch(serde_json::json!({"communication_disabled_until": "tomorrow"})).await;
    assert_eq!(
        (status, &body["code"]),
        (400, &serde_json::json!(50035)),
        "{body}"
    );
    assert_eq!(
        sandbox
            .member(f.guild_id, bob)
            .unwrap()
            .communication_disabled_until,
        None
    );
    // Any RFC 3339 offset is taken, and kept as UTC.
    let until = from_now(3600);
    let local = twilight_model::util::Timestamp::from_secs(until.as_secs() + 2 * 3600)
        .unwrap()
        .iso_8601()
        .to_string()
        .replace("+00:00", "+02:00");
    let (status, _, body) = patch(serde_json::json!({"communication_disabled_until": local})).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        sandbox
            .member(f.guild_id, bob)
            .unwrap()
            .communication_disabled_until,
        Some(until)
    );
    sandbox.shutdown().await;
}
