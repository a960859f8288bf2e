//! `examples/dynamic_counter.rs`: `@bot counter` (not `$counter`) and
//! `/counter` answer with a button whose custom_id carries its count and
//! owner; the owner counts it up through every style, across a restart;
//! anyone else's click is refused and changes nothing.

#[allow(dead_code)]
#[path = "../../examples/dynamic_counter.rs"]
pub mod example;

use example::{
    DynamicCounterBot, TEXT,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::{
    channel::message::{Message, component::ButtonStyle},
    id::{Id, marker::UserMarker},
};
use twilight_views::router::DEFAULT_REJECTED_MESSAGE;
use views_sandbox::{ReplyKind, Sandbox};

use crate::{ButtonState, button_states, current, ephemeral, support};
use support::{WAIT, answer, bot_messages_with, click, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    // Nothing is stored: the state is in the custom_ids.
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<DynamicCounterBot>(settings)
        .await
        .expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// The button as the original renders it after `count` clicks by `owner`.
fn expected(count: u64, owner: Id<UserMarker>) -> ButtonState {
    let style = match count {
        0..=9 => ButtonStyle::Secondary,
        10..=14 => ButtonStyle::Danger,
        15..=19 => ButtonStyle::Primary,
        _ => ButtonStyle::Success,
    };
    ButtonState {
        label: format!("Total: {count}"),
        style,
        disabled: false,
        emoji: Some(r#"Unicode { name: "👍" }"#.to_owned()),
        target: format!("counter:{count}:user:{owner}"),
    }
}

/// The only button of `message`.
fn the_button(message: &Message) -> ButtonState {
    assert_eq!(message.content, TEXT);
    let mut buttons = button_states(message);
    assert_eq!(buttons.len(), 1, "one button: {buttons:?}");
    buttons.remove(0)
}

/// `owner` clicks their counter on `message` from `from` to `to`.
async fn count(sandbox: &Sandbox, message: &Message, owner: Id<UserMarker>, from: u64, to: u64) {
    for n in from + 1..=to {
        let custom_id = the_button(&current(sandbox, message.id)).target;
        let reply = click(sandbox, message.id, &custom_id, owner).await;
        assert_eq!(
            reply.kind,
            ReplyKind::Callback { response_type: 7 },
            "the click edits the message"
        );
        assert_eq!(
            the_button(&current(sandbox, message.id)),
            expected(n, owner),
            "click {n}"
        );
    }
}

/// `intruder` clicks `owner`'s counter: refused, unchanged.
async fn refused(sandbox: &Sandbox, message: &Message, intruder: Id<UserMarker>) {
    let before = the_button(&current(sandbox, message.id));
    let reply = click(sandbox, message.id, &before.target, intruder).await;
    assert_eq!(ephemeral(&reply), DEFAULT_REJECTED_MESSAGE);
    assert_eq!(the_button(&current(sandbox, message.id)), before);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owner_counts_through_every_style_and_across_a_restart() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    // The original answers a mention only (`when_mentioned`): Bob's
    // `$counter`, handled before Alice's mention, gets no counter.
    let channel = support::channel(&sandbox);
    sandbox
        .post_user_message(channel, bob, "$counter")
        .expect("posted");
    let app = sandbox.application_id();
    sandbox
        .post_user_message(channel, alice, &format!("<@{app}> counter"))
        .expect("posted");
    let alices = expected(0, alice);
    let counter = sandbox
        .wait_reply_matching(WAIT, |reply| {
            reply.kind == ReplyKind::CreateMessage
                && reply
                    .message
                    .as_ref()
                    .is_some_and(|message| button_states(message).first() == Some(&alices))
        })
        .await
        .expect("Alice's counter")
        .message
        .expect("a message");
    assert_eq!(
        bot_messages_with(&sandbox, TEXT),
        1,
        "no answer to $counter"
    );

    refused(&sandbox, &counter, bob).await;
    count(&sandbox, &counter, alice, 0, 12).await;

    // Everything is in the custom_id: after a restart it counts on.
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox).await;
    count(&sandbox, &counter, alice, 12, 21).await;
    refused(&sandbox, &counter, bob).await;

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_slash_command_gives_its_user_a_counter() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let reply = support::run_command(&sandbox, bob, "counter").await;
    assert_eq!(answer(&reply), (TEXT, false));
    let counter = reply.message.expect("the answer is a message");
    assert_eq!(the_button(&counter), expected(0, bob));
    count(&sandbox, &counter, bob, 0, 2).await;
    refused(&sandbox, &counter, alice).await;

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
