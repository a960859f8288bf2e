//! Every example with a slash command, run with `DISCORD_INTERACTIONS=http`:
//! no gateway connection, the command answered in the endpoint's response
//! body (a message with its view, or a modal), and a click on that view
//! answered too. (counter, modal_label and modal_report have whole
//! scenarios over HTTP in their own tests.)

use twilight_model::{
    channel::message::{Component, Message},
    id::{Id, marker::UserMarker},
};
use views_sandbox::{ReplyKind, Sandbox};

use crate::support;
use support::{WAIT, run_command, user};

#[allow(dead_code)]
#[path = "../../examples/help_menu.rs"]
mod help_menu;
#[allow(dead_code)]
#[path = "../../examples/stateless.rs"]
mod stateless;

/// The custom_id of the first enabled button of `message` that has one,
/// at any depth (rows, containers, section accessories).
fn first_button(message: &Message) -> Option<String> {
    fn find(components: &[Component]) -> Option<String> {
        components.iter().find_map(|component| match component {
            Component::Button(button) if !button.disabled => button.custom_id.clone(),
            Component::ActionRow(row) => find(&row.components),
            Component::Container(container) => find(&container.components),
            Component::Section(section) => {
                find(std::slice::from_ref(&section.accessory)).or_else(|| find(&section.components))
            }
            _ => None,
        })
    }
    find(&message.components)
}

/// `user` runs `/command`; the answer is the callback in the response body:
/// a message carrying a view (whose first button `user` then clicks, and
/// which must be answered too), or a modal.
async fn command_and_click(sandbox: &Sandbox, user: Id<UserMarker>, command: &str) {
    assert_eq!(sandbox.shards().len(), 0, "no gateway connection");
    let reply = run_command(sandbox, user, command).await;
    match &reply.kind {
        ReplyKind::Callback { response_type: 9 } => return,
        ReplyKind::Callback { response_type: 4 } => {}
        other => panic!("/{command} answered with {other:?}: {reply:?}"),
    }
    let message = reply.message.expect("the answer is a message");
    let custom_id = first_button(&message)
        .unwrap_or_else(|| panic!("/{command} answered without a view: {message:?}"));
    let interaction = sandbox
        .click(message.id, &custom_id, user)
        .expect("click accepted");
    let answer = sandbox
        .wait_reply(interaction, WAIT)
        .await
        .unwrap_or_else(|error| panic!("no answer to {custom_id} after /{command}: {error}"));
    assert!(
        matches!(answer.kind, ReplyKind::Callback { .. }),
        "{custom_id} answered in the body: {answer:?}"
    );
}

/// One test per example: its bot in HTTP mode behind the sandbox.
macro_rules! over_http {
    ($($test:ident: $example:path, $bot:ident, $command:literal;)*) => {$(
        #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
        async fn $test() {
            use $example as example;
            let sandbox = support::sandbox().await;
            let settings = example::support::Settings {
                database_url: "memory:".to_owned(),
                ..example::support::Settings::sandbox(&sandbox)
            };
            let key = sandbox.interactions_public_key();
            let bot = example::support::http::spawn_http::<example::$bot>(
                settings,
                &key,
                ([127, 0, 0, 1], 0).into(),
            )
            .await
            .expect("bot starts");
            sandbox
                .set_interactions_endpoint(&[&bot.url])
                .await
                .expect("the endpoint passes the sandbox's validation");
            command_and_click(&sandbox, user(&sandbox, 0), $command).await;
            bot.stop().await.expect("clean shutdown");
            sandbox.shutdown().await;
        }
    )*};
}

over_http! {
    counter_plain_over_http: crate::counter_plain::example, CounterBot, "counter";
    dynamic_counter_over_http: crate::dynamic_counter::example, DynamicCounterBot, "counter";
    ephemeral_over_http: crate::ephemeral::example, EphemeralBot, "counter";
    help_menu_over_http: help_menu, HelpMenuBot, "help";
    modal_basic_over_http: crate::modal_basic::example, FeedbackBot, "feedback";
    paginator_over_http: crate::paginator::example, PaginatorBot, "numbers";
    settings_over_http: crate::settings::example, SettingsBot, "settings";
    stateless_over_http: stateless, StatelessBot, "stateless";
    tic_tac_toe_over_http: crate::tic_tac_toe::example, TicTacToeBot, "tic";
}
