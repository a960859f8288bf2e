//! Settings (discord.py's `examples/views/settings.py`): `@bot settings`
//! (or the `/settings` slash command) shows a Components V2 settings
//! panel: in a container, the emoji count beside a button showing it (the
//! button opens the "Set emoji count" modal), the notification toggle
//! ("🔔 Enabled" in green, "🔕 Disabled" in red), then a fruit select, a
//! channel select and a member select, each under its heading; below the
//! container, "Finish", which answers "Settings saved." to the clicker
//! alone and deletes the panel. `@bot send` sends the fruit's emoji, as
//! many times as the count, to the chosen channel, mentioning the chosen
//! members, silently if notifications are disabled.
//!
//! Unlike the original, whose settings live in the bot's memory, the
//! settings are kept in the store: the panel is a stored view (its state
//! is what it shows, restored after a restart on its first click), and
//! the bot's settings are one more row of the same store, read by a new
//! panel and by `send` and written by every change. Both survive a
//! restart.
//!
//! ```console
//! $ cargo run --example settings
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc, time::Duration};

use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::{Message, MessageFlags},
    id::{
        Id,
        marker::{ChannelMarker, UserMarker},
    },
};
use twilight_views::{ViewOptions, ViewRouter, prelude::*};

use support::{Bot, BoxError, GatewayBot, Try, commands};

/// The fruits of the fruit select: `(value, label, emoji)`.
pub const FRUITS: [(&str, &str, &str); 7] = [
    ("apple", "Apple", "🍎"),
    ("banana", "Banana", "🍌"),
    ("orange", "Orange", "🍊"),
    ("grape", "Grape", "🍇"),
    ("mango", "Mango", "🥭"),
    ("watermelon", "Watermelon", "🍉"),
    ("coconut", "Coconut", "🥥"),
];

/// The largest emoji count: the message `send` builds stays within
/// Discord's 2,000 characters (five mentions and this many emoji).
pub const MAX_COUNT: u16 = 500;

/// The modal's answer to a count that is not a whole number.
pub const INVALID_COUNT: &str = "Invalid count. Please enter a number.";

/// How long the count modal waits for its submission.
const MODAL_TIMEOUT: Duration = Duration::from_secs(300);

/// The bot's settings (the original's `Settings` dataclass).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Settings {
    /// One of [`FRUITS`]' values.
    pub fruit_type: String,
    /// Where `send` sends.
    pub channel: Option<Id<ChannelMarker>>,
    /// Whom `send` mentions.
    pub members: Vec<Id<UserMarker>>,
    /// How many times `send` repeats the emoji.
    pub count: u16,
    /// Whether `send` sends silently.
    pub silent: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            fruit_type: FRUITS[0].0.to_owned(),
            channel: None,
            members: Vec::new(),
            count: 1,
            silent: false,
        }
    }
}

impl Settings {
    /// The chosen fruit's emoji.
    pub fn emoji(&self) -> &'static str {
        FRUITS
            .iter()
            .find(|(value, ..)| *value == self.fruit_type)
            .map_or(FRUITS[0].2, |(.., emoji)| emoji)
    }

    /// What `send` sends: the mentions, then the emoji `count` times.
    pub fn message(&self) -> String {
        let mentions: Vec<String> = self.members.iter().map(|id| format!("<@{id}>")).collect();
        let emoji = vec![self.emoji(); usize::from(self.count)];
        format!("{} {}", mentions.join(" "), emoji.join(" "))
    }

    /// The bot's settings as last changed: row [`SETTINGS_ROW`] of the
    /// router's store, holding a [`SettingsPanel`] like a stored panel's
    /// own row. Default settings until the first change.
    pub async fn load(router: &ViewRouter) -> Result<Self, BoxError> {
        let Some(row) = router.store().load(SETTINGS_ROW).await? else {
            return Ok(Self::default());
        };
        let panel: SettingsPanel = serde_json::from_slice(&row.state)?;
        Ok(panel.settings)
    }

    /// Makes these the bot's settings.
    pub async fn save(&self, router: &ViewRouter) -> Result<(), BoxError> {
        let panel = SettingsPanel {
            settings: self.clone(),
        };
        router
            .store()
            .upsert(
                SETTINGS_ROW,
                <SettingsPanel as ViewOptions>::NAME,
                serde_json::to_vec(&panel)?,
            )
            .await?;
        Ok(())
    }
}

/// Where the bot's settings are in the store, whose rows are keyed by
/// message id: no message has id 1 (Discord's ids are timestamps since
/// 2015, far above it), so no panel's row can take this place.
pub const SETTINGS_ROW: u64 = 1;

