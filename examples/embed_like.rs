//! Embed-like layout (discord.py's `examples/views/embed_like.py`): `$embed`
//! (or `@bot embed`, the original's trigger) sends a Components V2 message
//! shaped like an embed: a blurple container holding a section (the text
//! "This is a random dog image! Press the button to change it and this
//! text!" beside a dog thumbnail), then a row of a grey "New Image" and a
//! blurple "Change Text" button. "New Image" swaps the thumbnail; "Change
//! Text" opens the "Change Text" modal, prefilled with the current text,
//! whose submission replaces it. As in the original, the message carries
//! no content.
//!
//! The original asks random.dog for each image; this port cycles through
//! [`DOGS`] instead, so that it runs offline against the sandbox and its
//! test knows which image comes next.
//!
//! ```console
//! $ cargo run --example embed_like
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc, time::Duration};

use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// discord.py's `discord.Color.blurple()`.
pub const BLURPLE: u32 = 0x5865F2;

/// The section's text until someone changes it.
pub const RANDOM_TEXT: &str =
    "This is a random dog image! Press the button to change it and this text!";

/// The images "New Image" cycles through, standing in for random.dog:
/// placeholders; point them at real images to
/// see dogs on Discord.
pub const DOGS: [&str; 3] = [
    "https://example.com/dogs/1.jpg",
    "https://example.com/dogs/2.jpg",
    "https://example.com/dogs/3.jpg",
];

/// How long the "Change Text" modal waits for its submission.
const MODAL_TIMEOUT: Duration = Duration::from_secs(300);

/// The embed-like layout: a container with a section (text and thumbnail)
/// and a row of two buttons.
#[view]
#[derive(Debug)]
pub struct EmbedLike {
    /// The section's text.
    pub random_text: String,
    /// Which of [`DOGS`] the thumbnail shows.
    pub dog: usize,
}

impl Default for EmbedLike {
    fn default() -> Self {
        Self {
            random_text: RANDOM_TEXT.to_owned(),
            dog: 0,
        }
    }
}

#[view]
impl EmbedLike {
    #[layout]
    fn layout(&self) {
        container(
            section(
                text(self.random_text.clone()),
                accessory = thumbnail(DOGS[self.dog % DOGS.len()]),
            ),
            row(new_image, change_text),
            accent_color = BLURPLE,
        );
    }

    #[button(label = "New Image", style = "secondary")]
    async fn new_image(&mut self, ctx: ViewContext) -> ViewResult {
        self.dog = (self.dog + 1) % DOGS.len();
        ctx.update_view(self).await
    }

    #[button(label = "Change Text", style = "primary")]
    async fn change_text(&mut self, ctx: ViewContext) -> ViewResult {
        let form = ChangeText {
            new_text: self.random_text.clone(),
        };
        let Some((submitted, form)) = ctx.ask(&form, MODAL_TIMEOUT).await? else {
            return Ok(());
        };
        self.random_text = form.new_text;
        submitted.update_view(self).await
    }
}

/// The modal changing the section's text, prefilled with the current one.
#[modal(title = "Change Text", custom_id = "change-text")]
#[derive(Debug, Default)]
pub struct ChangeText {
    /// The new text.
    #[text_input(label = "The new text", style = "paragraph")]
    pub new_text: String,
}

/// The embed-like bot.
pub struct EmbedLikeBot;

impl GatewayBot for EmbedLikeBot {
    const NAME: &'static str = "embed_like";
    const TRY: &'static [Try] = &[
        Try::Post("$embed"),
        Try::ClickStarted("New Image"),
        Try::ClickStarted("Change Text"),
        Try::Submit(&[("new_text", "A very good dog.")]),
    ];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        // Only started views and an awaited modal: nothing to register.
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            .build()?;
        Ok(Bot { http, router })
    }

    /// `$embed` sends the layout, started for this message (180 s of
    /// inactivity, as a discord.py `LayoutView`).
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "embed").is_none() {
            return Ok(());
        }
        let view = bot.router.start(EmbedLike::default());
        // Components and the IS_COMPONENTS_V2 flag; no content, no embeds.
        let layout = view.message().await?;
        bot.http
            .create_message(message.channel_id)
            .view(&layout)
            .await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<EmbedLikeBot>().await
}
