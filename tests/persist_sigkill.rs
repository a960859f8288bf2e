//! Durable before acknowledged, with a real crash: the counter example runs
//! as a separate OS process against the sandbox; after each acknowledged
//! click it is SIGKILLed (no shutdown, no flush) and started again, and the
//! next click continues from the last acknowledged count.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/counter.rs"]
mod counter;
mod support;

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
};

use counter::{
    CounterBot,
    support::{Settings, spawn},
};
use support::{TempDb, WAIT, answer, click, post_and_wait, user};
use views_sandbox::Sandbox;

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

    let mut bot = Bot(start_child(&sandbox, &db).await);
    let message = post_and_wait(&sandbox, alice, "!view", "Hello world!").await;
    // The example binds the view after the message is sent: wait for the
    // row, or the first click could race the bind.
    let store = twilight_views::open_store(&db.url()).await.expect("store");
    let deadline = tokio::time::Instant::now() + WAIT;
    while store.load(message.id.get()).await.expect("load").is_none() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the view was never bound"
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    drop(store);
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
        bot.0.kill().expect("SIGKILL the bot");
        bot.0.wait().expect("reap the bot");
        sandbox.wait_connected(0, WAIT).await.expect("bot gone");
        bot = Bot(start_child(&sandbox, &db).await);
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

/// The bot process, killed when dropped (also when the test fails).
struct Bot(Child);

impl Drop for Bot {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts the bot process and waits until it is connected.
async fn start_child(sandbox: &Sandbox, db: &TempDb) -> Child {
    let spec = format!(
        "{}|{}|{}",
        sandbox.gateway_url(),
        sandbox.api_host_port(),
        db.url()
    );
    let mut child = Command::new(std::env::current_exe().expect("test binary"))
        .args(["--exact", TEST_NAME, "--nocapture"])
        .env(CHILD_ENV, spec)
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn the bot process");
    let stdout = child.stdout.take().expect("child stdout");
    let (ready, is_ready) = tokio::sync::oneshot::channel();
    // Keep draining after READY: a closed pipe would kill the child's
    // test harness on its next write.
    std::thread::spawn(move || {
        let mut ready = Some(ready);
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if line == "BOT READY"
                && let Some(ready) = ready.take()
            {
                let _ = ready.send(());
            }
        }
    });
    assert!(
        is_ready.await.is_ok(),
        "the bot process exited before it was ready"
    );
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    child
}

/// The bot process: the counter example's bot, until it is killed.
async fn child(spec: &str) {
    let mut parts = spec.split('|');
    let (Some(gateway), Some(api), Some(database_url)) = (parts.next(), parts.next(), parts.next())
    else {
        panic!("bad {CHILD_ENV}: {spec}");
    };
    // The bot's log goes to the test's stderr, to explain a failure.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::new(
            "warn,views_core=debug,persist_sigkill=debug",
        ))
        .with_writer(std::io::stderr)
        .try_init();
    let settings = Settings {
        token: "sandbox-token".to_owned(),
        gateway_url: Some(gateway.to_owned()),
        api: Some((api.to_owned(), true)),
        database_url: database_url.to_owned(),
    };
    let _bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    println!("BOT READY");
    std::future::pending::<()>().await;
}
