//! Stateless (discord.py's persistent-view example, stateless part): `!view`
//! gets "Hello world!" with a "Click me!" button; a click answers, only to
//! the clicker, "Hello there!". The view is unbound: one instance serves
//! every message carrying the button, also messages sent before a restart.
//!
//! ```console
//! $ cargo run --example stateless
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::process::ExitCode;

use twilight_model::channel::message::Message;
use twilight_views::{RouterError, ViewRouter, ViewRouterBuilder, prelude::*};

use support::{Bot, BoxError, Example, Try};

/// No state: every message shares the one unbound instance.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct HelloView;

#[view]
impl HelloView {
    #[button(custom_id = "my-view:click-me", label = "Click me!", style = "primary")]
    async fn click_me(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("Hello there!").await
    }
}

/// The stateless bot.
pub struct StatelessBot;

impl Example for StatelessBot {
    const NAME: &'static str = "stateless";
    const TRY: &'static [Try] = &[
        Try::Post("!view"),
        Try::Click("my-view:click-me", "Click me!"),
    ];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder.view::<HelloView>()
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        // discord.py's `bot.add_view(view)` in `setup_hook`: registered at
        // start-up, so buttons sent by an earlier run keep working.
        router.add_view(HelloView)
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if message.content.trim() != "!view" {
            return Ok(());
        }
        bot.http
            .create_message(message.channel_id)
            .content("Hello world!")
            .components(&HelloView.components())
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<StatelessBot>().await
}
