//! The bot's answers to a command meet Discord's rules, as a click's do:
//! one acknowledgement, 3 s to give it and a 15-minute token, no update
//! callbacks (a command has no message of its own), deferred replies
//! resolved by editing `@original`, follow-ups, and ephemeral replies seen
//! only by the user who ran the command, who can click their components.

use serde_json::{Value, json};
use std::time::Duration;
use twilight_model::channel::message::MessageFlags;
use views_sandbox::{ReplyKind, SandboxErrorKind};

use crate::common::{control, http, sandbox};
use crate::{discord_error, register_global, respond};

const WAIT: Duration = Duration::from_secs(10);

async fn with_counter() -> views_sandbox::Sandbox {
    let sandbox = sandbox().await;
    register_global(
        &sandbox,
        json!([{"type": 1, "name": "counter", "description": "A counter", "version": "1"}]),
    )
    .await;
    sandbox
}

#[tokio::test]
async fn one_acknowledgement_and_no_update_callbacks() {
    let sandbox = with_counter().await;
    let http = http(&sandbox);
    let alice = sandbox.fixtures().users[0].id;
    let channel = sandbox.fixtures().channel_id;
    let id = sandbox
        .run_command(alice, channel, "counter", json!({}))
        .unwrap();
    let interaction = sandbox.interaction(id).unwrap();
    // Update callbacks need a message the interaction came from.
    for kind in [6, 7] {
        let response = if kind == 7 {
            json!({"type": 7, "data": {"content": "x"}})
        } else {
            json!({"type": 6})
        };
        let error = respond(&http, &interaction, response).await.unwrap_err();
        assert_eq!(discord_error(&error), (400, 50035), "type {kind}");
    }
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "1"}}),
    )
    .await
    .expect("the first answer");
    let error = respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "2"}}),
    )
    .await
    .unwrap_err();
    assert_eq!(discord_error(&error), (400, 40060));
    assert_eq!(sandbox.replies_for(id).len(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn deferred_then_edited_then_followed_up() {
    let sandbox = with_counter().await;
    let http = http(&sandbox);
    let alice = sandbox.fixtures().users[0].id;
    let channel = sandbox.fixtures().channel_id;
    let id = sandbox
        .run_command(alice, channel, "counter", json!({}))
        .unwrap();
    let interaction = sandbox.interaction(id).unwrap();
    respond(&http, &interaction, json!({"type": 5}))
        .await
        .unwrap();
    let client = http.interaction(interaction.application_id);
    let original = client
        .response(&interaction.token)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert!(original.flags.unwrap().contains(MessageFlags::LOADING));
    let edited = client
        .update_response(&interaction.token)
        .content(Some("done"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(edited.id, original.id);
    assert!(!edited.flags.unwrap().contains(MessageFlags::LOADING));
    let followup = client
        .create_followup(&interaction.token)
        .content("and more")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(
        followup.interaction_metadata.map(|m| m.id),
        Some(interaction.id)
    );
    client
        .delete_response(&interaction.token)
        .await
        .expect("deleted");
    let kinds: Vec<ReplyKind> = sandbox
        .replies_for(id)
        .into_iter()
        .map(|r| r.kind)
        .collect();
    assert_eq!(
        kinds,
        [
            ReplyKind::Callback { response_type: 5 },
            ReplyKind::EditResponse,
            ReplyKind::Followup,
            ReplyKind::DeleteResponse,
        ]
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_three_second_and_fifteen_minute_rules() {
    let sandbox = with_counter().await;
    let http = http(&sandbox);
    let alice = sandbox.fixtures().users[0].id;
    let channel = sandbox.fixtures().channel_id;
    let late = sandbox
        .run_command(alice, channel, "counter", json!({}))
        .unwrap();
    let answered = sandbox
        .run_command(alice, channel, "counter", json!({}))
        .unwrap();
    let answered = sandbox.interaction(answered).unwrap();
    respond(&http, &answered, json!({"type": 5})).await.unwrap();
    sandbox.clock().advance(Duration::from_millis(3_100));
    let late = sandbox.interaction(late).unwrap();
    let error = respond(
        &http,
        &late,
        json!({"type": 4, "data": {"content": "late"}}),
    )
    .await
    .unwrap_err();
    assert_eq!(discord_error(&error), (404, 10062));
    // The acknowledged one is answerable for 15 minutes.
    let client = http.interaction(answered.application_id);
    client
        .update_response(&answered.token)
        .content(Some("in time"))
        .await
        .expect("edit within 15 minutes");
    sandbox.clock().advance(Duration::from_secs(15 * 60));
    let error = client
        .create_followup(&answered.token)
        .content("too late")
        .await
        .unwrap_err();
    assert_eq!(discord_error(&error), (404, 10062));
    sandbox.shutdown().await;
}

fn button_row() -> Value {
    json!([{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "More", "custom_id": "more"}]}])
}

#[tokio::test]
async fn an_ephemeral_reply_is_seen_and_clicked_by_its_user_only() {
    let sandbox = with_counter().await;
    let http = http(&sandbox);
    let fixtures = sandbox.fixtures().clone();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);
    let channel = fixtures.channel_id;
    let id = sandbox
        .run_command(alice, channel, "counter", json!({}))
        .unwrap();
    let interaction = sandbox.interaction(id).unwrap();
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "only you", "flags": 64, "components": button_row()}}),
    )
    .await
    .unwrap();
    let reply = sandbox.wait_reply(id, WAIT).await.unwrap();
    assert!(reply.ephemeral);
    let message = reply.message_id.unwrap();
    let seen = |user| -> Vec<String> {
        sandbox
            .messages_seen_by(channel, user)
            .into_iter()
            .map(|m| m.message.content)
            .collect()
    };
    assert_eq!(seen(alice), ["only you"]);
    assert!(seen(bob).is_empty());
    let (status, listed) = control(
        &sandbox,
        "GET",
        &format!("/channels/{channel}/messages?user_id={bob}"),
        None,
    )
    .await;
    assert_eq!((status, listed), (200, json!([])));
    let (_, listed) = control(
        &sandbox,
        "GET",
        &format!("/channels/{channel}/messages?user_id={alice}"),
        None,
    )
    .await;
    assert_eq!(listed[0]["ephemeral_for"], json!(alice.to_string()));
    // The bot's channel listing leaves it out, as Discord does.
    let listing = http
        .channel_messages(channel)
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert!(listing.is_empty());

    // Its user clicks its button: Discord sends the message, flagged
    // ephemeral, with the click.
    let click = sandbox.click(message, "more", alice).unwrap();
    let clicked = sandbox.interaction(click).unwrap();
    let carried = clicked.message.clone().expect("the ephemeral message");
    assert_eq!(carried.id, message);
    assert!(carried.flags.unwrap().contains(MessageFlags::EPHEMERAL));
    respond(
        &http,
        &clicked,
        json!({"type": 7, "data": {"content": "more"}}),
    )
    .await
    .expect("an ephemeral message can be updated");
    assert_eq!(seen(alice), ["more"]);
    // Anyone else is refused, through the driver and the control API.
    let error = sandbox.click(message, "more", bob).unwrap_err();
    assert!(
        matches!(error.kind(), SandboxErrorKind::NotVisible { id, user } if *id == message.get() && *user == bob.get()),
        "{error}"
    );
    let (status, body) = control(
        &sandbox,
        "POST",
        "/click",
        Some(json!({"message_id": message.to_string(), "custom_id": "more", "user_id": bob.to_string()})),
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body["error"].as_str().unwrap().contains("ephemeral"),
        "{body}"
    );
    sandbox.shutdown().await;
}
