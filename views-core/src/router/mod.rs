//! [`ViewRouter`]: routes component interactions and modal submissions to
//! view handlers.
//!
//! The router's parts: `builder.rs` registers view types and checks them;
//! `dispatch.rs` resolves each interaction's target (the lookup order is
//! documented there), `click.rs` runs one click, `instance.rs` holds live
//! instances and the lifetime of started ones, `stored.rs` wraps a stored
//! view's lease, commit and held replies around a click, `modals.rs` routes
//! modal submissions, `notices.rs` holds the router's own messages.
//! `send.rs` sends views in interaction replies and binds them to the
//! message the reply creates; `pending.rs` holds those bindings while
//! they are under way, for the clicks that arrive first.
//! `erased.rs` erases view types: all of the above runs on `dyn
//! ErasedView`, compiled once whatever the number of view types.

mod builder;
mod cache;
mod click;
mod dispatch;
mod erased;
mod error;
mod from_context;
mod handle;
mod ids;
mod instance;
mod modals;
pub(crate) mod notices;
mod outcome;
mod pending;
mod restore;
mod send;
mod stored;
mod templates;
mod to_end;

use std::{any::TypeId, collections::HashMap, sync::Arc, time::Duration};

use dashmap::DashMap;
use serde::{Serialize, de::DeserializeOwned};
use tracing::Instrument as _;
use twilight_http::Client;
use twilight_model::id::{
    Id,
    marker::{ApplicationMarker, MessageMarker},
};

// The endpoint tells a submission answered by a handler waiting in `ask`.
#[cfg(feature = "http-endpoint")]
pub(crate) use self::modals::AWAITED_VIEW;
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
    send::{InMemory, Started, Unbound, ViewToSend},
    stored::MigrationError,
};
use self::{
    cache::Cache,
    erased::ViewKind,
    ids::IdGenerator,
    instance::{Instance, SharedInstance},
    stored::{StoredInstance, StoredKind},
};
use crate::{
    id_hash::IdHashBuilder,
    store::ViewStore,
    view::{SourceLocation, View},
};

