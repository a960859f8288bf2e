//! Greeting (discord.py's user-only view): `!greet` sends a "Greet" button
//! that belongs to whoever asked. The owner's click answers "Greetings
//! <@owner>!"; anyone else gets "This button is only for greeting
//! <@owner>!". Both answers are ephemeral. The owner is the view's state,
//! bound to the message.
//!
//! ```console
//! $ cargo run --example greeting
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{
    ViewRouter,
    gateway::{Incoming, IncomingExt as _},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try};

/// A greeting button for one user.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug)]
pub struct Greeting {
    /// Who may press the button.
    pub owner: Id<UserMarker>,
}

#[view]
impl Greeting {
    #[button(custom_id = "greeting:greet", label = "Greet", style = "success")]
    async fn greet(&self, ctx: ViewContext) -> ViewResult {
        // The check lives in the handler rather than `interaction_check`
        // because the refusal names the owner, which the router's fixed
        // rejection message cannot.
        let text = if ctx.user_id() == Some(self.owner) {
            format!("Greetings <@{}>!", self.owner)
        } else {
            format!("This button is only for greeting <@{}>!", self.owner)
        };
        ctx.respond_ephemeral(text).await
    }
}

/// The greeting bot.
pub struct GreetingBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for GreetingBot {
    const NAME: &'static str = "greeting";
    const TRY: &'static [Try] = &[Try::Post("!greet"), Try::Click("greeting:greet", "Greet")];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Bound to one message each, kept in the store.
            .stored_view::<Greeting>()
            .build()?;
        Ok(Bot { http, router })
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
                    let router = bot.router.clone();
                    handlers.spawn(async move {
                        let outcome = router.dispatch(interaction).await;
                        tracing::debug!(?outcome, "interaction");
                    });
                }
                Event::MessageDelete(deleted) => {
                    // Forget the deleted message's greeting, in memory and in the store.
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

/// `!greet` gets a "Greet" button that belongs to whoever asked.
async fn on_message(bot: &Bot, message: &Message) -> Result<(), BoxError> {
    if message.content.trim() != "!greet" {
        return Ok(());
    }
    let greeting = Greeting {
        owner: message.author.id,
    };
    let content = format!("A greeting for <@{}>:", greeting.owner);
    let sent = bot
        .http
        .create_message(message.channel_id)
        .content(&content)
        .components(&greeting.components())
        .await?
        .model()
        .await?;
    bot.router.bind(sent.id, greeting).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<GreetingBot>().await
}
