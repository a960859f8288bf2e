//! dynamic_counter: `@bot counter`'s button, its count in its custom_id,
//! clicked twice.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/dynamic_counter.rs"]
mod example;

use views_testkit::webdriver::eval;
use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, DynamicCounterBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    // The original answers a mention only.
    send(
        &composer,
        &format!("<@{}> counter", sandbox.fixtures().bot.id),
    )
    .await;
    click_button(browser, "👍Total: 0").await;
    click_button(browser, "👍Total: 1").await;
    wait_for_transcript(
        browser,
        &[
            "alice: @sandbox-bot counter",
            &format!("sandbox-bot: {} [👍Total: 2 secondary]", example::TEXT),
        ],
    )
    .await;
    let alice = sandbox.fixtures().users[0].id;
    let id = eval(
        browser,
        "return document.querySelector('#messages button[data-action=click]').dataset.cid",
    )
    .await;
    assert_eq!(id, format!("counter:2:user:{alice}"));
    save_chat(browser, "dynamic_counter.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
