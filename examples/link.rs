//! Link (discord.py's `examples/views/link.py`): `$google QUERY` (or
//! `@bot google QUERY`) answers "Google Result for: `QUERY`" with a
//! "Click Here" link button to Google's search for it. The query is quoted
//! as Python's `urllib.parse.quote_plus` does. A link button sends no
//! interaction, so there is nothing to route.
//!
//! ```console
//! $ cargo run --example link
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use twilight_gateway::EventTypeFlags;
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// What `quote_plus` leaves as it is besides letters and digits (`_.-~`),
/// and the space, which becomes `+` afterwards.
const QUOTE_PLUS: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'_')
    .remove(b'.')
    .remove(b'-')
    .remove(b'~')
    .remove(b' ');

/// `query` quoted as Python's `quote_plus`: UTF-8, percent-encoded, spaces
/// as `+`.
pub fn quote_plus(query: &str) -> String {
    utf8_percent_encode(query, QUOTE_PLUS)
        .to_string()
        .replace(' ', "+")
}

/// A Google search link for one query.
#[view]
#[derive(Debug)]
pub struct Google {
    /// The search URL, query quoted.
    pub url: String,
}

#[view]
impl Google {
    #[button(label = "Click Here", url = self.url.clone())]
    const SEARCH: () = ();
}

impl Google {
    /// The link to Google's results for `query`.
    pub fn new(query: &str) -> Self {
        Self {
            url: format!("https://www.google.com/search?q={}", quote_plus(query)),
        }
    }
}

/// The link bot.
pub struct LinkBot;

impl GatewayBot for LinkBot {
    const NAME: &'static str = "link";
    const TRY: &'static [Try] = &[Try::Post("$google twilight views")];
    /// The events the event loop acts on (gateway closes always come through).
    const EVENTS: EventTypeFlags = EventTypeFlags::READY.union(EventTypeFlags::MESSAGE_CREATE);

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Link buttons send no interaction: the router has nothing to do,
        // but `Bot` carries one like every example's.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        Ok(Bot { http, router })
    }

    /// `$google QUERY` answers with the link. Without a query it sends nothing
    /// and logs the error, as discord.py's default `on_command_error` does
    /// with `MissingRequiredArgument`.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        let Some(query) = commands::arguments(&message.content, commands::PREFIX, me, "google")
        else {
            return Ok(());
        };
        if query.is_empty() {
            return Err("google: query is a required argument that is missing.".into());
        }
        bot.http
            .create_message(message.channel_id)
            .content(&format!("Google Result for: `{query}`"))
            .components(&Google::new(query).components())
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<LinkBot>().await
}
