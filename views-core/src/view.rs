//! The traits the `#[view]` macros implement and the router consumes.

mod fingerprint;

use std::time::Duration;

use twilight_model::channel::message::Component;

pub use self::fingerprint::StateFingerprint;
pub use crate::base::{BoxFuture, SourceLocation};
use crate::{
    context::ViewContext,
    error::HandlerError,
    item::ItemSpec,
    layout::{LayoutError, ViewMessage},
    render::CustomIds,
    template::TemplateSpec,
};

/// Options given to `#[view(...)]` on the struct.
///
/// Implemented by `#[view]` on a struct; read by the router when the view type
/// is registered.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#the-two-views).
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no view options",
    label = "`#[view]` on the impl block needs `#[view]` on the struct too",
    note = "add `#[view]` (or `#[view(persistent)]`, `#[view(timeout = SECS)]`) to `struct {Self}`"
)]
pub trait ViewOptions {
    /// The struct's name, for logs and errors.
    const NAME: &'static str;
    /// `#[view(persistent)]`: items keep their declared custom_ids and the
    /// view has no timeout, so it keeps working after a restart.
    const PERSISTENT: bool;
    /// Inactivity timeout of a non-persistent view (default 180 s, as in
    /// discord.py); always `None` for persistent views.
    const TIMEOUT: Option<Duration>;
    /// Where the struct is defined.
    const DEFINED_AT: SourceLocation;
    /// `#[view(persistent, fingerprint)]`: the view's
    /// [`StateFingerprint::fingerprint`], which the router compares before
    /// and after a `&mut self` handler to skip serialising an unchanged
    /// state. `None`: every such click is serialised and compared.
    const FINGERPRINT: Option<fn(&Self) -> u64> = None;
}

/// A view: a struct whose methods handle the components it renders.
///
/// Implemented by `#[view]` on the struct's impl block; never by hand.
/// Hooks (`interaction_check`, `on_error`, `on_timeout`) are overridden by
/// defining methods of those names in the `#[view]` impl block.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#the-two-views).
pub trait View: ViewOptions + Send + Sync + Sized + 'static {
    /// The dispatch table: one entry per interactive item, in declaration
    /// order. An item's position is its index.
    fn items() -> &'static [ItemSpec<Self>];

    /// The dynamic items (custom_id templates such as `role:{role_id}`):
    /// the router matches ids against them after its static lookups.
    fn templates() -> &'static [TemplateSpec] {
        &[]
    }

    /// Whether the view is a layout (Components V2: a `#[layout]` method
    /// in its `#[view]` impl block). Its messages then carry
    /// `IS_COMPONENTS_V2`, which every reply path sets by itself, and no
    /// content or embeds.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md).
    const LAYOUT: bool = false;

    /// Renders the view's components (action rows, or a layout's tree)
    /// with the custom_ids given by `ids`.
    fn render(&self, ids: &CustomIds) -> Vec<Component>;

    /// Renders the view with its declared custom_ids: what a persistent view
    /// sends. Non-persistent views are rendered through the router instead,
    /// which knows each instance's generated ids.
    fn components(&self) -> Vec<Component> {
        self.render(&CustomIds::Declared)
    }

    /// [`Self::components`] with the flags they need, for a message you
    /// send yourself: `http.create_message(channel).view(&view.message()?)`
    /// with [`SendView`](crate::layout::SendView) sets `IS_COMPONENTS_V2`
    /// for a layout.
    ///
    /// # Errors
    ///
    /// A layout that breaks one of Discord's rules at run time (a text
    /// from the view's state longer than the message allows, a bad media
    /// URL): nothing should be sent.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    fn message(&self) -> Result<ViewMessage, LayoutError> {
        ViewMessage::new(self.components(), Self::LAYOUT)
    }

    /// [`Self::render`] with every item disabled
    /// ([`crate::render::disable_all`]): e.g. the last edit of a view that
    /// timed out, `ctx.update(Reply::new().components(view.render_disabled(ctx.custom_ids())))`.
    fn render_disabled(&self, ids: &CustomIds) -> Vec<Component> {
        let mut components = self.render(ids);
        crate::render::disable_all(&mut components);
        components
    }

    /// Runs before every handler; returning `false` rejects the interaction
    /// with an ephemeral message (discord.py's `interaction_check`).
    fn interaction_check<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        let _ = ctx;
        // Zero-sized, so boxing it allocates nothing on every click; and
        // not an `async` block: its type is not generic over the view, so
        // its code is compiled once, not once per view type.
        Box::pin(Allowed)
    }

    /// Called when a handler returns an error or panics. The default logs the
    /// error and, when the interaction is not yet answered, replies with an
    /// ephemeral apology.
    fn on_error<'a>(
        &'a mut self,
        ctx: &'a ViewContext,
        error: &'a HandlerError,
    ) -> BoxFuture<'a, ()> {
        Box::pin(default_on_error(Self::NAME, ctx, error))
    }

    /// Called once when a non-persistent view times out or is stopped
    /// (e.g. to disable its buttons). Default: nothing.
    fn on_timeout(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(std::future::ready(()))
    }
}

