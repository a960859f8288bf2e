//! View types erased: what the router's machinery needs of a view, as
//! object-safe traits implemented for every [`View`] in a few one-line
//! functions. The click path, the end of a started view, the spawned
//! tasks and the registration code work on `dyn ErasedView` and are
//! compiled once, instead of once per view type (a bot's build time grows
//! with its view types; see "Compile time" in docs/performance.md).

use std::any::TypeId;

use serde::{Serialize, de::DeserializeOwned};
use twilight_model::channel::message::{Component, component::ComponentType};

use super::stored::{StoredKind, decode};
use crate::{
    base::{AutoDefer, BoxFuture, SourceLocation},
    context::ViewContext,
    error::HandlerError,
    item::{HandlerFuture, ItemSpec},
    render::CustomIds,
    view::View,
};

/// A view behind a `dyn`: its handlers by item index, its hooks, `render`.
/// Every method forwards to the [`View`] implementation, whose handlers and
/// hooks already return boxed futures: the erasure adds a virtual call per
/// click, no allocation.
pub(crate) trait ErasedView: Send + Sync {
    /// The handler of item `index` (checked by the caller with
    /// [`ViewKind::item`]).
    fn run_handler(&mut self, index: usize, ctx: ViewContext) -> HandlerFuture<'_>;

    /// [`View::interaction_check`].
    fn check_interaction<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool>;

    /// [`View::on_error`].
    fn handle_error<'a>(
        &'a mut self,
        ctx: &'a ViewContext,
        error: &'a HandlerError,
    ) -> BoxFuture<'a, ()>;

    /// [`View::on_timeout`].
    fn time_out(&mut self) -> BoxFuture<'_, ()>;

    /// [`View::render`].
    fn render_with(&self, ids: &CustomIds) -> Vec<Component>;
}

impl<V: View> ErasedView for V {
    fn run_handler(&mut self, index: usize, ctx: ViewContext) -> HandlerFuture<'_> {
        match V::items().get(index) {
            Some(item) => (item.handler)(self, ctx),
            None => missing_item(V::NAME, index),
        }
    }

    fn check_interaction<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        View::interaction_check(self, ctx)
    }

    fn handle_error<'a>(
        &'a mut self,
        ctx: &'a ViewContext,
        error: &'a HandlerError,
    ) -> BoxFuture<'a, ()> {
        View::on_error(self, ctx, error)
    }

    fn time_out(&mut self) -> BoxFuture<'_, ()> {
        View::on_timeout(self)
    }

    fn render_with(&self, ids: &CustomIds) -> Vec<Component> {
        View::render(self, ids)
    }
}

/// The handler of an item the view does not have: the router checks the
/// index first, so this is a bug, reported as a failed handler rather than
/// a panic. Not generic, so it is not compiled once per view type.
fn missing_item(view: &'static str, index: usize) -> HandlerFuture<'static> {
    HandlerFuture::failed(HandlerError::panicked(format!(
        "{view} has no item {index}"
    )))
}

/// A view a store keeps: an [`ErasedView`] that reads and writes its state.
pub(crate) trait ErasedStoredView: ErasedView {
    /// The state to store (`serde_json`).
    fn state(&self) -> serde_json::Result<Vec<u8>>;

    /// [`ViewOptions::FINGERPRINT`](crate::view::ViewOptions::FINGERPRINT)
    /// of the view, if its type has one.
    fn fingerprint(&self) -> Option<u64>;

    /// Replaces the view with `state` decoded (through `kind`'s migration
    /// hook when needed); on failure the view is left as it was.
    fn load_state(&mut self, kind: &StoredKind, state: &[u8]) -> Result<(), String>;
}

impl<V: View + Serialize + DeserializeOwned> ErasedStoredView for V {
    fn state(&self) -> serde_json::Result<Vec<u8>> {
        serde_json::to_vec(self)
    }

    fn fingerprint(&self) -> Option<u64> {
        V::FINGERPRINT.map(|fingerprint| fingerprint(self))
    }

    fn load_state(&mut self, kind: &StoredKind, state: &[u8]) -> Result<(), String> {
        *self = decode::<V>(kind, state)?;
        Ok(())
    }
}

/// One item of a view type, without its handler: what routing a click and
/// registering the type need to know.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ItemInfo {
    /// The view type's name.
    pub(crate) view: &'static str,
    /// The item's position in `View::items`.
    pub(crate) index: usize,
    pub(crate) custom_id: Option<&'static str>,
    pub(crate) name: &'static str,
    pub(crate) component_type: ComponentType,
    pub(crate) auto_defer: AutoDefer,
    pub(crate) mutates: bool,
    pub(crate) defined_at: SourceLocation,
}

/// The static facts of a view type that the router reads without locking
/// an instance: its type, its name, its items.
#[derive(Clone, Copy, Debug)]
pub(crate) struct ViewKind {
    pub(crate) type_id: TypeId,
    pub(crate) name: &'static str,
    pub(crate) defined_at: SourceLocation,
    pub(crate) persistent: bool,
    /// `View::LAYOUT`: its messages carry `IS_COMPONENTS_V2`.
    pub(crate) layout: bool,
    /// `View::items` without the handlers.
    item: fn(usize) -> Option<ItemInfo>,
    /// `View::items().len()`.
    pub(crate) items: usize,
}

impl ViewKind {
    pub(crate) fn of<V: View>() -> Self {
        Self {
            type_id: TypeId::of::<V>(),
            name: V::NAME,
            defined_at: V::DEFINED_AT,
            persistent: V::PERSISTENT,
            layout: V::LAYOUT,
            item: item_of::<V>,
            items: V::items().len(),
        }
    }

    /// Item `index`, if the view has one.
    pub(crate) fn item(&self, index: usize) -> Option<ItemInfo> {
        (self.item)(index)
    }
}

fn item_of<V: View>(index: usize) -> Option<ItemInfo> {
    let item: &ItemSpec<V> = V::items().get(index)?;
    Some(ItemInfo {
        view: V::NAME,
        index,
        custom_id: item.custom_id,
        name: item.name,
        component_type: item.component_type,
        auto_defer: item.auto_defer,
        mutates: item.mutates,
        defined_at: item.defined_at,
    })
}
