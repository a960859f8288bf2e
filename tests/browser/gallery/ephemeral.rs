//! ephemeral: `$counter`'s Click answers the clicker with a counter of
//! their own, clicked twice.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/ephemeral.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, EphemeralBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$counter").await;
    click_button(browser, "Click").await;
    click_button(browser, "0").await;
    click_button(browser, "1").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $counter",
            "sandbox-bot: Press! [Click primary]",
            "sandbox-bot (only you): Enjoy! [2 danger]",
        ],
    )
    .await;
    save_chat(browser, "ephemeral.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
