//! modal_basic: `/feedback` from the picker opens the Feedback dialog; the
//! screenshot shows it filled in, then it is submitted and thanked for.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/modal_basic.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use crate::common::run_command;

use super::{
    fill_dialog, open, sandbox, save_chat, submit_dialog, wait_for_transcript, wait_registered,
};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, FeedbackBot, &sandbox);
    wait_registered(&sandbox, "feedback").await;
    let composer = open(browser, &sandbox).await;
    run_command(browser, &composer, "/feedback", "feedback", &[]).await;
    fill_dialog(
        browser,
        "Feedback",
        &[
            ("name", "Alice"),
            ("feedback", "The dialog is easy to use."),
        ],
    )
    .await;
    save_chat(browser, "modal_basic.png").await;
    submit_dialog(browser).await;
    wait_for_transcript(
        browser,
        &["sandbox-bot (only you): Thanks for your feedback, Alice!"],
    )
    .await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
