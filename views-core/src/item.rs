//! The dispatch table entries generated for each interactive item.

use twilight_model::channel::message::component::ComponentType;

pub use crate::base::AutoDefer;
pub use crate::handler_future::{HandlerFuture, Returns};
use crate::{base::SourceLocation, context::ViewContext};

/// The `component_type` of an item that handles a **modal's submission**
/// instead of a click: the submission of a modal whose custom_id is the
/// item's, opened from the view's message, runs the item with the view's
/// state (bound, stored or unbound, as a click would). A modal submits text
/// inputs and no message component has their type, so a click never
/// matches such an item, and a submission never matches a button's.
pub const MODAL_SUBMIT: ComponentType = ComponentType::TextInput;

/// A generated handler: calls the user's method on the locked view.
///
/// `&self` methods receive the `&mut` reborrowed; handlers of one instance
/// never run at the same time either way. The handler's extra arguments
/// (select values, custom_id fields) are extracted when it is called,
/// before its future is built.
pub type Handler<V> = for<'a> fn(&'a mut V, ViewContext) -> HandlerFuture<'a>;

/// One interactive item of a view: a button or a select with a handler.
pub struct ItemSpec<V> {
    /// The declared custom_id; `None` for non-persistent items that get a
    /// generated id per instance.
    pub custom_id: Option<&'static str>,
    /// The Rust method name, for logs and [`crate::DispatchOutcome`].
    pub name: &'static str,
    /// Button or a select kind.
    pub component_type: ComponentType,
    /// What to acknowledge automatically near the deadline.
    pub auto_defer: AutoDefer,
    /// Whether the handler takes `&mut self`: a mutating handler of a view
    /// bound with a store has its state saved, and its replies held until
    /// the save succeeded (see `docs/persistence.md`); `&self` handlers
    /// reply directly and never write the store.
    pub mutates: bool,
    /// The generated handler.
    pub handler: Handler<V>,
    /// Where the method is defined.
    pub defined_at: SourceLocation,
}

impl<V> Clone for ItemSpec<V> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<V> Copy for ItemSpec<V> {}

impl<V> std::fmt::Debug for ItemSpec<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemSpec")
            .field("custom_id", &self.custom_id)
            .field("name", &self.name)
            .field("component_type", &self.component_type)
            .field("auto_defer", &self.auto_defer)
            .field("mutates", &self.mutates)
            .field("defined_at", &self.defined_at)
            .finish_non_exhaustive()
    }
}