/// The settings panel: what it shows is its state, kept in the store after
/// every change, so a click after a restart finds it as it was.
#[view(persistent)]
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct SettingsPanel {
    /// The settings as the panel shows them.
    pub settings: Settings,
}

#[view]
impl SettingsPanel {
    #[layout]
    fn layout(&self) {
        container(
            text("# Settings\n-# This is an example to showcase how to do settings."),
            separator(spacing = "large"),
            section(
                text(
                    "## Emoji Count\n-# This is the number of times the emoji will be repeated in the message.",
                ),
                accessory = set_count,
            ),
            separator(spacing = "small"),
            section(
                text(
                    "## Notification Settings\n-# This controls whether the bot will use silent messages or not.",
                ),
                accessory = toggle_notifications,
            ),
            separator(spacing = "large"),
            text("## Fruit Selection\n-# This is the fruit that is shown in the message."),
            row(select_fruit),
            text("## Channel Selection\n-# This is the channel where the message will be sent."),
            row(select_channel),
            text(
                "## Member Selection\n-# These are the members that will be mentioned in the message.",
            ),
            row(select_members),
        );
        row(finish);
    }

    #[button(
        custom_id = "settings:count",
        label = self.settings.count.to_string(),
        style = "secondary"
    )]
    async fn set_count(&mut self, ctx: ViewContext) -> Result<(), BoxError> {
        let Some((submitted, form)) = ctx.ask(&CountModal::default(), MODAL_TIMEOUT).await? else {
            return Ok(());
        };
        match form.count.trim().parse::<i64>() {
            Ok(count) if (0..=i64::from(MAX_COUNT)).contains(&count) => {
                let count = u16::try_from(count).unwrap_or(MAX_COUNT);
                return self
                    .change(&submitted, |settings| settings.count = count)
                    .await;
            }
            // A count `send` could not fit in one message, or below zero.
            Ok(_) => {
                submitted
                    .respond_ephemeral(format!(
                        "Invalid count. Please enter a number from 0 to {MAX_COUNT}."
                    ))
                    .await?
            }
            Err(_) => submitted.respond_ephemeral(INVALID_COUNT).await?,
        }
        Ok(())
    }

    #[button(
        custom_id = "settings:notifications",
        label = if self.settings.silent { "🔕 Disabled" } else { "🔔 Enabled" },
        style = if self.settings.silent { ButtonStyle::Danger } else { ButtonStyle::Success }
    )]
    async fn toggle_notifications(&mut self, ctx: ViewContext) -> Result<(), BoxError> {
        self.change(&ctx, |settings| settings.silent = !settings.silent)
            .await
    }

    #[select(
        custom_id = "settings:fruit",
        placeholder = "Select a fruit",
        options = [
            option(label = "Apple", value = "apple", emoji = "🍎", default = self.is_fruit("apple")),
            option(label = "Banana", value = "banana", emoji = "🍌", default = self.is_fruit("banana")),
            option(label = "Orange", value = "orange", emoji = "🍊", default = self.is_fruit("orange")),
            option(label = "Grape", value = "grape", emoji = "🍇", default = self.is_fruit("grape")),
            option(label = "Mango", value = "mango", emoji = "🥭", default = self.is_fruit("mango")),
            option(label = "Watermelon", value = "watermelon", emoji = "🍉", default = self.is_fruit("watermelon")),
            option(label = "Coconut", value = "coconut", emoji = "🥥", default = self.is_fruit("coconut")),
        ]
    )]
    async fn select_fruit(
        &mut self,
        ctx: ViewContext,
        values: Vec<String>,
    ) -> Result<(), BoxError> {
        // One of the options (a forged value is not kept).
        let fruit = values
            .first()
            .and_then(|value| FRUITS.iter().find(|(fruit, ..)| fruit == value))
            .ok_or("the fruit select sent no fruit it offers")?;
        self.change(&ctx, |settings| settings.fruit_type = fruit.0.to_owned())
            .await
    }

    #[select(
        custom_id = "settings:channel",
        kind = "channel",
        placeholder = "Select a channel",
        channel_types = ["text", "public_thread"],
        min_values = 0,
        max_values = 1,
        default_values = self.settings.channel
    )]
    async fn select_channel(
        &mut self,
        ctx: ViewContext,
        channels: Vec<Id<ChannelMarker>>,
    ) -> Result<(), BoxError> {
        self.change(&ctx, |settings| {
            settings.channel = channels.first().copied()
        })
        .await
    }

    #[select(
        custom_id = "settings:members",
        kind = "user",
        placeholder = "Select members",
        min_values = 0,
        max_values = 5,
        default_values = &self.settings.members
    )]
    async fn select_members(
        &mut self,
        ctx: ViewContext,
        members: Vec<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        self.change(&ctx, |settings| settings.members = members)
            .await
    }

    #[button(custom_id = "settings:finish", label = "Finish", style = "success")]
    async fn finish(&self, ctx: ViewContext) -> Result<(), BoxError> {
        // The panel as it is is the interaction's answer...
        ctx.update_view(self).await?;
        // ...then the confirmation, and the panel goes (its stored row too).
        ctx.followup(Reply::new().content("Settings saved.").ephemeral(true))
            .await?;
        ctx.stop();
        ctx.delete_original().await?;
        Ok(())
    }
}

