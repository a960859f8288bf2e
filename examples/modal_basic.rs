//! Feedback form (discord.py's `examples/modals/basic.py`): the "Feedback"
//! modal with a short "Name" input and an optional paragraph of at most 300
//! characters; its submission answers "Thanks for your feedback, NAME!"
//! (only to the sender), a failure "Oops! Something went wrong.".
//!
//! As the original, the slash command `/feedback` ("Submit feedback")
//! opens the modal. `$feedback` also posts "Submit feedback" with a
//! "Feedback" button that opens the same modal, as `examples/ticket.rs`
//! does, for a bot run on message commands.
//!
//! ```console
//! $ cargo run --example modal_basic
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The panel's text: the slash command's description.
pub const PANEL_TEXT: &str = "Submit feedback";

/// The original's `on_error` answer, sent for any failure.
pub const OOPS: &str = "Oops! Something went wrong.";

/// The panel standing in for the slash command: one button, for everyone.
#[view(persistent)]
pub struct FeedbackPanel;

#[view]
impl FeedbackPanel {
    #[button(custom_id = "feedback", label = "Feedback", style = "primary")]
    async fn open(&self, ctx: ViewContext) -> ViewResult {
        ctx.open_empty_modal::<Feedback>().await
    }
}

/// The form.
#[modal(title = "Feedback", custom_id = "feedback-form")]
#[derive(Debug, Default)]
pub struct Feedback {
    /// A short, required input.
    #[text_input(label = "Name", placeholder = "Your name here...")]
    pub name: String,
    /// Optional, at most 300 characters.
    #[text_input(
        label = "What do you think of this new feature?",
        style = "paragraph",
        placeholder = "Type your feedback here...",
        required = false,
        max_length = 300
    )]
    pub feedback: Option<String>,
}

/// The original's `on_submit`.
async fn on_submit(ctx: ViewContext, form: Feedback) -> ViewResult {
    ctx.respond_ephemeral(format!("Thanks for your feedback, {}!", form.name))
        .await
}

/// `/feedback`: the original's command, opening the form.
#[derive(CommandModel, CreateCommand)]
#[command(name = "feedback", desc = "Submit feedback")]
pub struct FeedbackCommand;

/// The feedback bot.
pub struct FeedbackBot;

impl GatewayBot for FeedbackBot {
    const NAME: &'static str = "modal_basic";
    const TRY: &'static [Try] = &[
        Try::Command("feedback"),
        Try::Post("$feedback"),
        Try::Click("feedback", "Feedback"),
        Try::Submit(&[("name", "Alice"), ("feedback", "Nice!")]),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<FeedbackPanel>()
            .modal(on_submit)
            // The original's `on_error`: a failed submission (or click) is
            // answered with its text.
            .error_message(OOPS)
            .build()?;
        router.add_view(FeedbackPanel)?;
        http.interaction(application_id)
            .set_global_commands(&[FeedbackCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `$feedback` posts the panel.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "feedback").is_some() {
            bot.http
                .create_message(message.channel_id)
                .content(PANEL_TEXT)
                .components(&FeedbackPanel.components())
                .await?;
        }
        Ok(())
    }

    /// `/feedback` opens the form, as the original's `send_modal`.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<FeedbackCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        ctx.open_empty_modal::<Feedback>().await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<FeedbackBot>().await
}
