//! The reply methods of [`ViewContext`]. Each hands its reply to the
//! context's responder, which tracks what was already sent, so a handler
//! never has to know whether the router acknowledged the interaction for
//! it, and holds replies while a stored view's new state is not yet saved.

use twilight_model::http::interaction::InteractionResponseData;

use super::ViewContext;
use crate::{
    error::{ViewError, ViewErrorKind, ViewResult},
    item::AutoDefer,
    reply::Reply,
    view::View,
};

impl ViewContext {
    /// Whether the interaction has been acknowledged (by the handler or by
    /// the router's auto-defer).
    /// Replies a stored view's mutating handler made count: they are sent
    /// once its state is saved.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn is_answered(&self) -> bool {
        self.inner.responder.is_answered().await
    }

    /// Replies with a message. The first reply is the interaction callback
    /// (type 4); after a deferred reply it edits the "thinking…" message;
    /// after any other answer it becomes a follow-up.
    ///
    /// In a `&mut self` handler of a view bound with a store, this (like
    /// every reply method) is held and returns `Ok` at once; the router
    /// sends it after the new state was saved (`docs/persistence.md`).
    pub async fn respond(&self, reply: impl Into<Reply>) -> ViewResult {
        let (responder, target) = self.responder();
        responder.respond(target, reply.into()).await
    }

    /// [`Self::respond`] with a reply only the clicking user sees.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn respond_ephemeral(&self, reply: impl Into<Reply>) -> ViewResult {
        self.respond(reply.into().ephemeral(true)).await
    }

    /// Edits the message the component is on (type 7), e.g. with a
    /// re-rendered view. After a deferred update (type 6) or an earlier
    /// update it edits `@original`, which is that message.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn update(&self, reply: impl Into<Reply>) -> ViewResult {
        let (responder, target) = self.responder();
        responder.update(target, reply.into()).await
    }

    /// Re-renders `view` with this interaction's custom_ids and puts the
    /// components on the component's message (see [`Self::update`]). A
    /// layout view's message is sent with `IS_COMPONENTS_V2`.
    ///
    /// # Errors
    ///
    /// As [`Self::update`]; and, before anything is sent, a dynamic item's
    /// custom_id too long ([`ViewErrorKind::Request`]) or a layout that
    /// breaks Discord's rules at run time ([`ViewErrorKind::Layout`], e.g.
    /// a text from the view's state longer than a message allows).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn update_view<V: View>(&self, view: &V) -> ViewResult {
        let components = view.render(self.custom_ids());
        // A dynamic item's id can outgrow Discord's limit at run time:
        // refuse it here rather than send a payload Discord rejects.
        crate::template::check_components(&components)
            .map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
        let reply = if V::LAYOUT {
            Reply::new().layout(components)
        } else {
            Reply::new().components(components)
        };
        self.update(reply).await
    }

    /// Acknowledges with a deferred reply (type 5, "thinking…"); the next
    /// [`Self::respond`] replaces it. Does nothing if already acknowledged.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn defer(&self) -> ViewResult {
        let (responder, target) = self.responder();
        responder.defer(target, false).await
    }

    /// [`Self::defer`] with an ephemeral "thinking…" and reply.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn defer_ephemeral(&self) -> ViewResult {
        let (responder, target) = self.responder();
        responder.defer(target, true).await
    }

    /// Acknowledges without any visible change (type 6); later
    /// [`Self::update`] calls edit the component's message. Does nothing if
    /// already acknowledged.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn defer_update(&self) -> ViewResult {
        let (responder, target) = self.responder();
        responder.defer_update(target).await
    }

    /// Sends a follow-up message (the interaction must be acknowledged).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn followup(&self, reply: impl Into<Reply>) -> ViewResult {
        let (responder, target) = self.responder();
        responder.followup(target, reply.into()).await
    }

    /// Edits `@original`: the reply, or the component's message after an
    /// update or deferred update.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn edit_original(&self, reply: impl Into<Reply>) -> ViewResult {
        let (responder, target) = self.responder();
        responder.edit_original(target, reply.into()).await
    }

    /// Deletes `@original`.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub async fn delete_original(&self) -> ViewResult {
        let (responder, target) = self.responder();
        responder.delete_original(target).await
    }

    /// Sends the router's error apology ephemerally (what the default
    /// `on_error` does after logging).
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#when-a-handler-fails-on_error).
    pub async fn apologise(&self) -> ViewResult {
        let message = self.inner.links.error_message.to_string();
        self.respond_ephemeral(message).await
    }

    /// Opens a modal with `data` as the interaction's first answer.
    pub(crate) async fn open_modal_with(&self, data: InteractionResponseData) -> ViewResult {
        let (responder, target) = self.responder();
        responder.open_modal(target, data).await
    }

    /// The router's auto-defer: acknowledges per `mode` only if nothing was
    /// sent yet. Returns whether it sent something.
    pub(crate) async fn auto_defer(&self, mode: AutoDefer) -> ViewResult<bool> {
        let (responder, target) = self.responder();
        responder.auto_defer(target, mode).await
    }

    /// The router's auto-defer at its deadline: acknowledges per `mode`
    /// unless something answered first, and says so in the metrics and logs.
    pub(crate) async fn defer_slow(&self, mode: AutoDefer) {
        match self.auto_defer(mode).await {
            Ok(true) => {
                crate::observe::auto_deferred(crate::observe::AutoDeferReason::Deadline);
                tracing::debug!(
                    custom_id = self.custom_id(),
                    ?mode,
                    "auto-deferred a slow handler"
                );
            }
            Ok(false) => {}
            Err(error) => tracing::warn!(custom_id = self.custom_id(), %error, "auto-defer failed"),
        }
    }

    /// How a slow modal submission is acknowledged: one from a message's
    /// component may get a deferred update of that message (the user sees
    /// nothing); one a slash command opened has no message, so only a
    /// deferred reply (public "thinking…") is valid.
    pub(crate) fn submission_defer_mode(&self) -> AutoDefer {
        if self.message_id().is_some() {
            AutoDefer::Update
        } else {
            AutoDefer::Reply
        }
    }

    /// Starts holding replies (before a mutating handler of a stored view).
    pub(crate) fn start_holding(&self) {
        self.inner.responder.start_holding();
    }

    /// Stops holding and forgets the held replies.
    pub(crate) fn discard_held(&self) {
        self.inner.responder.discard_held();
    }

    /// Stops holding and sends the held replies in order.
    pub(crate) async fn flush_held(&self) -> ViewResult {
        let (responder, target) = self.responder();
        responder.flush_held(target).await
    }

    /// Whether an edit of the component's message failed with "Unknown
    /// Message" (10008): the message was deleted.
    pub(crate) fn saw_unknown_message(&self) -> bool {
        self.inner.responder.saw_unknown_message()
    }
}
