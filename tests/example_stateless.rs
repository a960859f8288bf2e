//! `examples/stateless.rs` against the sandbox: one unbound view answers
//! every message's button, also after a restart.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/stateless.rs"]
mod stateless;
mod support;

use stateless::{
    StatelessBot,
    support::{RunningBot, Settings, parse_api_url, spawn},
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
