//! Dynamic counter (discord.py's `examples/views/dynamic_counter.py`):
//! `@bot counter` (or the `/counter` slash command) answers "Here is your
//! very own button!" with a grey "Total: 0" button (👍). Only the user who
//! asked may click it; each click counts it up, and the style follows the
//! count: grey below 10, red below 15, blurple below 20, then green.
//!
//! The whole state travels in the button's custom_id,
//! `counter:{count}:user:{user_id}`: nothing is stored, and the buttons
//! keep counting after a restart. Like the original, the bot answers a
//! mention only (discord.py's `when_mentioned`), not `$counter`.
//!
//! ```console
//! $ cargo run --example dynamic_counter
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{Unbound, ViewRouter, prelude::*, router::DEFAULT_REJECTED_MESSAGE};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The text above the button.
pub const TEXT: &str = "Here is your very own button!";

/// One user's counter, read from and written to the button's custom_id.
///
/// The template's fields reach the handler by name, typed; the generated
/// `increment_custom_id(count, user_id)` takes a `u64` and an `Id`. The first
/// version of the original built the item with `cls(count, user_id)`, owner
/// and count swapped; here that mistake does not compile.
#[view(persistent)]
#[derive(Debug)]
pub struct DynamicCounter {
    /// Clicks so far.
    pub count: u64,
    /// Who may click.
    pub user_id: Id<UserMarker>,
}

#[view]
impl DynamicCounter {
    #[button(
        custom_id = "counter:{count}:user:{user_id}",
        label = format!("Total: {}", self.count),
        style = style(self.count),
        emoji = "👍",
    )]
    async fn increment(&self, ctx: ViewContext, count: u64, user_id: Id<UserMarker>) -> ViewResult {
        // Checked here rather than in `interaction_check`, which runs
        // before the custom_id is read. The original does not answer
        // others (Discord shows "This interaction failed"); they get the
        // router's rejection notice.
        if ctx.user_id() != Some(user_id) {
            return ctx.respond_ephemeral(DEFAULT_REJECTED_MESSAGE).await;
        }
        let counted = Self {
            count: count.saturating_add(1),
            user_id,
        };
        ctx.update_view(&counted).await
    }
}

/// The button's style for `count` clicks.
pub fn style(count: u64) -> ButtonStyle {
    match count {
        0..10 => ButtonStyle::Secondary,
        10..15 => ButtonStyle::Danger,
        15..20 => ButtonStyle::Primary,
        _ => ButtonStyle::Success,
    }
}

/// `/counter`: the slash command doing what `@bot counter` does.
#[derive(CommandModel, CreateCommand)]
#[command(name = "counter", desc = "Starts a dynamic counter.")]
pub struct CounterCommand;

/// The dynamic counter bot.
pub struct DynamicCounterBot;

impl GatewayBot for DynamicCounterBot {
    const NAME: &'static str = "dynamic_counter";
    const TRY: &'static [Try] = &[Try::Post("{bot} counter"), Try::Command("counter")];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .view::<DynamicCounter>()
            .build()?;
        // One shared instance answers every counter (discord.py's
        // `add_dynamic_items`); the handler reads the clicked one's fields
        // from its custom_id, never these.
        router.add_view(DynamicCounter {
            count: 0,
            user_id: Id::new(1),
        })?;
        http.interaction(application_id)
            .set_global_commands(&[CounterCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `@bot counter` answers with a counter for its author.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::mentioned_arguments(&message.content, me, "counter").is_none() {
            return Ok(());
        }
        let counter = DynamicCounter {
            count: 0,
            user_id: message.author.id,
        };
        bot.http
            .create_message(message.channel_id)
            .content(TEXT)
            .components(&counter.components())
            .await?;
        Ok(())
    }

    /// `/counter` answers with a counter for the user who ran it.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<CounterCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        let user_id = ctx.user_id().ok_or("a command without a user")?;
        let counter = DynamicCounter { count: 0, user_id };
        ctx.respond_with_view(TEXT, Unbound(counter)).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<DynamicCounterBot>().await
}
