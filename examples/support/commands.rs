//! Text commands as discord.py's `commands.Bot(command_prefix=
//! commands.when_mentioned_or('$'))` reads them: `$name args` or
//! `@bot name args` (only the latter with `commands.when_mentioned`); and
//! the slash commands the router hands back.

use tokio::task::JoinSet;
use twilight_gateway::{Event, Shard};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    application::interaction::{Interaction, InteractionData, application_command::CommandData},
    id::{Id, marker::UserMarker},
};
use twilight_views::{
    DispatchOutcome, ViewContext,
    gateway::{Incoming, IncomingExt as _},
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
    let rest = content
        .strip_prefix(prefix)
        .or_else(|| after_mention(content, me))?;
    named(rest, name)
}

/// [`arguments`] for a bot that answers a mention only (discord.py's
/// `when_mentioned`): `@bot name args`.
pub fn mentioned_arguments<'a>(
    content: &'a str,
    me: Option<Id<UserMarker>>,
    name: &str,
) -> Option<&'a str> {
    named(after_mention(content, me)?, name)
}

/// What follows a mention of the bot at the start of `content`.
fn after_mention(content: &str, me: Option<Id<UserMarker>>) -> Option<&str> {
    let me = me?;
    // Both mention forms Discord sends, then the space discord.py's
    // `when_mentioned` expects.
    [format!("<@{me}> "), format!("<@!{me}> ")]
        .iter()
        .find_map(|mention| content.strip_prefix(mention.as_str()))
        .map(str::trim_start)
}

/// The arguments after command `name` at the start of `rest`.
fn named<'a>(rest: &'a str, name: &str) -> Option<&'a str> {
    let after = rest.strip_prefix(name)?;
    if after.is_empty() || after.starts_with(char::is_whitespace) {
        Some(after.trim())
    } else {
        None
    }
}

/// The slash command an interaction carries (what the router hands back as
/// [`DispatchOutcome::NotComponent`]), if it is one.
pub fn slash_command(interaction: &Interaction) -> Option<&CommandData> {
    match &interaction.data {
        Some(InteractionData::ApplicationCommand(data)) => Some(data),
        _ => None,
    }
}

/// The options of slash command `C` when `ctx` carries it; `None` (and a
/// warning) for another command, one this bot did not register.
pub fn slash<C: CommandModel + CreateCommand>(ctx: &ViewContext) -> Result<Option<C>, BoxError> {
    let Some(command) = slash_command(ctx.interaction()) else {
        return Ok(None);
    };
    if command.name != C::NAME {
        tracing::warn!(name = %command.name, "a command this bot did not register");
        return Ok(None);
    }
    Ok(Some(C::from_interaction(command.clone().into())?))
}

/// The gateway loop of a text-command bot `B`, as the discord.py ports run
/// it ([`GatewayBot::run_shard`]'s default): READY tells the bot its own
/// user (for `@bot name`), each message from a user goes to
/// [`GatewayBot::on_message`] with it, each click to the router, and what
/// the router hands back unanswered (a slash command) to
/// [`GatewayBot::on_command`]. Every event is handled in a task of its own,
/// so a slow handler (one waiting for a click) never holds up the gateway;
/// on Ctrl-C the loop lets the running handlers finish.
pub async fn run_shard<B: GatewayBot>(
    mut shard: Shard,
    bot: Bot,
    shutdown: Shutdown,
) -> Result<(), BoxError> {
    let mut me = None;
    let mut handlers = JoinSet::new();
    // Clicks and modal submissions come unparsed, from their raw frames.
    while let Some(item) = shard.next_incoming(B::EVENTS).await {
        // Keep only the running handlers in the set.
        while handlers.try_join_next().is_some() {}
        let event = match item {
            Ok(Incoming::Interaction(interaction)) => {
                let router = bot.router.clone();
                handlers.spawn(async move {
                    let outcome = router.dispatch(interaction).await;
                    tracing::debug!(?outcome, "interaction");
                });
                continue;
            }
            // Closing (Ctrl-C): the gateway's answer to our own close.
            Ok(Incoming::Event(Event::GatewayClose(_))) if shutdown.is_requested() => break,
            Ok(Incoming::Event(event)) => event,
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
                let bot = bot.clone();
                handlers.spawn(async move {
                    if let Err(error) = B::on_message(&bot, &message, me).await {
                        tracing::warn!(%error, message = %message.id, "message handler failed");
                    }
                });
            }
            Event::InteractionCreate(interaction) => {
                let bot = bot.clone();
                handlers.spawn(async move {
                    match bot.router.dispatch(interaction).await {
                        DispatchOutcome::NotComponent { interaction } => {
                            let id = interaction.id;
                            let ctx = bot.router.context(interaction);
                            if let Err(error) = B::on_command(bot, ctx).await {
                                tracing::warn!(%error, interaction = %id, "command handler failed");
                            }
                        }
                        outcome => tracing::debug!(?outcome, "interaction"),
                    }
                });
            }
            _ => {}
        }
    }
    // Closing: let the running handlers finish. Otherwise the shard gave up
    // (a fatal close code), which ends the bot.
    shutdown.finish(handlers).await
}
