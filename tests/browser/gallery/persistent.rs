//! persistent: the bound menu of `!menu`, counting the presses of both its
//! buttons.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/persistent.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use super::{click_button, open, sandbox, save_chat, send, wait_for_transcript};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, PersistentBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "!menu").await;
    let menu = format!(
        "sandbox-bot: {} [Button 1 primary] [Button 2 primary]",
        example::MENU_TEXT
    );
    click_button(browser, "Button 1").await;
    wait_for_transcript(
        browser,
        &[
            "alice: !menu",
            &menu,
            "sandbox-bot: You pressed button 1 of this menu (pressed 1 times so far).",
        ],
    )
    .await;
    click_button(browser, "Button 2").await;
    wait_for_transcript(
        browser,
        &[
            "alice: !menu",
            &menu,
            "sandbox-bot: You pressed button 1 of this menu (pressed 1 times so far).",
            "sandbox-bot: You pressed button 2 of this menu (pressed 2 times so far).",
        ],
    )
    .await;
    save_chat(browser, "persistent.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
