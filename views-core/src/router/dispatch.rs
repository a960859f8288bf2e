//! One interaction's way through the router: **resolve** its target in one
//! lookup, in the documented order, then **run** it (the click pipeline of
//! `click.rs`, wrapped by the target's kind), then **settle** what the
//! handler asked for afterwards (`ctx.stop()`, a deleted message).
//!
//! Resolution order for a component click, each step O(1), after a click
//! on a message whose view is still being bound to it (a reply carrying a
//! view, `send.rs`) has waited for that binding:
//! 1. **bound**: the instance bound in memory to the clicked message, if
//!    the custom_id is one of its items;
//! 2. **stored**: a custom_id of a `stored_view` type on a message: the
//!    view stored for it (cached, or restored); with nothing stored, the
//!    type's unbound instance, or else an "unavailable" answer;
//! 3. **started**: a generated id, by its instance prefix (a prefix without
//!    a live instance is answered as expired);
//! 4. **unbound**: the unbound instance of the type declaring the custom_id
//!    (static ids and custom_id templates alike);
//! 5. **template**: an id with one of our template prefixes whose fields do
//!    not parse is answered as unavailable;
//! 6. **unknown**: logged and handed back, not answered.
//!
//! Modal submissions go to `modals.rs` (registered submit handlers, then
//! handlers awaiting a modal in `ctx.ask`).

use std::{any::TypeId, sync::Arc};

use tokio::time::Instant;
use tracing::{
    Instrument as _, Span,
    field::{Empty, display},
};
use twilight_model::{
    application::interaction::InteractionType,
    id::{Id, marker::MessageMarker},
};

use super::{
    DispatchOutcome, Route, RouterInner, ViewRouter,
    erased::ErasedView,
    ids,
    instance::{Instance, SharedInstance, reply_expired},
    stored::{self, StoredKind},
};
use crate::{
    OwnedInteraction, context::ViewContext, interaction::DataKind, observe, render::CustomIds,
};

/// Where a component click goes.
enum Target {
    /// An instance bound in memory to the clicked message (a view bound
    /// with `bind_in_memory`, or a started view bound to its message).
    Bound {
        instance: SharedInstance,
        index: usize,
        message_id: Id<MessageMarker>,
    },
    /// A custom_id of a `stored_view` type, on a message. Its route's type
    /// and item, not the whole route: the target is held across awaits, so
    /// each byte of it is in the click's future.
    Stored {
        type_id: TypeId,
        index: usize,
        kind: Arc<StoredKind>,
        message_id: Id<MessageMarker>,
    },
    /// A started view by its generated id, or an unbound persistent view.
    Instance {
        instance: SharedInstance,
        index: usize,
    },
    /// A generated id whose view has ended.
    Expired,
    /// One of our template prefixes with fields that do not parse.
    Unparsable {
        view: &'static str,
        template: &'static str,
        message_id: Id<MessageMarker>,
    },
    /// Nobody's: handed back.
    Unknown,
}

