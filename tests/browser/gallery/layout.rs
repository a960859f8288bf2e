//! layout: `$layout`'s row and blurple container, its button clicked.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/layout.rs"]
mod example;

use views_testkit::webdriver::eval;
use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, LayoutBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$layout").await;
    click_button(browser, "Click Me!").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $layout",
            "sandbox-bot: [Click Me! secondary] Click the above button to receive a very special message!",
            "sandbox-bot (only you): Hi!",
        ],
    )
    .await;
    let accent = eval(
        browser,
        "return document.querySelector('#messages .container').style.borderLeftColor",
    )
    .await;
    assert_eq!(accent, "rgb(88, 101, 242)", "blurple");
    save_chat(browser, "layout.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
