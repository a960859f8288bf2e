//! `examples/ticket.rs` against the sandbox: the panel's button opens the
//! ticket modal, its submission posts the ticket, and the ticket's dynamic
//! close button works after a restart (its number is in its custom_id).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;
#[allow(dead_code)]
#[path = "../examples/ticket.rs"]
mod ticket;

use support::{TempDb, WAIT, buttons, click, post_and_wait, user};
use ticket::{
    PANEL_TEXT, TicketBot, closed_text,
    support::{RunningBot, Settings, spawn},
};
use views_sandbox::{ReplyKind, Sandbox};

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<TicketBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modal_opens_submits_and_the_ticket_closes_after_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("ticket");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    let panel = post_and_wait(&sandbox, alice, "!ticket", PANEL_TEXT).await;
    assert_eq!(
        buttons(&panel),
        [("create-ticket".to_owned(), "Submit a Ticket".to_owned())]
    );

    // The button answers with the modal (callback type 9).
    let opened = click(&sandbox, panel.id, "create-ticket", alice).await;
    assert_eq!(opened.kind, ReplyKind::Callback { response_type: 9 });
    let interaction = opened.interaction_id.expect("answered an interaction");
    let modal = sandbox.modal(interaction).expect("a modal is open");
    assert_eq!(modal.custom_id, "ticket-form");
    assert_eq!(modal.title, "Submit a Ticket");
    let components = modal.components.as_array().expect("component list");
    assert_eq!(components.len(), 2);
    assert_eq!(components[0]["type"], 18, "a label: {components:?}");
    assert_eq!(components[0]["label"], "Subject");
    assert_eq!(components[0]["component"]["type"], 4);
    assert_eq!(components[0]["component"]["custom_id"], "subject");
    assert_eq!(components[0]["component"]["style"], 1);
    assert_eq!(components[0]["component"]["required"], true);
    assert_eq!(components[0]["component"]["max_length"], 100);
    assert_eq!(components[1]["component"]["custom_id"], "details");
    assert_eq!(components[1]["component"]["style"], 2);
    assert_eq!(components[1]["component"]["required"], false);

    // Submitting posts the ticket with its close button.
    let submission = sandbox
        .submit_modal(
            interaction,
            &[("subject", "Printer on fire"), ("details", "Third floor")],
            alice,
        )
        .expect("submission accepted");
    let posted = sandbox.wait_reply(submission, WAIT).await.expect("answer");
    assert_eq!(posted.kind, ReplyKind::Callback { response_type: 4 });
    let message = posted.message.expect("the ticket message");
    let number = submission.get();
    assert_eq!(
        message.content,
        format!("Ticket #{number} from <@{alice}>: Printer on fire\nThird floor")
    );
    let close_id = format!("ticket:{number}:close");
    assert_eq!(
        buttons(&message),
        [(close_id.clone(), "Close ticket".to_owned())]
    );

    // The optional input may be left out.
    let opened = click(&sandbox, panel.id, "create-ticket", bob).await;
    let interaction = opened.interaction_id.expect("answered");
    let submission = sandbox
        .submit_modal(interaction, &[("subject", "Short")], bob)
        .expect("submission accepted");
    let posted = sandbox.wait_reply(submission, WAIT).await.expect("answer");
    let content = posted.message.expect("ticket").content;
    assert!(content.ends_with(": Short\n(no details)"), "{content}");

    // A restart: a new process, a new router, nothing stored about tickets.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    let closed = click(&sandbox, message.id, &close_id, bob).await;
    assert_eq!(closed.kind, ReplyKind::Callback { response_type: 7 });
    let edited = closed.message.expect("the edited ticket");
    assert_eq!(
        edited.content,
        closed_text(number, &format!(" by <@{bob}>"))
    );
    assert!(edited.components.is_empty());
    stop(&sandbox, bot).await;
}
