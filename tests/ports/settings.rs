//! `examples/settings.rs`: the settings panel (its whole V2 tree as sent),
//! every setting changed through the sandbox (the count through its modal,
//! the toggle, the fruit, channel and member selects), the bot restarted
//! in the middle, `@bot send` using the settings, Finish, a new panel from
//! `/settings` showing the saved settings; and bad input: `send` with no
//! channel, a count that is no number, a count too large. Every body the
//! bot sends passes the sandbox's OpenAPI and layout checks (none was
//! refused).

#[allow(dead_code)]
#[path = "../../examples/settings.rs"]
pub mod example;

use example::{
    INVALID_COUNT, MAX_COUNT, SettingsBot,
    support::{RunningBot, Settings, spawn},
};
use serde_json::{Value, json};
use twilight_model::{
    channel::message::{Message, MessageFlags},
    id::{Id, marker::MessageMarker},
};
use views_sandbox::{ReplyKind, Sandbox};

use crate::{current, ephemeral, is_modal, support};
use support::{TempDb, WAIT, channel, click, post_and_wait, user};

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<SettingsBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// `@bot NAME`, the original's only prefix.
fn mention(sandbox: &Sandbox, name: &str) -> String {
    format!("<@{}> {name}", sandbox.fixtures().bot.id)
}

/// The panel's settings as its components show them: the count button's
/// label, the toggle's label and style, the fruit marked default, the
/// channel and members shown chosen.
#[derive(Debug, PartialEq)]
struct Shown {
    count: String,
    toggle: (String, u64),
    fruit: Option<String>,
    channel: Vec<String>,
    members: Vec<String>,
}

