//! confirm: `$ask`'s question, answered with Confirm.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/confirm.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, ConfirmBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$ask").await;
    click_button(browser, "Confirm").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $ask",
            &format!(
                "sandbox-bot: {} [Confirm success] [Cancel secondary]",
                example::QUESTION
            ),
            "sandbox-bot (only you): Confirming",
        ],
    )
    .await;
    save_chat(browser, "confirm.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
