//! counter_plain: `$counter`'s button clicked up to 5, where it turns
//! green and disabled.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/counter_plain.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, CounterBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$counter").await;
    for count in 0..example::LAST {
        click_button(browser, &count.to_string()).await;
    }
    wait_for_transcript(
        browser,
        &[
            "alice: $counter",
            "sandbox-bot: Press! [5 success disabled]",
        ],
    )
    .await;
    save_chat(browser, "counter_plain.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
