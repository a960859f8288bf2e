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

use std::process::ExitCode;

use twilight_model::channel::message::Message;
use twilight_views::{Reply, RouterError, ViewRouter, ViewRouterBuilder, prelude::*};

use support::{Bot, BoxError, Example, Try};

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

impl Example for TicketBot {
    const NAME: &'static str = "ticket";
    const TRY: &'static [Try] = &[
        Try::Post("!ticket"),
        Try::Click("create-ticket", "Submit a Ticket"),
    ];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder
            .view::<TicketPanel>()
            .view::<Ticket>()
            .modal(submitted)
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        router.add_view(TicketPanel)?;
        // One shared instance serves the close buttons of every ticket: the
        // number comes from the clicked custom_id.
        router.add_view(Ticket::default())
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if message.content.trim() == "!ticket" {
            bot.http
                .create_message(message.channel_id)
                .content(PANEL_TEXT)
                .components(&TicketPanel.components())
                .await?;
        }
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<TicketBot>().await
}