impl SettingsPanel {
    /// A panel showing the bot's settings.
    pub async fn current(router: &ViewRouter) -> Result<Self, BoxError> {
        Ok(Self {
            settings: Settings::load(router).await?,
        })
    }

    /// Whether `value` is the chosen fruit (an option's `default`).
    fn is_fruit(&self, value: &str) -> bool {
        self.settings.fruit_type == value
    }

    /// Applies `edit` to the bot's settings as they are now (another panel
    /// may have changed them), saves them, and shows them on this panel.
    /// A failure to read or save them fails the handler: the user gets the
    /// router's apology and the panel stays as it was.
    async fn change(
        &mut self,
        ctx: &ViewContext,
        edit: impl FnOnce(&mut Settings),
    ) -> Result<(), BoxError> {
        let router = ctx.router().ok_or("the context has no router")?;
        self.settings = Settings::load(&router).await?;
        edit(&mut self.settings);
        self.settings.save(&router).await?;
        ctx.update_view(self).await?;
        Ok(())
    }
}

/// The count modal ("Set emoji count"), showing "1" as the original does.
#[modal(title = "Set emoji count", custom_id = "settings-count")]
#[derive(Debug, Default)]
pub struct CountModal {
    /// The new count, as typed.
    #[text_input(label = "Count", style = "short", value = "1")]
    pub count: String,
}

/// `/settings`: what `@bot settings` does, as a slash command.
#[derive(CommandModel, CreateCommand)]
#[command(name = "settings", desc = "Shows the settings view.")]
pub struct SettingsCommand;

/// The settings bot.
pub struct SettingsBot;

impl GatewayBot for SettingsBot {
    const NAME: &'static str = "settings";
    const TRY: &'static [Try] = &[
        Try::Post("{bot} settings"),
        Try::Command("settings"),
        Try::Click("settings:count", "1"),
        Try::Submit(&[("count", "3")]),
        Try::Click("settings:notifications", "🔔 Enabled"),
        Try::Post("{bot} send"),
    ];

    async fn connect(settings: &support::Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Bound to its message, kept in the store.
            .stored_view::<SettingsPanel>()
            .build()?;
        http.interaction(application_id)
            .set_global_commands(&[SettingsCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `@bot settings` sends the panel; `@bot send` sends the message the
    /// settings describe (the original's prefix is a mention only).
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::mentioned_arguments(&message.content, me, "settings").is_some() {
            let panel = SettingsPanel::current(&bot.router).await?;
            // Components and the IS_COMPONENTS_V2 flag; no content, no embeds.
            let layout = panel.message()?;
            let sent = bot
                .http
                .create_message(message.channel_id)
                .view(&layout)
                .await?
                .model()
                .await?;
            bot.router.bind(sent.id, panel).await?;
        } else if commands::mentioned_arguments(&message.content, me, "send").is_some() {
            send(bot, message).await?;
        }
        Ok(())
    }

    /// `/settings` answers with the panel, bound to the reply and stored.
    async fn on_command(bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<SettingsCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        let panel = SettingsPanel::current(&bot.router).await?;
        ctx.respond_with_view(Reply::new(), panel).await?;
        Ok(())
    }
}

/// The original's `send` command.
async fn send(bot: &Bot, message: &Message) -> Result<(), BoxError> {
    let settings = Settings::load(&bot.router).await?;
    let Some(channel) = settings.channel else {
        bot.http
            .create_message(message.channel_id)
            .content("No channel is configured. Please use the settings command to set one.")
            .await?;
        return Ok(());
    };
    let flags = if settings.silent {
        MessageFlags::SUPPRESS_NOTIFICATIONS
    } else {
        MessageFlags::empty()
    };
    bot.http
        .create_message(channel)
        .content(&settings.message())
        .flags(flags)
        .await?;
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<SettingsBot>().await
}