/// Settings shared by every dispatch.
#[derive(Debug)]
pub(crate) struct Settings {
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
    /// Stored bound views in memory, bounded; told about every write of an
    /// owned store (`ViewStore::owned`).
    cache: Arc<Cache>,
    /// Kinds registered with `stored_view`, by type and by name.
    stored: HashMap<TypeId, Arc<StoredKind>, IdHashBuilder>,
    stored_by_name: HashMap<&'static str, Arc<StoredKind>>,
    /// Dynamic items of the registered views, by template prefix.
    templates: templates::TemplateIndex,
    /// Modal submit handlers, by modal custom_id.
    modals: modals::ModalRegistry,
    /// Views sent in replies and not yet bound to the new message.
    pending: Arc<pending::PendingBindings>,
    /// The interactions an endpoint is answering in its response body.
    #[cfg(feature = "http-endpoint")]
    body_slots: Arc<crate::endpoint::BodySlots>,
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

impl ViewRouter {
    /// Starts building a router that replies through `http` as
    /// `application_id`.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
    pub fn builder(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> ViewRouterBuilder {
        ViewRouterBuilder::new(http, application_id)
    }

    /// Whether views of `kind` may be added or bound.
    fn check_persistent(&self, kind: &ViewKind) -> Result<(), RouterError> {
        if !kind.persistent {
            return Err(RouterError::new(RouterErrorKind::NotPersistent {
                view: kind.name,
                defined_at: kind.defined_at,
            }));
        }
        if !self.inner.registered.contains_key(&kind.type_id) {
            return Err(RouterError::new(RouterErrorKind::NotRegistered {
                view: kind.name,
                defined_at: kind.defined_at,
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
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#unbound-persistent-one-instance-for-every-message).
    pub fn add_view<V: View>(&self, view: V) -> Result<(), RouterError> {
        self.add_instance(Arc::new(Instance::persistent(view)))
    }

    fn add_instance(&self, instance: SharedInstance) -> Result<(), RouterError> {
        self.check_persistent(&instance.kind)?;
        self.inner.unbound.insert(instance.kind.type_id, instance);
        Ok(())
    }

    /// Removes the unbound instance of `V`; `true` if there was one. Its
    /// custom_ids become unknown again (bound instances are kept).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#unbound-persistent-one-instance-for-every-message).
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
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#bound-persistent-one-instance-per-message).
    pub async fn bind<V: View + Serialize + DeserializeOwned>(
        &self,
        message_id: Id<MessageMarker>,
        view: V,
    ) -> Result<(), RouterError> {
        let kind = ViewKind::of::<V>();
        // Checked before serialising, as the errors say which comes first.
        self.check_stored(&kind)?;
        let state = serde_json::to_vec(&view).map_err(|error| {
            RouterError::with_source(RouterErrorKind::Serialize { view: V::NAME }, error)
        })?;
        // Version 0 (unknown) until the store says which it wrote.
        self.bind_instance(
            message_id,
            &kind,
            state,
            Arc::new(StoredInstance::new(view, 0)),
        )
        .await
    }

    /// Whether views of `kind` may be bound with a store.
    fn check_stored(&self, kind: &ViewKind) -> Result<(), RouterError> {
        self.check_persistent(kind)?;
        if !self.inner.stored.contains_key(&kind.type_id) {
            return Err(RouterError::new(RouterErrorKind::NotStored {
                view: kind.name,
                defined_at: kind.defined_at,
            }));
        }
        Ok(())
    }

    /// Stores `state` for `message_id`, then caches `instance` (the view
    /// `state` was serialised from) at the stored version.
    async fn bind_instance(
        &self,
        message_id: Id<MessageMarker>,
        kind: &ViewKind,
        state: Vec<u8>,
        instance: cache::SharedStored,
    ) -> Result<(), RouterError> {
        let feed = self.inner.store.owned();
        let writes = feed.map(crate::store::WriteFeed::writes);
        let stored = self
            .inner
            .store
            .upsert(message_id.get(), kind.name, state)
            .instrument(tracing::debug_span!(
                "upsert",
                view = kind.name,
                message_id = message_id.get()
            ))
            .await
            .map_err(|error| {
                RouterError::with_source(
                    RouterErrorKind::Store {
                        view: Some(kind.name),
                        message_id: message_id.get(),
                    },
                    error,
                )
            })?;
        instance.set_version(stored.version);
        // An in-memory binding of the message would shadow this one.
        self.inner.bound.remove(&message_id);
        self.inner.cache.insert(message_id, Arc::clone(&instance));
        // Another write besides this upsert since it began (of this row,
        // perhaps): check the row on the next click instead of trusting it.
        if writes
            .is_some_and(|before| feed.map(crate::store::WriteFeed::writes) != Some(before + 1))
        {
            instance.mark_stale();
        }
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
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#bound-persistent-one-instance-per-message).
    pub fn bind_in_memory<V: View>(
        &self,
        message_id: Id<MessageMarker>,
        view: V,
    ) -> Result<(), RouterError> {
        self.bind_instance_in_memory(message_id, Arc::new(Instance::persistent(view)))
    }

    fn bind_instance_in_memory(
        &self,
        message_id: Id<MessageMarker>,
        instance: SharedInstance,
    ) -> Result<(), RouterError> {
        self.check_persistent(&instance.kind)?;
        self.inner.bound.insert(message_id, instance);
        Ok(())
    }

    /// Removes the view bound to `message_id`, from memory and from the
    /// store; `true` if there was one.
    ///
    /// # Errors
    ///
    /// Deleting from the store failed (the in-memory binding is gone
    /// anyway).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#bound-persistent-one-instance-per-message).
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
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#cleanup-deleted-messages).
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
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#bound-persistent-one-instance-per-message).
    pub fn is_bound(&self, message_id: Id<MessageMarker>) -> bool {
        self.inner.bound.contains_key(&message_id) || self.inner.cache.contains(message_id)
    }

    /// The store bound views are kept in.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
    pub fn store(&self) -> &Arc<dyn ViewStore> {
        &self.inner.store
    }

    /// How many stored bound views are in memory now (at most the cache
    /// capacity).
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-cache-and-eviction).
    pub fn cached_views(&self) -> usize {
        self.inner.cache.len()
    }

    /// Starts a non-persistent view: its items get custom_ids unique to this
    /// instance (render them with [`ViewHandle::components`]), and it ends
    /// after `V::TIMEOUT` without clicks or on [`ViewHandle::stop`], running
    /// `on_timeout` once. Call it inside a tokio runtime: the expiry timer is
    /// a task (outside one, the view is logged and never times out).
    ///
    /// See [the timeouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/timeouts.md#starting-sending-stopping-viewhandle).
    pub fn start<V: View>(&self, view: V) -> ViewHandle<V> {
        let prefix = self.inner.ids.next();
        let instance = Arc::new(Instance::started(
            view,
            prefix.clone(),
            Arc::downgrade(&self.inner),
        ));
        self.start_instance(instance.clone(), V::TIMEOUT);
        ViewHandle::new(instance, Arc::downgrade(&self.inner), prefix)
    }

    /// Routes a started instance by its prefix and arms its expiry.
    fn start_instance(&self, instance: SharedInstance, timeout: Option<Duration>) {
        let Some(prefix) = instance.prefix() else {
            return;
        };
        self.inner
            .started
            .insert(prefix.to_owned(), Arc::clone(&instance));
        if let Some(timeout) = timeout {
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(instance::expire_after(instance, timeout));
                }
                Err(_) => tracing::warn!(
                    view = instance.kind.name,
                    "ViewRouter::start called outside a tokio runtime: the view will not time out"
                ),
            }
        }
    }
}

/// What an interactions endpoint needs of its router.
#[cfg(feature = "http-endpoint")]
impl ViewRouter {
    /// Where the router's transport puts the first answers an endpoint
    /// is waiting for.
    pub(crate) fn body_slots(&self) -> &Arc<crate::endpoint::BodySlots> {
        &self.inner.body_slots
    }

    /// After how long a silent handler gets its interaction acknowledged.
    pub(crate) fn auto_defer_delay(&self) -> Duration {
        self.inner.settings.auto_defer_after
    }
}

impl RouterInner {
    /// Removes every trace of a started instance that ended.
    pub(crate) fn forget_started(&self, prefix: &str, message_id: Option<Id<MessageMarker>>) {
        self.started.remove(prefix);
        if let Some(message_id) = message_id {
            self.bound
                .remove_if(&message_id, |_, instance| instance.prefix() == Some(prefix));
        }
    }
}
