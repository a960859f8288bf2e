//! stateless: `!view`, and its "Click me!" answered for the clicker.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/stateless.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, StatelessBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "!view").await;
    click_button(browser, "Click me!").await;
    wait_for_transcript(
        browser,
        &[
            "alice: !view",
            "sandbox-bot: Hello world! [Click me! primary]",
            "sandbox-bot (only you): Hello there!",
        ],
    )
    .await;
    save_chat(browser, "stateless.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
