//! `examples/layout.rs`: the layout message (a row, then a blurple
//! container; the V2 flag and no content), the button's ephemeral "Hi!",
//! and a click after the view ended.

#[allow(dead_code)]
#[path = "../../examples/layout.rs"]
pub mod example;

use example::{
    BLURPLE, LayoutBot, SPECIAL,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::channel::message::{Component, MessageFlags};
use views_sandbox::Sandbox;

use crate::{ephemeral, support};
use support::{WAIT, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<LayoutBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_the_layout_and_answers_the_button() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    let message = post_and_wait(&sandbox, alice, "$layout", "").await;
    assert!(
        message
            .flags
            .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2)),
        "{:?}",
        message.flags
    );
    assert!(message.embeds.is_empty());
    let [Component::ActionRow(row), Component::Container(container)] = &message.components[..]
    else {
        panic!("a row then a container: {:?}", message.components);
    };
    let [Component::Button(button)] = &row.components[..] else {
        panic!("one button: {row:?}");
    };
    assert_eq!(button.label.as_deref(), Some("Click Me!"));
    assert_eq!(container.accent_color, Some(Some(BLURPLE)));
    let [Component::TextDisplay(text)] = &container.components[..] else {
        panic!("one text: {container:?}");
    };
    assert_eq!(text.content, SPECIAL);

    let custom_id = button.custom_id.clone().expect("an interactive button");
    let reply = click(&sandbox, message.id, &custom_id, alice).await;
    assert_eq!(ephemeral(&reply), "Hi!");

    // Bad input: a click after the bot restarted, when the started view
    // (which lives in memory, as a discord.py LayoutView) is gone.
    bot.stop().await.expect("clean shutdown");
    let bot = start(&sandbox).await;
    let reply = click(&sandbox, message.id, &custom_id, alice).await;
    assert_eq!(
        ephemeral(&reply),
        "This view has expired. Run the command again to get a fresh one."
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
