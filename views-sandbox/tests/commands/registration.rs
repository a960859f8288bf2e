//! Registering application commands through twilight-http 0.18: bulk
//! overwrite, create (and upsert), list, get, edit, delete, global and per
//! guild, and Discord's 50035 for bodies that break the schema or the
//! command rules.

use serde_json::json;
use twilight_model::application::command::{CommandOption, CommandOptionType, CommandType};
use twilight_model::guild::Permissions;
use twilight_model::id::Id;

use crate::common::{http, raw, sandbox};
use crate::{commands, discord_error};

fn count_option() -> CommandOption {
    serde_json::from_value(
        json!({"type": 4, "name": "count", "description": "Start at",
        "min_value": 0, "max_value": 10}),
    )
    .unwrap()
}

#[tokio::test]
async fn a_bulk_overwrite_stores_commands_twilight_reads_back() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let app = sandbox.application_id();
    let set = commands(json!([
        {"type": 1, "name": "counter", "description": "A counter", "version": "1",
         "default_member_permissions": "32",
         "options": [{"type": 4, "name": "count", "description": "Start at", "required": true}]},
        {"type": 2, "name": "Show profile", "description": "", "version": "1"},
        {"type": 3, "name": "Quote", "description": "", "version": "1"},
    ]));
    let stored = http
        .interaction(app)
        .set_global_commands(&set)
        .await
        .expect("set accepted")
        .models()
        .await
        .expect("commands parse");
    assert_eq!(stored.len(), 3);
    let kinds: Vec<_> = stored.iter().map(|c| c.kind).collect();
    assert_eq!(
        kinds,
        [
            CommandType::ChatInput,
            CommandType::User,
            CommandType::Message
        ]
    );
    for command in &stored {
        assert!(command.id.is_some(), "{command:?}");
        assert_eq!(command.application_id, Some(app));
        assert_eq!(command.guild_id, None);
    }
    assert_eq!(
        stored[0].default_member_permissions,
        Some(Permissions::MANAGE_GUILD)
    );
    assert_eq!(stored[0].options[0].kind, CommandOptionType::Integer);
    assert_eq!(stored[0].options[0].required, Some(true));

    let listed = http
        .interaction(app)
        .global_commands()
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert_eq!(listed, stored);
    assert_eq!(sandbox.commands(None), stored);

    // Overwriting again with the counter alone keeps its id and, unchanged,
    // its version; the context menus are gone.
    let again = http
        .interaction(app)
        .set_global_commands(&set[..1])
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert_eq!(again, stored[..1]);
    // A changed description is a new version of the same command.
    let mut edited = set[0].clone();
    edited.description = "Counts".to_owned();
    let changed = http
        .interaction(app)
        .set_global_commands(&[edited])
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert_eq!(changed[0].id, stored[0].id);
    assert_ne!(changed[0].version, stored[0].version);
    assert_eq!(changed[0].description, "Counts");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn create_upserts_by_name_and_type_and_edit_and_delete_follow() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let app = sandbox.application_id();
    let client = http.interaction(app);
    let options = [count_option()];
    let created = client
        .create_global_command()
        .chat_input("counter", "A counter")
        .command_options(&options)
        .await
        .expect("created");
    assert_eq!(created.status().get(), 201);
    let created = created.model().await.unwrap();
    assert_eq!(created.name, "counter");
    assert_eq!(created.options, options);

    // The same name and type again: Discord updates that command (200).
    let again = client
        .create_global_command()
        .chat_input("counter", "Counts things")
        .await
        .unwrap();
    assert_eq!(again.status().get(), 200);
    let again = again.model().await.unwrap();
    assert_eq!(again.id, created.id);
    assert_ne!(again.version, created.version);
    assert!(again.options.is_empty());
    // A user command of the same name is another command.
    let user = client
        .create_global_command()
        .user("counter")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_ne!(user.id, created.id);
    assert_eq!(sandbox.commands(None).len(), 2);

    let id = created.id.unwrap();
    let fetched = client
        .global_command(id)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(fetched, again);
    let edited = client
        .update_global_command(id)
        .description("Edited")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!((edited.id, edited.name.as_str()), (Some(id), "counter"));
    assert_eq!(edited.description, "Edited");
    client.delete_global_command(id).await.expect("deleted");
    let error = client.global_command(id).await.unwrap_err();
    assert_eq!(discord_error(&error), (404, 10063));
    let error = client.delete_global_command(id).await.unwrap_err();
    assert_eq!(discord_error(&error), (404, 10063));
    assert_eq!(sandbox.commands(None), [user]);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn guild_commands_live_in_their_guild() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let app = sandbox.application_id();
    let client = http.interaction(app);
    let guild = sandbox.fixtures().guild_id;
    let (other, _) = sandbox.add_guild("other");
    let set =
        commands(json!([{"type": 1, "name": "local", "description": "Here only", "version": "1"}]));
    let stored = client
        .set_guild_commands(guild, &set)
        .await
        .unwrap()
        .models()
        .await
        .unwrap();
    assert_eq!(stored[0].guild_id, Some(guild));
    assert_eq!(
        client
            .guild_commands(guild)
            .await
            .unwrap()
            .models()
            .await
            .unwrap(),
        stored
    );
    assert!(
        client
            .guild_commands(other)
            .await
            .unwrap()
            .models()
            .await
            .unwrap()
            .is_empty()
    );
    assert!(
        client
            .global_commands()
            .await
            .unwrap()
            .models()
            .await
            .unwrap()
            .is_empty()
    );
    assert_eq!(sandbox.commands(Some(guild)), stored);
    let id = stored[0].id.unwrap();
    // Another guild's route does not know it.
    let error = client.guild_command(other, id).await.unwrap_err();
    assert_eq!(discord_error(&error), (404, 10063));
    let error = client.global_command(id).await.unwrap_err();
    assert_eq!(discord_error(&error), (404, 10063));
    let created = client
        .create_guild_command(other)
        .chat_input("elsewhere", "There")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(created.guild_id, Some(other));
    // An unknown guild is Discord's 10004.
    let error = client.guild_commands(Id::new(12345)).await.unwrap_err();
    assert_eq!(discord_error(&error), (404, 10004));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn invalid_bodies_get_discords_50035() {
    let sandbox = sandbox().await;
    let http = http(&sandbox);
    let app = sandbox.application_id();
    // twilight-http checks a created command itself, but sends a set as it
    // is: an upper-case chat input name and an option after a required one.
    let bad = commands(json!([
        {"type": 1, "name": "Counter", "description": "A counter", "version": "1",
         "options": [
            {"type": 3, "name": "a", "description": "a"},
            {"type": 3, "name": "b", "description": "b", "required": true}]},
    ]));
    let error = http
        .interaction(app)
        .set_global_commands(&bad)
        .await
        .unwrap_err();
    assert_eq!(discord_error(&error), (400, 50035));
    assert!(sandbox.commands(None).is_empty());

    // The errors name the fields, nested as Discord nests them.
    let path = format!("/api/v10/applications/{app}/commands");
    let (status, _, body) = raw(
        &sandbox,
        "POST",
        &path,
        Some(json!({"name": "x", "description": "d", "type": 9,
            "options": [{"type": 4, "name": "n", "description": "n", "min_value": "low"}]})),
    )
    .await;
    assert_eq!(status, 400, "{body}");
    assert_eq!(body["code"], 50035);
    assert!(body["errors"]["type"]["_errors"].is_array(), "{body}");
    assert!(
        body["errors"]["options"]["0"]["min_value"]["_errors"].is_array(),
        "{body}"
    );
    let (status, _, body) = raw(&sandbox, "PUT", &path, Some(json!({"name": "x"}))).await;
    assert_eq!((status, &body["code"]), (400, &json!(50035)), "{body}");
    let (status, _, body) = raw(
        &sandbox,
        "POST",
        &path,
        Some(json!({"name": "Quote", "type": 3, "description": "no"})),
    )
    .await;
    assert_eq!(status, 400);
    assert!(
        body["errors"]["description"]["_errors"].is_array(),
        "{body}"
    );
    // Another application's commands are not the bot's.
    let (status, _, body) = raw(&sandbox, "GET", "/api/v10/applications/42/commands", None).await;
    assert_eq!((status, &body["code"]), (403, &json!(50001)), "{body}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_state_file_keeps_registered_commands() {
    let path = std::env::temp_dir().join(format!(
        "views-sandbox-commands-{}.json",
        std::process::id()
    ));
    let _ = std::fs::remove_file(&path);
    let config = views_sandbox::SandboxConfig::default().state_file(&path);
    let sandbox = views_sandbox::Sandbox::start(config.clone()).await.unwrap();
    let guild = sandbox.fixtures().guild_id;
    let global = crate::register_global(
        &sandbox,
        json!([{"type": 1, "name": "counter", "description": "A counter", "version": "1"}]),
    )
    .await;
    let local = http(&sandbox)
        .interaction(sandbox.application_id())
        .create_guild_command(guild)
        .user("Show profile")
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    sandbox.shutdown().await;

    let sandbox = views_sandbox::Sandbox::start(config).await.unwrap();
    assert_eq!(sandbox.commands(None), global);
    assert_eq!(sandbox.commands(Some(guild)), [local]);
    // And they run after the restart.
    let alice = sandbox.fixtures().users[0].id;
    sandbox
        .run_command(alice, sandbox.fixtures().channel_id, "counter", json!({}))
        .unwrap();
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&path);
}
