//! ticket: `!ticket`'s panel opens the ticket dialog; the submitted form is
//! posted as the ticket, with its close button.

#[allow(dead_code, missing_docs)]
#[path = "../../../examples/ticket.rs"]
mod example;

use views_testkit::webdriver::fantoccini::Client;
use views_testkit::webdriver::{eval, eventually};

use super::{
    click_button, fill_dialog, open, sandbox, save_chat, send, submit_dialog, wait_for_transcript,
};
use crate::common::WAIT;

pub async fn show(browser: &Client) {
    let sandbox = sandbox().await;
    let bot = start_bot!(example, TicketBot, &sandbox);
    let composer = open(browser, &sandbox).await;
    send(&composer, "!ticket").await;
    click_button(browser, "Submit a Ticket").await;
    fill_dialog(
        browser,
        "Submit a Ticket",
        &[
            ("subject", "The bot does not answer"),
            ("details", "Since this morning, !help gets no reply."),
        ],
    )
    .await;
    submit_dialog(browser).await;

    // The ticket's number (the submission's id) is in its button's custom_id.
    let number = eventually("the ticket's close button", WAIT, || async {
        let id = eval(
            browser,
            "const b = document.querySelector(\"#messages button[data-cid$=':close']\");
             return b ? b.dataset.cid : null",
        )
        .await;
        id.as_str()
            .and_then(|id| id.strip_prefix("ticket:")?.strip_suffix(":close"))
            .map(str::to_owned)
    })
    .await;
    let ticket = format!(
        "sandbox-bot: Ticket #{number} from @alice: The bot does not answer\n\
         Since this morning, !help gets no reply. [Close ticket danger]"
    );
    wait_for_transcript(
        browser,
        &[
            "alice: !ticket",
            &format!(
                "sandbox-bot: {} [Submit a Ticket primary]",
                example::PANEL_TEXT
            ),
            &ticket,
        ],
    )
    .await;
    save_chat(browser, "ticket.png").await;
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
