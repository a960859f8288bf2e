//! Users run commands (through the driver and the control API); the bot
//! gets APPLICATION_COMMAND interactions over the gateway that
//! twilight-model parses, with typed options, resolved entities and
//! context-menu targets, in guilds and in DMs. `describe()` prints a
//! command that runs.

use serde_json::{Value, json};
use std::time::Duration;
use twilight_model::application::command::CommandType;
use twilight_model::application::interaction::application_command::CommandOptionValue;
use twilight_model::application::interaction::{InteractionContextType, InteractionType};
use views_sandbox::ReplyKind;

use crate::common::{control, http, sandbox, shard};
use crate::{command_data, delivered, register_global, respond};

const WAIT: Duration = Duration::from_secs(10);

#[tokio::test]
async fn a_chat_input_command_arrives_with_typed_options_and_resolved_entities() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let mut shard = shard(&sandbox, 0, 1);
    let stored = register_global(
        &sandbox,
        json!([{"type": 1, "name": "counter", "description": "A counter", "version": "1",
        "options": [
            {"type": 4, "name": "count", "description": "c", "required": true,
             "min_value": 0, "max_value": 10},
            {"type": 3, "name": "label", "description": "l",
             "choices": [{"name": "Red", "value": "red"}, {"name": "Blue", "value": "blue"}]},
            {"type": 5, "name": "loud", "description": "l"},
            {"type": 10, "name": "ratio", "description": "r"},
            {"type": 6, "name": "who", "description": "w"},
            {"type": 7, "name": "where", "description": "w"},
            {"type": 8, "name": "role", "description": "r"},
            {"type": 9, "name": "ping", "description": "p"},
        ]}]),
    )
    .await;
    let fixtures = sandbox.fixtures().clone();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);
    let (guild, channel) = (fixtures.guild_id, fixtures.channel_id);
    // Options in any order; the bot gets them in the declared order.
    let id = sandbox
        .run_command(
            alice,
            channel,
            "counter",
            json!({"ping": guild.to_string(), "who": bob.to_string(), "count": 3,
                   "label": "blue", "loud": true, "ratio": 0.5,
                   "where": channel.to_string(), "role": guild.get()}),
        )
        .unwrap();
    let interaction = delivered(&mut shard, id).await;
    assert_eq!(interaction.kind, InteractionType::ApplicationCommand);
    assert_eq!(interaction.guild_id, Some(guild));
    assert_eq!(interaction.author_id(), Some(alice));
    assert_eq!(interaction.context, Some(InteractionContextType::Guild));
    assert_eq!(sandbox.interaction(id).as_ref(), Some(&interaction));
    let data = command_data(&interaction);
    assert_eq!(
        (data.id, data.name.as_str()),
        (stored[0].id.unwrap(), "counter")
    );
    assert_eq!(data.kind, CommandType::ChatInput);
    assert_eq!(data.guild_id, None, "a global command");
    let options: Vec<(&str, &CommandOptionValue)> = data
        .options
        .iter()
        .map(|o| (o.name.as_str(), &o.value))
        .collect();
    assert_eq!(
        options,
        [
            ("count", &CommandOptionValue::Integer(3)),
            ("label", &CommandOptionValue::String("blue".to_owned())),
            ("loud", &CommandOptionValue::Boolean(true)),
            ("ratio", &CommandOptionValue::Number(0.5)),
            ("who", &CommandOptionValue::User(bob)),
            ("where", &CommandOptionValue::Channel(channel)),
            ("role", &CommandOptionValue::Role(guild.cast())),
            ("ping", &CommandOptionValue::Mentionable(guild.cast())),
        ]
    );
    let resolved = data.resolved.as_ref().expect("resolved entities");
    assert_eq!(resolved.users[&bob].name, "bob");
    assert!(resolved.members.contains_key(&bob));
    assert_eq!(resolved.channels[&channel].name, "general");
    assert_eq!(resolved.roles[&guild.cast()].name, "@everyone");

    // The reply carries the interaction's metadata and the command's name.
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "3"}}),
    )
    .await
    .expect("reply accepted");
    let reply = sandbox.wait_reply(id, WAIT).await.unwrap();
    assert_eq!(reply.kind, ReplyKind::Callback { response_type: 4 });
    let message = reply.message.expect("the reply message");
    let metadata = message.interaction_metadata.expect("interaction_metadata");
    assert_eq!(
        (metadata.id, metadata.kind, metadata.user.id),
        (id, InteractionType::ApplicationCommand, alice)
    );
    #[allow(deprecated)]
    let named = message
        .interaction
        .expect("the deprecated interaction, with the name");
    assert_eq!((named.name.as_str(), named.user.id), ("counter", alice));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn subcommands_in_groups_arrive_nested_from_either_shape() {
    let sandbox = sandbox().await;
    register_global(
        &sandbox,
        json!([{"type": 1, "name": "config", "description": "Settings", "version": "1",
        "options": [
            {"type": 2, "name": "sound", "description": "s", "options": [
                {"type": 1, "name": "set", "description": "s", "options": [
                    {"type": 4, "name": "volume", "description": "v", "required": true}]},
                {"type": 1, "name": "reset", "description": "r"}]},
            {"type": 1, "name": "show", "description": "s"},
        ]}]),
    )
    .await;
    let alice = sandbox.fixtures().users[0].id;
    let channel = sandbox.fixtures().channel_id;
    let by_name = sandbox
        .run_command(
            alice,
            channel,
            "config",
            json!({"sound": {"set": {"volume": 7}}}),
        )
        .unwrap();
    let discord_shape = sandbox
        .run_command(
            alice,
            channel,
            "config",
            json!([{"name": "sound", "options": [
                {"name": "set", "type": 1, "options": [{"name": "volume", "value": 7}]}]}]),
        )
        .unwrap();
    for id in [by_name, discord_shape] {
        let interaction = sandbox.interaction(id).unwrap();
        let data = command_data(&interaction);
        let CommandOptionValue::SubCommandGroup(group) = &data.options[0].value else {
            panic!("{:?}", data.options);
        };
        assert_eq!(data.options[0].name, "sound");
        let CommandOptionValue::SubCommand(set) = &group[0].value else {
            panic!("{group:?}");
        };
        assert_eq!(group[0].name, "set");
        assert_eq!(set[0].value, CommandOptionValue::Integer(7));
    }
    let show = sandbox
        .run_command(alice, channel, "config", json!({"show": {}}))
        .unwrap();
    let interaction = sandbox.interaction(show).unwrap();
    let data = command_data(&interaction);
    assert_eq!(
        data.options[0].value,
        CommandOptionValue::SubCommand(Vec::new())
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn context_menu_commands_carry_their_target() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let mut shard = shard(&sandbox, 0, 1);
    register_global(
        &sandbox,
        json!([
            {"type": 2, "name": "Show profile", "description": "", "version": "1"},
            {"type": 3, "name": "Quote", "description": "", "version": "1"},
        ]),
    )
    .await;
    let fixtures = sandbox.fixtures().clone();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);
    let channel = fixtures.channel_id;
    let id = sandbox
        .run_user_command(alice, channel, "Show profile", bob)
        .unwrap();
    let interaction = delivered(&mut shard, id).await;
    let data = command_data(&interaction);
    assert_eq!(data.kind, CommandType::User);
    assert_eq!(data.target_id, Some(bob.cast()));
    let resolved = data.resolved.as_ref().unwrap();
    assert_eq!(resolved.users[&bob].name, "bob");
    assert!(resolved.members.contains_key(&bob));
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "bob"}}),
    )
    .await
    .unwrap();
    let reply = sandbox.wait_reply(id, WAIT).await.unwrap();
    let metadata = reply.message.unwrap().interaction_metadata.unwrap();
    assert_eq!(metadata.target_user.map(|u| u.id), Some(bob));

    let posted = sandbox.post_user_message(channel, bob, "quote me").unwrap();
    let id = sandbox
        .run_message_command(alice, posted.id, "Quote")
        .unwrap();
    let interaction = delivered(&mut shard, id).await;
    assert_eq!(interaction.channel.as_ref().map(|c| c.id), Some(channel));
    let data = command_data(&interaction);
    assert_eq!(data.kind, CommandType::Message);
    assert_eq!(data.target_id, Some(posted.id.cast()));
    let quoted = &data.resolved.as_ref().unwrap().messages[&posted.id];
    assert_eq!(
        (quoted.content.as_str(), quoted.author.id),
        ("quote me", bob)
    );
    // A message command has no message of its own to update.
    assert!(interaction.message.is_none());
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "> quote me"}}),
    )
    .await
    .unwrap();
    let reply = sandbox.wait_reply(id, WAIT).await.unwrap();
    let metadata = reply.message.unwrap().interaction_metadata.unwrap();
    assert_eq!(metadata.target_message_id, Some(posted.id));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn guild_commands_run_in_their_guild_and_global_ones_in_dms() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let app = sandbox.application_id();
    let fixtures = sandbox.fixtures().clone();
    let alice = fixtures.users[0].id;
    let (other_guild, other_channel) = sandbox.add_guild("other");
    let local = http
        .interaction(app)
        .create_guild_command(fixtures.guild_id)
        .chat_input("local", "Here only")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    register_global(
        &sandbox,
        json!([
            {"type": 1, "name": "everywhere", "description": "e", "version": "1"},
            {"type": 1, "name": "guilds", "description": "g", "version": "1", "contexts": [0]},
            {"type": 1, "name": "nodm", "description": "n", "version": "1", "dm_permission": false},
        ]),
    )
    .await;
    let id = sandbox
        .run_command(alice, fixtures.channel_id, "local", json!({}))
        .unwrap();
    let interaction = sandbox.interaction(id).unwrap();
    assert_eq!(command_data(&interaction).guild_id, Some(fixtures.guild_id));
    assert_eq!(command_data(&interaction).id, local.id.unwrap());
    let error = sandbox
        .run_command(alice, other_channel, "local", json!({}))
        .unwrap_err();
    assert!(
        matches!(error.kind(), views_sandbox::SandboxErrorKind::UnknownCommand { name } if name == "local"),
        "{error}"
    );
    for name in ["everywhere", "guilds", "nodm"] {
        let id = sandbox
            .run_command(alice, other_channel, name, json!(null))
            .unwrap();
        assert_eq!(sandbox.interaction(id).unwrap().guild_id, Some(other_guild));
    }

    // The DM with the bot: global commands that allow it, no guild ones.
    let dm = sandbox.dm_channel(alice).unwrap();
    assert_eq!(sandbox.dm_channel(alice).unwrap(), dm, "one DM per user");
    let mut shard = shard(&sandbox, 0, 1);
    let id = sandbox
        .run_command(alice, dm, "everywhere", json!({}))
        .unwrap();
    let interaction = delivered(&mut shard, id).await;
    assert_eq!(interaction.guild_id, None);
    assert!(interaction.member.is_none());
    assert_eq!(interaction.user.as_ref().map(|u| u.id), Some(alice));
    assert_eq!(interaction.context, Some(InteractionContextType::BotDm));
    for name in ["local", "guilds", "nodm"] {
        let error = sandbox.run_command(alice, dm, name, json!({})).unwrap_err();
        assert!(
            matches!(
                error.kind(),
                views_sandbox::SandboxErrorKind::UnknownCommand { .. }
            ),
            "{name}: {error}"
        );
    }
    // The answer lands in the DM.
    respond(
        &http,
        &interaction,
        json!({"type": 4, "data": {"content": "hi"}}),
    )
    .await
    .unwrap();
    let reply = sandbox.wait_reply(id, WAIT).await.unwrap();
    assert_eq!(reply.channel_id, Some(dm));
    let message = reply.message.unwrap();
    assert_eq!(message.guild_id, None);
    assert_eq!(sandbox.messages(dm).len(), 1);
    assert!(
        sandbox.channels().iter().all(|c| c.id != dm),
        "DMs are not listed"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_control_api_runs_commands_as_click_does() {
    let sandbox = sandbox().await;
    register_global(
        &sandbox,
        json!([
            {"type": 1, "name": "counter", "description": "A counter", "version": "1",
             "options": [{"type": 4, "name": "count", "description": "c"}]},
            {"type": 2, "name": "Show profile", "description": "", "version": "1"},
            {"type": 3, "name": "Quote", "description": "", "version": "1"},
        ]),
    )
    .await;
    let fixtures = sandbox.fixtures().clone();
    let (alice, bob) = (fixtures.users[0].id, fixtures.users[1].id);
    let channel = fixtures.channel_id;
    let run = async |body: Value| {
        let (status, body) = control(&sandbox, "POST", "/command", Some(body)).await;
        assert_eq!(status, 200, "{body}");
        let id: u64 = body["interaction_id"].as_str().unwrap().parse().unwrap();
        let interaction = sandbox
            .interaction(twilight_model::id::Id::new(id))
            .unwrap();
        crate::command_data(&interaction).clone()
    };
    let data = run(json!({"name": "counter", "user_id": alice.to_string(),
        "channel_id": channel.to_string(), "options": {"count": 3}}))
    .await;
    assert_eq!(data.options[0].name, "count");
    let data = run(json!({"name": "counter", "user_id": alice.get(),
        "channel_id": channel.get(), "options": [{"name": "count", "value": 4}]}))
    .await;
    assert_eq!(data.options.len(), 1);
    // Context menus: the type follows from the target when left out.
    let data = run(json!({"name": "Show profile", "user_id": alice.to_string(),
        "channel_id": channel.to_string(), "target_id": bob.to_string()}))
    .await;
    assert_eq!(data.target_id, Some(bob.cast()));
    let posted = sandbox.post_user_message(channel, bob, "hi").unwrap();
    let data = run(json!({"name": "Quote", "user_id": alice.to_string(),
        "target_id": posted.id.to_string()}))
    .await;
    assert_eq!(data.target_id, Some(posted.id.cast()));
    let data = run(
        json!({"name": "Quote", "type": 3, "user_id": alice.to_string(),
        "channel_id": channel.to_string(), "target_id": posted.id.to_string()}),
    )
    .await;
    assert_eq!(data.name, "Quote");
    // The commands a user can run in a channel, for the web page's picker.
    let (status, listed) = control(
        &sandbox,
        "GET",
        &format!("/commands?channel_id={channel}"),
        None,
    )
    .await;
    assert_eq!(status, 200);
    let names: Vec<&str> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["counter", "Show profile", "Quote"]);
    sandbox.shutdown().await;
}

