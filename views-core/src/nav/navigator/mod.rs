//! [`Navigator`]: a stored view paging through a [`Pages`] source. It keeps
//! only its position and its source's arguments; each click asks the source
//! for the page to show. `stored.rs` is its stored form.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use serde::{Deserialize, Serialize};
use twilight_model::{
    channel::message::{
        Component,
        component::{ButtonStyle, ComponentType},
    },
    id::{Id, marker::UserMarker},
};

use super::{
    NavError, NavErrorKind, Page, Pages,
    jump::{JUMP_ID, JumpForm, Typed, read},
    shared::{self, row},
    source::SourceKey,
};
use crate::{
    base::{AutoDefer, BoxFuture, SourceLocation},
    context::ViewContext,
    error::HandlerError,
    extract::IntoHandlerResult,
    item::{HandlerFuture, ItemSpec, MODAL_SUBMIT},
    render::{self, CustomIds},
    view::{View, ViewOptions},
};

/// Which navigation buttons a navigator shows. All but `stop` by default,
/// as hikari-miru's `NavigatorView`.
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#the-buttons).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[allow(clippy::struct_excessive_bools)] // one switch per button, as users read them
pub struct NavButtons {
    /// ⏮ to the first page.
    pub first: bool,
    /// ◀ one page back.
    pub prev: bool,
    /// `3/17`; a click opens "Jump to page".
    pub indicator: bool,
    /// ▶ one page on.
    pub next: bool,
    /// ⏭ to the last page.
    pub last: bool,
    /// ⏹ removes the buttons and forgets the navigator.
    pub stop: bool,
}

impl Default for NavButtons {
    fn default() -> Self {
        Self::DEFAULT
    }
}

impl NavButtons {
    /// The default: all but stop.
    const DEFAULT: Self = Self {
        first: true,
        prev: true,
        indicator: true,
        next: true,
        last: true,
        stop: false,
    };

    /// Every button, stop included.
    pub const ALL: Self = Self {
        first: true,
        prev: true,
        indicator: true,
        next: true,
        last: true,
        stop: true,
    };

    fn is_default(&self) -> bool {
        *self == Self::default()
    }
}

/// A stored view paging through a [`Pages`] source: ⏮ ◀ `3/17` ▶ ⏭ (and ⏹
/// if asked for), disabled at the ends; the indicator opens a "Jump to
/// page" modal. Persistent: bound to its message and kept in the router's
/// store, so it pages on after a restart from where it was.
///
/// ```
/// # use serde::{Deserialize, Serialize};
/// # use views_core::nav::{Navigator, Page, Pages};
/// # use views_core::{ViewContext, ViewResult};
/// # #[derive(Serialize, Deserialize)]
/// # struct Numbers { count: usize }
/// # impl Pages for Numbers {
/// #     const NAME: &'static str = "numbers";
/// #     async fn page_count(&self) -> usize { self.count }
/// #     async fn page(&self, index: usize) -> Page { Page::new().content(format!("{}", index + 1)) }
/// # }
/// async fn open(ctx: ViewContext) -> ViewResult {
///     let (page, navigator) = Navigator::open(Numbers { count: 1_000_000 })
///         .await
///         .expect("Numbers serialises");
///     let owner = ctx.user_id();
///     ctx.respond_with_view(page, navigator.owner(owner)).await?;
///     Ok(())
/// }
/// ```
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md).
#[derive(Clone, Debug)]
pub struct Navigator {
    /// The source type and its arguments' JSON text, in one block.
    key: SourceKey,
    /// The page shown (from 0).
    page: u32,
    /// The page count when it was last shown.
    pages: u32,
    /// What most navigators leave at its default, boxed so that they pay
    /// one pointer for it: `None` when all of it is the default.
    extras: Option<Box<Extras>>,
}

/// The settings and page parts of a navigator that are usually left out:
/// an owner, other buttons, a deadline, rows of the page's own.
#[derive(Clone, Debug, Default, PartialEq)]
struct Extras {
    /// Only this user may page.
    owner: Option<Id<UserMarker>>,
    buttons: NavButtons,
    /// The shown page's rows of the user's own, below the navigation (or
    /// its layout's components, above it).
    rows: Vec<Component>,
    /// The shown page is a layout (Components V2).
    layout: bool,
    /// Seconds since the Unix epoch after which a click ends it.
    expires_at: Option<u64>,
}

/// The extras of a navigator that has none.
static NO_EXTRAS: Extras = Extras {
    owner: None,
    buttons: NavButtons::DEFAULT,
    rows: Vec::new(),
    layout: false,
    expires_at: None,
};

