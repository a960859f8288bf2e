//! Paginator (hikari-miru's `examples/navigator.py`, plus a million
//! pages): a message starting with `mirunav` gets a navigator over three
//! pages ("I'm the first page!", an embed "I'm the second page!" / "Also an
//! embed!", "I'm the last page!") with ⏮ ◀ `1/3` ▶ ⏭; `mirucustom` gets "I'm
//! a customized navigator!" with ◀ ⏹ ▶ and a "Page: N" button of its own
//! that answers "You clicked me!" to the clicker alone. The `/numbers`
//! slash command pages through the numbers from 1 to 10,000,000, ten per
//! page: a million pages, one produced at a time.
//!
//! Unlike miru's, these navigators are stored: they page on after a
//! restart, from where they were. The indicator opens "Jump to page".
//!
//! ```console
//! $ cargo run --example paginator
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use serde::{Deserialize, Serialize};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::{Embed, Message},
    id::{Id, marker::UserMarker},
};
use twilight_views::{
    ViewRouter,
    nav::{NavButtons, Navigator, Page, Pages},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// miru's three pages; `custom` is the `mirucustom` navigator's first page
/// and its "Page: N" button.
#[derive(Serialize, Deserialize)]
pub struct MiruPages {
    /// The customised navigator of `mirucustom`.
    pub custom: bool,
}

impl Pages for MiruPages {
    const NAME: &'static str = "miru-pages";

    async fn page_count(&self) -> usize {
        3
    }

    async fn page(&self, index: usize) -> Page {
        let page = match index {
            0 if self.custom => Page::new().content("I'm a customized navigator!"),
            0 => Page::new().content("I'm the first page!"),
            1 => Page::new().embed(second_page()),
            _ => Page::new().content("I'm the last page!"),
        };
        if self.custom {
            page.rows(PageButton { page: index + 1 }.components())
        } else {
            page
        }
    }
}

/// The embed of the second page.
fn second_page() -> Embed {
    Embed {
        author: None,
        color: None,
        description: Some("Also an embed!".to_owned()),
        fields: Vec::new(),
        flags: None,
        footer: None,
        image: None,
        kind: "rich".to_owned(),
        provider: None,
        thumbnail: None,
        timestamp: None,
        title: Some("I'm the second page!".to_owned()),
        url: None,
        video: None,
    }
}

/// The numbers from 1 to `count`, ten per page.
#[derive(Serialize, Deserialize)]
pub struct Numbers {
    /// The last number.
    pub count: u64,
}

impl Pages for Numbers {
    const NAME: &'static str = "numbers";

    async fn page_count(&self) -> usize {
        usize::try_from(self.count.div_ceil(10)).unwrap_or(usize::MAX)
    }

    async fn page(&self, index: usize) -> Page {
        let first = u64::try_from(index).unwrap_or(u64::MAX).saturating_mul(10) + 1;
        let last = first.saturating_add(9).min(self.count);
        let lines: Vec<String> = (first..=last).map(|n| n.to_string()).collect();
        Page::new().content(lines.join("\n"))
    }
}

/// miru's `MyNavButton`: its label follows the page; a click answers the
/// clicker alone. Unbound: one instance answers it on every navigator.
#[view(persistent)]
#[derive(Debug, Default)]
pub struct PageButton {
    /// The page it is shown on (from 1).
    pub page: usize,
}

#[view]
impl PageButton {
    #[button(custom_id = "paginator:page", label = format!("Page: {}", self.page), row = 1)]
    async fn clicked(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("You clicked me!").await
    }
}

/// `/numbers`: a navigator over the numbers from 1 to `count`.
#[derive(CommandModel, CreateCommand)]
#[command(name = "numbers", desc = "Page through the numbers, ten per page")]
pub struct NumbersCommand {
    /// The last number (default 10,000,000: a million pages)
    #[command(min_value = 1)]
    pub count: Option<i64>,
}

/// The paginator bot.
pub struct PaginatorBot;

impl GatewayBot for PaginatorBot {
    const NAME: &'static str = "paginator";
    const TRY: &'static [Try] = &[
        Try::Post("mirunav"),
        Try::Click("tvn:next", "▶"),
        Try::Command("numbers"),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Each source type, so navigators find theirs after a restart.
            .navigator::<MiruPages>()
            .navigator::<Numbers>()
            .view::<PageButton>()
            .build()?;
        router.add_view(PageButton::default())?;
        http.interaction(application_id)
            .set_global_commands(&[NumbersCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `mirunav` and `mirucustom`, as miru's example reads them: a message
    /// starting with the word.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        _me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        let (source, buttons) = if message.content.starts_with("mirunav") {
            (MiruPages { custom: false }, NavButtons::default())
        } else if message.content.starts_with("mirucustom") {
            let buttons = NavButtons {
                first: false,
                prev: true,
                indicator: false,
                next: true,
                last: false,
                stop: true,
            };
            (MiruPages { custom: true }, buttons)
        } else {
            return Ok(());
        };
        let (page, navigator) = Navigator::open(source).await?;
        let navigator = navigator.buttons(buttons);
        let sent = bot
            .http
            .create_message(message.channel_id)
            .content(page.content_text().unwrap_or_default())
            .embeds(page.embed_list())
            .components(&navigator.components())
            .await?
            .model()
            .await?;
        bot.router.bind(sent.id, navigator).await?;
        Ok(())
    }

    /// `/numbers [count]` answers with a navigator over the numbers.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        let Some(options) = commands::slash::<NumbersCommand>(&ctx)? else {
            return Ok(());
        };
        let count = options
            .count
            .and_then(|count| u64::try_from(count).ok())
            .unwrap_or(10_000_000);
        let owner = ctx.user_id();
        let (page, navigator) = Navigator::open(Numbers { count }).await?;
        ctx.respond_with_view(page, navigator.owner(owner)).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<PaginatorBot>().await
}
