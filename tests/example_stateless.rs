//! `examples/stateless.rs` against the sandbox: one unbound view answers
//! every message's button, also after a restart.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/stateless.rs"]
mod stateless;
mod support;

use stateless::{
    StatelessBot,
    support::{
        RunningBot, Settings,
        settings::{SANDBOX_TOKEN, parse_api_url, redact},
        spawn,
    },
};
use support::{TempDb, WAIT, answer, bot_messages_with, buttons, click, post_and_wait, user};
use views_sandbox::Sandbox;

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<StatelessBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hello_there_before_and_after_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("stateless");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    sandbox
        .post_user_message(support::channel(&sandbox), alice, "!views")
        .expect("posted");
    let first = post_and_wait(&sandbox, alice, "!view", "Hello world!").await;
    assert_eq!(
        buttons(&first),
        [("my-view:click-me".to_owned(), "Click me!".to_owned())]
    );
    let second = post_and_wait(&sandbox, bob, "!view", "Hello world!").await;
    for (message, who) in [(first.id, alice), (second.id, bob), (first.id, bob)] {
        let reply = click(&sandbox, message, "my-view:click-me", who).await;
        assert_eq!(answer(&reply), ("Hello there!", true));
    }

    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &db).await;
    let reply = click(&sandbox, first.id, "my-view:click-me", bob).await;
    assert_eq!(answer(&reply), ("Hello there!", true));

    assert_eq!(bot_messages_with(&sandbox, "Hello world!"), 2);
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[test]
fn api_urls_become_proxy_host_and_scheme() {
    let plain = |host: &str| (host.to_owned(), true);
    assert_eq!(parse_api_url("127.0.0.1:4000"), plain("127.0.0.1:4000"));
    assert_eq!(
        parse_api_url("http://127.0.0.1:4000"),
        plain("127.0.0.1:4000")
    );
    assert_eq!(
        parse_api_url("http://127.0.0.1:4000/api/v10"),
        plain("127.0.0.1:4000")
    );
    assert_eq!(
        parse_api_url("https://proxy.example/"),
        ("proxy.example".to_owned(), false)
    );
}

/// Settings with a real token, pointed at `gateway` and `api`.
fn with_token(token: &str, gateway: &str, api: &str) -> Settings {
    Settings {
        token: token.to_owned(),
        gateway_url: Some(gateway.to_owned()),
        api: Some(parse_api_url(api)),
        database_url: "memory:".to_owned(),
        guild_id: None,
    }
}

#[test]
fn a_real_token_never_goes_unencrypted_to_another_machine() {
    let refused = |gateway: &str, api: &str| {
        with_token("Bot.real.token", gateway, api)
            .reject_cleartext_token()
            .expect_err("cleartext token refused")
            .to_string()
    };
    let error = refused("wss://gateway.example", "http://proxy.example:8080");
    assert!(error.contains("DISCORD_API_URL"), "{error}");
    assert!(error.contains("https://proxy.example:8080"), "{error}");
    // Without a scheme the REST host speaks plain HTTP.
    let error = refused("wss://gateway.example", "proxy.example");
    assert!(error.contains("DISCORD_API_URL"), "{error}");
    let error = refused("ws://gateway.example", "https://proxy.example");
    assert!(error.contains("DISCORD_GATEWAY_URL"), "{error}");
    assert!(error.contains("wss://"), "{error}");
    for not_this_machine in [
        "127.0.0.1@gateway.example",
        "localhost@gateway.example:80",
        "localhost.example",
        "0.0.0.0:4000",
        "10.0.0.1:4000",
    ] {
        refused(&format!("ws://{not_this_machine}"), "https://proxy.example");
        refused("wss://gateway.example", not_this_machine);
    }
}

#[test]
fn plain_connections_stay_open_to_this_machine_and_to_sandboxes() {
    for this_machine in [
        "127.0.0.1:4000",
        "127.8.9.10",
        "[::1]:4000",
        "[::1]",
        "localhost:4000",
        "LOCALHOST",
    ] {
        with_token(
            "Bot.real.token",
            &format!("ws://{this_machine}/"),
            &format!("http://{this_machine}/api/v10"),
        )
        .reject_cleartext_token()
        .expect("plain HTTP and ws:// to this machine");
        with_token("Bot.real.token", "wss://gateway.example", this_machine)
            .reject_cleartext_token()
            .expect("a bare loopback host");
    }
    with_token(
        "Bot.real.token",
        "WSS://gateway.example",
        "https://proxy.example",
    )
    .reject_cleartext_token()
    .expect("TLS to another machine");
    // A standalone sandbox elsewhere gets the sandbox token, which is no secret.
    with_token(SANDBOX_TOKEN, "ws://10.0.0.2:4000", "10.0.0.2:4000")
        .reject_cleartext_token()
        .expect("a sandbox on another machine");
}

#[test]
fn settings_debug_hides_the_token_and_the_database_password() {
    let settings = Settings {
        database_url: "postgres://bot:db-secret@db/views".to_owned(),
        ..with_token(
            "Bot.real.token",
            "wss://gateway.example",
            "https://proxy.example",
        )
    };
    let debug = format!("{settings:?}");
    assert!(!debug.contains("Bot.real.token"), "{debug}");
    assert!(!debug.contains("db-secret"), "{debug}");
    assert!(debug.contains("<redacted>"), "{debug}");
    assert!(debug.contains("postgres://bot:***@db/views"), "{debug}");
}

#[test]
fn logged_database_urls_hide_every_password() {
    assert_eq!(
        redact("postgres://bot:pa/ss@db/views"),
        "postgres://bot:***@db/views"
    );
    assert_eq!(
        redact("postgres://bot@db/views?sslmode=require&password=s3cret"),
        "postgres://bot@db/views?sslmode=require&password=***"
    );
    assert_eq!(
        redact("sqlite://twilight-views.db"),
        "sqlite://twilight-views.db"
    );
}

/// `/stateless` answers with the same unbound button as `!view`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_stateless_answers_with_the_unbound_view() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("stateless-slash");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;
    let reply = support::run_command(&sandbox, alice, "stateless").await;
    assert_eq!(answer(&reply), ("Hello world!", false));
    let message = reply.message.expect("the reply is a message");
    assert_eq!(
        buttons(&message),
        [("my-view:click-me".to_owned(), "Click me!".to_owned())]
    );
    let reply = click(&sandbox, message.id, "my-view:click-me", alice).await;
    assert_eq!(answer(&reply), ("Hello there!", true));
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
