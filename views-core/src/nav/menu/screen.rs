//! [`Screen`]: one screen of a [`Menu`](super::Menu), and what its buttons
//! do ([`Action`]).

use std::future::Future;

use serde::{Serialize, de::DeserializeOwned};
use serde_json::value::RawValue;
use twilight_model::channel::message::component::ButtonStyle;

use crate::{
    base::BoxFuture,
    context::ViewContext,
    error::HandlerError,
    nav::{Page, names::NameId},
};

/// One screen of a [`Menu`](super::Menu): what it shows, its buttons, and
/// what each click does. The menu holds each screen of its stack as its
/// own type (its methods see the fields as they left them) and stores it
/// as the type's own serialisation (keep screens small); after a restart
/// it finds the type again by [`Self::NAME`]: register every screen type
/// with [`ViewRouterBuilder::menu_screen`](crate::ViewRouterBuilder::menu_screen).
///
/// A screen is not a `#[view]`: one message has one bound view, the menu,
/// and the menu's buttons are the top screen's.
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#menus).
pub trait Screen: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The name stored for this screen type: unique among a router's
    /// screens, and never changed once menus with it exist.
    const NAME: &'static str;

    /// What the screen shows.
    fn page(&self) -> impl Future<Output = Page> + Send;

    /// Its buttons, in order (at most 20: the last row is the menu's).
    fn buttons(&self) -> Vec<MenuButton>;

    /// The button `key` was clicked: change the screen's state and say
    /// where to go. Answer through `ctx` only for something else than the
    /// menu's message (an ephemeral note, a modal); the menu edits its
    /// message itself.
    fn clicked(
        &mut self,
        key: &str,
        ctx: &ViewContext,
    ) -> impl Future<Output = Result<Action, HandlerError>> + Send;
}

/// A button of a screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MenuButton {
    pub(crate) key: String,
    pub(crate) label: String,
    pub(crate) style: ButtonStyle,
    pub(crate) disabled: bool,
}

impl MenuButton {
    /// A button labelled `label` whose clicks reach
    /// [`Screen::clicked`] as `key`.
    pub fn new(key: impl Into<String>, label: impl Into<String>) -> Self {
        Self {
            key: key.into(),
            label: label.into(),
            style: ButtonStyle::Secondary,
            disabled: false,
        }
    }

    /// Its style (primary, secondary, success or danger).
    #[must_use]
    pub fn style(mut self, style: ButtonStyle) -> Self {
        self.style = style;
        self
    }

    /// Shown but not clickable.
    #[must_use]
    pub fn disabled(mut self, disabled: bool) -> Self {
        self.disabled = disabled;
        self
    }
}

/// A screen as a menu holds it: the screen, as its own type, and that
/// type's name (stored beside the screen's serialisation, as
/// `{"s": name, "v": screen}`). Made by [`Action::push`].
pub struct StoredScreen {
    pub(crate) name: NameId,
    pub(crate) screen: Box<dyn ErasedScreen>,
}

/// Where a click leads.
#[derive(Debug)]
#[non_exhaustive]
pub enum Action {
    /// Stay on this screen (re-rendered with its new state).
    Stay,
    /// Open another screen on top; back returns here
    /// ([`Action::push`] makes it).
    Push(StoredScreen),
    /// Back to the screen below.
    Pop,
    /// Back to the first screen.
    PopToRoot,
    /// Close the menu: its buttons are removed and it is forgotten.
    Close,
}

/// A screen with its type erased, as a menu holds it.
pub(crate) trait ErasedScreen: Send + Sync {
    fn page(&self) -> BoxFuture<'_, Page>;
    fn buttons(&self) -> Vec<MenuButton>;
    fn clicked<'a>(
        &'a mut self,
        key: &'a str,
        ctx: &'a ViewContext,
    ) -> BoxFuture<'a, Result<Action, HandlerError>>;
    /// The screen serialised, as it is stored.
    fn state(&self) -> serde_json::Result<Box<RawValue>>;
}

impl<S: Screen> ErasedScreen for S {
    fn page(&self) -> BoxFuture<'_, Page> {
        Box::pin(Screen::page(self))
    }

    fn buttons(&self) -> Vec<MenuButton> {
        Screen::buttons(self)
    }

    fn clicked<'a>(
        &'a mut self,
        key: &'a str,
        ctx: &'a ViewContext,
    ) -> BoxFuture<'a, Result<Action, HandlerError>> {
        Box::pin(Screen::clicked(self, key, ctx))
    }

    fn state(&self) -> serde_json::Result<Box<RawValue>> {
        serde_json::value::to_raw_value(self)
    }
}
