//! `examples/counter_plain.rs`: "Press!" and its red "0" counting up with
//! anyone's clicks to a green, disabled 5, from `$counter` and from
//! `/counter`; a disabled button the sandbox refuses to click; and a click
//! after a restart, which gets the expired notice.

#[allow(dead_code)]
#[path = "../../examples/counter_plain.rs"]
pub mod example;

use example::{
    CounterBot, TEXT,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::{
    channel::message::{Message, component::ButtonStyle},
    id::{Id, marker::UserMarker},
};
use twilight_views::router::DEFAULT_EXPIRED_MESSAGE;
use views_sandbox::{ReplyKind, Sandbox};

use crate::{button_states, current, ephemeral, support};
use support::{WAIT, answer, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// The counter button: label, style, disabled, and its (generated) custom_id.
fn counter_button(message: &Message) -> ((String, ButtonStyle, bool), String) {
    assert_eq!(message.content, TEXT);
    let buttons = button_states(message);
    assert_eq!(buttons.len(), 1, "one button: {buttons:?}");
    let button = &buttons[0];
    assert!(button.target.starts_with("tvi:"), "a started view's id");
    assert_eq!(button.emoji, None);
    (
        (button.label.clone(), button.style, button.disabled),
        button.target.clone(),
    )
}

fn red(n: u64) -> (String, ButtonStyle, bool) {
    (n.to_string(), ButtonStyle::Danger, false)
}

/// The original's last count: green and disabled.
const LAST: u64 = 5;

/// `users` take turns clicking `counter` until it stops; checks each step.
async fn count_to_the_end(sandbox: &Sandbox, counter: &Message, users: &[Id<UserMarker>]) {
    for (n, who) in (1..=LAST).zip(users.iter().cycle()) {
        let (_, custom_id) = counter_button(&current(sandbox, counter.id));
        let reply = click(sandbox, counter.id, &custom_id, *who).await;
        assert_eq!(
            reply.kind,
            ReplyKind::Callback { response_type: 7 },
            "the click edits the message"
        );
        let expected = if n >= LAST {
            (n.to_string(), ButtonStyle::Success, true)
        } else {
            red(n)
        };
        assert_eq!(
            counter_button(&current(sandbox, counter.id)).0,
            expected,
            "click {n}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anyone_counts_to_five_and_a_restart_expires_the_counter() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let first = post_and_wait(&sandbox, alice, "$counter", TEXT).await;
    assert_eq!(counter_button(&first).0, red(0));
    let app = sandbox.application_id();
    let second = post_and_wait(&sandbox, bob, &format!("<@{app}> counter"), TEXT).await;
    let (state, second_id) = counter_button(&second);
    assert_eq!(state, red(0));

    // Anyone may click (the original has no interaction_check).
    count_to_the_end(&sandbox, &first, &[alice, bob]).await;
    // Each message has its own counter.
    assert_eq!(counter_button(&current(&sandbox, second.id)).0, red(0));
    let reply = click(&sandbox, second.id, &second_id, alice).await;
    assert_eq!(reply.kind, ReplyKind::Callback { response_type: 7 });
    assert_eq!(counter_button(&current(&sandbox, second.id)).0, red(1));

    // The Discord client does not click a disabled button (nor does the sandbox).
    let (_, first_id) = counter_button(&current(&sandbox, first.id));
    assert!(sandbox.click(first.id, &first_id, alice).is_err());

    // Not persistent: after a restart the counter is gone. The click is
    // answered with the router's notice and the message stays as it was.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox).await;
    let reply = click(&sandbox, second.id, &second_id, alice).await;
    assert_eq!(ephemeral(&reply), DEFAULT_EXPIRED_MESSAGE);
    assert_eq!(counter_button(&current(&sandbox, second.id)).0, red(1));

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_slash_command_posts_the_same_counter() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    let reply = support::run_command(&sandbox, alice, "counter").await;
    assert_eq!(answer(&reply), (TEXT, false));
    let counter = reply.message.expect("the answer is a message");
    assert_eq!(counter_button(&counter).0, red(0));
    count_to_the_end(&sandbox, &counter, &[alice]).await;

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
