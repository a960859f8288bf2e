//! Feedback form (discord.py's `examples/modals/basic.py`): the "Feedback"
//! modal with a short "Name" input and an optional paragraph of at most 300
//! characters; its submission answers "Thanks for your feedback, NAME!"
//! (only to the sender), a failure "Oops! Something went wrong.".
//!
//! The original opens the modal from the slash command `/feedback`. This
//! framework and its sandbox do not handle slash commands yet, so, as
//! `examples/ticket.rs` does, `$feedback` posts "Submit feedback" with a
//! "Feedback" button that opens the same modal.
//!
//! ```console
//! $ cargo run --example modal_basic
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard, StreamExt as _};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try, commands};

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

/// The feedback bot.
pub struct FeedbackBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for FeedbackBot {
    const NAME: &'static str = "modal_basic";
    const TRY: &'static [Try] = &[
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
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // The bot's own user, for `@bot feedback`: known at READY.
        let mut me = None;
        // Each event is handled in a task of its own, so a slow handler never
        // holds up the gateway; the set lets shutdown wait for them.
        let mut handlers = JoinSet::new();
        while let Some(item) = shard.next_event(EVENTS).await {
            // Keep only the running handlers in the set.
            while handlers.try_join_next().is_some() {}
            let event = match item {
                // Closing (Ctrl-C): the gateway's answer to our own close.
                Ok(Event::GatewayClose(_)) if shutdown.is_requested() => break,
                Ok(event) => event,
                Err(error) => {
                    tracing::warn!(%error, "gateway: could not read an event");
                    continue;
                }
            };
            match event {
                Event::Ready(ready) => {
                    me = Some(ready.user.id);
                    tracing::info!(user = %ready.user.name, example = Self::NAME, "connected");
                }
                Event::MessageCreate(message) if !message.author.bot => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        if let Err(error) = on_message(&bot, &message, me).await {
                            tracing::warn!(%error, message = %message.id, "message handler failed");
                        }
                    });
                }
                Event::InteractionCreate(interaction) => {
                    let router = bot.router.clone();
                    handlers.spawn(async move {
                        let outcome = router.dispatch(interaction).await;
                        tracing::debug!(?outcome, "interaction");
                    });
                }
                _ => {}
            }
        }
        // Closing: let the running handlers finish. Otherwise the shard gave
        // up (a fatal close code), which ends the bot.
        shutdown.finish(handlers).await
    }
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

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<FeedbackBot>().await
}
