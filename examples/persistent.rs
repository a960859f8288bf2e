//! Persistent views (hikari-miru's guide), both kinds:
//!
//! - **unbound**: mention the bot and it answers "This is a persistent view,
//!   and works after bot restarts!" with "Button 1" and "Button 2". One
//!   instance, added at start-up, serves the buttons of every such message,
//!   including those sent before a restart (miru's unbound persistent view).
//! - **bound**: `!menu` gets "This is a persistent component menu, and works
//!   after bot restarts!" with a view bound to that message (miru's
//!   `start_view(view, bind_to=message)`): each menu has its own state, here
//!   how often it was pressed.
//!
//! ```console
//! $ cargo run --example persistent
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::process::ExitCode;

use twilight_model::channel::message::Message;
use twilight_views::{RouterError, ViewRouter, ViewRouterBuilder, prelude::*};

use support::{Bot, BoxError, Example, Try};

/// The unbound view: no state, one instance for every message.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct Persistence;

#[view]
impl Persistence {
    #[button(custom_id = "my_unique_custom_id_1", label = "Button 1")]
    async fn button_one(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond("You pressed button 1.").await
    }

    #[button(custom_id = "my_unique_custom_id_2", label = "Button 2")]
    async fn button_two(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond("You pressed button 2.").await
    }
}

/// The bound view: one instance per menu message, with its own count.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct PersistentMenu {
    /// Presses of this menu's buttons so far.
    pub presses: u64,
}

#[view]
impl PersistentMenu {
    #[button(
        custom_id = "persistent_menu:button_1",
        label = "Button 1",
        style = "primary"
    )]
    async fn button_one(&mut self, ctx: ViewContext) -> ViewResult {
        self.presses += 1;
        ctx.respond(self.pressed(1)).await
    }

    #[button(
        custom_id = "persistent_menu:button_2",
        label = "Button 2",
        style = "primary"
    )]
    async fn button_two(&mut self, ctx: ViewContext) -> ViewResult {
        self.presses += 1;
        ctx.respond(self.pressed(2)).await
    }

    fn pressed(&self, button: u8) -> String {
        format!(
            "You pressed button {button} of this menu (pressed {} times so far).",
            self.presses
        )
    }
}

/// The unbound view's message.
pub const VIEW_TEXT: &str = "This is a persistent view, and works after bot restarts!";
/// The bound menu's message.
pub const MENU_TEXT: &str = "This is a persistent component menu, and works after bot restarts!";

/// The persistent-views bot.
pub struct PersistentBot;

impl Example for PersistentBot {
    const NAME: &'static str = "persistent";
    const TRY: &'static [Try] = &[
        Try::Post("{bot} hi"),
        Try::Click("my_unique_custom_id_1", "Button 1"),
        Try::Post("!menu"),
        Try::Click("persistent_menu:button_1", "Button 1"),
    ];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder
            .view::<Persistence>()
            .stored_view::<PersistentMenu>()
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        router.add_view(Persistence)
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if message.content.trim() == "!menu" {
            let menu = PersistentMenu::default();
            let sent = bot
                .http
                .create_message(message.channel_id)
                .content(MENU_TEXT)
                .components(&menu.components())
                .await?
                .model()
                .await?;
            bot.router.bind(sent.id, menu).await?;
        } else if bot.is_mentioned(&message) {
            bot.http
                .create_message(message.channel_id)
                .content(VIEW_TEXT)
                .components(&Persistence.components())
                .await?;
        }
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<PersistentBot>().await
}
