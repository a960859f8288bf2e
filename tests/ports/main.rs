//! The ports of discord.py's view and modal examples (`examples/*.rs`, one
//! module each), driven through the sandbox as a user would: the command
//! over the gateway, the clicks, choices and submissions, the exact texts
//! and the components after every step, and one bad input each.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
// Each example is a whole program with its own `#[path]` include of
// examples/support: included here as it is, once per example.
#![allow(clippy::duplicate_mod)]

#[path = "../support/mod.rs"]
mod support;

mod commands;
mod confirm;
mod counter_plain;
mod dropdown;
mod dynamic_counter;
mod embed_like;
mod ephemeral;
mod http_mode;
mod layout;
mod link;
mod modal_basic;
mod modal_label;
mod modal_report;
mod paginator;
mod settings;
mod tic_tac_toe;

use twilight_model::channel::message::{
    Component, Message,
    component::{ButtonStyle, SelectMenuType},
};
use views_sandbox::{Reply, ReplyKind, Sandbox};

/// One button as a user sees it: label, style, disabled, custom_id (or url
/// for a link button).
#[derive(Debug, PartialEq, Eq)]
pub struct ButtonState {
    pub label: String,
    pub style: ButtonStyle,
    pub disabled: bool,
    pub emoji: Option<String>,
    pub target: String,
}

/// Every button of `message`, row by row.
pub fn button_states(message: &Message) -> Vec<ButtonState> {
    rows(message)
        .flat_map(|row| row.iter())
        .map(|component| {
            let Component::Button(button) = component else {
                panic!("not a button: {component:?}");
            };
            ButtonState {
                label: button.label.clone().unwrap_or_default(),
                style: button.style,
                disabled: button.disabled,
                emoji: button.emoji.as_ref().map(|emoji| format!("{emoji:?}")),
                target: button
                    .custom_id
                    .clone()
                    .or_else(|| button.url.clone())
                    .unwrap_or_default(),
            }
        })
        .collect()
}

/// The only select of `message`.
pub fn select_of(message: &Message) -> &twilight_model::channel::message::component::SelectMenu {
    let mut selects = rows(message)
        .flat_map(|row| row.iter())
        .filter_map(|c| match c {
            Component::SelectMenu(select) => Some(select),
            _ => None,
        });
    let select = selects.next().expect("a select");
    assert!(selects.next().is_none(), "one select only");
    assert_eq!(select.kind, SelectMenuType::Text);
    select
}

fn rows(message: &Message) -> impl Iterator<Item = &Vec<Component>> {
    message.components.iter().map(|row| {
        let Component::ActionRow(row) = row else {
            panic!("top-level component is not an action row: {row:?}");
        };
        &row.components
    })
}

/// The message `id` as the sandbox holds it now.
pub fn current(
    sandbox: &Sandbox,
    id: twilight_model::id::Id<twilight_model::id::marker::MessageMarker>,
) -> Message {
    sandbox.message(id).expect("message exists").message
}

/// An ephemeral answer's text (callback type 4).
pub fn ephemeral(reply: &Reply) -> &str {
    let (text, is_ephemeral) = support::answer(reply);
    assert!(is_ephemeral, "ephemeral: {reply:?}");
    text
}

/// Whether the reply is the answer of a modal being opened (callback type 9).
pub fn is_modal(reply: &Reply) -> bool {
    reply.kind == ReplyKind::Callback { response_type: 9 }
}

/// A modal submission of `data` by `user` in the sandbox's guild channel,
/// one the Discord client would never send (a forged or tampered form),
/// adopted by the sandbox so that it accepts the bot's answer to it.
pub fn forged_submission(
    sandbox: &Sandbox,
    user: twilight_model::id::Id<twilight_model::id::marker::UserMarker>,
    data: serde_json::Value,
) -> twilight_model::application::interaction::Interaction {
    let fixtures = sandbox.fixtures();
    let mut forged = views_testkit::discord::interaction_json(data, None, user.get());
    forged["type"] = serde_json::json!(5);
    forged["application_id"] = serde_json::json!(sandbox.application_id().to_string());
    forged["guild_id"] = serde_json::json!(fixtures.guild_id.to_string());
    forged["channel_id"] = serde_json::json!(fixtures.channel_id.to_string());
    let forged = serde_json::from_value(forged).expect("an interaction");
    sandbox.adopt_interaction(&forged).expect("adopted");
    forged
}
