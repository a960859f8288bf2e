//! Ephemeral (discord.py's `examples/views/ephemeral.py`): `$counter` (or
//! `@bot counter`, or the `/counter` slash command) posts "Press!" with a
//! blurple "Click" button. Each click answers the clicker alone with
//! "Enjoy!" and a counter of their own: a red "0" button that counts up on
//! every click and turns green and disabled at 5.
//!
//! That counter is a view sent in answer to a click, on an ephemeral
//! message: `ctx.respond_with_view` sends it and binds it to the message
//! the reply creates, and its clicks then edit that message.
//!
//! ```console
//! $ cargo run --example ephemeral
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{Started, Unbound, ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The count at which the counter turns green and stops.
pub const LAST: u64 = 5;

/// One clicker's counter. Not persistent, like the original: it lives for
/// 180 seconds after its last click (discord.py's default timeout).
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
        // Edits the ephemeral message the button is on.
        ctx.update_view(self).await
    }
}

/// The "Click" button under "Press!". Persistent and unbound (one instance
/// for every message), so unlike the original it keeps working after the
/// bot restarts.
#[view(persistent)]
#[derive(Debug, Default)]
pub struct EphemeralCounter;

#[view]
impl EphemeralCounter {
    #[button(custom_id = "ephemeral:click", label = "Click", style = "primary")]
    async fn receive(&self, ctx: ViewContext) -> ViewResult {
        let reply = Reply::new().content("Enjoy!").ephemeral(true);
        ctx.respond_with_view(reply, Started(Counter::default()))
            .await?;
        Ok(())
    }
}

/// `/counter`: the slash command doing what `$counter` does.
#[derive(CommandModel, CreateCommand)]
#[command(name = "counter", desc = "Starts a counter for pressing.")]
pub struct CounterCommand;

/// The ephemeral bot.
pub struct EphemeralBot;

impl GatewayBot for EphemeralBot {
    const NAME: &'static str = "ephemeral";
    const TRY: &'static [Try] = &[
        Try::Post("$counter"),
        Try::Command("counter"),
        Try::Click("ephemeral:click", "Click"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<EphemeralCounter>()
            .view::<Counter>()
            .build()?;
        router.add_view(EphemeralCounter)?;
        http.interaction(application_id)
            .set_global_commands(&[CounterCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `$counter` posts "Press!" with the "Click" button.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "counter").is_some() {
            bot.http
                .create_message(message.channel_id)
                .content("Press!")
                .components(&EphemeralCounter.components())
                .await?;
        }
        Ok(())
    }

    /// `/counter` answers with "Press!" and the "Click" button.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<CounterCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        ctx.respond_with_view("Press!", Unbound(EphemeralCounter))
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<EphemeralBot>().await
}