impl ViewRouter {
    /// Routes one interaction and, for component interactions of known
    /// views, runs the handler to completion.
    ///
    /// Never panics: interactions that are not component clicks, carry no
    /// data, or name unknown custom_ids are returned as such. Unknown
    /// custom_ids are logged at `debug` and **not answered**, since another
    /// library may own them (an id a `stored_view` type declares is not
    /// unknown: on a message with nothing stored it is answered as
    /// [`DispatchOutcome::Unavailable`]). Spawn one task per interaction to let different
    /// views run in parallel:
    /// `tokio::spawn({ let r = router.clone(); async move { r.dispatch(i).await } })`.
    ///
    /// Takes twilight-gateway's `Box<InteractionCreate>` as is
    /// (`Event::InteractionCreate(event) => router.dispatch(event)`), or an
    /// `Interaction` (see [`OwnedInteraction`]).
    ///
    /// Runs in an `info` span named `dispatch` (its fields are listed in
    /// docs/operations.md); its `shard` field stays empty: use
    /// [`Self::dispatch_from_shard`] to fill it.
    pub fn dispatch(
        &self,
        interaction: impl Into<OwnedInteraction>,
    ) -> impl Future<Output = DispatchOutcome> + Send + '_ {
        // Converted before the future is built: the future then holds a
        // pointer, not 5.8 KB copied on every move of the future and again
        // into the handler's context.
        self.dispatch_traced(interaction.into(), None)
    }

    /// [`Self::dispatch`] for an interaction that came through the gateway
    /// shard numbered `shard` (twilight-gateway's `ShardId::number`): the
    /// router cannot know the shard, so the caller names it for the
    /// dispatch span's `shard` field.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn dispatch_from_shard(
        &self,
        interaction: impl Into<OwnedInteraction>,
        shard: u32,
    ) -> impl Future<Output = DispatchOutcome> + Send + '_ {
        self.dispatch_traced(interaction.into(), Some(shard))
    }

    /// The click's future in its `dispatch` span. Not an `async fn`: the
    /// routing future goes straight into the span's wrapper, instead of
    /// being built and then moved (a copy of its whole size, on every
    /// click) into the state of one more future.
    fn dispatch_traced(
        &self,
        interaction: OwnedInteraction,
        shard: Option<u32>,
    ) -> impl Future<Output = DispatchOutcome> + Send + '_ {
        // Declared empty and recorded as they become known, so the span is
        // built once. Disabled (no subscriber, or filtered out), it is a
        // check of the level filter and every `record` is skipped.
        let span = tracing::info_span!(
            "dispatch",
            interaction = %interaction.interaction_id(),
            custom_id = Empty,
            message_id = Empty,
            shard,
            view = Empty,
            item = Empty,
            outcome = Empty,
            latency_us = Empty,
        );
        self.dispatch_measured(interaction, span.clone())
            .instrument(span)
    }

    /// Routes the interaction; once it is done, records the outcome and
    /// the latency on the span and in the metrics.
    async fn dispatch_measured(
        &self,
        interaction: OwnedInteraction,
        span: Span,
    ) -> DispatchOutcome {
        let arrived = Instant::now();
        let outcome = self.dispatch_owned(interaction, arrived, &span).await;
        if !span.is_disabled() {
            record_outcome(&span, &outcome, arrived);
        }
        observe::dispatched(outcome.name());
        outcome
    }

    async fn dispatch_owned(
        &self,
        interaction: OwnedInteraction,
        arrived: Instant,
        span: &Span,
    ) -> DispatchOutcome {
        let settings = &self.inner.settings;
        // Everything here reads the routing fields (`OwnedInteraction`'s
        // accessors), never the parsed interaction: a click read from the
        // raw frame is routed without its full parse.
        let message_id = interaction.message_id();
        if !span.is_disabled()
            && let Some(message_id) = message_id
        {
            span.record("message_id", display(message_id));
        }
        let kind = interaction.interaction_kind();
        if kind == InteractionType::ModalSubmit {
            let custom_id = interaction.data_custom_id();
            if !span.is_disabled() {
                span.record("custom_id", custom_id);
            }
            // A modal opened from a view's message whose custom_id is one of
            // that view's items: the view handles it, with its state.
            if message_id.is_some() && self.inner.handles_submission(custom_id, message_id) {
                return self.dispatch_to_item(interaction, arrived).await;
            }
            let ctx = self.click_context(interaction, None, CustomIds::Declared, arrived);
            return self
                .inner
                .modals
                .dispatch(
                    ctx,
                    &settings.links.awaited,
                    &settings.notices,
                    arrived + settings.auto_defer_after,
                )
                .await;
        }
        if kind != InteractionType::MessageComponent {
            return DispatchOutcome::NotComponent { interaction };
        }
        match interaction.data_kind() {
            DataKind::MessageComponent => {}
            DataKind::Missing => {
                tracing::warn!(id = %interaction.interaction_id(), "component interaction without data");
                return DispatchOutcome::Malformed {
                    reason: "component interaction carries no data",
                };
            }
            DataKind::ModalSubmit | DataKind::Other => {
                tracing::warn!(id = %interaction.interaction_id(), "component interaction with non-component data");
                return DispatchOutcome::Malformed {
                    reason: "component interaction carries data of another interaction type",
                };
            }
        }
        if !span.is_disabled() {
            span.record("custom_id", interaction.data_custom_id());
        }
        self.dispatch_to_item(interaction, arrived).await
    }

    /// Resolves the item the interaction's custom_id names (a click's, or
    /// a modal submission's that a view handles) and runs it.
    async fn dispatch_to_item(
        &self,
        interaction: OwnedInteraction,
        arrived: Instant,
    ) -> DispatchOutcome {
        let settings = &self.inner.settings;
        let message_id = interaction.message_id();
        // A click on a message a reply just created, whose view is still
        // being bound to it: wait for the binding (see `pending.rs`).
        if let Some(origin) = interaction.origin_interaction_id() {
            self.inner
                .pending
                .wait(origin, arrived + settings.auto_defer_after)
                .await;
        }
        // The context reads the custom_id from the interaction: no copy.
        match self.inner.resolve(interaction.data_custom_id(), message_id) {
            Target::Bound {
                instance,
                index,
                message_id,
            } => {
                let ctx = self.click_context(interaction, None, ids_of(&instance), arrived);
                let outcome = Arc::clone(&instance)
                    .run(index, ctx.clone(), settings.clone(), arrived)
                    .await;
                if ctx.saw_unknown_message() {
                    self.forget_deleted(message_id).await;
                } else if ctx.stop_requested() && instance.prefix().is_none() {
                    // `ctx.stop()` on a view bound in memory: unbind it (a
                    // started view has ended itself).
                    self.inner
                        .bound
                        .remove_if(&message_id, |_, bound| Arc::ptr_eq(bound, &instance));
                }
                outcome
            }
            Target::Stored {
                type_id,
                index,
                kind,
                message_id,
            } => {
                let ctx = self.click_context(interaction, None, CustomIds::Declared, arrived);
                let name = kind.name;
                let Some(outcome) = self
                    .inner
                    .dispatch_stored(message_id, index, kind, &ctx, arrived)
                    .await
                else {
                    // Boxed: a rare path, whose future would otherwise
                    // grow every click's.
                    let unbound = self
                        .run_unbound_or_unavailable(type_id, index, ctx, arrived, message_id, name);
                    return Box::pin(unbound).await;
                };
                if ctx.saw_unknown_message() {
                    self.forget_deleted(message_id).await;
                } else if ctx.stop_requested() {
                    self.stop_stored(message_id, name, &outcome).await;
                }
                outcome
            }
            Target::Instance { instance, index } => {
                let unbound = instance.prefix().is_none();
                let ctx = self.click_context(interaction, None, ids_of(&instance), arrived);
                let outcome = instance
                    .run(index, ctx.clone(), settings.clone(), arrived)
                    .await;
                if ctx.stop_requested() && unbound {
                    warn_unbound_stop(&outcome);
                }
                outcome
            }
            Target::Expired => {
                let custom_id = interaction.data_custom_id().to_owned();
                tracing::debug!(custom_id, "click on an expired view");
                let ctx = self.click_context(interaction, None, CustomIds::Declared, arrived);
                reply_expired(&ctx, settings).await;
                DispatchOutcome::Expired { custom_id }
            }
            Target::Unparsable {
                view,
                template,
                message_id,
            } => {
                // An id from an older release, or a forged one: ours to
                // answer, or the user sees "This interaction failed".
                let reason = format!(
                    "custom_id {:?} has the prefix of the template {template:?}, \
                     but its fields do not parse",
                    interaction.data_custom_id()
                );
                let ctx = self.click_context(interaction, None, CustomIds::Declared, arrived);
                stored::unavailable(&ctx, settings, view, message_id, reason).await
            }
            Target::Unknown => {
                let custom_id = interaction.data_custom_id().to_owned();
                tracing::debug!(custom_id, "no view owns this custom_id; left unanswered");
                DispatchOutcome::UnknownCustomId {
                    custom_id,
                    interaction,
                }
            }
        }
    }

    /// Runs the unbound instance of a stored view's type, if there is one.
    /// Otherwise the click is on a message with no record of that view: it
    /// came before `bind` finished, or the record was deleted. The id is
    /// one the view declares, so the click is ours: answer it, or Discord
    /// shows "This interaction failed".
    async fn run_unbound_or_unavailable(
        &self,
        type_id: TypeId,
        index: usize,
        ctx: ViewContext,
        arrived: Instant,
        message_id: Id<MessageMarker>,
        view: &'static str,
    ) -> DispatchOutcome {
        let instance = self.inner.unbound.get(&type_id).map(|entry| entry.clone());
        match instance {
            Some(instance) => {
                let outcome = instance
                    .run(index, ctx.clone(), self.inner.settings.clone(), arrived)
                    .await;
                if ctx.stop_requested() {
                    warn_unbound_stop(&outcome);
                }
                outcome
            }
            None => {
                let reason = format!(
                    "the message has no stored `{view}` (not bound yet, or its record was deleted) \
                     and the view has no unbound instance"
                );
                stored::unavailable(&ctx, &self.inner.settings, view, message_id, reason).await
            }
        }
    }

    /// `ctx.stop()` in a stored view's handler. Only a handled click ends
    /// the view: then its state is saved and its reply sent, and the record
    /// is deleted. A click whose state was not saved (or whose handler
    /// failed) changed nothing, so it does not delete anything either.
    async fn stop_stored(
        &self,
        message_id: Id<MessageMarker>,
        view: &'static str,
        outcome: &DispatchOutcome,
    ) {
        if !outcome.is_handled() {
            tracing::warn!(
                view,
                %message_id,
                ?outcome,
                "ctx.stop() ignored: the click did not complete, so the view stays bound"
            );
            return;
        }
        match self.unbind(message_id).await {
            Ok(_) => {
                tracing::debug!(view, %message_id, "stored view stopped by its handler; unbound")
            }
            Err(error) => tracing::error!(
                view,
                %message_id,
                %error,
                "ctx.stop(): could not unbind the stored view; it stays bound"
            ),
        }
    }

    /// Discord said the bound message is gone: forget its view.
    async fn forget_deleted(&self, message_id: Id<MessageMarker>) {
        tracing::info!(%message_id, "the bound message no longer exists (Unknown Message); unbinding its view");
        self.message_deleted(message_id).await;
    }

    /// A context for `interaction`, whose custom_id is `custom_id`, or the
    /// interaction's own when `None`.
    pub(super) fn click_context(
        &self,
        interaction: OwnedInteraction,
        custom_id: Option<String>,
        ids: CustomIds,
        arrived: Instant,
    ) -> ViewContext {
        let settings = &self.inner.settings;
        ViewContext::linked(interaction, custom_id, ids, settings.links.clone(), arrived)
    }
}

