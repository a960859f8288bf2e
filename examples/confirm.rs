//! Confirm (discord.py's `examples/views/confirm.py`): `$ask` (or
//! `@bot ask`) sends "Do you want to continue?" with a green "Confirm" and a
//! grey "Cancel" button. The first click answers "Confirming" or
//! "Cancelling" (only to the clicker) and stops the view; the command waits
//! for that and prints "Confirmed...", "Cancelled..." or, when nobody
//! clicked for 180 seconds, "Timed out...". Anyone may click, as in the
//! original; a click after the view stopped gets the router's "expired"
//! notice instead of Discord's "This interaction failed".
//!
//! ```console
//! $ cargo run --example confirm
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_model::{
    channel::message::Message,
    id::{
        Id,
        marker::{ChannelMarker, UserMarker},
    },
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The question the command asks.
pub const QUESTION: &str = "Do you want to continue?";

/// A confirmation menu: `None` until a button is pressed. Not persistent,
/// so it ends after 180 seconds without a click (discord.py's default).
#[view]
#[derive(Debug, Default)]
pub struct Confirm {
    /// `true` for Confirm, `false` for Cancel.
    pub value: Option<bool>,
}

#[view]
impl Confirm {
    #[button(label = "Confirm", style = "success")]
    async fn confirm(&mut self, ctx: ViewContext) -> ViewResult {
        self.value = Some(true);
        // Stop listening once this answer is sent.
        ctx.stop();
        ctx.respond_ephemeral("Confirming").await
    }

    #[button(label = "Cancel", style = "secondary")]
    async fn cancel(&mut self, ctx: ViewContext) -> ViewResult {
        self.value = Some(false);
        ctx.stop();
        ctx.respond_ephemeral("Cancelling").await
    }
}

/// What the command prints once the view ended.
pub fn verdict(value: Option<bool>) -> &'static str {
    match value {
        None => "Timed out...",
        Some(true) => "Confirmed...",
        Some(false) => "Cancelled...",
    }
}

/// Sends the question to `channel`, waits until the view ends and returns
/// its value.
pub async fn ask(bot: &Bot, channel: Id<ChannelMarker>) -> Result<Option<bool>, BoxError> {
    let view = bot.router.start(Confirm::default());
    bot.http
        .create_message(channel)
        .content(QUESTION)
        .components(&view.components().await)
        .await?;
    view.wait().await;
    Ok(view.with_view(|confirm| confirm.value).await)
}

/// The confirm bot.
pub struct ConfirmBot;

impl GatewayBot for ConfirmBot {
    const NAME: &'static str = "confirm";
    const TRY: &'static [Try] = &[Try::Post("$ask"), Try::ClickStarted("Confirm")];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Only started views: nothing to register.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        Ok(Bot { http, router })
    }

    /// `$ask` asks and prints the answer, as the original's `print`.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "ask").is_some() {
            let value = ask(bot, message.channel_id).await?;
            println!("{}", verdict(value));
        }
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<ConfirmBot>().await
}
