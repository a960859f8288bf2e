//! The counter (discord.py's persistent-view example, stateful part): a
//! message ending with `!view` gets "Hello world!" and an "Increment"
//! button; each click answers, only to the clicker, how often that message's
//! button has been pressed. Every message has its own count.
//!
//! ```console
//! $ cargo run --example counter
//! ```
//!
//! Without `DISCORD_TOKEN` it starts a local sandbox and prints curl commands
//! to post `!view` and click the button.
//!
//! The whole bot is in this file: the view, the router and the event loop.
//! `support` reads the environment, starts the shards and closes them on
//! Ctrl-C.

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard, StreamExt as _};
use twilight_model::channel::message::Message;
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try};

/// One message's count. Persistent: the button keeps its custom_id and the
/// view never times out, so it answers after restarts.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct Counter {
    /// Clicks on this message so far.
    pub count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.respond_ephemeral(format!(
            "You have incremented this message's count to {}!",
            thousands(self.count)
        ))
        .await
    }
}

/// `n` with a comma every three digits: `1234567` -> `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The counter bot.
pub struct CounterBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for CounterBot {
    const NAME: &'static str = "counter";
    const TRY: &'static [Try] = &[
        Try::Post("!view"),
        Try::Click("counter:increment", "Increment"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Bound to one message each, kept in the store.
            .stored_view::<Counter>()
            .build()?;
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
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
                    // Forget the deleted message's counter, in memory and in the store.
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

/// A message ending with `!view` gets "Hello world!" and a counter of its own.
async fn on_message(bot: &Bot, message: &Message) -> Result<(), BoxError> {
    if !message.content.trim_end().ends_with("!view") {
        return Ok(());
    }
    let counter = Counter::default();
    let sent = bot
        .http
        .create_message(message.channel_id)
        .content("Hello world!")
        .components(&counter.components())
        .await?
        .model()
        .await?;
    // Clicks on this message now go to this message's own counter.
    bot.router.bind(sent.id, counter).await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<CounterBot>().await
}