/// `n` as a page number: a navigator counts at most `u32::MAX` pages.
fn narrow(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// A page number as the public API gives it.
fn widen(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// The page a click asks for.
#[derive(Clone, Copy, Debug)]
enum Wanted {
    First,
    Prev,
    Next,
    Last,
    At(usize),
}

impl Navigator {
    /// A navigator on `source`, at its first page: that page (send it with
    /// the navigator, e.g. `ctx.respond_with_view(page, navigator)`, or
    /// `http.create_message(..)` with its text, its embeds and
    /// `navigator.components()`, then `router.bind`), and the navigator.
    /// Registers the source type by its name, as
    /// [`ViewRouterBuilder::navigator`](crate::ViewRouterBuilder::navigator)
    /// does (register it there too, so clicks after a restart find it).
    ///
    /// # Errors
    ///
    /// The source does not serialise, or another source type has its name.
    pub async fn open<P: Pages>(source: P) -> Result<(Page, Self), NavError> {
        let key = SourceKey::of(&source)?;
        let pages = narrow(source.page_count().await);
        let page = source.page(0).await;
        let mut navigator = Self {
            key,
            page: 0,
            pages,
            extras: None,
        };
        navigator.update_extras(|extras| {
            extras.rows.clone_from(&page.rows);
            extras.layout = page.layout;
        });
        Ok((page, navigator))
    }

    /// Only `user` may page; others get the router's rejection notice
    /// ("not yours"). `None` lets everyone page.
    #[must_use]
    pub fn owner(mut self, user: Option<Id<UserMarker>>) -> Self {
        self.update_extras(|extras| extras.owner = user);
        self
    }

    /// Which buttons to show.
    #[must_use]
    pub fn buttons(mut self, buttons: NavButtons) -> Self {
        self.update_extras(|extras| extras.buttons = buttons);
        self
    }

    /// Ends the navigator at its first click after `after` from now: the
    /// buttons are removed and it is forgotten, as a timed-out view's. The
    /// deadline is stored, so it holds across restarts.
    #[must_use]
    pub fn expires_after(mut self, after: Duration) -> Self {
        let at = unix_now().saturating_add(after.as_secs());
        self.update_extras(|extras| extras.expires_at = Some(at));
        self
    }

    /// The page shown (from 0).
    pub fn page(&self) -> usize {
        widen(self.page)
    }

    /// The page count when the page was last shown.
    pub fn page_count(&self) -> usize {
        widen(self.pages)
    }

    fn extras(&self) -> &Extras {
        self.extras.as_deref().unwrap_or(&NO_EXTRAS)
    }

    /// Changes the extras; back to no box when they end up the default.
    /// A page click on a navigator without any changes them too: that
    /// takes no allocation.
    fn update_extras(&mut self, change: impl FnOnce(&mut Extras)) {
        if let Some(extras) = self.extras.as_deref_mut() {
            change(extras);
            if *extras == NO_EXTRAS {
                self.extras = None;
            }
            return;
        }
        let mut extras = Extras::default();
        change(&mut extras);
        self.set_extras(extras);
    }

    fn set_extras(&mut self, extras: Extras) {
        self.extras = (extras != NO_EXTRAS).then(|| Box::new(extras));
    }

    /// Rows the navigation takes: one, or two when the five arrows and stop
    /// do not fit in one row.
    fn navigation_rows(&self) -> usize {
        let b = self.extras().buttons;
        let shown = [b.first, b.prev, b.indicator, b.next, b.last, b.stop]
            .iter()
            .filter(|shown| **shown)
            .count();
        shown.div_ceil(5)
    }

    fn expired(&self) -> bool {
        self.extras().expires_at.is_some_and(|at| unix_now() >= at)
    }

    /// Shows the page `wanted` asks for on the clicked message.
    async fn show(&mut self, ctx: &ViewContext, wanted: Wanted) -> Result<(), HandlerError> {
        if self.expired() {
            return self.end(ctx).await;
        }
        let source = self.key.load().map_err(HandlerError::returned)?;
        let pages = source.page_count().await.min(MAX_PAGES);
        let last = pages.saturating_sub(1);
        let index = match wanted {
            Wanted::First => 0,
            Wanted::Prev => self.page().saturating_sub(1),
            Wanted::Next => self.page().saturating_add(1),
            Wanted::Last => last,
            Wanted::At(index) => index,
        }
        .min(last);
        let page = source.page(index).await;
        let layout = page.layout;
        let (reply, rows) = page.into_reply();
        let room = 5 - self.navigation_rows();
        // A layout's limit is its component count, checked before sending.
        if !layout && rows.len() > room {
            return Err(HandlerError::returned(NavError::new(
                NavErrorKind::TooManyRows {
                    rows: rows.len(),
                    room,
                },
            )));
        }
        self.page = narrow(index);
        self.pages = narrow(pages);
        self.update_extras(|extras| {
            extras.rows = rows;
            extras.layout = layout;
        });
        let reply = reply.components(self.render(&CustomIds::Declared));
        ctx.update(reply).await.into_handler_result()
    }

    /// Removes the buttons and forgets the navigator.
    async fn end(&mut self, ctx: &ViewContext) -> Result<(), HandlerError> {
        shared::close(ctx).await
    }

    fn navigation(&self) -> Vec<Component> {
        let b = self.extras().buttons;
        let at_first = self.page == 0;
        let at_last = self.page.saturating_add(1) >= self.pages.max(1);
        let arrow = |custom_id: &str, emoji: &str, disabled: bool| {
            render::button(
                custom_id.to_owned(),
                None,
                Some(render::emoji(emoji)),
                ButtonStyle::Primary,
                disabled,
            )
        };
        let mut arrows = Vec::new();
        if b.first {
            arrows.push(arrow(FIRST, "⏮", at_first));
        }
        if b.prev {
            arrows.push(arrow(PREV, "◀", at_first));
        }
        if b.indicator {
            arrows.push(render::button(
                INDICATOR.to_owned(),
                Some(format!(
                    "{}/{}",
                    self.page.saturating_add(1),
                    self.pages.max(1)
                )),
                None,
                ButtonStyle::Secondary,
                false,
            ));
        }
        if b.next {
            arrows.push(arrow(NEXT, "▶", at_last));
        }
        if b.last {
            arrows.push(arrow(LAST, "⏭", at_last));
        }
        if b.stop {
            arrows.push(render::button(
                STOP.to_owned(),
                None,
                Some(render::emoji("⏹")),
                ButtonStyle::Danger,
                false,
            ));
        }
        // Five buttons to a row: stop goes below when all six are shown.
        arrows.chunks(5).map(|chunk| row(chunk.to_vec())).collect()
    }
}

/// The most pages a navigator counts (its page numbers are `u32`s): a
/// source with more shows its first `u32::MAX`.
const MAX_PAGES: usize = u32::MAX as usize;

fn unix_now() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
}

const FIRST: &str = "tvn:first";
const PREV: &str = "tvn:prev";
const INDICATOR: &str = "tvn:page";
const NEXT: &str = "tvn:next";
const LAST: &str = "tvn:last";
const STOP: &str = "tvn:stop";

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

#[diagnostic::do_not_recommend]
impl ViewOptions for Navigator {
    const NAME: &'static str = "Navigator";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn go(navigator: &mut Navigator, ctx: ViewContext, wanted: Wanted) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move { navigator.show(&ctx, wanted).await }))
}

fn first(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    go(navigator, ctx, Wanted::First)
}

fn prev(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    go(navigator, ctx, Wanted::Prev)
}

fn next(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    go(navigator, ctx, Wanted::Next)
}

fn last(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    go(navigator, ctx, Wanted::Last)
}

fn stop(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move { navigator.end(&ctx).await }))
}

