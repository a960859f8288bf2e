//! Layout (discord.py's `examples/views/layout.py`): `$layout` (or
//! `@bot layout`) sends a Components V2 message: a "Click Me!" button in
//! an action row, then a blurple container reading "Click the above button
//! to receive a **very special** message!". The button answers "Hi!" to
//! the clicker alone. As in the original, the message carries no content:
//! a layout's text lives in its text displays.
//!
//! ```console
//! $ cargo run --example layout
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

/// discord.py's `discord.Colour.blurple()`.
pub const BLURPLE: u32 = 0x5865F2;

/// The text of the container.
pub const SPECIAL: &str = "Click the above button to receive a **very special** message!";

/// The layout: any top-level component goes in its `#[layout]`, in order
/// (here an action row, then a container).
#[view]
#[derive(Debug, Default)]
pub struct Layout;

#[view]
impl Layout {
    #[layout]
    fn layout(&self) {
        row(action_row_button);
        container(text(SPECIAL), accent_color = BLURPLE);
    }

    #[button(label = "Click Me!")]
    async fn action_row_button(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("Hi!").await
    }
}

/// The layout bot.
pub struct LayoutBot;

impl GatewayBot for LayoutBot {
    const NAME: &'static str = "layout";
    const TRY: &'static [Try] = &[Try::Post("$layout"), Try::ClickStarted("Click Me!")];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Only started views: nothing to register.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        Ok(Bot { http, router })
    }

    /// `$layout` sends the layout, started for this message (it times out
    /// after 180 s of inactivity, as a discord.py `LayoutView`).
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "layout").is_none() {
            return Ok(());
        }
        let view = bot.router.start(Layout);
        // Components and the IS_COMPONENTS_V2 flag; no content, no embeds.
        let layout = view.message().await?;
        bot.http
            .create_message(message.channel_id)
            .view(&layout)
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<LayoutBot>().await
}
