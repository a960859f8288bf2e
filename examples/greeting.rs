//! Greeting (discord.py's user-only view): `!greet` sends a "Greet" button
//! that belongs to whoever asked. The owner's click answers "Greetings
//! <@owner>!"; anyone else gets "This button is only for greeting
//! <@owner>!". Both answers are ephemeral. The owner is the view's state,
//! bound to the message.
//!
//! ```console
//! $ cargo run --example greeting
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::process::ExitCode;

use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouterBuilder, prelude::*};

use support::{Bot, BoxError, Example, Try};

/// A greeting button for one user.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug)]
pub struct Greeting {
    /// Who may press the button.
    pub owner: Id<UserMarker>,
}

#[view]
impl Greeting {
    #[button(custom_id = "greeting:greet", label = "Greet", style = "success")]
    async fn greet(&self, ctx: ViewContext) -> ViewResult {
        // The check lives in the handler rather than `interaction_check`
        // because the refusal names the owner, which the router's fixed
        // rejection message cannot.
        let text = if ctx.user_id() == Some(self.owner) {
            format!("Greetings <@{}>!", self.owner)
        } else {
            format!("This button is only for greeting <@{}>!", self.owner)
        };
        ctx.respond_ephemeral(text).await
    }
}

/// The greeting bot.
pub struct GreetingBot;

impl Example for GreetingBot {
    const NAME: &'static str = "greeting";
    const TRY: &'static [Try] = &[Try::Post("!greet"), Try::Click("greeting:greet", "Greet")];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder.stored_view::<Greeting>()
    }

    async fn on_message(bot: Bot, message: Message) -> Result<(), BoxError> {
        if message.content.trim() != "!greet" {
            return Ok(());
        }
        let greeting = Greeting {
            owner: message.author.id,
        };
        let content = format!("A greeting for <@{}>:", greeting.owner);
        let sent = bot
            .http
            .create_message(message.channel_id)
            .content(&content)
            .components(&greeting.components())
            .await?
            .model()
            .await?;
        bot.router.bind(sent.id, greeting).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<GreetingBot>().await
}