/// Records what came of a dispatch on its span, and ends it with a
/// `debug` event carrying every field (the line to read in a log).
fn record_outcome(span: &Span, outcome: &DispatchOutcome, arrived: Instant) {
    span.record("outcome", outcome.name());
    if let Some((view, item)) = outcome.view_and_item() {
        span.record("view", view);
        if let Some(item) = item {
            span.record("item", item);
        }
    }
    let latency = u64::try_from(arrived.elapsed().as_micros()).unwrap_or(u64::MAX);
    span.record("latency_us", latency);
    tracing::debug!(parent: span, "dispatched");
}

/// The custom_ids a context of `instance` re-renders with.
fn ids_of(instance: &SharedInstance) -> CustomIds {
    instance
        .prefix()
        .map_or(CustomIds::Declared, |prefix| CustomIds::Instance {
            prefix: prefix.to_owned(),
        })
}

/// `ctx.stop()` in a handler of an unbound persistent view, which serves
/// every message carrying its ids: one click does not end it.
fn warn_unbound_stop(outcome: &DispatchOutcome) {
    if let DispatchOutcome::Handled { view, item } | DispatchOutcome::Failed { view, item, .. } =
        outcome
    {
        tracing::warn!(
            view,
            item,
            "ctx.stop() has no effect on an unbound persistent view (it serves every message); \
             use ViewRouter::remove_view"
        );
    }
}

