//! [`Menu`]: nested screens on one message, as a stack (hikari-miru's
//! `ext.menu`, kept across restarts): `screen.rs` is what a user writes,
//! `registry.rs` finds screen types again by name.

mod registry;
mod screen;

use std::time::Duration;

use serde::{Deserialize, Serialize};
use twilight_model::{
    channel::message::{
        Component,
        component::{ButtonStyle, ComponentType},
    },
    id::{Id, marker::UserMarker},
};

pub use self::screen::{Action, MenuButton, Screen, StoredScreen};
use super::{
    NavError, Page,
    shared::{close, owner_check, row},
};
use crate::{
    base::{AutoDefer, BoxFuture, SourceLocation},
    context::ViewContext,
    error::HandlerError,
    extract::IntoHandlerResult,
    item::{HandlerFuture, ItemSpec},
    render::{self, CustomIds},
    reply::Reply,
    router::ViewRouterBuilder,
    view::{View, ViewOptions},
};

/// How many buttons a screen may have: four rows of five, the fifth row is
/// the menu's back button.
pub const MAX_SCREEN_BUTTONS: usize = 20;

/// A stored view showing the top of a stack of [`Screen`]s: a screen's
/// button can open another screen on top, go back, or back to the first;
/// a "Back" button appears by itself below the first screen. The stack is
/// stored, so a menu left three screens deep is still there after a
/// restart.
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#menus).
#[derive(Debug, Serialize, Deserialize)]
pub struct Menu {
    /// The screens, first at the bottom, each as its own type.
    stack: Vec<StoredScreen>,
    /// Only this user may use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<Id<UserMarker>>,
}

impl Menu {
    /// A menu showing `root`: its page (send it with the menu, e.g.
    /// `ctx.respond_with_view(page, menu)`) and the menu.
    ///
    /// # Errors
    ///
    /// Another screen type has its name.
    pub async fn open<S: Screen>(root: S) -> Result<(Page, Self), NavError> {
        let page = root.page().await;
        let stored = registry::hold(root)?;
        Ok((
            page,
            Self {
                stack: vec![stored],
                owner: None,
            },
        ))
    }

    /// Only `user` may use the menu; others get the router's rejection
    /// notice. `None` lets everyone use it.
    #[must_use]
    pub fn owner(mut self, user: Option<Id<UserMarker>>) -> Self {
        self.owner = user;
        self
    }

    /// How many screens are open (1: the first one).
    pub fn depth(&self) -> usize {
        self.stack.len()
    }

    /// The buttons of the top screen, placed in rows, and the back row.
    fn rows(&self) -> Vec<Component> {
        let buttons = self
            .stack
            .last()
            .map(|top| top.screen.buttons())
            .unwrap_or_default();
        let own = buttons
            .into_iter()
            .take(MAX_SCREEN_BUTTONS)
            .enumerate()
            .map(|(slot, button)| {
                render::button(
                    SLOT_IDS[slot].to_owned(),
                    Some(button.label),
                    None,
                    button.style,
                    button.disabled,
                )
            })
            .collect::<Vec<_>>();
        let mut rows: Vec<Component> = own.chunks(5).map(|chunk| row(chunk.to_vec())).collect();
        if self.stack.len() > 1 {
            rows.push(row(vec![render::button(
                BACK.to_owned(),
                Some("Back".to_owned()),
                Some(render::emoji("◀")),
                ButtonStyle::Secondary,
                false,
            )]));
        }
        rows
    }

    /// Shows the top screen on the clicked message.
    async fn show(&self, ctx: &ViewContext) -> Result<(), HandlerError> {
        let top = self
            .stack
            .last()
            .ok_or_else(|| HandlerError::extract("an empty menu"))?;
        let reply = Reply::from(top.screen.page().await).components(self.rows());
        ctx.update(reply).await.into_handler_result()
    }

