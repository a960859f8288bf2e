//! Stateless (discord.py's persistent-view example, stateless part): `!view`
//! (or the `/stateless` slash command) gets "Hello world!" with a "Click
//! me!" button; a click answers, only to the clicker, "Hello there!". The
//! view is unbound: one instance serves every message carrying the button,
//! also messages sent before a restart.
//!
//! ```console
//! $ cargo run --example stateless
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::channel::message::Message;
use twilight_views::{
    Unbound, ViewRouter,
    gateway::{Incoming, IncomingExt as _},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try, commands};

/// No state: every message shares the one unbound instance.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct HelloView;

#[view]
impl HelloView {
    #[button(custom_id = "my-view:click-me", label = "Click me!", style = "primary")]
    async fn click_me(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("Hello there!").await
    }
}

/// The stateless bot.
pub struct StatelessBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for StatelessBot {
    const NAME: &'static str = "stateless";
    const TRY: &'static [Try] = &[
        Try::Post("!view"),
        Try::Command("stateless"),
        Try::Click("my-view:click-me", "Click me!"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<HelloView>()
            .build()?;
        // discord.py's `bot.add_view(view)` in `setup_hook`: registered at
        // start-up, so buttons sent by an earlier run keep working.
        router.add_view(HelloView)?;
        // The slash command opening the same view (commands replace the
        // application's global set).
        http.interaction(application_id)
            .set_global_commands(&[StatelessCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    // HTTP interactions mode (DISCORD_INTERACTIONS=http): the endpoint
    // hands commands here, as the event loop below does.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        on_command(ctx).await
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // Each event is handled in a task of its own, so a slow handler never
        // holds up the gateway; the set lets shutdown wait for them.
        let mut handlers = JoinSet::new();
        while let Some(item) = shard.next_incoming(EVENTS).await {
            // Keep only the running handlers in the set.
            while handlers.try_join_next().is_some() {}
            let event = match item {
                // A click or a modal submission, read from its frame by the
                // routing-only parse: routed without twilight's full parse.
                Ok(Incoming::Interaction(click)) => {
                    let router = bot.router.clone();
                    handlers.spawn(async move {
                        let outcome = router.dispatch(click).await;
                        tracing::debug!(?outcome, "interaction");
                    });
                    continue;
                }
                // Closing (Ctrl-C): the gateway's answer to our own close.
                Ok(Incoming::Event(Event::GatewayClose(_))) if shutdown.is_requested() => break,
                // Any other event, parsed by twilight as `next_event` does.
                Ok(Incoming::Event(event)) => event,
                Err(error) => {
                    tracing::warn!(%error, "gateway: could not read an event");
                    continue;
                }
            };
            match event {
                Event::Ready(ready) => {
                    tracing::info!(user = %ready.user.name, example = Self::NAME, "connected");
                }
                Event::MessageCreate(message) if !message.author.bot => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        if let Err(error) = on_message(&bot, &message).await {
                            tracing::warn!(%error, message = %message.id, "message handler failed");
                        }
                    });
                }
                Event::InteractionCreate(interaction) => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        // Clicks go to their views; a command comes back.
                        match bot.router.dispatch(interaction).await {
                            DispatchOutcome::NotComponent { interaction } => {
                                let ctx = bot.router.context(interaction);
                                if let Err(error) = on_command(ctx).await {
                                    tracing::warn!(%error, "command handler failed");
                                }
                            }
                            outcome => tracing::debug!(?outcome, "interaction"),
                        }
                    });
                }
                Event::MessageDelete(deleted) => {
                    // Forget the view bound to a deleted message, if any.
                    let router = bot.router.clone();
                    handlers.spawn(async move {
                        if router.message_deleted(deleted.id).await {
                            tracing::debug!(message = %deleted.id, "message deleted: view unbound");
                        }
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

/// `!view` gets "Hello world!" with the shared "Click me!" button.
async fn on_message(bot: &Bot, message: &Message) -> Result<(), BoxError> {
    if message.content.trim() != "!view" {
        return Ok(());
    }
    bot.http
        .create_message(message.channel_id)
        .content("Hello world!")
        .components(&HelloView.components())
        .await?;
    Ok(())
}

/// `/stateless`: what `!view` does, as a slash command.
#[derive(CommandModel, CreateCommand)]
#[command(name = "stateless", desc = "Say hello with a button")]
pub struct StatelessCommand;

/// `/stateless` answers "Hello world!" with the view, answered by the unbound instance, like the `!view` ones.
async fn on_command(ctx: ViewContext) -> Result<(), BoxError> {
    let Some(command) = commands::slash_command(ctx.interaction()) else {
        return Ok(());
    };
    if command.name != "stateless" {
        tracing::warn!(name = %command.name, "a command this bot did not register");
        return Ok(());
    }
    StatelessCommand::from_interaction(command.clone().into())?;
    ctx.respond_with_view("Hello world!", Unbound(HelloView))
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<StatelessBot>().await
}