/// The default `on_error`: log, then apologise ephemerally if the user has
/// not been answered yet.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#when-a-handler-fails-on_error).
pub async fn default_on_error(view: &'static str, ctx: &ViewContext, error: &HandlerError) {
    tracing::error!(view, custom_id = ctx.custom_id(), error = %error, source = ?std::error::Error::source(error), "view handler failed");
    // The apology goes through the context's response state: a first
    // response when nothing was sent yet, otherwise an ephemeral follow-up.
    if let Err(reply_error) = ctx.apologise().await {
        tracing::warn!(view, error = %reply_error, "could not send the error apology");
    }
}

// The persistence rules of `#[view]` that only the compiler can check:
// whether a view is persistent is the struct's `#[view(persistent)]`
// (`ViewOptions::PERSISTENT`), and `#[view]` on the impl block is a separate
// macro call that cannot see it. For each item a rule applies to, the impl
// block's expansion names `<MyView as Rule<{ <MyView as ViewOptions>::PERSISTENT }>>::OK`,
// spanned on the item. Each rule is implemented for every type, with the
// allowed value of `PERSISTENT` only: a broken rule is a missing impl, which
// the compiler reports with the rule's message, on the item. Generated code
// names them through `__private`; they are public and documented here, not
// hidden, because the error's help names the trait, and rustc prints a
// hidden trait by its full `__private` path.

/// The rule "a button of a persistent view needs a `custom_id`": its
/// generated id would change on restart. `#[view]` on an impl block
/// requires `MyView: ButtonWithoutCustomId<{ PERSISTENT }>` for each
/// `#[button]` without a `custom_id`; it holds when `PERSISTENT` is `false`.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#persistent-and-non-persistent-views).
#[diagnostic::on_unimplemented(
    message = "add `custom_id = \"...\"` to `#[button]`: items of a persistent view need a custom_id",
    label = "this button has no `custom_id`",
    note = "generated ids change on restart, so clicks on old messages could not be routed"
)]
pub trait ButtonWithoutCustomId<const PERSISTENT: bool> {
    /// What the expansion names, so the requirement sits in a const.
    const OK: () = ();
}

#[diagnostic::do_not_recommend]
impl<T: ?Sized> ButtonWithoutCustomId<false> for T {}

/// As [`ButtonWithoutCustomId`], for `#[select]` menus.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#persistent-and-non-persistent-views).
#[diagnostic::on_unimplemented(
    message = "add `custom_id = \"...\"` to `#[select]`: items of a persistent view need a custom_id",
    label = "this select menu has no `custom_id`",
    note = "generated ids change on restart, so choices on old messages could not be routed"
)]
pub trait SelectWithoutCustomId<const PERSISTENT: bool> {
    /// What the expansion names, so the requirement sits in a const.
    const OK: () = ();
}

#[diagnostic::do_not_recommend]
impl<T: ?Sized> SelectWithoutCustomId<false> for T {}

/// The rule "a dynamic item needs a persistent view": its fields travel in
/// its custom_id (a template such as `role:{role_id}`), which a
/// non-persistent view replaces with a generated one. `#[view]` requires
/// `MyView: DynamicItem<{ PERSISTENT }>` for each; it holds when `PERSISTENT`
/// is `true`.
///
/// See [the dynamic items guide](https://github.com/twilight-views/twilight-views/blob/main/docs/dynamic.md#rules).
#[diagnostic::on_unimplemented(
    message = "add `persistent` to the struct's `#[view]`: dynamic items need a persistent view",
    label = "this custom_id carries fields",
    note = "its fields travel in its custom_id, which a non-persistent view replaces with a generated one"
)]
pub trait DynamicItem<const PERSISTENT: bool> {
    /// What the expansion names, so the requirement sits in a const.
    const OK: () = ();
}

#[diagnostic::do_not_recommend]
impl<T: ?Sized> DynamicItem<true> for T {}

/// The default [`View::interaction_check`]'s future: every click allowed.
struct Allowed;

impl Future for Allowed {
    type Output = bool;

    fn poll(
        self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<bool> {
        std::task::Poll::Ready(true)
    }
}
