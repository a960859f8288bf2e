//! `examples/ephemeral.rs`: "Press!" and its "Click" button, from `$counter`
//! and from `/counter`; each clicker's own ephemeral counter counting to 5,
//! where it turns green and disabled; and a click by someone who cannot see
//! that ephemeral message, which Discord (the sandbox) refuses.

#[allow(dead_code)]
#[path = "../../examples/ephemeral.rs"]
pub mod example;

use example::{
    EphemeralBot,
    support::{RunningBot, Settings, spawn},
};

/// Where the original's counter turns green and stops (written out, so a
/// wrong threshold in the example fails the test).
const LAST: u64 = 5;
use twilight_model::{
    channel::message::{Message, component::ButtonStyle},
    id::{Id, marker::UserMarker},
};
use views_sandbox::{ReplyKind, Sandbox};

use crate::{ButtonState, button_states, current, support};
use support::{WAIT, answer, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<EphemeralBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// The "Press!" message's one button.
fn assert_press(message: &Message) {
    assert_eq!(message.content, "Press!");
    assert_eq!(
        button_states(message),
        [ButtonState {
            label: "Click".to_owned(),
            style: ButtonStyle::Primary,
            disabled: false,
            emoji: None,
            target: "ephemeral:click".to_owned(),
        }]
    );
}

/// The counter button: its label, style and whether it is disabled.
fn counter_button(message: &Message) -> (String, ButtonStyle, bool) {
    let buttons = button_states(message);
    assert_eq!(buttons.len(), 1, "one button: {buttons:?}");
    let button = &buttons[0];
    assert!(button.target.starts_with("tvi:"), "a started view's id");
    (button.label.clone(), button.style, button.disabled)
}

/// `user` clicks "Click" on `press`; returns their ephemeral counter.
async fn open_counter(sandbox: &Sandbox, press: &Message, user: Id<UserMarker>) -> Message {
    let reply = click(sandbox, press.id, "ephemeral:click", user).await;
    assert_eq!(answer(&reply), ("Enjoy!", true));
    let counter = reply.message.expect("the answer is a message");
    assert_eq!(
        counter_button(&counter),
        ("0".to_owned(), ButtonStyle::Danger, false)
    );
    counter
}

/// `user` clicks their counter until it stops; checks each step.
async fn count_to_the_end(sandbox: &Sandbox, counter: &Message, user: Id<UserMarker>) {
    for n in 1..=LAST {
        let custom_id = button_states(&current(sandbox, counter.id))[0]
            .target
            .clone();
        let reply = click(sandbox, counter.id, &custom_id, user).await;
        assert_eq!(
            reply.kind,
            ReplyKind::Callback { response_type: 7 },
            "the click edits the ephemeral message"
        );
        let expected = if n >= LAST {
            (n.to_string(), ButtonStyle::Success, true)
        } else {
            (n.to_string(), ButtonStyle::Danger, false)
        };
        assert_eq!(
            counter_button(&current(sandbox, counter.id)),
            expected,
            "click {n}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_clicker_gets_a_counter_of_their_own() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let press = post_and_wait(&sandbox, alice, "$counter", "Press!").await;
    assert_press(&press);
    let alices = open_counter(&sandbox, &press, alice).await;
    let bobs = open_counter(&sandbox, &press, bob).await;
    count_to_the_end(&sandbox, &alices, alice).await;
    // Bob's counter did not move.
    assert_eq!(
        counter_button(&current(&sandbox, bobs.id)),
        ("0".to_owned(), ButtonStyle::Danger, false)
    );

    // Bob cannot see Alice's counter, so he cannot click it either.
    let custom_id = button_states(&current(&sandbox, alices.id))[0]
        .target
        .clone();
    assert!(
        sandbox.click(alices.id, &custom_id, bob).is_err(),
        "a click on someone else's ephemeral message"
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_slash_command_posts_the_same_button() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    let reply = support::run_command(&sandbox, alice, "counter").await;
    assert_eq!(answer(&reply), ("Press!", false));
    let press = reply.message.expect("the answer is a message");
    assert_press(&press);
    let counter = open_counter(&sandbox, &press, alice).await;
    count_to_the_end(&sandbox, &counter, alice).await;

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
