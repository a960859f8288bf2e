//! `examples/greeting.rs` against the sandbox: the button greets its owner
//! only, and remembers the owner across a restart.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/greeting.rs"]
mod greeting;
mod support;

use greeting::{
    GreetingBot,
    support::{RunningBot, Settings, spawn},
};
use support::{TempDb, WAIT, answer, buttons, click, post_and_wait, user, wait_bound};
use views_sandbox::Sandbox;

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<GreetingBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn greets_only_its_owner_across_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("greeting");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    let for_alice = post_and_wait(
        &sandbox,
        alice,
        "!greet",
        &format!("A greeting for <@{alice}>:"),
    )
    .await;
    assert_eq!(
        buttons(&for_alice),
        [("greeting:greet".to_owned(), "Greet".to_owned())]
    );
    let for_bob = post_and_wait(
        &sandbox,
        bob,
        "!greet",
        &format!("A greeting for <@{bob}>:"),
    )
    .await;
    wait_bound(&bot.bot.router, for_alice.id).await;
    wait_bound(&bot.bot.router, for_bob.id).await;

    let reply = click(&sandbox, for_alice.id, "greeting:greet", alice).await;
    assert_eq!(
        answer(&reply),
        (format!("Greetings <@{alice}>!").as_str(), true)
    );
    let reply = click(&sandbox, for_alice.id, "greeting:greet", bob).await;
    let refused = format!("This button is only for greeting <@{alice}>!");
    assert_eq!(answer(&reply), (refused.as_str(), true));
    let reply = click(&sandbox, for_bob.id, "greeting:greet", bob).await;
    assert_eq!(
        answer(&reply),
        (format!("Greetings <@{bob}>!").as_str(), true)
    );

    // The owner comes back from the store after a restart.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox, &db).await;
    let reply = click(&sandbox, for_alice.id, "greeting:greet", bob).await;
    assert_eq!(answer(&reply), (refused.as_str(), true));
    let reply = click(&sandbox, for_alice.id, "greeting:greet", alice).await;
    assert_eq!(
        answer(&reply),
        (format!("Greetings <@{alice}>!").as_str(), true)
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
