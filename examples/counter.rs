//! The counter (discord.py's persistent-view example, stateful part): a
//! message ending with `!view`, or the `/counter` slash command, gets
//! "Hello world!" and an "Increment" button; each click answers, only to the clicker, how often that message's
//! button has been pressed. Every message has its own count.
//!
//! ```console
//! $ cargo run --example counter
//! ```
//!
//! Without `DISCORD_TOKEN` it starts a local sandbox and prints curl commands
//! to post `!view`, run `/counter` and click the button. With `METRICS_ADDR=127.0.0.1:9000`
//! it also serves the router's metrics for Prometheus at
//! `http://127.0.0.1:9000/metrics` (docs/operations.md).
//!
//! The whole bot is in this file: the view, the router and the event loop.
//! `support` reads the environment, starts the shards and closes them on
//! Ctrl-C.

#[path = "support/mod.rs"]
pub mod support;

use std::{net::SocketAddr, process::ExitCode, sync::Arc};

use metrics_exporter_prometheus::PrometheusBuilder;
use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::channel::message::Message;
use twilight_views::{
    ViewRouter,
    gateway::{Incoming, IncomingExt as _},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try, commands};

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
        Try::Command("counter"),
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
        // The slash command opening the same view (commands replace the
        // application's global set).
        http.interaction(application_id)
            .set_global_commands(&[CounterCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    // HTTP interactions mode (DISCORD_INTERACTIONS=http): the endpoint
    // hands commands here, as the event loop below does.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        on_command(ctx).await
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // Named in each click's trace (the router cannot know it).
        let shard_number = shard.id().number();
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
                        let outcome = router.dispatch_from_shard(click, shard_number).await;
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
                        match bot
                            .router
                            .dispatch_from_shard(interaction, shard_number)
                            .await
                        {
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

/// `/counter`: what `!view` does, as a slash command.
#[derive(CommandModel, CreateCommand)]
#[command(name = "counter", desc = "Open a counter of your own")]
pub struct CounterCommand;

/// `/counter` answers "Hello world!" with the view, bound to the reply and stored, like the `!view` ones.
async fn on_command(ctx: ViewContext) -> Result<(), BoxError> {
    let Some(command) = commands::slash_command(ctx.interaction()) else {
        return Ok(());
    };
    if command.name != "counter" {
        tracing::warn!(name = %command.name, "a command this bot did not register");
        return Ok(());
    }
    CounterCommand::from_interaction(command.clone().into())?;
    ctx.respond_with_view("Hello world!", Counter::default())
        .await?;
    Ok(())
}

/// Upper bounds of the latency histograms' buckets, in seconds: fine below
/// 10 ms (a click's own work), and 2.5 s and 3 s to see how close
/// acknowledgements come to Discord's 3-second limit.
const LATENCY_BUCKETS: [f64; 14] = [
    0.000_5, 0.001, 0.002_5, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 3.0, 5.0,
];

/// With `METRICS_ADDR` set (e.g. `127.0.0.1:9000`), serves the router's
/// metrics for Prometheus at `http://METRICS_ADDR/metrics`; returns the
/// address, or `None` when the variable is unset.
pub fn metrics_from_env() -> Result<Option<SocketAddr>, BoxError> {
    let Some(addr) = std::env::var("METRICS_ADDR")
        .ok()
        .filter(|addr| !addr.is_empty())
    else {
        return Ok(None);
    };
    let addr: SocketAddr = addr
        .parse()
        .map_err(|error| format!("METRICS_ADDR={addr:?} is not an IP address and port: {error}"))?;
    PrometheusBuilder::new()
        .with_http_listener(addr)
        // Histograms with buckets, which Prometheus can aggregate across
        // processes, rather than the exporter's default summaries.
        .set_buckets(&LATENCY_BUCKETS)?
        .install()?;
    // Units and descriptions: the `# HELP` lines.
    twilight_views::metrics::describe();
    Ok(Some(addr))
}

#[tokio::main]
async fn main() -> ExitCode {
    match metrics_from_env() {
        Ok(Some(addr)) => println!("Metrics for Prometheus at http://{addr}/metrics"),
        Ok(None) => {}
        Err(error) => {
            eprintln!("counter: {error}");
            return ExitCode::FAILURE;
        }
    }
    support::main::<CounterBot>().await
}
