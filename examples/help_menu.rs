//! Help menu: `/help` (or `$help`) opens a menu three screens deep, stored,
//! so it stays where the user left it across restarts. "Help" lists the
//! topics; "Commands" lists the commands; each command has a screen of its
//! own with a "Home" button back to the first screen; "Back" appears by
//! itself below the first screen; "About" has a "Close" button that removes
//! the menu's buttons.
//!
//! ```console
//! $ cargo run --example help_menu
//! ```

#[path = "support/mod.rs"]
pub mod support;

use std::{process::ExitCode, sync::Arc};

use serde::{Deserialize, Serialize};
use twilight_interactions::command::{CommandModel, CreateCommand};
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{
    HandlerError, ViewContext, ViewRouter,
    nav::{Action, Menu, MenuButton, Page, Screen},
    prelude::*,
};

use support::{Bot, BoxError, GatewayBot, Settings, Try, commands};

/// The commands the menu documents: name and what it does.
pub const COMMANDS: [(&str, &str); 3] = [
    ("help", "Opens this menu."),
    ("counter", "Opens a counter of your own."),
    ("numbers", "Pages through the numbers, ten per page."),
];

/// The first screen: the topics.
#[derive(Serialize, Deserialize)]
pub struct Home;

impl Screen for Home {
    const NAME: &'static str = "help-home";

    async fn page(&self) -> Page {
        Page::new().content("**Help**\nPick a topic.")
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![
            MenuButton::new("commands", "Commands").style(ButtonStyle::Primary),
            MenuButton::new("about", "About"),
        ]
    }

    async fn clicked(&mut self, key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        let action = match key {
            "commands" => Action::push(Commands),
            _ => Action::push(About),
        };
        action.map_err(HandlerError::returned)
    }
}

/// The second screen: the commands.
#[derive(Serialize, Deserialize)]
pub struct Commands;

impl Screen for Commands {
    const NAME: &'static str = "help-commands";

    async fn page(&self) -> Page {
        Page::new().content("**Commands**\nPick a command to read about it.")
    }

    fn buttons(&self) -> Vec<MenuButton> {
        COMMANDS
            .iter()
            .map(|(name, _)| MenuButton::new(*name, format!("/{name}")))
            .collect()
    }

    async fn clicked(&mut self, key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        Action::push(CommandHelp {
            name: key.to_owned(),
        })
        .map_err(HandlerError::returned)
    }
}

/// The third screen: one command.
#[derive(Serialize, Deserialize)]
pub struct CommandHelp {
    /// The command's name.
    pub name: String,
}

impl Screen for CommandHelp {
    const NAME: &'static str = "help-command";

    async fn page(&self) -> Page {
        let what = COMMANDS
            .iter()
            .find(|(name, _)| *name == self.name)
            .map_or("An unknown command.", |(_, what)| what);
        Page::new().content(format!("**/{}**\n{what}", self.name))
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![MenuButton::new("home", "Home")]
    }

    async fn clicked(&mut self, _key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        Ok(Action::PopToRoot)
    }
}

/// The "About" screen.
#[derive(Serialize, Deserialize)]
pub struct About;

impl Screen for About {
    const NAME: &'static str = "help-about";

    async fn page(&self) -> Page {
        Page::new().content("**About**\nA menu kept across restarts, made with twilight-views.")
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![MenuButton::new("close", "Close").style(ButtonStyle::Danger)]
    }

    async fn clicked(&mut self, _key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        Ok(Action::Close)
    }
}

/// `/help`: opens the menu.
#[derive(CommandModel, CreateCommand)]
#[command(name = "help", desc = "Opens the help menu")]
pub struct HelpCommand;

/// The help menu bot.
pub struct HelpMenuBot;

impl GatewayBot for HelpMenuBot {
    const NAME: &'static str = "help_menu";
    const TRY: &'static [Try] = &[Try::Command("help"), Try::Click("tvu:0", "Commands")];

    async fn connect(settings: &Settings) -> Result<Bot, BoxError> {
        let http = Arc::new(settings.http_client());
        let application_id = http.current_user_application().await?.model().await?.id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .store(settings.open_store().await?)
            // Every screen type, so menus find theirs after a restart.
            .menu_screen::<Home>()
            .menu_screen::<Commands>()
            .menu_screen::<CommandHelp>()
            .menu_screen::<About>()
            .build()?;
        http.interaction(application_id)
            .set_global_commands(&[HelpCommand::create_command().into()])
            .await?;
        Ok(Bot { http, router })
    }

    /// `$help` posts the menu in the channel.
    async fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> Result<(), BoxError> {
        if commands::arguments(&message.content, commands::PREFIX, me, "help").is_none() {
            return Ok(());
        }
        let (page, menu) = Menu::open(Home).await?;
        let sent = bot
            .http
            .create_message(message.channel_id)
            .content(page.content_text().unwrap_or_default())
            .components(&menu.components())
            .await?
            .model()
            .await?;
        bot.router.bind(sent.id, menu).await?;
        Ok(())
    }

    /// `/help` answers with the menu, for the user who asked.
    async fn on_command(_bot: Bot, ctx: ViewContext) -> Result<(), BoxError> {
        if commands::slash::<HelpCommand>(&ctx)?.is_none() {
            return Ok(());
        }
        let owner = ctx.user_id();
        let (page, menu) = Menu::open(Home).await?;
        ctx.respond_with_view(page, menu.owner(owner)).await?;
        Ok(())
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    support::main::<HelpMenuBot>().await
}
