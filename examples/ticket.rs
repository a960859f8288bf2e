//! Ticket (a modal and a dynamic item): `!ticket` posts "Need support from
//! staff?" with a "Submit a Ticket" button (`create-ticket`). The button
//! opens a form; its submission posts the ticket with a "Close ticket"
//! button whose custom_id carries the ticket number
//! (`ticket:{number}:close`), so it keeps working after a restart without
//! storing anything.
//!
//! ```console
//! $ cargo run --example ticket
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use tokio::task::JoinSet;
use twilight_gateway::{Event, EventTypeFlags, Shard};
use twilight_model::channel::message::Message;
use twilight_views::{
    Reply, ViewRouter,
    gateway::{Incoming, IncomingExt as _},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Shutdown, Try};

/// The text of the panel message.
pub const PANEL_TEXT: &str = "Need support from staff?";

/// The panel: one button that opens the ticket form.
#[view(persistent)]
pub struct TicketPanel;

#[view]
impl TicketPanel {
    #[button(
        custom_id = "create-ticket",
        label = "Submit a Ticket",
        style = "primary"
    )]
    async fn create(&self, ctx: ViewContext) -> ViewResult {
        ctx.open_modal(&TicketForm::default()).await
    }
}

/// The form the panel opens.
#[modal(title = "Submit a Ticket", custom_id = "ticket-form")]
#[derive(Debug, Default)]
pub struct TicketForm {
    /// One line about the problem.
    #[text_input(label = "Subject", placeholder = "What is wrong?", max_length = 100)]
    pub subject: String,
    /// Everything else, if the user has more to say.
    #[text_input(
        label = "Details",
        style = "paragraph",
        required = false,
        max_length = 1000
    )]
    pub details: Option<String>,
}

/// A posted ticket: its number travels in the close button's custom_id.
#[view(persistent)]
#[derive(Debug, Default)]
pub struct Ticket {
    /// The ticket's number (the id of the submission that opened it).
    pub number: u64,
}

#[view]
impl Ticket {
    #[button(
        custom_id = "ticket:{number}:close",
        label = "Close ticket",
        style = "danger"
    )]
    async fn close(&self, ctx: ViewContext, number: u64) -> ViewResult {
        let by = ctx
            .user_id()
            .map(|id| format!(" by <@{id}>"))
            .unwrap_or_default();
        ctx.update(
            Reply::new()
                .content(closed_text(number, &by))
                .components(Vec::new()),
        )
        .await
    }
}

/// The ticket message's text.
pub fn ticket_text(number: u64, author: &str, form: &TicketForm) -> String {
    let details = form.details.as_deref().unwrap_or("(no details)");
    format!(
        "Ticket #{number} from {author}: {}\n{details}",
        form.subject
    )
}

/// The text of a closed ticket.
pub fn closed_text(number: u64, by: &str) -> String {
    format!("Ticket #{number} closed{by}.")
}

/// Posts the ticket as the answer to the form.
async fn submitted(ctx: ViewContext, form: TicketForm) -> ViewResult {
    let number = ctx.interaction().id.get();
    let author = ctx
        .user_id()
        .map_or_else(|| "someone".to_owned(), |id| format!("<@{id}>"));
    let ticket = Ticket { number };
    ctx.respond(
        Reply::new()
            .content(ticket_text(number, &author, &form))
            .components(ticket.components()),
    )
    .await
}

/// The ticket bot.
pub struct TicketBot;

/// The events the event loop acts on (gateway closes always come through).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

impl GatewayBot for TicketBot {
    const NAME: &'static str = "ticket";
    const TRY: &'static [Try] = &[
        Try::Post("!ticket"),
        Try::Click("create-ticket", "Submit a Ticket"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<TicketPanel>()
            .view::<Ticket>()
            .modal(submitted)
            .build()?;
        router.add_view(TicketPanel)?;
        // One shared instance serves the close buttons of every ticket: the
        // number comes from the clicked custom_id.
        router.add_view(Ticket::default())?;
        Ok(Bot { http, router })
    }

    async fn run_shard(mut shard: Shard, bot: Bot, shutdown: Shutdown) -> Result<(), BoxError> {
        // Each event is handled in a task of its own, so a slow handler never
        // holds up the gateway; the set lets shutdown wait for them.
        let mut handlers = JoinSet::new();
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
                    tracing::info!(user = %ready.user.name, example = Self::NAME, "connected");
                }
                Event::MessageCreate(message) if !message.author.bot => {
                    let bot = bot.clone();
                    handlers.spawn(async move {
                        if let Err(error) = on_message(&bot, &message).await {
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
                    // Forget the view bound to a deleted message, if any.
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

/// `!ticket` posts the panel.
async fn on_message(bot: &Bot, message: &Message) -> Result<(), BoxError> {
    if message.content.trim() == "!ticket" {
        bot.http
            .create_message(message.channel_id)
            .content(PANEL_TEXT)
            .components(&TicketPanel.components())
            .await?;
    }
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<TicketBot>().await
}
