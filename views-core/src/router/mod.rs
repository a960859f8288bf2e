//! [`ViewRouter`]: routes component interactions to view handlers.
//!
//! Lookup for one click, each step O(1):
//! 1. the instance bound in memory to the interaction's message (if the
//!    custom_id is one of its items);
//! 2. for a custom_id of a view type registered with `stored_view`: the view
//!    stored for the message (cached, or restored from the store); with
//!    nothing stored, the type's unbound instance, or else an "unavailable"
//!    answer (the click came before `bind` returned, or after `unbind`);
//! 3. a started non-persistent instance, by the prefix of its generated id
//!    (a generated id without a live instance is answered as expired);
//! 4. the unbound instance of the view type that declares the custom_id;
//! 5. otherwise the custom_id is unknown: logged and returned, not answered.

mod builder;
mod cache;
mod click;
mod error;
mod handle;
mod ids;
mod instance;
mod modals;
pub(crate) mod notices;
mod outcome;
mod restore;
mod stored;
mod templates;

use std::{any::TypeId, collections::HashMap, sync::Arc, time::Duration};

use dashmap::DashMap;
use serde::{Serialize, de::DeserializeOwned};
use tokio::time::Instant;
use twilight_http::Client;
use twilight_model::{
    application::interaction::{InteractionData, InteractionType},
    id::{
        Id,
        marker::{ApplicationMarker, MessageMarker},
    },
};

pub use self::{
    builder::{
        DEFAULT_AUTO_DEFER_AFTER, DEFAULT_LEASE_TIMEOUT, DEFAULT_STORE_TIMEOUT, MAX_ROUTER_DELAY,
        ViewRouterBuilder,
    },
    cache::DEFAULT_CACHE_CAPACITY,
    error::{ItemOwner, RouterError, RouterErrorKind},
    handle::ViewHandle,
    ids::INSTANCE_PREFIX,
    notices::{
        DEFAULT_EXPIRED_MESSAGE, DEFAULT_NOT_SAVED_MESSAGE, DEFAULT_REJECTED_MESSAGE,
        DEFAULT_UNAVAILABLE_MESSAGE, Notices,
    },
    outcome::DispatchOutcome,
    restore::{RestoreFailure, RestoreReport},
    stored::MigrationError,
};
use self::{
    cache::Cache,
    ids::IdGenerator,
    instance::{ErasedInstance, Instance, reply_expired},
    stored::{StoredInstance, StoredKind},
};
use crate::{
    OwnedInteraction,
    context::ViewContext,
    id_hash::IdHashBuilder,
    render::CustomIds,
    store::ViewStore,
    view::{SourceLocation, View},
};

/// Settings shared by every dispatch.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) http: Arc<Client>,
    /// What every context of this router shares with it (its client and
    /// application, the apology, how replies leave, awaited modals).
    pub(crate) links: crate::context::RouterLinks,
    pub(crate) auto_defer_after: Duration,
    pub(crate) lease_timeout: Duration,
    pub(crate) store_timeout: Duration,
    pub(crate) notices: Notices,
}

/// Where a declared custom_id leads.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Route {
    type_id: TypeId,
    index: usize,
    owner: ItemOwner,
}

type SharedInstance = Arc<dyn ErasedInstance>;