/// The body of the `/command` curl line `describe()` prints.
fn described_command(sandbox: &views_sandbox::Sandbox) -> Value {
    let text = sandbox.describe();
    let line = text
        .lines()
        .find(|l| l.contains("/sandbox/command "))
        .unwrap_or_else(|| panic!("no command line in\n{text}"));
    let body = line.split(" -d '").nth(1).unwrap().trim_end_matches('\'');
    serde_json::from_str(body).unwrap()
}

#[tokio::test]
async fn describe_prints_a_command_that_runs() {
    let sandbox = sandbox().await;
    let alice = sandbox.fixtures().users[0].id.to_string();
    assert_eq!(
        described_command(&sandbox),
        json!({"name": "COMMAND_NAME", "user_id": alice,
               "channel_id": sandbox.fixtures().channel_id.to_string(), "options": {}})
    );
    register_global(
        &sandbox,
        json!([{"type": 1, "name": "config", "description": "Settings", "version": "1",
            "options": [{"type": 2, "name": "sound", "description": "s", "options": [
                {"type": 1, "name": "set", "description": "s", "options": [
                    {"type": 4, "name": "volume", "description": "v", "required": true,
                     "min_value": 2},
                    {"type": 6, "name": "who", "description": "w", "required": true},
                    {"type": 3, "name": "note", "description": "n"}]}]}]}]),
    )
    .await;
    let body = described_command(&sandbox);
    assert_eq!(
        body["options"],
        json!({"sound": {"set": {"volume": 2, "who": alice}}})
    );
    let (status, answer) = control(&sandbox, "POST", "/command", Some(body)).await;
    assert_eq!(status, 200, "{answer}");
    sandbox.shutdown().await;
}
