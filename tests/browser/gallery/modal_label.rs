//! modal_label: `/timeout member` from the picker, bob chosen, opens the
//! Timeout Member dialog; the screenshot shows it filled in, then it is
//! submitted and answered.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/modal_label.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;

use crate::common::run_command;

use super::{
    fill_dialog, open, sandbox, save_chat, submit_dialog, wait_for_lines, wait_registered,
};

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, TimeoutBot, &sandbox);
    wait_registered(&sandbox, "timeout").await;
    let bob = sandbox.fixtures().users[1].id.to_string();
    let composer = open(browser, &sandbox).await;
    run_command(
        browser,
        &composer,
        "/timeout",
        "timeout",
        &[("member", &bob)],
    )
    .await;
    fill_dialog(
        browser,
        "Timeout Member",
        &[("duration", "300"), ("reason", "Spamming")],
    )
    .await;
    save_chat(browser, "modal_label.png").await;
    submit_dialog(browser).await;
    // The time until is shown in the page's locale.
    wait_for_lines(
        browser,
        |lines| {
            matches!(lines, [line] if line.starts_with("sandbox-bot (only you): Timeout @bob until ")
                && line.ends_with(" with reason: Spamming"))
        },
        "the answer \"Timeout @bob until TIME with reason: Spamming\"",
    )
    .await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
