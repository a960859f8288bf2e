//! Dropdown (discord.py's `examples/views/dropdown.py`): `$colour` (or
//! `@bot colour`) sends "Pick your favourite colour:" with a select of
//! Red, Green and Blue; a choice answers "Your favourite colour is Red"
//! (visible to everyone, as in the original). The view is not persistent:
//! 180 seconds without a choice end it, and a later choice gets the
//! router's "expired" notice.
//!
//! ```console
//! $ cargo run --example dropdown
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

/// The text above the select.
pub const PROMPT: &str = "Pick your favourite colour:";

/// The colour select. An option's value is its label, as discord.py's
/// `SelectOption` without a `value`.
#[view]
#[derive(Debug, Default)]
pub struct DropdownView;

#[view]
impl DropdownView {
    #[select(
        placeholder = "Choose your favourite colour...",
        min_values = 1,
        max_values = 1,
        options = [
            option(label = "Red", value = "Red", description = "Your favourite colour is red", emoji = "🟥"),
            option(label = "Green", value = "Green", description = "Your favourite colour is green", emoji = "🟩"),
            option(label = "Blue", value = "Blue", description = "Your favourite colour is blue", emoji = "🟦"),
        ],
    )]
    async fn colour(&self, ctx: ViewContext, values: Vec<String>) -> Result<(), BoxError> {
        // Discord sends exactly one value (min = max = 1); anything else
        // fails the handler and gets the router's apology.
        let colour = values.first().ok_or("a colour choice without a value")?;
        ctx.respond(format!("Your favourite colour is {colour}"))
            .await?;
        Ok(())
    }
}

/// The dropdown bot.
pub struct DropdownBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for DropdownBot {
    const NAME: &'static str = "dropdown";
    const TRY: &'static [Try] = &[Try::Post("$colour"), Try::ChooseStarted(&["Green"])];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Only started views: nothing to register.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // The bot's own user, for `@bot colour`: known at READY.
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

/// `$colour` sends the select.
async fn on_message(
    bot: &Bot,
    message: &Message,
    me: Option<Id<UserMarker>>,
) -> Result<(), BoxError> {
    if commands::arguments(&message.content, commands::PREFIX, me, "colour").is_none() {
        return Ok(());
    }
    let view = bot.router.start(DropdownView);
    bot.http
        .create_message(message.channel_id)
        .content(PROMPT)
        .components(&view.components().await)
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<DropdownBot>().await
}