impl RouterInner {
    /// The target of a click on `custom_id` (on `message_id`), in the
    /// order the module's documentation gives.
    fn resolve(&self, custom_id: &str, message_id: Option<Id<MessageMarker>>) -> Target {
        if let Some(message_id) = message_id {
            if let Some(instance) = self.bound_instance(message_id)
                && let Some(index) = self.item_of(instance.as_ref(), custom_id)
            {
                return Target::Bound {
                    instance,
                    index,
                    message_id,
                };
            }
            if let Some(route) = self.declared_route(custom_id)
                && let Some(kind) = self.stored.get(&route.type_id).cloned()
            {
                return Target::Stored {
                    type_id: route.type_id,
                    index: route.index,
                    kind,
                    message_id,
                };
            }
        }
        match self.lookup(custom_id) {
            Target::Unknown => match (message_id, self.templates.find(custom_id)) {
                (Some(message_id), Some(template)) => Target::Unparsable {
                    view: template.owner.view,
                    template: template.template,
                    message_id,
                },
                _ => Target::Unknown,
            },
            target => target,
        }
    }

    /// Whether a modal submitted with `custom_id` from `message_id` goes to
    /// an item of the message's view that handles submissions
    /// (`item::MODAL_SUBMIT`). A modal may share its custom_id with the
    /// button that opens it: that button does not handle the submission,
    /// the modal's registered handler does.
    fn handles_submission(&self, custom_id: &str, message_id: Option<Id<MessageMarker>>) -> bool {
        let item = match self.resolve(custom_id, message_id) {
            Target::Bound {
                instance, index, ..
            }
            | Target::Instance { instance, index } => instance.kind.item(index),
            Target::Stored { index, kind, .. } => kind.view.item(index),
            Target::Expired | Target::Unparsable { .. } | Target::Unknown => None,
        };
        item.is_some_and(|item| item.component_type == crate::item::MODAL_SUBMIT)
    }