/// The indicator: opens "Jump to page" (nothing changes until it is
/// submitted, so it does not take the view's lease for the typing).
fn indicator(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        if navigator.expired() {
            return navigator.end(&ctx).await;
        }
        let form = JumpForm {
            page: String::new(),
            last: navigator.page_count().max(1),
        };
        ctx.open_modal(&form).await.into_handler_result()
    }))
}

/// The submitted "Jump to page".
fn jump(navigator: &mut Navigator, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let form: JumpForm = ctx
            .submitted()
            .map_err(|error| HandlerError::extract(error.to_string()))?;
        let source = navigator.key.load().map_err(HandlerError::returned)?;
        let pages = source.page_count().await.clamp(1, MAX_PAGES);
        let answer = match read(&form.page, pages) {
            Typed::Page(index) => return navigator.show(&ctx, Wanted::At(index)).await,
            Typed::NotANumber => format!(
                "{:?} is not a page number: type a number from 1 to {pages}.",
                form.page.trim()
            ),
            Typed::OutOfRange(number) => {
                format!("There is no page {number}: the pages go from 1 to {pages}.")
            }
        };
        ctx.respond_ephemeral(answer).await.into_handler_result()
    }))
}

const fn item(
    custom_id: &'static str,
    name: &'static str,
    component_type: ComponentType,
    mutates: bool,
    handler: crate::item::Handler<Navigator>,
) -> ItemSpec<Navigator> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type,
        auto_defer: AutoDefer::Update,
        mutates,
        handler,
        defined_at: HERE,
    }
}

const ITEMS: &[ItemSpec<Navigator>] = &[
    item(FIRST, "first", ComponentType::Button, true, first),
    item(PREV, "prev", ComponentType::Button, true, prev),
    item(
        INDICATOR,
        "indicator",
        ComponentType::Button,
        false,
        indicator,
    ),
    item(NEXT, "next", ComponentType::Button, true, next),
    item(LAST, "last", ComponentType::Button, true, last),
    item(STOP, "stop", ComponentType::Button, true, stop),
    item(JUMP_ID, "jump", MODAL_SUBMIT, true, jump),
];

impl View for Navigator {
    fn items() -> &'static [ItemSpec<Self>] {
        ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        // A layout page reads top down: its components, then the buttons.
        let extras = self.extras();
        if extras.layout {
            let mut components = extras.rows.clone();
            components.extend(self.navigation());
            return components;
        }
        let mut rows = self.navigation();
        rows.extend(extras.rows.iter().cloned());
        rows
    }

    fn interaction_check<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        shared::owner_check(self.extras().owner, ctx)
    }
}

mod stored;
#[cfg(test)]
mod tests;
