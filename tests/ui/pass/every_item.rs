//! Every kind of item, typed select values, explicit rows and all return
//! types a handler may have.
use twilight_views::ViewOptions;
use twilight_views::prelude::*;
use twilight_views::__private::twilight_model::{
    application::interaction::InteractionChannel,
    guild::Role,
    id::{Id, marker::{ChannelMarker, GenericMarker, UserMarker}},
    user::User,
};

#[view(timeout = 60)]
struct Panel {
    done: bool,
}

#[derive(Debug)]
struct MyError;

impl std::fmt::Display for MyError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("mine")
    }
}

impl std::error::Error for MyError {}

#[view]
impl Panel {
    #[button(label = "Unit", emoji = "👍", style = "success")]
    async fn unit(&self, _ctx: ViewContext) {}

    #[button(emoji = "<:party:123456789012345678>", style = "danger", disabled = self.done, defer = "ephemeral")]
    async fn custom_error(&mut self, _ctx: ViewContext) -> Result<(), MyError> {
        Err(MyError)
    }

    #[button(url = "https://docs.rs", label = "Docs", row = 0)]
    const DOCS: () = ();

    #[select(
        placeholder = "Pick colours",
        min_values = 1,
        max_values = 2,
        options = [
            option(label = "Red", value = "red", description = "warm", emoji = "🟥", default = true),
            option(label = "Blue", value = "blue"),
        ],
    )]
    async fn colours(&mut self, _ctx: ViewContext, values: Vec<String>) -> ViewResult {
        self.done = values.is_empty();
        Ok(())
    }

    #[select(kind = "user", max_values = 25, defer = "off")]
    async fn user_ids(&self, _ctx: ViewContext, _ids: Vec<Id<UserMarker>>) {}

    #[select(kind = "channel", channel_types = ["text", "voice", "forum"])]
    async fn channels(&self, _ctx: ViewContext, _ids: Vec<Id<ChannelMarker>>, _c: Vec<InteractionChannel>) {}

    #[select(kind = "mentionable", row = 4)]
    async fn anyone(
        &self,
        _ctx: ViewContext,
        _ids: Vec<Id<GenericMarker>>,
        _users: Vec<User>,
        _roles: Vec<Role>,
    ) {
    }
}

fn main() {
    // Row 0: two buttons and the link; then one select per row.
    let rows: Vec<usize> = Panel { done: false }
        .components()
        .iter()
        .map(|row| match row {
            twilight_views::__private::Component::ActionRow(row) => row.components.len(),
            _ => 0,
        })
        .collect();
    assert_eq!(rows, [3, 1, 1, 1, 1]);
    let names: Vec<&str> = Panel::items().iter().map(|item| item.name).collect();
    assert_eq!(names, ["unit", "custom_error", "colours", "user_ids", "channels", "anyone"]);
    assert_eq!(Panel::TIMEOUT, Some(std::time::Duration::from_secs(60)));
}
