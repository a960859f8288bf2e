//! dropdown: `$colour`'s select, Green picked.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/dropdown.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{choose, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, DropdownBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$colour").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $colour",
            &format!(
                "sandbox-bot: {} <Choose your favourite colour...>",
                example::PROMPT
            ),
        ],
    )
    .await;
    choose(browser, "Green").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $colour",
            &format!("sandbox-bot: {} <Green>", example::PROMPT),
            "sandbox-bot: Your favourite colour is Green",
        ],
    )
    .await;
    save_chat(browser, "dropdown.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
