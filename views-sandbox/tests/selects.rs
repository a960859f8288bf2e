//! Selects and disabled components as a Discord client allows them, with
//! the `resolved` data twilight exposes.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{http, sandbox, shard, wait_for};
use serde_json::json;
use twilight_gateway::Event;
use twilight_model::application::interaction::InteractionData;
use twilight_model::channel::message::Component;
use views_sandbox::SandboxErrorKind;

fn components(value: serde_json::Value) -> Vec<Component> {
    serde_json::from_value(value).unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn user_and_channel_selects_carry_resolved_entities() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let mut shard = shard(&sandbox, 0, 1);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    let rows = components(json!([
        {"type": 1, "components": [{"type": 5, "custom_id": "who", "max_values": 2}]},
        {"type": 1, "components": [{"type": 8, "custom_id": "where"}]},
    ]));
    let message = http(&sandbox)
        .create_message(f.channel_id)
        .content("pick")
        .components(&rows)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();

    let bob = f.users[1].id.to_string();
    let carol = f.users[2].id.to_string();
    sandbox
        .select(message.id, "who", &[&bob, &carol], f.users[0].id)
        .unwrap();
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("component data expected");
    };
    let resolved = data.resolved.as_ref().expect("resolved users");
    assert_eq!(resolved.users.len(), 2);
    assert_eq!(resolved.users[&f.users[1].id].name, "bob");
    assert!(resolved.members.contains_key(&f.users[2].id));

    let channel = f.channel_id.to_string();
    sandbox
        .select(message.id, "where", &[&channel], f.users[0].id)
        .unwrap();
    let interaction = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
        panic!("component data expected");
    };
    let resolved = data.resolved.as_ref().expect("resolved channels");
    assert_eq!(resolved.channels[&f.channel_id].name, "general");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_driver_refuses_what_a_discord_client_would_not_send() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let alice = f.users[0].id;
    let rows = components(json!([
        {"type": 1, "components": [{"type": 3, "custom_id": "color", "min_values": 1, "max_values": 2,
            "options": [{"label": "Red", "value": "red"}, {"label": "Blue", "value": "blue"}]}]},
        {"type": 1, "components": [
            {"type": 2, "style": 1, "label": "off", "custom_id": "off", "disabled": true},
            {"type": 2, "style": 1, "label": "on", "custom_id": "on"}]},
        {"type": 1, "components": [{"type": 5, "custom_id": "who"}]},
    ]));
    let message = http(&sandbox)
        .create_message(f.channel_id)
        .content("rules")
        .components(&rows)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let kind = |r: Result<_, views_sandbox::SandboxError>| r.unwrap_err().into_parts().0;

    assert!(matches!(
        kind(sandbox.select(message.id, "color", &["green"], alice)),
        SandboxErrorKind::InvalidValues { .. }
    ));
    assert!(matches!(
        kind(sandbox.select(message.id, "color", &["red", "blue", "red"], alice)),
        SandboxErrorKind::InvalidValues { .. }
    ));
    assert!(matches!(
        kind(sandbox.select(message.id, "color", &[], alice)),
        SandboxErrorKind::InvalidValues { .. }
    ));
    assert!(matches!(
        kind(sandbox.click(message.id, "off", alice)),
        SandboxErrorKind::Disabled { .. }
    ));
    assert!(matches!(
        kind(sandbox.click(message.id, "color", alice)),
        SandboxErrorKind::WrongComponent { .. }
    ));
    assert!(matches!(
        kind(sandbox.select(message.id, "on", &["x"], alice)),
        SandboxErrorKind::WrongComponent { .. }
    ));
    assert!(matches!(
        kind(sandbox.select(message.id, "who", &["12345"], alice)),
        SandboxErrorKind::InvalidValues { .. }
    ));
    assert!(matches!(
        kind(sandbox.click(message.id, "missing", alice)),
        SandboxErrorKind::UnknownComponent { .. }
    ));
    // Valid input is accepted.
    sandbox
        .select(message.id, "color", &["red", "blue"], alice)
        .unwrap();
    sandbox.click(message.id, "on", alice).unwrap();
    sandbox.shutdown().await;
}

#[tokio::test]
async fn only_the_owner_of_an_ephemeral_message_can_use_it() {
    use twilight_model::channel::message::MessageFlags;
    use twilight_model::http::interaction::{
        InteractionResponse, InteractionResponseData, InteractionResponseType,
    };
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let (alice, bob) = (f.users[0].id, f.users[1].id);
    let http = http(&sandbox);
    let button = |id: &str| {
        components(json!([{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "b", "custom_id": id}]}]))
    };
    let message = http
        .create_message(f.channel_id)
        .content("public")
        .components(&button("open"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let id = sandbox.click(message.id, "open", alice).unwrap();
    let token = sandbox.interaction_token(id).unwrap();
    let private = InteractionResponse {
        kind: InteractionResponseType::ChannelMessageWithSource,
        data: Some(InteractionResponseData {
            content: Some("just for alice".to_owned()),
            components: Some(button("private")),
            flags: Some(MessageFlags::EPHEMERAL),
            ..Default::default()
        }),
    };
    http.interaction(sandbox.application_id())
        .create_response(id, &token, &private)
        .await
        .unwrap();
    let reply = sandbox.wait_reply(id, common::WAIT).await.unwrap();
    let ephemeral = reply.message.unwrap();
    let stored = sandbox.message(ephemeral.id).unwrap();
    assert_eq!(stored.ephemeral_for, Some(alice));
    // Bob cannot see it, so cannot click it (the error says why); alice can.
    let error = sandbox.click(ephemeral.id, "private", bob).unwrap_err();
    assert!(matches!(
        error.kind(),
        SandboxErrorKind::NotVisible { id, user } if *id == ephemeral.id.get() && *user == bob.get()
    ));
    sandbox.click(ephemeral.id, "private", alice).unwrap();
    // Channel listings through the REST API leave ephemeral messages out.
    let listed = http
        .channel_messages(f.channel_id)
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert!(listed.iter().all(|m| m.id != ephemeral.id));
    sandbox.shutdown().await;
}
