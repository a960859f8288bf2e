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

use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

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
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<DropdownBot>().await
}
