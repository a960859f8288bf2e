//! What the Discord client would refuse to send is refused, and nothing
//! reaches the bot: a command the bot did not register there (10063), and
//! options that are unknown, missing, of the wrong type, not a declared
//! choice or out of range (50035, naming the option), in the Rust API and
//! the control API.

use serde_json::{Value, json};
use twilight_gateway::Event;
use views_sandbox::{Sandbox, SandboxErrorKind};

use crate::common::{control, sandbox, shard, wait_for};
use crate::register_global;

async fn with_commands() -> Sandbox {
    let sandbox = sandbox().await;
    register_global(
        &sandbox,
        json!([
            {"type": 1, "name": "counter", "description": "A counter", "version": "1", "options": [
                {"type": 4, "name": "count", "description": "c", "required": true,
                 "min_value": 0, "max_value": 10},
                {"type": 3, "name": "colour", "description": "c", "max_length": 5,
                 "choices": [{"name": "Red", "value": "red"}, {"name": "Blue", "value": "blue"}]},
                {"type": 6, "name": "who", "description": "w"},
                {"type": 8, "name": "role", "description": "r"},
            ]},
            {"type": 1, "name": "config", "description": "Settings", "version": "1", "options": [
                {"type": 2, "name": "sound", "description": "s", "options": [
                    {"type": 1, "name": "set", "description": "s", "options": [
                        {"type": 4, "name": "volume", "description": "v", "required": true}]}]},
                {"type": 1, "name": "show", "description": "s"},
            ]},
        ]),
    )
    .await;
    sandbox
}

/// The option the driver refused, and why.
fn refused(sandbox: &Sandbox, options: Value) -> (String, String) {
    let alice = sandbox.fixtures().users[0].id;
    let channel = sandbox.fixtures().channel_id;
    let command = if options.get("sound").is_some() || options.get("show").is_some() {
        "config"
    } else {
        "counter"
    };
    let error = sandbox
        .run_command(alice, channel, command, options.clone())
        .expect_err(&options.to_string());
    match error.kind() {
        SandboxErrorKind::InvalidOption { name, reason } => (name.clone(), reason.clone()),
        other => panic!("{options}: {other:?}"),
    }
}

#[tokio::test]
async fn options_a_client_would_not_send_are_refused_naming_the_option() {
    let sandbox = with_commands().await;
    let cases = [
        (json!({"count": "3"}), "count", "must be an integer"),
        (json!({"count": 2.5}), "count", "must be an integer"),
        (json!({}), "count", "required"),
        (json!({"colour": "red"}), "count", "required"),
        (json!({"count": 1, "size": 2}), "size", "unknown option"),
        (json!({"count": 11}), "count", "more than 10"),
        (json!({"count": -1}), "count", "less than 0"),
        (
            json!({"count": 1, "colour": "green"}),
            "colour",
            "not one of the choices",
        ),
        (
            json!({"count": 1, "colour": "crimson"}),
            "colour",
            "allowed 0..=5",
        ),
        (json!({"count": 1, "who": "42"}), "who", "not a known user"),
        (json!({"count": 1, "who": true}), "who", "must be a user id"),
        (
            json!({"count": 1, "role": "42"}),
            "role",
            "not a role of this guild",
        ),
        (
            json!([{"name": "count", "type": 3, "value": "1"}]),
            "count",
            "of type integer (4)",
        ),
        (
            json!({"sound": {"set": {"volume": "loud"}}}),
            "sound.set.volume",
            "must be an integer",
        ),
        (
            json!({"sound": {"set": {}}}),
            "sound.set.volume",
            "required",
        ),
        (
            json!({"sound": {}, "show": {}}),
            "",
            "exactly one subcommand",
        ),
        (json!({"sound": 3}), "sound", "subcommand or group"),
    ];
    for (options, option, reason) in cases {
        let (name, why) = refused(&sandbox, options.clone());
        assert_eq!(name, option, "{options}: {why}");
        assert!(why.contains(reason), "{options}: {why:?} lacks {reason:?}");
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn unknown_commands_are_refused_and_nothing_reaches_the_bot() {
    let sandbox = with_commands().await;
    let mut shard = shard(&sandbox, 0, 1);
    let fixtures = sandbox.fixtures().clone();
    let alice = fixtures.users[0].id;
    let channel = fixtures.channel_id;
    let error = sandbox
        .run_command(alice, channel, "missing", json!({}))
        .unwrap_err();
    assert!(
        matches!(error.kind(), SandboxErrorKind::UnknownCommand { name } if name == "missing"),
        "{error}"
    );
    assert!(error.to_string().contains("Unknown application command"));
    // A chat input command is not a user command.
    let error = sandbox
        .run_user_command(alice, channel, "counter", alice)
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        SandboxErrorKind::UnknownCommand { .. }
    ));
    // Registered in another guild.
    let (other, other_channel) = sandbox.add_guild("other");
    crate::common::http(&sandbox)
        .interaction(sandbox.application_id())
        .create_guild_command(other)
        .chat_input("elsewhere", "There")
        .await
        .unwrap();
    let error = sandbox
        .run_command(alice, channel, "elsewhere", json!({}))
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        SandboxErrorKind::UnknownCommand { .. }
    ));
    refused(&sandbox, json!({"count": "x"}));

    // The control API answers with Discord's errors.
    let (status, body) = control(
        &sandbox,
        "POST",
        "/command",
        Some(json!({"name": "elsewhere", "user_id": alice.to_string(),
            "channel_id": channel.to_string()})),
    )
    .await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"code": 10063, "message": "Unknown application command"})
    );
    let (status, body) = control(
        &sandbox,
        "POST",
        "/command",
        Some(json!({"name": "config", "user_id": alice.to_string(),
            "channel_id": channel.to_string(),
            "options": {"sound": {"set": {"volume": "loud"}}}})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(
        (&body["code"], &body["message"]),
        (&json!(50035), &json!("Invalid Form Body"))
    );
    let message = body["errors"]["options"]["sound"]["set"]["volume"]["_errors"][0]["message"]
        .as_str()
        .unwrap_or_else(|| panic!("{body}"));
    assert!(
        message.contains("volume") && message.contains("integer"),
        "{message}"
    );
    let (status, body) = control(
        &sandbox,
        "POST",
        "/command",
        Some(json!({"name": "counter", "user_id": alice.to_string(),
            "channel_id": channel.to_string(), "options": {"count": 3, "who": "42"}})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"]["options"]["who"]["_errors"].is_array(),
        "{body}"
    );

    // Nothing above reached the bot: its first interaction is this one.
    let id = sandbox
        .run_command(alice, other_channel, "elsewhere", json!({}))
        .unwrap();
    let first = wait_for(&mut shard, |event| match event {
        Event::InteractionCreate(interaction) => Some(interaction.id),
        _ => None,
    })
    .await;
    assert_eq!(first, id);
    assert!(sandbox.replies().is_empty());
    sandbox.shutdown().await;
}
