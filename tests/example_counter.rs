//! `examples/counter.rs` against the sandbox: per-message counts, ephemeral
//! answers with thousands separators, and counts that survive a restart.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/counter.rs"]
mod counter;
mod support;

use counter::{
    Counter, CounterBot,
    support::{RunningBot, Settings, spawn, walkthrough},
    thousands,
};
use support::{
    TempDb, WAIT, answer, bot_messages_with, buttons, click, post_and_wait, user, wait_bound,
};
use twilight_views::View;
use views_sandbox::Sandbox;

const INCREMENTED: &str = "You have incremented this message's count to";

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

#[test]
fn thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(7), "7");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(12_345), "12,345");
    assert_eq!(thousands(999_999), "999,999");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_per_message_and_across_restarts() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("counter");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    // Only messages ending with `!view` get the view.
    sandbox
        .post_user_message(support::channel(&sandbox), alice, "!view is what I type")
        .expect("posted");
    let first = post_and_wait(&sandbox, alice, "show me !view", "Hello world!").await;
    wait_bound(&bot.bot.router, first.id).await;
    assert_eq!(
        buttons(&first),
        [("counter:increment".to_owned(), "Increment".to_owned())]
    );

    for n in 1..=3 {
        let reply = click(&sandbox, first.id, "counter:increment", alice).await;
        assert_eq!(
            answer(&reply),
            (format!("{INCREMENTED} {n}!").as_str(), true)
        );
    }
    // The count belongs to the message, not to the user.
    let reply = click(&sandbox, first.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 4!").as_str(), true));

    // A second message has its own count.
    let second = post_and_wait(&sandbox, bob, "!view", "Hello world!").await;
    wait_bound(&bot.bot.router, second.id).await;
    let reply = click(&sandbox, second.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 1!").as_str(), true));

    // Restart: counts come back from DATABASE_URL.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    let reply = click(&sandbox, first.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 5!").as_str(), true));
    let reply = click(&sandbox, second.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 2!").as_str(), true));

    // Thousands separators on the way out: a counter sent and bound at 999
    // the way the example does it.
    let counter = Counter { count: 999 };
    let third = bot
        .bot
        .http
        .create_message(support::channel(&sandbox))
        .content("Hello world!")
        .components(&counter.components())
        .await
        .expect("sent")
        .model()
        .await
        .expect("message");
    bot.bot.router.bind(third.id, counter).await.expect("bound");
    let reply = click(&sandbox, third.id, "counter:increment", alice).await;
    assert_eq!(
        answer(&reply),
        (format!("{INCREMENTED} 1,000!").as_str(), true)
    );

    // The message that did not end with `!view` got nothing.
    assert_eq!(bot_messages_with(&sandbox, "Hello world!"), 3);

    // Deleting a message (MESSAGE_DELETE) forgets its counter, in the store too.
    let router = bot.bot.router.clone();
    assert!(
        router
            .store()
            .load(second.id.get())
            .await
            .expect("store")
            .is_some()
    );
    bot.bot
        .http
        .delete_message(support::channel(&sandbox), second.id)
        .await
        .expect("deleted");
    tokio::time::timeout(WAIT, async {
        while router
            .store()
            .load(second.id.get())
            .await
            .expect("store")
            .is_some()
        {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the deleted message's view is forgotten");
    assert!(!router.is_bound(second.id));

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walkthrough_names_the_sandbox_the_user_and_the_button() {
    let sandbox = support::sandbox().await;
    let text = walkthrough::<CounterBot>(&sandbox);
    let alice = user(&sandbox, 0);
    let channel = support::channel(&sandbox);
    assert!(text.contains("No DISCORD_TOKEN set"), "{text}");
    assert!(text.contains(&sandbox.web_url()), "{text}");
    assert!(
        text.contains(&format!(
            "curl -s -X POST -H 'Content-Type: application/json' {}/channels/{channel}/messages -d '{{\"author_id\":\"{alice}\",\"content\":\"!view\"}}'",
            sandbox.control_url()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "curl -s -X POST -H 'Content-Type: application/json' {}/click -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"counter:increment\",\"user_id\":\"{alice}\"}}'",
            sandbox.control_url()
        )),
        "{text}"
    );
    sandbox.shutdown().await;
}