    /// A click on the top screen's button in `slot`.
    async fn press(&mut self, ctx: &ViewContext, slot: usize) -> Result<(), HandlerError> {
        let Some(top) = self.stack.last_mut() else {
            return Err(HandlerError::extract("an empty menu"));
        };
        let Some(button) = top.screen.buttons().into_iter().nth(slot) else {
            // A button of a screen that has changed since it was shown.
            return self.show(ctx).await;
        };
        // The screen changes in place; the router stores the menu after.
        match top.screen.clicked(&button.key, ctx).await? {
            Action::Stay => {}
            Action::Push(next) => self.stack.push(next),
            Action::Pop => self.pop(),
            Action::PopToRoot => self.stack.truncate(1),
            Action::Close => return close(ctx).await,
        }
        self.show(ctx).await
    }

    fn pop(&mut self) {
        if self.stack.len() > 1 {
            self.stack.pop();
        }
    }
}

const BACK: &str = "tvu:back";

/// The custom_ids of the screen buttons' slots.
const SLOT_IDS: [&str; MAX_SCREEN_BUTTONS] = [
    "tvu:0", "tvu:1", "tvu:2", "tvu:3", "tvu:4", "tvu:5", "tvu:6", "tvu:7", "tvu:8", "tvu:9",
    "tvu:10", "tvu:11", "tvu:12", "tvu:13", "tvu:14", "tvu:15", "tvu:16", "tvu:17", "tvu:18",
    "tvu:19",
];

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

#[diagnostic::do_not_recommend]
impl ViewOptions for Menu {
    const NAME: &'static str = "Menu";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

/// Every slot's handler: the slot is the number in the clicked custom_id.
fn press(menu: &mut Menu, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let slot = ctx
            .custom_id()
            .strip_prefix("tvu:")
            .and_then(|slot| slot.parse::<usize>().ok())
            .ok_or_else(|| HandlerError::extract("not a menu slot"))?;
        menu.press(&ctx, slot).await
    }))
}

fn back(menu: &mut Menu, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        menu.pop();
        menu.show(&ctx).await
    }))
}

const fn slot(custom_id: &'static str) -> ItemSpec<Menu> {
    ItemSpec {
        custom_id: Some(custom_id),
        name: "screen button",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: press,
        defined_at: HERE,
    }
}

const ITEMS: &[ItemSpec<Menu>] = &[
    slot(SLOT_IDS[0]),
    slot(SLOT_IDS[1]),
    slot(SLOT_IDS[2]),
    slot(SLOT_IDS[3]),
    slot(SLOT_IDS[4]),
    slot(SLOT_IDS[5]),
    slot(SLOT_IDS[6]),
    slot(SLOT_IDS[7]),
    slot(SLOT_IDS[8]),
    slot(SLOT_IDS[9]),
    slot(SLOT_IDS[10]),
    slot(SLOT_IDS[11]),
    slot(SLOT_IDS[12]),
    slot(SLOT_IDS[13]),
    slot(SLOT_IDS[14]),
    slot(SLOT_IDS[15]),
    slot(SLOT_IDS[16]),
    slot(SLOT_IDS[17]),
    slot(SLOT_IDS[18]),
    slot(SLOT_IDS[19]),
    ItemSpec {
        custom_id: Some(BACK),
        name: "back",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: back,
        defined_at: HERE,
    },
];

impl View for Menu {
    fn items() -> &'static [ItemSpec<Self>] {
        ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        self.rows()
    }

    fn interaction_check<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        owner_check(self.owner, ctx)
    }
}

impl ViewRouterBuilder {
    /// Registers screen type `S` for menus (and the [`Menu`] view itself,
    /// once), so menus showing it work after a restart. A second screen
    /// type with `S`'s name is logged as an error and ignored.
    ///
    /// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#menus).
    pub fn menu_screen<S: Screen>(self) -> Self {
        // Logged there; the menus of the first type keep working.
        let _ = registry::register::<S>();
        self.stored_view::<Menu>()
    }
}
