//! The counter (discord.py's persistent-view example, stateful part): a
//! message ending with `!view` gets "Hello world!" and an "Increment"
//! button; each click answers, only to the clicker, how often that message's
//! button has been pressed. Every message has its own count.
//!
//! ```console
//! $ cargo run --example counter
//! ```
//!
//! Without `DISCORD_TOKEN` it starts a local sandbox and prints curl commands
//! to post `!view` and click the button.

#[path = "support/mod.rs"]
pub mod support;

use std::process::ExitCode;

use twilight_model::channel::message::Message;
use twilight_views::{ViewRouterBuilder, prelude::*};

use support::{Bot, BoxError, Example, Try};

/// One message's count. Persistent: the button keeps its custom_id and the
/// view never times out, so it answers after restarts.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct Counter {
    /// Clicks on this message so far.
    pub count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.respond_ephemeral(format!(
            "You have incremented this message's count to {}!",
            thousands(self.count)
        ))
        .await
    }
}

/// `n` with a comma every three digits: `1234567` -> `"1,234,567"`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// The counter bot.
pub struct CounterBot;

impl Example for CounterBot {
    const NAME: &'static str = "counter";
    const TRY: &'static [Try] = &[
        Try::Post("!view"),
        Try::Click("counter:increment", "Increment"),
    ];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder.stored_view::<Counter>()
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if !message.content.trim_end().ends_with("!view") {
            return Ok(());
        }
        let counter = Counter::default();
        let sent = bot
            .http
            .create_message(message.channel_id)
            .content("Hello world!")
            .components(&counter.components())
            .await?
            .model()
            .await?;
        // Clicks on this message now go to this message's own counter.
        bot.router.bind(sent.id, counter).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<CounterBot>().await
}
