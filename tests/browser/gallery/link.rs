//! link: `$google twilight views`, answered with a link button to the
//! search.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/link.rs"]
mod example;

use views_testkit::webdriver::eval;
use views_testkit::webdriver::fantoccini::Client;

use super::{open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, LinkBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "$google twilight views").await;
    wait_for_transcript(
        browser,
        &[
            "alice: $google twilight views",
            "sandbox-bot: Google Result for: twilight views [Click Here link]",
        ],
    )
    .await;
    let href = eval(
        browser,
        "return document.querySelector('#messages a.btn.link').getAttribute('href')",
    )
    .await;
    assert_eq!(href, "https://www.google.com/search?q=twilight+views");
    save_chat(browser, "link.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
