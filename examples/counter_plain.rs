//! Counter (discord.py's `examples/views/counter.py`): `$counter` (or
//! `@bot counter`, or the `/counter` slash command) posts "Press!" with a
//! red "0" button. Anyone's click counts it up by one and edits the
//! message; at 5 it turns green and disabled.
//!
//! Not persistent, like the original: the counter lives for 180 seconds
//! after its last click (discord.py's default timeout) and is gone after a
//! restart, where a click gets the router's "expired" notice instead of
//! Discord's "This interaction failed".
//!
//! ```console
//! $ cargo run --example counter_plain
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{Started, ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The text above the counter.
pub const TEXT: &str = "Press!";

/// The count at which the counter turns green and stops counting.
pub const LAST: u64 = 5;

/// A counter button whose label is the count.
#[view]
#[derive(Debug, Default)]
pub struct Counter {
    /// The button's label.
    pub count: u64,
}

#[view]
impl Counter {
    #[button(
        label = self.count.to_string(),
        style = if self.count >= LAST { ButtonStyle::Success } else { ButtonStyle::Danger },
        disabled = self.count >= LAST,
    )]
    async fn count(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        // Edits the message with the re-rendered counter.
        ctx.update_view(self).await
    }
}

/// `/counter`: the slash command doing what `$counter` does.
#[derive(CommandModel, CreateCommand)]
#[command(name = "counter", desc = "Starts a counter for pressing.")]
pub struct CounterCommand;

/// The counter bot.
pub struct CounterBot;

impl GatewayBot for CounterBot {
    const NAME: &'static str = "counter_plain";
    const TRY: &'static [Try] = &[
        Try::Post("$counter"),
        Try::Command("counter"),
        Try::ClickStarted("0"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Only started views: nothing to register.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        http.interaction(application_id)
            .set_global_commands(&[CounterCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `$counter` posts "Press!" with a counter of its own.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "counter").is_none() {
            return Ok(());
        }
        let view = bot.router.start(Counter::default());
        bot.http
            .create_message(message.channel_id)
            .content(TEXT)
            .components(&view.components().await)
            .await?;
        Ok(())
    }

    /// `/counter` answers "Press!" with a counter of its own.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<CounterCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        ctx.respond_with_view(TEXT, Started(Counter::default()))
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<CounterBot>().await
}
