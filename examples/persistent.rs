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

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{
    ViewRouter,
    gateway::{Incoming, IncomingExt as _},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try};

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

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for PersistentBot {
    const NAME: &'static str = "persistent";
    const TRY: &'static [Try] = &[
        Try::Post("{bot} hi"),
        Try::Click("my_unique_custom_id_1", "Button 1"),
        Try::Post("!menu"),
        Try::Click("persistent_menu:button_1", "Button 1"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<Persistence>()
            // Bound to one message each, kept in the store.
            .stored_view::<PersistentMenu>()
            .build()?;
        // miru's unbound persistent view: added at start-up, it answers the
        // buttons of every message, also those sent before a restart.
        router.add_view(Persistence)?;
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // Each event is handled in a task of its own, so a slow handler never
        // holds up the gateway; the set lets shutdown wait for them.
        let mut handlers = JoinSet::new();
        // The bot's own user, from READY, to recognise mentions.
        let mut bot_user = None;
        while let Some(item) = shard.next_incoming(EVENTS).await {
            // Keep only the running handlers in the set.
            while handlers.try_join_next().is_some() {}
            let event = match item {
                // A click or a modal submission, read from its frame by the
                // routing-only parse: routed without twilight's full parse.
                Ok(Incoming::Interaction(click)) => {
                    let router = bot.router.clone();
                    handlers.spawn(async move {
                        let outcome = router.dispatch(click).await;
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
                    bot_user = Some(ready.user.id);
                    tracing::info!(user = %ready.user.name, example = Self::NAME, "connected");
                }
                Event::MessageCreate(message) if !message.author.bot => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        if let Err(error) = on_message(&bot, bot_user, &message).await {
                            tracing::warn!(%error, message = %message.id, "message handler failed");
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
                Event::MessageDelete(deleted) => {
                    // Forget the deleted message's menu, in memory and in the store.
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

/// `!menu` gets a menu of its own; a message mentioning the bot gets the
/// unbound view.
async fn on_message(
    bot: &Bot,
    bot_user: Option<Id<UserMarker>>,
    message: &Message,
) -> Result<(), BoxError> {
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
    } else if bot_user.is_some_and(|user| mentions(message, user)) {
        bot.http
            .create_message(message.channel_id)
            .content(VIEW_TEXT)
            .components(&Persistence.components())
            .await?;
    }
    Ok(())
}

/// Whether `message` mentions `user`.
fn mentions(message: &Message, user: Id<UserMarker>) -> bool {
    message.mentions.iter().any(|mention| mention.id == user)
        || message.content.contains(&format!("<@{user}>"))
        || message.content.contains(&format!("<@!{user}>"))
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<PersistentBot>().await
}
