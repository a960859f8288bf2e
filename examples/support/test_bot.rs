//! Bots that tests declare with their own views (tests/dynamic_sandbox.rs,
//! tests/sandbox_modal_fields.rs, tests/hardening): view types and a
//! message handler, run by the same event loop as the examples. The
//! examples write their loop out instead.

use std::{future::Future, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_model::channel::message::Message;
use twilight_views::{
    RouterError, ViewRouter, ViewRouterBuilder,
    gateway::{Incoming, IncomingExt as _},
};

use super::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try};

/// A bot of a test: its views and what it does with user messages.
pub trait Example: Send + Sync + 'static {
    /// Shown at start-up, e.g. `dynamic`.
    const NAME: &'static str;

    /// What to try in the sandbox, printed as curl commands.
    const TRY: &'static [Try];

    /// Registers the bot's view types with the router.
    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder;

    /// Adds the unbound persistent views.
    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        let _ = router;
        Ok(())
    }

    /// Handles a message written by a user (never by a bot).
    fn on_message(bot: Bot, message: Message) -> impl Future<Output = Result<(), BoxError>> + Send;
}

/// The events the loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl<E: Example> GatewayBot for E {
    const NAME: &'static str = <E as Example>::NAME;
    const TRY: &'static [Try] = <E as Example>::TRY;

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let builder = ViewRouter::builder(http.clone(), application_id);
        let router = E::views(builder.store(settings.open_store().await?)).build()?;
        E::add_views(&router)?;
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        let mut handlers = JoinSet::new();
        while let Some(item) = shard.next_incoming(EVENTS).await {
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
                Ok(Incoming::Event(Event::GatewayClose(_))) if shutdown.is_requested() => break,
                Ok(Incoming::Event(event)) => event,
                Err(error) => {
                    tracing::warn!(%error, "gateway: could not read an event");
                    continue;
                }
            };
            match event {
                Event::Ready(ready) => {
                    let name = <E as Example>::NAME;
                    tracing::info!(user = %ready.user.name, example = name, "connected");
                }
                Event::MessageCreate(message) if !message.author.bot => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        let id = message.id;
                        if let Err(error) = E::on_message(bot, message.message).await {
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
                Event::MessageDelete(deleted) => {
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
        shutdown.finish(handlers).await
    }
}