    /// Steps 3 and 4: started and unbound instances.
    fn lookup(&self, custom_id: &str) -> Target {
        if let Some((prefix, index)) = ids::parse(custom_id) {
            return match self.started.get(prefix) {
                Some(instance) => Target::Instance {
                    instance: instance.clone(),
                    index,
                },
                None => Target::Expired,
            };
        }
        let Some(route) = self.declared_route(custom_id) else {
            return Target::Unknown;
        };
        match self.unbound.get(&route.type_id) {
            Some(instance) => Target::Instance {
                instance: instance.clone(),
                index: route.index,
            },
            None => {
                tracing::warn!(
                    custom_id,
                    view = route.owner.view,
                    "custom_id of a registered view that has no unbound instance and none bound to this message; \
                     call `add_view` or `bind`"
                );
                Target::Unknown
            }
        }
    }

    /// The route of a declared custom_id: a static one, or a dynamic item's
    /// template matching it whole.
    fn declared_route(&self, custom_id: &str) -> Option<Route> {
        self.routes
            .get(custom_id)
            .copied()
            .or_else(|| self.template_route(custom_id))
    }

    /// The route of the dynamic item whose template matches the whole
    /// `custom_id` with every field parsing (a prefix match alone is not
    /// enough: the id is then unknown).
    fn template_route(&self, custom_id: &str) -> Option<Route> {
        if self.templates.is_empty() {
            return None;
        }
        let template = self.templates.find(custom_id)?;
        if !(template.matches)(custom_id) {
            tracing::debug!(
                custom_id,
                template = template.template,
                "custom_id has a template's prefix but does not match it"
            );
            return None;
        }
        Some(Route {
            type_id: template.type_id,
            index: template.index,
            owner: template.owner,
        })
    }

    /// The instance bound in memory to `message_id`.
    fn bound_instance(&self, message_id: Id<MessageMarker>) -> Option<SharedInstance> {
        self.bound.get(&message_id).map(|entry| entry.clone())
    }

    /// The item index of `custom_id` within `instance`, if it belongs there.
    fn item_of(&self, instance: &Instance<dyn ErasedView>, custom_id: &str) -> Option<usize> {
        match instance.prefix() {
            Some(own) => ids::parse(custom_id)
                .filter(|(prefix, _)| *prefix == own)
                .map(|(_, index)| index),
            None => self
                .declared_route(custom_id)
                .filter(|route| route.type_id == instance.kind.type_id)
                .map(|route| route.index),
        }
    }
}
