//! Durable before acknowledged, with a real crash: the counter example runs
//! as a separate OS process against the sandbox; after each acknowledged
//! click it is SIGKILLed (no shutdown, no flush) and started again, and the
//! next click continues from the last acknowledged count.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/counter.rs"]
mod counter;
mod support;

use counter::{
    CounterBot,
    support::{Settings, spawn},
};
use support::{
    TempDb, WAIT, answer, click, post_and_wait,
    process::{BotProcess, READY_LINE, child_spec},
    user, wait_stored,
};

const INCREMENTED: &str = "You have incremented this message's count to";
/// Set in the child: `gateway URL|REST host:port|DATABASE_URL`.
const CHILD_ENV: &str = "TWILIGHT_VIEWS_SIGKILL_CHILD";
const TEST_NAME: &str = "killed_bot_keeps_every_acknowledged_click";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killed_bot_keeps_every_acknowledged_click() {
    if let Ok(spec) = std::env::var(CHILD_ENV) {
        return child(&spec).await;
    }
    let sandbox = support::sandbox().await;
    let db = TempDb::new("sigkill");
    let alice = user(&sandbox, 0);

    let mut bot = BotProcess::start(&sandbox, &db, TEST_NAME, CHILD_ENV, &[]).await;
    let message = post_and_wait(&sandbox, alice, "!view", "Hello world!").await;
    wait_stored(&db, message.id).await;
    let mut expected = 0;
    for round in 0..3 {
        // Two acknowledged clicks, then a kill without warning.
        for _ in 0..2 {
            expected += 1;
            let reply = click(&sandbox, message.id, "counter:increment", alice).await;
            assert_eq!(
                answer(&reply),
                (format!("{INCREMENTED} {expected}!").as_str(), true),
                "round {round}"
            );
        }
        bot.kill();
        sandbox.wait_connected(0, WAIT).await.expect("bot gone");
        bot = BotProcess::start(&sandbox, &db, TEST_NAME, CHILD_ENV, &[]).await;
    }
    expected += 1;
    let reply = click(&sandbox, message.id, "counter:increment", alice).await;
    assert_eq!(
        answer(&reply),
        (format!("{INCREMENTED} {expected}!").as_str(), true)
    );
    drop(bot);
    sandbox.shutdown().await;
}

/// The bot process: the counter example's bot, until it is killed.
async fn child(spec: &str) {
    let (gateway, api, database_url) = child_spec(CHILD_ENV, spec);
    // The bot's log goes to the test's stderr, to explain a failure.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,views_core=debug,persist_sigkill=debug",
        ))
        .with_writer(std::io::stderr)
        .try_init();
    let settings = Settings {
        token: "sandbox-token".to_owned(),
        gateway_url: Some(gateway),
        api: Some((api, true)),
        database_url,
        guild_id: None,
    };
    let _bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    println!("{READY_LINE}");
    std::future::pending::<()>().await;
}
