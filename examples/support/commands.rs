//! Text commands as discord.py's `commands.Bot(command_prefix=
//! commands.when_mentioned_or('$'))` reads them: `$name args` or
//! `@bot name args`.

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard, StreamExt as _};
use twilight_model::{
    gateway::payload::incoming::MessageCreate,
    id::{Id, marker::UserMarker},
};

use super::{Bot, BoxError, GatewayBot, Shutdown};

/// The prefix of discord.py's view examples.
pub const PREFIX: &str = "$";

/// The arguments of command `name` if `content` invokes it with `prefix` or
/// a mention of the bot (`me`, known once READY arrived): `Some("")` for
/// none. Like discord.py, the name must be followed by whitespace or the
/// end, and the arguments are trimmed.
pub fn arguments<'a>(
    content: &'a str,
    prefix: &str,
    me: Option<Id<UserMarker>>,
    name: &str,
) -> Option<&'a str> {
    let rest = content.strip_prefix(prefix).or_else(|| {
        let me = me?;
        // Both mention forms Discord sends, then the space discord.py's
        // `when_mentioned` expects.
        [format!("<@{me}> "), format!("<@!{me}> ")]
            .iter()
            .find_map(|mention| content.strip_prefix(mention.as_str()))
            .map(str::trim_start)
    })?;
    let after = rest.strip_prefix(name)?;
    if after.is_empty() || after.starts_with(char::is_whitespace) {
        Some(after.trim())
    } else {
        None
    }
}

/// The gateway loop of a text-command bot `B`, as the discord.py ports run it:
/// READY tells the bot its own user (for `@bot name`), each message from a
/// user goes to `on_message` with it, and each interaction to the router.
/// Every event is handled in a task of its own, so a slow handler (one
/// waiting for a click) never holds up the gateway; on Ctrl-C the loop
/// lets the running handlers finish.
pub async fn run_shard<B: GatewayBot, F, Fut>(
    mut shard: Shard,
    bot: Bot,
    shutdown: Shutdown,
    events: EventTypeFlags,
    on_message: F,
) -> Result<(), BoxError>
where
    F: Fn(Bot, Box<MessageCreate>, Option<Id<UserMarker>>) -> Fut,
    Fut: Future<Output = Result<(), BoxError>> + Send + 'static,
{
    let mut me = None;
    let mut handlers = JoinSet::new();
    while let Some(item) = shard.next_event(events).await {
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
                tracing::info!(user = %ready.user.name, example = B::NAME, "connected");
            }
            Event::MessageCreate(message) if !message.author.bot => {
                let id = message.id;
                let handled = on_message(bot.clone(), message, me);
                handlers.spawn(async move {
                    if let Err(error) = handled.await {
                        tracing::warn!(%error, message = %id, "message handler failed");
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
    // Closing: let the running handlers finish. Otherwise the shard gave up
    // (a fatal close code), which ends the bot.
    shutdown.finish(handlers).await
}
