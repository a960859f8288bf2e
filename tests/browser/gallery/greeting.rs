//! greeting: `!greet` as alice; her click greets her, bob's is refused
//! (the page then acting as bob, who sees his refusal only).

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/greeting.rs"]
mod example;

use views_testkit::webdriver::eval;
use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, GreetingBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "!greet").await;
    click_button(browser, "Greet").await;
    let greeting = "sandbox-bot: A greeting for @alice: [Greet success]";
    wait_for_transcript(
        browser,
        &[
            "alice: !greet",
            greeting,
            "sandbox-bot (only you): Greetings @alice!",
        ],
    )
    .await;

    let bob = sandbox.fixtures().users[1].id;
    eval(
        browser,
        &format!(
            "const s = document.getElementById('user'); s.value = '{bob}'; s.dispatchEvent(new Event('change'));"
        ),
    )
    .await;
    // Alice's answer is hers alone.
    wait_for_transcript(browser, &["alice: !greet", greeting]).await;
    click_button(browser, "Greet").await;
    wait_for_transcript(
        browser,
        &[
            "alice: !greet",
            greeting,
            "sandbox-bot (only you): This button is only for greeting @alice!",
        ],
    )
    .await;
    save_chat(browser, "greeting.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
