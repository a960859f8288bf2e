//! `examples/link.rs`: the answer and its link button, the query quoted as
//! `quote_plus`, and a command without a query.

#[allow(dead_code)]
#[path = "../../examples/link.rs"]
pub mod example;

use example::{
    LinkBot, quote_plus,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::channel::message::component::ButtonStyle;
use views_sandbox::Sandbox;

use crate::{button_states, support};
use support::{WAIT, bot_messages_with, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<LinkBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[test]
fn quoted_as_python_quote_plus() {
    // Python: urllib.parse.quote_plus(...) for each left-hand side.
    assert_eq!(quote_plus("rust lang"), "rust+lang");
    assert_eq!(quote_plus("a&b=c/d?e#f"), "a%26b%3Dc%2Fd%3Fe%23f");
    assert_eq!(quote_plus("_.-~*+"), "_.-~%2A%2B");
    assert_eq!(quote_plus("crème brûlée"), "cr%C3%A8me+br%C3%BBl%C3%A9e");
    assert_eq!(quote_plus(""), "");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn answers_with_a_search_link() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    // No query: nothing is sent (discord.py logs MissingRequiredArgument).
    sandbox
        .post_user_message(support::channel(&sandbox), alice, "$google")
        .expect("posted");
    let message = post_and_wait(
        &sandbox,
        alice,
        "$google  rust & tokio ",
        "Google Result for: `rust & tokio`",
    )
    .await;
    let buttons = button_states(&message);
    assert_eq!(buttons.len(), 1);
    assert_eq!(buttons[0].label, "Click Here");
    assert_eq!(buttons[0].style, ButtonStyle::Link);
    assert!(!buttons[0].disabled);
    assert_eq!(
        buttons[0].target,
        "https://www.google.com/search?q=rust+%26+tokio"
    );
    assert_eq!(bot_messages_with(&sandbox, "Google Result for: ``"), 0);
    assert_eq!(sandbox.messages(support::channel(&sandbox)).len(), 3);

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