pub(crate) struct RouterInner {
    settings: Arc<Settings>,
    /// Declared custom_ids of registered persistent views; read-only after
    /// `build`.
    routes: HashMap<&'static str, Route>,
    /// Registered view types.
    registered: HashMap<TypeId, (&'static str, SourceLocation)>,
    /// One shared instance per unbound persistent view type.
    unbound: DashMap<TypeId, SharedInstance, IdHashBuilder>,
    /// Instances bound to a message in memory only (`bind_in_memory`,
    /// `ViewHandle::bind`).
    bound: DashMap<Id<MessageMarker>, SharedInstance, IdHashBuilder>,
    /// Started non-persistent instances, by generated prefix.
    started: DashMap<String, SharedInstance>,
    ids: IdGenerator,
    /// Where stored bound views live.
    store: Arc<dyn ViewStore>,
    /// Stored bound views in memory, bounded.
    cache: Cache,
    /// Kinds registered with `stored_view`, by type and by name.
    stored: HashMap<TypeId, Arc<StoredKind>, IdHashBuilder>,
    stored_by_name: HashMap<&'static str, Arc<StoredKind>>,
    /// Dynamic items of the registered views, by template prefix.
    templates: templates::TemplateIndex,
    /// Modal submit handlers, by modal custom_id.
    modals: modals::ModalRegistry,
}

/// Routes message-component interactions to the views that own them.
///
/// Cheap to clone (one `Arc`); share it between the event loop and the code
/// that sends views.
///
/// ```no_run
/// # async fn example(http: std::sync::Arc<twilight_http::Client>,
/// #     interaction: twilight_model::application::interaction::Interaction)
/// #     -> Result<(), views_core::RouterError> {
/// use twilight_model::id::Id;
/// use views_core::ViewRouter;
///
/// let router = ViewRouter::builder(http, Id::new(1)).build()?;
/// let outcome = router.dispatch(interaction).await;
/// println!("{outcome:?}");
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct ViewRouter {
    inner: Arc<RouterInner>,
}

impl std::fmt::Debug for ViewRouter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewRouter")
            .field("custom_ids", &self.inner.routes.len())
            .field("unbound", &self.inner.unbound.len())
            .field("bound", &self.inner.bound.len())
            .field("cached", &self.inner.cache.len())
            .field("store", &self.inner.store.backend())
            .field("started", &self.inner.started.len())
            .finish_non_exhaustive()
    }
}

static_assertions::assert_impl_all!(ViewRouter: Send, Sync, Clone);

/// What the lookup found for a custom_id.
enum Target {
    Instance(SharedInstance, usize),
    Expired,
    Unknown,
}

