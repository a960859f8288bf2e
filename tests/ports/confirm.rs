//! `examples/confirm.rs`: the question, the two buttons, the first answer
//! stops the view, a second click gets the expired notice, and the command
//! reads the value after `wait()`.

#[allow(dead_code)]
#[path = "../../examples/confirm.rs"]
pub mod example;

use example::{
    ConfirmBot, QUESTION, ask,
    support::{RunningBot, Settings, spawn},
    verdict,
};
use twilight_model::channel::message::component::ButtonStyle;
use twilight_views::router::DEFAULT_EXPIRED_MESSAGE;
use views_sandbox::Sandbox;

use crate::{ButtonState, button_states, current, ephemeral, support};
use support::{WAIT, channel, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<ConfirmBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// Confirm (green) and Cancel (grey), both enabled, with generated ids.
fn assert_menu(buttons: &[ButtonState]) {
    let shown: Vec<_> = buttons
        .iter()
        .map(|b| (b.label.as_str(), b.style, b.disabled))
        .collect();
    assert_eq!(
        shown,
        [
            ("Confirm", ButtonStyle::Success, false),
            ("Cancel", ButtonStyle::Secondary, false)
        ]
    );
    assert!(
        buttons.iter().all(|b| b.target.starts_with("tvi:")),
        "{buttons:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_click_answers_and_stops_the_view() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let menu = post_and_wait(&sandbox, alice, "$ask", QUESTION).await;
    let buttons = button_states(&menu);
    assert_menu(&buttons);
    let confirm_id = buttons[0].target.clone();
    let cancel_id = buttons[1].target.clone();

    // Anyone may answer (the original has no interaction_check).
    let reply = click(&sandbox, menu.id, &confirm_id, bob).await;
    assert_eq!(ephemeral(&reply), "Confirming");
    // The original leaves the message as it is.
    assert_menu(&button_states(&current(&sandbox, menu.id)));

    // Stopped: a second click gets the router's notice, not silence.
    let reply = click(&sandbox, menu.id, &cancel_id, alice).await;
    assert_eq!(ephemeral(&reply), DEFAULT_EXPIRED_MESSAGE);
    let reply = click(&sandbox, menu.id, &confirm_id, alice).await;
    assert_eq!(ephemeral(&reply), DEFAULT_EXPIRED_MESSAGE);
    assert_menu(&button_states(&current(&sandbox, menu.id)));

    // The mention prefix works too; another command does nothing.
    let app = sandbox.application_id();
    let menu = post_and_wait(&sandbox, alice, &format!("<@{app}> ask"), QUESTION).await;
    let cancel_id = button_states(&menu)[1].target.clone();
    let reply = click(&sandbox, menu.id, &cancel_id, alice).await;
    assert_eq!(ephemeral(&reply), "Cancelling");

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_command_reads_the_value_once_the_view_ended() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    for (index, expected, printed) in [
        (0, Some(true), "Confirmed..."),
        (1, Some(false), "Cancelled..."),
    ] {
        let after = support::last_seq(&sandbox);
        let asking = tokio::spawn({
            let bot = bot.bot.clone();
            let channel = channel(&sandbox);
            async move { ask(&bot, channel).await.expect("asked") }
        });
        let menu = sandbox
            .wait_reply_matching(WAIT, |reply| {
                after.is_none_or(|after| reply.seq > after)
                    && reply
                        .message
                        .as_ref()
                        .is_some_and(|m| m.content == QUESTION)
            })
            .await
            .expect("the question");
        let menu = menu.message.expect("message");
        // Not answered yet: the command is still waiting.
        assert!(!asking.is_finished());
        let id = button_states(&menu)[index].target.clone();
        click(&sandbox, menu.id, &id, alice).await;
        let value = tokio::time::timeout(WAIT, asking)
            .await
            .expect("the view ended")
            .expect("no panic");
        assert_eq!(value, expected);
        assert_eq!(verdict(value), printed);
    }
    assert_eq!(verdict(None), "Timed out...");

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