fn shown(message: &Message) -> Shown {
    assert!(
        message
            .flags
            .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2)),
        "{:?}",
        message.flags
    );
    assert_eq!(message.content, "");
    let tree = serde_json::to_value(&message.components).unwrap();
    let inside = &tree[0]["components"];
    let ids = |select: &Value| -> Vec<String> {
        select["default_values"]
            .as_array()
            .map(|values| {
                values
                    .iter()
                    .map(|value| value["id"].as_str().unwrap().to_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let fruit = inside[7]["components"][0]["options"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|option| option["default"] == json!(true))
        .map(|option| option["value"].as_str().unwrap().to_owned())
        .collect::<Vec<_>>();
    assert!(fruit.len() <= 1, "{fruit:?}");
    Shown {
        count: inside[2]["accessory"]["label"].as_str().unwrap().to_owned(),
        toggle: (
            inside[4]["accessory"]["label"].as_str().unwrap().to_owned(),
            inside[4]["accessory"]["style"].as_u64().unwrap(),
        ),
        fruit: fruit.into_iter().next(),
        channel: ids(&inside[9]["components"][0]),
        members: ids(&inside[11]["components"][0]),
    }
}

/// `user` picks `values` in the select `custom_id` of the panel; waits for
/// the answer.
async fn choose(
    sandbox: &Sandbox,
    panel: Id<MessageMarker>,
    custom_id: &str,
    values: &[&str],
    user: Id<twilight_model::id::marker::UserMarker>,
) {
    let chosen = sandbox
        .select(panel, custom_id, values, user)
        .expect("choice accepted");
    sandbox.wait_reply(chosen, WAIT).await.expect("an answer");
}

/// Opens the count modal on the panel and submits `count`; returns the
/// submission's answer.
async fn submit_count(
    sandbox: &Sandbox,
    panel: Id<MessageMarker>,
    count: &str,
    user: Id<twilight_model::id::marker::UserMarker>,
) -> views_sandbox::Reply {
    let opened = click(sandbox, panel, "settings:count", user).await;
    assert!(is_modal(&opened), "{opened:?}");
    let opened = opened.interaction_id.expect("an interaction");
    let modal = sandbox.modal(opened).expect("a modal is open");
    assert_eq!(modal.title, "Set emoji count");
    // The original's input, showing "1" whatever the count.
    assert_eq!(
        modal.components,
        json!([{"type": 18, "label": "Count", "component": {
            "type": 4, "custom_id": "count", "style": 1, "value": "1", "required": true}}])
    );
    let submitted = sandbox
        .submit_modal(opened, &[("count", count)], user)
        .expect("submitted");
    sandbox
        .wait_reply(submitted, WAIT)
        .await
        .expect("an answer")
}

/// The whole panel as the original draws it.
fn expected_panel() -> Value {
    let option = |value: &str, label: &str, emoji: &str, default: bool| json!({"label": label, "value": value, "emoji": {"name": emoji}, "default": default});
    json!([
        {"type": 17, "components": [
            {"type": 10, "content": "# Settings\n-# This is an example to showcase how to do settings."},
            {"type": 14, "spacing": 2},
            {"type": 9, "components": [{"type": 10, "content": "## Emoji Count\n-# This is the number of times the emoji will be repeated in the message."}],
             "accessory": {"type": 2, "custom_id": "settings:count", "label": "1", "style": 2}},
            {"type": 14, "spacing": 1},
            {"type": 9, "components": [{"type": 10, "content": "## Notification Settings\n-# This controls whether the bot will use silent messages or not."}],
             "accessory": {"type": 2, "custom_id": "settings:notifications", "label": "🔔 Enabled", "style": 3}},
            {"type": 14, "spacing": 2},
            {"type": 10, "content": "## Fruit Selection\n-# This is the fruit that is shown in the message."},
            {"type": 1, "components": [{"type": 3, "custom_id": "settings:fruit", "placeholder": "Select a fruit", "options": [
                option("apple", "Apple", "🍎", true),
                option("banana", "Banana", "🍌", false),
                option("orange", "Orange", "🍊", false),
                option("grape", "Grape", "🍇", false),
                option("mango", "Mango", "🥭", false),
                option("watermelon", "Watermelon", "🍉", false),
                option("coconut", "Coconut", "🥥", false),
            ]}]},
            {"type": 10, "content": "## Channel Selection\n-# This is the channel where the message will be sent."},
            {"type": 1, "components": [{"type": 8, "custom_id": "settings:channel", "placeholder": "Select a channel",
                "channel_types": [0, 11], "min_values": 0, "max_values": 1}]},
            {"type": 10, "content": "## Member Selection\n-# These are the members that will be mentioned in the message."},
            {"type": 1, "components": [{"type": 5, "custom_id": "settings:members", "placeholder": "Select members",
                "min_values": 0, "max_values": 5}]},
        ]},
        {"type": 1, "components": [{"type": 2, "custom_id": "settings:finish", "label": "Finish", "style": 3}]},
    ])
}

/// Drops what twilight writes for a field at its default (`disabled:
/// false`), so the tree compares with the original's JSON.
fn without_defaults(mut value: Value) -> Value {
    match &mut value {
        Value::Object(map) => {
            if map.get("disabled") == Some(&json!(false)) {
                map.remove("disabled");
            }
            for child in map.values_mut() {
                *child = without_defaults(child.take());
            }
        }
        Value::Array(list) => {
            for child in list {
                *child = without_defaults(child.take());
            }
        }
        _ => {}
    }
    value
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_setting_is_changed_kept_across_a_restart_and_used() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let general = channel(&sandbox);
    let db = TempDb::new("settings");
    let bot = start(&sandbox, &db).await;

    // Bad input first: nothing to send to yet.
    post_and_wait(
        &sandbox,
        alice,
        &mention(&sandbox, "send"),
        "No channel is configured. Please use the settings command to set one.",
    )
    .await;

    let panel = post_and_wait(&sandbox, alice, &mention(&sandbox, "settings"), "").await;
    let tree = without_defaults(serde_json::to_value(&panel.components).unwrap());
    assert_eq!(tree, expected_panel());
    let panel = panel.id;
    // The bot binds the panel once Discord returned it.
    support::wait_bound(&bot.bot.router, panel).await;

    // The count, through its modal; a count that is no number, or too
    // large for one message, is refused and changes nothing.
    submit_count(&sandbox, panel, "3", alice).await;
    assert_eq!(shown(&current(&sandbox, panel)).count, "3");
    let refused = submit_count(&sandbox, panel, "lots", alice).await;
    assert_eq!(ephemeral(&refused), INVALID_COUNT);
    let refused = submit_count(&sandbox, panel, "100000", alice).await;
    assert_eq!(
        ephemeral(&refused),
        format!("Invalid count. Please enter a number from 0 to {MAX_COUNT}.")
    );

    // The toggle: red "Disabled" (style 4).
    click(&sandbox, panel, "settings:notifications", alice).await;
    // The fruit.
    choose(&sandbox, panel, "settings:fruit", &["mango"], alice).await;
    let before_restart = shown(&current(&sandbox, panel));
    assert_eq!(
        before_restart,
        Shown {
            count: "3".to_owned(),
            toggle: ("🔕 Disabled".to_owned(), 4),
            fruit: Some("mango".to_owned()),
            channel: vec![],
            members: vec![],
        }
    );

    // Restart: a new router on the same SQLite file. The panel answers
    // its next choices from its stored state.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &db).await;

    let general_id = general.to_string();
    choose(&sandbox, panel, "settings:channel", &[&general_id], alice).await;
    let (alice_id, bob_id) = (alice.to_string(), bob.to_string());
    choose(
        &sandbox,
        panel,
        "settings:members",
        &[&alice_id, &bob_id],
        alice,
    )
    .await;
    let after_restart = Shown {
        count: "3".to_owned(),
        toggle: ("🔕 Disabled".to_owned(), 4),
        fruit: Some("mango".to_owned()),
        channel: vec![general_id.clone()],
        members: vec![alice_id.clone(), bob_id.clone()],
    };
    assert_eq!(shown(&current(&sandbox, panel)), after_restart);

    // `send` uses them: the members, the fruit three times, silently.
    let sent = post_and_wait(
        &sandbox,
        alice,
        &mention(&sandbox, "send"),
        &format!("<@{alice}> <@{bob}> 🥭 🥭 🥭"),
    )
    .await;
    assert_eq!(sent.channel_id, general);
    assert!(
        sent.flags
            .is_some_and(|flags| flags.contains(MessageFlags::SUPPRESS_NOTIFICATIONS)),
        "{:?}",
        sent.flags
    );

    // Finish: "Settings saved." to alice alone, and the panel is gone.
    let finished = sandbox
        .click(panel, "settings:finish", alice)
        .expect("click accepted");
    let saved = sandbox
        .wait_reply_matching(WAIT, |reply| {
            reply.interaction_id == Some(finished) && reply.kind == ReplyKind::Followup
        })
        .await
        .expect("the confirmation");
    assert!(saved.ephemeral);
    assert_eq!(
        saved.message.as_ref().map(|m| m.content.as_str()),
        Some("Settings saved.")
    );
    sandbox
        .wait_reply_matching(WAIT, |reply| {
            reply.interaction_id == Some(finished) && reply.kind == ReplyKind::DeleteResponse
        })
        .await
        .expect("the panel deleted");
    assert!(sandbox.message(panel).is_none());

    // A new panel, from the slash command, shows the saved settings.
    let ran = sandbox
        .run_command(alice, general, "settings", Value::Null)
        .expect("command run");
    let answer = sandbox.wait_reply(ran, WAIT).await.expect("the panel");
    let again = answer.message.expect("a message");
    assert_eq!(shown(&again), after_restart);

    // Nothing the bot sent was refused by the sandbox's checks.
    let refused: Vec<_> = sandbox
        .requests()
        .into_iter()
        .filter(|request| request.status >= 400)
        .collect();
    assert!(refused.is_empty(), "{refused:?}");

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