impl ViewRouter {
    /// Starts building a router that replies through `http` as
    /// `application_id`.
    pub fn builder(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> ViewRouterBuilder {
        ViewRouterBuilder::new(http, application_id)
    }

    fn check_persistent<V: View>(&self) -> Result<(), RouterError> {
        if !V::PERSISTENT {
            return Err(RouterError::new(RouterErrorKind::NotPersistent {
                view: V::NAME,
                defined_at: V::DEFINED_AT,
            }));
        }
        if !self.inner.registered.contains_key(&TypeId::of::<V>()) {
            return Err(RouterError::new(RouterErrorKind::NotRegistered {
                view: V::NAME,
                defined_at: V::DEFINED_AT,
            }));
        }
        Ok(())
    }

    /// Adds `view` as the unbound instance of its type: it serves every
    /// message carrying its custom_ids that has no bound view (discord.py's
    /// `add_view(view)`). Replaces an earlier unbound instance of the type.
    ///
    /// # Errors
    ///
    /// `V` is not persistent, or not registered with the builder.
    pub fn add_view<V: View>(&self, view: V) -> Result<(), RouterError> {
        self.check_persistent::<V>()?;
        self.inner
            .unbound
            .insert(TypeId::of::<V>(), Arc::new(Instance::persistent(view)));
        Ok(())
    }

    /// Removes the unbound instance of `V`; `true` if there was one. Its
    /// custom_ids become unknown again (bound instances are kept).
    pub fn remove_view<V: View>(&self) -> bool {
        self.inner.unbound.remove(&TypeId::of::<V>()).is_some()
    }

    /// Binds `view` to one message and saves it in the router's store:
    /// clicks on that message go to this instance before any unbound view
    /// (discord.py's `add_view(view, message_id=...)`), its state is saved
    /// after every `&mut self` handler that changed it, and after a restart
    /// the first click on the message restores it from the store. Replaces
    /// an earlier binding. Returns once the view is stored.
    ///
    /// # Errors
    ///
    /// `V` is not persistent (start it and use [`ViewHandle::bind`]), not
    /// registered with [`ViewRouterBuilder::stored_view`]
    /// (`RouterErrorKind::NotStored`), its state does not serialise, or the
    /// store failed.
    pub async fn bind<V: View + Serialize + DeserializeOwned>(
        &self,
        message_id: Id<MessageMarker>,
        view: V,
    ) -> Result<(), RouterError> {
        self.check_persistent::<V>()?;
        if !self.inner.stored.contains_key(&TypeId::of::<V>()) {
            return Err(RouterError::new(RouterErrorKind::NotStored {
                view: V::NAME,
                defined_at: V::DEFINED_AT,
            }));
        }
        let state = serde_json::to_vec(&view).map_err(|error| {
            RouterError::with_source(RouterErrorKind::Serialize { view: V::NAME }, error)
        })?;
        let stored = self
            .inner
            .store
            .upsert(message_id.get(), V::NAME, state)
            .await
            .map_err(|error| {
                RouterError::with_source(
                    RouterErrorKind::Store {
                        view: Some(V::NAME),
                        message_id: message_id.get(),
                    },
                    error,
                )
            })?;
        // An in-memory binding of the message would shadow this one.
        self.inner.bound.remove(&message_id);
        self.inner.cache.insert(
            message_id,
            Arc::new(StoredInstance::new(view, stored.version)),
        );
        Ok(())
    }

    /// Binds `view` to one message in memory only: nothing is stored, the
    /// binding ends with the process (the view type needs no serde). Clicks
    /// on the message go to this instance first. Replaces an earlier
    /// in-memory binding.
    ///
    /// # Errors
    ///
    /// `V` is not persistent, or not registered with the builder.
    pub fn bind_in_memory<V: View>(
        &self,
        message_id: Id<MessageMarker>,
        view: V,
    ) -> Result<(), RouterError> {
        self.check_persistent::<V>()?;
        self.inner
            .bound
            .insert(message_id, Arc::new(Instance::persistent(view)));
        Ok(())
    }

    /// Removes the view bound to `message_id`, from memory and from the
    /// store; `true` if there was one.
    ///
    /// # Errors
    ///
    /// Deleting from the store failed (the in-memory binding is gone
    /// anyway).
    pub async fn unbind(&self, message_id: Id<MessageMarker>) -> Result<bool, RouterError> {
        let in_memory = self.inner.bound.remove(&message_id).is_some();
        let cached = self.inner.cache.remove(message_id).is_some();
        let stored = self
            .inner
            .store
            .delete(message_id.get())
            .await
            .map_err(|error| {
                RouterError::with_source(
                    RouterErrorKind::Store {
                        view: None,
                        message_id: message_id.get(),
                    },
                    error,
                )
            })?;
        Ok(in_memory || cached || stored)
    }

    /// Call on MESSAGE_DELETE (and MESSAGE_DELETE_BULK, per id): forgets
    /// the view bound to the deleted message, in memory and in the store.
    /// Returns whether there was one; a store failure is logged.
    pub async fn message_deleted(&self, message_id: Id<MessageMarker>) -> bool {
        match self.unbind(message_id).await {
            Ok(found) => found,
            Err(error) => {
                tracing::error!(%message_id, %error, "could not forget the view of a deleted message");
                true
            }
        }
    }

    /// Whether a view bound to `message_id` is in memory (bound in memory,
    /// or a stored view in the cache). A stored view evicted from the cache
    /// (or not yet restored after a restart) is not: ask
    /// [`Self::store`] for those.
    pub fn is_bound(&self, message_id: Id<MessageMarker>) -> bool {
        self.inner.bound.contains_key(&message_id) || self.inner.cache.contains(message_id)
    }

    /// The store bound views are kept in.
    pub fn store(&self) -> &Arc<dyn ViewStore> {
        &self.inner.store
    }

    /// How many stored bound views are in memory now (at most the cache
    /// capacity).
    pub fn cached_views(&self) -> usize {
        self.inner.cache.len()
    }

    /// Starts a non-persistent view: its items get custom_ids unique to this
    /// instance (render them with [`ViewHandle::components`]), and it ends
    /// after `V::TIMEOUT` without clicks or on [`ViewHandle::stop`], running
    /// `on_timeout` once. Call it inside a tokio runtime: the expiry timer is
    /// a task (outside one, the view is logged and never times out).
    pub fn start<V: View>(&self, view: V) -> ViewHandle<V> {
        let prefix = self.inner.ids.next();
        let instance = Arc::new(Instance::started(
            view,
            prefix.clone(),
            Arc::downgrade(&self.inner),
        ));
        self.inner.started.insert(prefix.clone(), instance.clone());
        if let Some(timeout) = V::TIMEOUT {
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(instance::expire_after(instance.clone(), timeout));
                }
                Err(_) => tracing::warn!(
                    view = V::NAME,
                    "ViewRouter::start called outside a tokio runtime: the view will not time out"
                ),
            }
        }
        ViewHandle::new(instance, Arc::downgrade(&self.inner), prefix)
    }

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
    pub fn dispatch(
        &self,
        interaction: impl Into<OwnedInteraction>,
    ) -> impl Future<Output = DispatchOutcome> + Send + '_ {
        // Converted before the future is built: the future then holds a
        // pointer, not 5.8 KB copied on every move of the future and again
        // into the handler's context.
        self.dispatch_owned(interaction.into())
    }

    async fn dispatch_owned(&self, interaction: OwnedInteraction) -> DispatchOutcome {
        let arrived = Instant::now();
        if interaction.kind == InteractionType::ModalSubmit {
            let custom_id = modals::submitted_custom_id(&interaction);
            let ctx = self.context(interaction, custom_id, CustomIds::Declared);
            return self
                .inner
                .modals
                .dispatch(
                    ctx,
                    &self.inner.settings.links.awaited,
                    &self.inner.settings.notices,
                )
                .await;
        }
        if interaction.kind != InteractionType::MessageComponent {
            return DispatchOutcome::NotComponent { interaction };
        }
        let custom_id = match &interaction.data {
            Some(InteractionData::MessageComponent(data)) => data.custom_id.clone(),
            Some(_) => {
                tracing::warn!(id = %interaction.id, "component interaction with non-component data");
                return DispatchOutcome::Malformed {
                    reason: "component interaction carries data of another interaction type",
                };
            }
            None => {
                tracing::warn!(id = %interaction.id, "component interaction without data");
                return DispatchOutcome::Malformed {
                    reason: "component interaction carries no data",
                };
            }
        };
        let message_id = interaction.message.as_ref().map(|message| message.id);
        let settings = &self.inner.settings;
        if let Some(message_id) = message_id {
            if let Some(instance) = self.inner.bound_instance(message_id)
                && let Some(index) = self.inner.item_of(instance.as_ref(), &custom_id)
            {
                let ids =
                    instance
                        .prefix()
                        .map_or(CustomIds::Declared, |prefix| CustomIds::Instance {
                            prefix: prefix.to_owned(),
                        });
                let ctx = self.context(interaction, custom_id, ids);
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
                return outcome;
            }
            if let Some(route) = self
                .inner
                .routes
                .get(custom_id.as_str())
                .copied()
                .or_else(|| self.inner.template_route(&custom_id))
                && let Some(kind) = self.inner.stored.get(&route.type_id).cloned()
            {
                let ctx = self.context(interaction, custom_id, CustomIds::Declared);
                let name = kind.name;
                if let Some(outcome) = self
                    .inner
                    .dispatch_stored(message_id, route, kind, &ctx, arrived)
                    .await
                {
                    if ctx.saw_unknown_message() {
                        self.forget_deleted(message_id).await;
                    } else if ctx.stop_requested() {
                        self.stop_stored(message_id, name, &outcome).await;
                    }
                    return outcome;
                }
                return self
                    .run_unbound_or_unavailable(route, ctx, arrived, message_id, name)
                    .await;
            }
        }
        match self.inner.lookup(&custom_id) {
            Target::Instance(instance, index) => {
                let ids =
                    instance
                        .prefix()
                        .map_or(CustomIds::Declared, |prefix| CustomIds::Instance {
                            prefix: prefix.to_owned(),
                        });
                let unbound = instance.prefix().is_none();
                let ctx = self.context(interaction, custom_id, ids);
                let outcome = instance
                    .run(index, ctx.clone(), settings.clone(), arrived)
                    .await;
                if ctx.stop_requested() && unbound {
                    warn_unbound_stop(&outcome);
                }
                outcome
            }
            Target::Expired => {
                tracing::debug!(custom_id, "click on an expired view");
                let ctx = self.context(interaction, custom_id.clone(), CustomIds::Declared);
                reply_expired(&ctx, settings).await;
                DispatchOutcome::Expired { custom_id }
            }
            Target::Unknown => {
                if let (Some(message_id), Some(template)) =
                    (message_id, self.inner.templates.find(&custom_id))
                {
                    // One of our dynamic items' prefixes, with fields that do
                    // not parse (an id from an older release, or a forged
                    // one): ours to answer, or the user sees "This
                    // interaction failed".
                    let view = template.owner.view;
                    let reason = format!(
                        "custom_id {custom_id:?} has the prefix of the template {:?}, \
                         but its fields do not parse",
                        template.template
                    );
                    let ctx = self.context(interaction, custom_id, CustomIds::Declared);
                    return stored::unavailable(&ctx, settings, view, message_id, reason).await;
                }
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
        route: Route,
        ctx: ViewContext,
        arrived: Instant,
        message_id: Id<MessageMarker>,
        view: &'static str,
    ) -> DispatchOutcome {
        let instance = self
            .inner
            .unbound
            .get(&route.type_id)
            .map(|entry| entry.clone());
        match instance {
            Some(instance) => {
                let outcome = instance
                    .run(
                        route.index,
                        ctx.clone(),
                        self.inner.settings.clone(),
                        arrived,
                    )
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

    fn context(
        &self,
        interaction: OwnedInteraction,
        custom_id: String,
        ids: CustomIds,
    ) -> ViewContext {
        let settings = &self.inner.settings;
        ViewContext::linked(interaction, custom_id, ids, settings.links.clone())
    }
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
    /// Steps 3-5 of the lookup (the bound steps are async and done first).
    fn lookup(&self, custom_id: &str) -> Target {
        if let Some((prefix, index)) = ids::parse(custom_id) {
            return match self.started.get(prefix) {
                Some(instance) => Target::Instance(instance.clone(), index),
                None => Target::Expired,
            };
        }
        let Some(route) = self
            .routes
            .get(custom_id)
            .copied()
            .or_else(|| self.template_route(custom_id))
        else {
            return Target::Unknown;
        };
        match self.unbound.get(&route.type_id) {
            Some(instance) => Target::Instance(instance.clone(), route.index),
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
    fn item_of(&self, instance: &dyn ErasedInstance, custom_id: &str) -> Option<usize> {
        match instance.prefix() {
            Some(own) => ids::parse(custom_id)
                .filter(|(prefix, _)| *prefix == own)
                .map(|(_, index)| index),
            None => self
                .routes
                .get(custom_id)
                .copied()
                .or_else(|| self.template_route(custom_id))
                .filter(|route| route.type_id == instance.view_type())
                .map(|route| route.index),
        }
    }

    /// Removes every trace of a started instance that ended.
    pub(crate) fn forget_started(&self, prefix: &str, message_id: Option<Id<MessageMarker>>) {
        self.started.remove(prefix);
        if let Some(message_id) = message_id {
            self.bound
                .remove_if(&message_id, |_, instance| instance.prefix() == Some(prefix));
        }
    }
}
