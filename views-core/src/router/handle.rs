//! [`ViewHandle`]: the caller's side of a started non-persistent view.

use std::sync::{Arc, Weak};

use twilight_model::{
    channel::message::Component,
    id::{
        Id,
        marker::{ChannelMarker, MessageMarker},
    },
};

use super::{
    RouterInner,
    erased::ErasedView,
    instance::{EndEdit, EndReason, Instance, SharedInstance},
};
use crate::{
    layout::{LayoutError, ViewMessage},
    render::CustomIds,
    view::View,
};

/// A started non-persistent view: renders it with its generated
/// custom_ids, binds it to the message it was sent in, stops it.
///
/// Only [`Self::with_view`] needs the view's type; every other method runs
/// on the instance with its type erased, so it is compiled once for all
/// view types.
///
/// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
pub struct ViewHandle<V> {
    instance: Arc<Instance<V>>,
    router: Weak<RouterInner>,
    prefix: String,
}

impl<V> Clone for ViewHandle<V> {
    fn clone(&self) -> Self {
        Self {
            instance: self.instance.clone(),
            router: self.router.clone(),
            prefix: self.prefix.clone(),
        }
    }
}

impl<V: View> std::fmt::Debug for ViewHandle<V> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewHandle")
            .field("view", &V::NAME)
            .field("prefix", &self.prefix)
            .finish_non_exhaustive()
    }
}

impl<V: View> ViewHandle<V> {
    pub(crate) fn new(
        instance: Arc<Instance<V>>,
        router: Weak<RouterInner>,
        prefix: String,
    ) -> Self {
        Self {
            instance,
            router,
            prefix,
        }
    }

    /// The instance, as the router holds it.
    pub(super) fn shared(&self) -> SharedInstance {
        self.instance.clone()
    }

    /// The instance's generated custom_id prefix.
    pub(super) fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The instance, its view type erased.
    fn erased(&self) -> &Instance<dyn ErasedView> {
        &*self.instance
    }

    /// The custom_ids of this instance.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub fn custom_ids(&self) -> &CustomIds {
        &self.instance.ids
    }

    /// Renders the view's action rows with this instance's custom_ids: put
    /// them on the message you send.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub async fn components(&self) -> Vec<Component> {
        self.erased().render().await
    }

    /// [`Self::components`] with the flags they need (`IS_COMPONENTS_V2`
    /// for a layout view), for the message you send:
    /// `http.create_message(channel).view(&handle.message().await?)` with
    /// [`SendView`](crate::layout::SendView).
    ///
    /// # Errors
    ///
    /// A layout that breaks one of Discord's rules at run time.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    pub async fn message(&self) -> Result<ViewMessage, LayoutError> {
        ViewMessage::new(self.components().await, V::LAYOUT)
    }

    /// Runs `f` on the view (waiting for a running handler to finish).
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub async fn with_view<R>(&self, f: impl FnOnce(&mut V) -> R) -> R {
        let mut view = self.instance.view.lock().await;
        f(&mut view)
    }

    /// Records the message the view was sent in, so clicks on it find this
    /// instance through the bound lookup and the binding is removed when the
    /// view ends.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub fn bind(&self, message_id: Id<MessageMarker>) {
        bind(
            &self.router,
            self.instance.clone(),
            &self.prefix,
            message_id,
        );
    }

    /// Binds the view to its message (see [`Self::bind`]) and, when the view
    /// ends (timeout or [`Self::stop`]), re-renders it onto that message
    /// after `on_timeout` ran: the usual way to disable a timed-out view's
    /// buttons is to set a flag in `on_timeout` that `render` honours.
    /// The edit is made as the bot (`PATCH /channels/{c}/messages/{m}`).
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#disabling-the-buttons).
    pub fn edit_on_end(&self, channel_id: Id<ChannelMarker>, message_id: Id<MessageMarker>) {
        if let Some(life) = &self.instance.life
            && let Ok(mut target) = life.edit_on_end.lock()
        {
            *target = Some(EndEdit::Channel {
                channel_id,
                message_id,
            });
        }
        self.bind(message_id);
    }

    /// Ends the view now: later clicks get the expired message, and
    /// `on_timeout` runs once, followed by the [`Self::edit_on_end`] edit.
    ///
    /// Awaits both, after any running handler. Called from a handler of this
    /// same view (which holds the view), it only unroutes the view and
    /// returns; the rest runs as soon as that handler returns, as with
    /// [`ViewContext::stop`](crate::ViewContext::stop).
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub async fn stop(&self) {
        let instance: SharedInstance = self.instance.clone();
        instance.end(EndReason::Stopped).await;
    }

    /// Resolves when the view has ended (timed out or stopped) and its end
    /// has run: `on_timeout`, then the [`Self::edit_on_end`] edit. The
    /// counterpart of discord.py's `await view.wait()`. A view without a
    /// timeout that is never stopped never ends.
    ///
    /// Do not await it from the view's own handlers or hooks: the end runs
    /// after them, so it would wait for itself. There it logs a warning and
    /// returns at once.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#when-it-ends).
    pub async fn wait(&self) {
        wait(self.erased()).await;
    }

    /// Whether the view ended because nobody clicked it for its timeout
    /// (`false` while it runs, and when it was stopped): discord.py's
    /// `timed_out = await view.wait()` is `handle.wait().await;
    /// handle.timed_out()`.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#when-it-ends).
    pub fn timed_out(&self) -> bool {
        self.instance
            .life
            .as_ref()
            .is_some_and(super::instance::Lifetime::timed_out)
    }

    /// Whether the view timed out or was stopped.
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#when-it-ends).
    pub fn is_finished(&self) -> bool {
        self.instance
            .life
            .as_ref()
            .is_none_or(|life| life.is_finished())
    }
}

/// [`ViewHandle::bind`], for every view type.
pub(super) fn bind(
    router: &Weak<RouterInner>,
    instance: SharedInstance,
    prefix: &str,
    message_id: Id<MessageMarker>,
) {
    let Some(router) = router.upgrade() else {
        return;
    };
    let finished =
        |instance: &SharedInstance| instance.life.as_ref().is_none_or(|life| life.is_finished());
    if finished(&instance) {
        return;
    }
    if let Some(life) = &instance.life
        && let Ok(mut message) = life.message.lock()
    {
        *message = Some(message_id);
    }
    router.bound.insert(message_id, instance.clone());
    // Ended between the check above and the insert: its unrouting may
    // have missed this binding.
    if finished(&instance) {
        router
            .bound
            .remove_if(&message_id, |_, bound| bound.prefix() == Some(prefix));
    }
}

/// [`ViewHandle::wait`], for every view type.
async fn wait(instance: &Instance<dyn ErasedView>) {
    if instance.inside_own_code() {
        tracing::warn!(
            view = instance.kind.name,
            "ViewHandle::wait called from the view's own handler or hook, which the end waits \
             for: returning at once"
        );
        return;
    }
    if let Some(life) = &instance.life {
        life.ended().await;
    }
}
