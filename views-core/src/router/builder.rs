//! [`ViewRouterBuilder`]: the view types and settings of a router.

use std::{
    any::TypeId,
    collections::HashMap,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::Arc,
    time::Duration,
};

use crate::id_hash::IdHashBuilder;

use twilight_http::Client;
use twilight_model::id::{Id, marker::ApplicationMarker};

use serde::{Serialize, de::DeserializeOwned};

use super::{
    Route, RouterInner, Settings, ViewRouter,
    cache::{Cache, DEFAULT_CACHE_CAPACITY},
    erased::ViewKind,
    error::{ItemOwner, RouterError, RouterErrorKind},
    ids::{INSTANCE_PREFIX, IdGenerator},
    notices::Notices,
    stored::{Migration, MigrationError, StoredKind},
};
use crate::{
    catch::panic_message, context::RouterLinks, context::ViewContext, extract::IntoHandlerResult,
    modal::Modal, template::TemplateSpec,
};
use crate::{
    respond::{HttpTransport, ReplyTransport},
    store::{MemoryStore, ViewStore},
    view::{SourceLocation, View},
};

/// Default delay after which a silent handler's interaction is acknowledged
/// for it: Discord's limit is 3 seconds, the rest is margin for the request.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#auto-defer).
pub const DEFAULT_AUTO_DEFER_AFTER: Duration = Duration::from_millis(2500);
/// Default limit on how long a `&mut self` handler of a stored view may
/// hold its message's lease (run, with its replies held) before the click
/// is given up and answered "not saved".
///
/// See [the reliability guide](https://github.com/twilight-views/twilight-views/blob/main/docs/reliability.md#time-limits-and-bounded-queues).
pub const DEFAULT_LEASE_TIMEOUT: Duration = Duration::from_secs(60);
/// Default limit on one store operation of a click: reading the view,
/// taking its lease (including the wait behind other clicks on the same
/// message), committing.
///
/// See [the reliability guide](https://github.com/twilight-views/twilight-views/blob/main/docs/reliability.md#time-limits-and-bounded-queues).
pub const DEFAULT_STORE_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest any of the router's delays can be set to: an interaction's
/// token lives 15 minutes, after which nothing can be answered anyway. The
/// cap also keeps deadline arithmetic (`Instant + delay`) from overflowing.
///
/// See [the reliability guide](https://github.com/twilight-views/twilight-views/blob/main/docs/reliability.md#time-limits-and-bounded-queues).
pub const MAX_ROUTER_DELAY: Duration = Duration::from_secs(15 * 60);

/// The static facts of one registered view type.
struct Kind {
    type_id: TypeId,
    name: &'static str,
    defined_at: SourceLocation,
    persistent: bool,
    items: Vec<(Option<&'static str>, ItemOwner)>,
}

/// Builds a [`ViewRouter`]: `ViewRouter::builder(http, application_id)`.
///
/// ```no_run
/// # use std::sync::Arc;
/// # use twilight_model::id::{Id, marker::ApplicationMarker};
/// # async fn example(http: Arc<twilight_http::Client>, application_id: Id<ApplicationMarker>)
/// #     -> Result<(), Box<dyn std::error::Error>> {
/// use std::time::Duration;
/// use views_core::{ViewRouter, open_store};
///
/// let router = ViewRouter::builder(http, application_id)
///     .store(open_store("sqlite://views.db").await?)
///     .cache_capacity(1_000)
///     .auto_defer_after(Duration::from_secs(2))
///     .expired_message("This panel has expired.")
///     .build()?;
/// # Ok(()) }
/// ```
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
#[must_use = "call `build` to get the router"]
pub struct ViewRouterBuilder {
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
    kinds: Vec<Kind>,
    notices: Notices,
    auto_defer_after: Duration,
    lease_timeout: Duration,
    store_timeout: Duration,
    store: Option<Arc<dyn ViewStore>>,
    transport: Option<Arc<dyn ReplyTransport>>,
    cache_capacity: usize,
    /// Kinds registered with `stored_view`, by type.
    stored: Vec<(SourceLocation, StoredKind)>,
    /// Dynamic items (custom_id templates) of the registered views.
    templates: Vec<super::templates::TemplateRoute>,
    /// Submit handlers of modals (`modal`).
    pub(crate) modals: super::modals::ModalRegistry,
}

static_assertions::assert_impl_all!(ViewRouterBuilder: Send, Sync);

impl std::fmt::Debug for ViewRouterBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ViewRouterBuilder")
            .field("application_id", &self.application_id)
            .field(
                "views",
                &self.kinds.iter().map(|kind| kind.name).collect::<Vec<_>>(),
            )
            .finish_non_exhaustive()
    }
}

impl ViewRouterBuilder {
    pub(crate) fn new(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> Self {
        Self {
            http,
            application_id,
            kinds: Vec::new(),
            notices: Notices::default(),
            auto_defer_after: DEFAULT_AUTO_DEFER_AFTER,
            lease_timeout: DEFAULT_LEASE_TIMEOUT,
            store_timeout: DEFAULT_STORE_TIMEOUT,
            store: None,
            transport: None,
            cache_capacity: DEFAULT_CACHE_CAPACITY,
            stored: Vec::new(),
            templates: Vec::new(),
            modals: super::modals::ModalRegistry::default(),
        }
    }

    /// Registers `V` like [`Self::view`] and records how to restore its
    /// stored state, so instances can be bound with
    /// [`ViewRouter::bind`](super::ViewRouter::bind), saved after every
    /// `&mut self` handler that changed them, and restored after a restart.
    /// Register every bound view type this way before the router serves
    /// clicks: a stored row whose type is not registered is unavailable.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#views-in-the-router-bound-unbound-stateful).
    pub fn stored_view<V: View + Serialize + DeserializeOwned>(self) -> Self {
        self.view::<V>().register_stored(StoredKind::of::<V>())
    }

    /// [`Self::stored_view`] after [`Self::view`], for every view type.
    fn register_stored(mut self, kind: StoredKind) -> Self {
        if !self
            .stored
            .iter()
            .any(|(_, known)| known.type_id == kind.type_id)
        {
            self.stored.push((kind.view.defined_at, kind));
        }
        self
    }

    /// Registers `V` like [`Self::stored_view`] with a migration hook: when
    /// a stored state of `V` no longer deserialises (the struct changed),
    /// the hook gets it as a `serde_json::Value` and returns the upgraded
    /// value, which is deserialised instead. The upgraded state is written
    /// back on the view's next change. A hook that returns an error or
    /// panics leaves the row as it is; the click is answered as unavailable.
    ///
    /// ```
    /// # use views_core::ViewRouterBuilder;
    /// # fn register<Counter: views_core::View + serde::Serialize + serde::de::DeserializeOwned>(
    /// #     builder: ViewRouterBuilder) -> ViewRouterBuilder {
    /// // v1 stored `{"clicks": n}`; v2 calls the field `count`.
    /// builder.migrate::<Counter>(|mut old| {
    ///     if let Some(clicks) = old.get_mut("clicks").map(serde_json::Value::take) {
    ///         old["count"] = clicks;
    ///     }
    ///     Ok(old)
    /// })
    /// # }
    /// ```
    pub fn migrate<V: View + Serialize + DeserializeOwned>(
        self,
        hook: impl Fn(serde_json::Value) -> Result<serde_json::Value, MigrationError>
        + Send
        + Sync
        + 'static,
    ) -> Self {
        // A panicking hook is a failed hook: the click is answered as
        // unavailable and the row kept, instead of the panic unwinding
        // out of `dispatch` with the interaction unanswered.
        let migration: Migration = Arc::new(move |old| {
            catch_unwind(AssertUnwindSafe(|| hook(old))).unwrap_or_else(|payload| {
                Err(format!("panicked: {}", panic_message(payload.as_ref())).into())
            })
        });
        self.stored_view::<V>()
            .set_migration(TypeId::of::<V>(), migration)
    }

    /// The migration hook of the stored view type `type_id`.
    fn set_migration(mut self, type_id: TypeId, migration: Migration) -> Self {
        if let Some((_, kind)) = self
            .stored
            .iter_mut()
            .find(|(_, kind)| kind.type_id == type_id)
        {
            kind.migration = Some(migration);
        }
        self
    }

    /// Where bound views are kept ([`crate::store::open_store`] opens one
    /// from a URL). Default: a [`MemoryStore`], which forgets everything
    /// when the process ends.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#choosing-a-store-by-url).
    pub fn store(mut self, store: Arc<dyn ViewStore>) -> Self {
        self.store = Some(store);
        self
    }

    /// How many stored bound views stay in memory (default
    /// [`DEFAULT_CACHE_CAPACITY`]); beyond that the least recently used are
    /// evicted and reloaded from the store on their next click. At least 1.
    ///
    /// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-cache-and-eviction).
    pub const fn cache_capacity(mut self, capacity: usize) -> Self {
        self.cache_capacity = capacity;
        self
    }

    /// The ephemeral message sent when a stored view cannot be restored.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn unavailable_message(mut self, message: impl Into<String>) -> Self {
        self.notices.unavailable = message.into();
        self
    }

    /// The ephemeral message sent when a click's new state could not be
    /// saved (or the store could not be read).
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn not_saved_message(mut self, message: impl Into<String>) -> Self {
        self.notices.not_saved = message.into();
        self
    }

    /// Registers the view type `V`, so its declared custom_ids route to it.
    /// Persistent views must be registered before `add_view`/`bind`;
    /// registering a type twice is harmless.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#registering-views).
    pub fn view<V: View>(self) -> Self {
        self.register(ViewKind::of::<V>(), V::templates())
    }

    /// [`Self::view`], for every view type.
    fn register(mut self, kind: ViewKind, templates: &'static [TemplateSpec]) -> Self {
        if self.kinds.iter().any(|known| known.type_id == kind.type_id) {
            return self;
        }
        let items = (0..kind.items)
            .filter_map(|index| kind.item(index))
            .map(|item| {
                (
                    item.custom_id,
                    ItemOwner {
                        view: kind.name,
                        view_defined_at: kind.defined_at,
                        item: item.name,
                        item_defined_at: item.defined_at,
                    },
                )
            })
            .collect();
        self.templates
            .extend(super::templates::routes_of(&kind, templates));
        self.kinds.push(Kind {
            type_id: kind.type_id,
            name: kind.name,
            defined_at: kind.defined_at,
            persistent: kind.persistent,
            items,
        });
        self
    }

    /// Routes submissions of modal `M` (by its custom_id) to `handler`,
    /// which gets the parsed form. Registered on the router, not on a view
    /// instance, so submissions of modals opened before a restart still
    /// reach it.
    ///
    /// ```text
    /// builder.modal(|ctx: ViewContext, form: TicketForm| async move {
    ///     ctx.respond_ephemeral(format!("Ticket {:?} created", form.subject)).await
    /// })
    /// ```
    ///
    /// Two modal types with one custom_id make [`Self::build`] fail.
    pub fn modal<M, F, Fut>(mut self, handler: F) -> Self
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        self.modals.add::<M, F, Fut>(handler);
        self
    }

    /// All of the router's own ephemeral messages at once (see
    /// [`Notices`]; the methods below set them one by one).
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn notices(mut self, notices: Notices) -> Self {
        self.notices = notices;
        self
    }

    /// The ephemeral message sent for a click on an expired or stopped view.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn expired_message(mut self, message: impl Into<String>) -> Self {
        self.notices.expired = message.into();
        self
    }

    /// The ephemeral message sent when `interaction_check` returns `false`.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn rejected_message(mut self, message: impl Into<String>) -> Self {
        self.notices.rejected = message.into();
        self
    }

    /// The ephemeral apology of the default `on_error`.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
    pub fn error_message(mut self, message: impl Into<String>) -> Self {
        self.notices.error = message.into();
        self
    }

    /// Sends every reply of this router's handlers through `transport`
    /// instead of the twilight-http client given to
    /// [`ViewRouter::builder`](super::ViewRouter::builder): e.g. a
    /// [`RecordingTransport`](crate::respond::RecordingTransport) that keeps
    /// what would have been sent, in tests and benchmarks. `ctx.http()`
    /// stays the client given to the builder.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn reply_transport(mut self, transport: Arc<dyn ReplyTransport>) -> Self {
        self.transport = Some(transport);
        self
    }

    /// How long after an interaction arrives a handler that has not answered
    /// gets it acknowledged (default 2.5 s; Discord allows 3 s). Capped at
    /// [`MAX_ROUTER_DELAY`].
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#auto-defer).
    pub fn auto_defer_after(mut self, delay: Duration) -> Self {
        self.auto_defer_after = delay.min(MAX_ROUTER_DELAY);
        self
    }

    /// How long a `&mut self` handler of a stored view may run while it
    /// holds its message's lease (default [`DEFAULT_LEASE_TIMEOUT`], capped
    /// at [`MAX_ROUTER_DELAY`]). Other clicks on the message wait for the
    /// lease, so a handler that overruns is cancelled: its state change is
    /// rolled back, its held replies are dropped, and the user is answered
    /// "not saved" (outcome [`DispatchOutcome::NotSaved`](super::DispatchOutcome::NotSaved)).
    /// A handler that waits for a user (`ctx.ask` with a modal) counts its
    /// wait here: keep the `ask` timeout below this limit. With
    /// `PostgresStore`, keep its `idle_in_transaction_timeout` above it.
    ///
    /// See [the reliability guide](https://github.com/twilight-views/twilight-views/blob/main/docs/reliability.md#time-limits-and-bounded-queues).
    pub fn lease_timeout(mut self, limit: Duration) -> Self {
        self.lease_timeout = limit.min(MAX_ROUTER_DELAY);
        self
    }

    /// How long one store operation of a click may take: reading a stored
    /// view, taking its lease (including the wait behind other clicks on the
    /// same message), committing (default [`DEFAULT_STORE_TIMEOUT`], capped
    /// at [`MAX_ROUTER_DELAY`]). A click whose store operation overruns is
    /// answered "not saved" (outcome
    /// [`DispatchOutcome::StoreFailed`](super::DispatchOutcome::StoreFailed)
    /// or [`NotSaved`](super::DispatchOutcome::NotSaved)) and changes
    /// nothing. A commit that overruns may still land later; the stored
    /// version tells the next click, which re-reads the view.
    ///
    /// See [the reliability guide](https://github.com/twilight-views/twilight-views/blob/main/docs/reliability.md#time-limits-and-bounded-queues).
    pub fn store_timeout(mut self, limit: Duration) -> Self {
        self.store_timeout = limit.min(MAX_ROUTER_DELAY);
        self
    }

    /// Checks the registered views and builds the router.
    ///
    /// # Errors
    ///
    /// A custom_id declared twice (naming both items and views), a declared
    /// custom_id with the reserved `tvi:` prefix, an item of a persistent
    /// view without a custom_id, or two stored view types with one name.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
    pub fn build(self) -> Result<ViewRouter, RouterError> {
        let mut routes: HashMap<&'static str, Route> = HashMap::new();
        let mut registered = HashMap::new();
        for kind in &self.kinds {
            registered.insert(kind.type_id, (kind.name, kind.defined_at));
            for (index, (custom_id, owner)) in kind.items.iter().enumerate() {
                let Some(custom_id) = *custom_id else {
                    if kind.persistent {
                        return Err(RouterError::new(RouterErrorKind::MissingCustomId {
                            owner: *owner,
                        }));
                    }
                    continue;
                };
                if custom_id.starts_with(INSTANCE_PREFIX) {
                    return Err(RouterError::new(RouterErrorKind::ReservedCustomId {
                        custom_id,
                        owner: *owner,
                    }));
                }
                // Non-persistent views render generated ids, so their
                // declared ids never reach the router and cannot collide.
                // Templates are routed by the template index instead.
                if !kind.persistent || crate::template::is_template(custom_id) {
                    continue;
                }
                if let Some(first) = routes.get(custom_id) {
                    return Err(RouterError::new(RouterErrorKind::CustomIdCollision {
                        custom_id,
                        first: first.owner,
                        second: *owner,
                    }));
                }
                routes.insert(
                    custom_id,
                    Route {
                        type_id: kind.type_id,
                        index,
                        owner: *owner,
                    },
                );
            }
        }
        let mut templates = super::templates::TemplateIndex::default();
        for route in self.templates {
            templates.insert(route)?;
        }
        let mut modals = self.modals;
        modals.check()?;
        let mut stored = HashMap::with_hasher(IdHashBuilder);
        let mut stored_by_name: HashMap<&'static str, (SourceLocation, Arc<StoredKind>)> =
            HashMap::new();
        for (defined_at, kind) in self.stored {
            if let Some((first, _)) = stored_by_name.get(kind.name) {
                return Err(RouterError::new(RouterErrorKind::StoredNameCollision {
                    view: kind.name,
                    first: *first,
                    second: defined_at,
                }));
            }
            let kind = Arc::new(kind);
            stored.insert(kind.type_id, Arc::clone(&kind));
            stored_by_name.insert(kind.name, (defined_at, kind));
        }
        let transport = self.transport.unwrap_or_else(|| {
            Arc::new(HttpTransport::new(
                Arc::clone(&self.http),
                self.application_id,
            ))
        });
        // An interactions endpoint answers in its response body: the first
        // answer of the interactions it serves goes there, the rest as set.
        #[cfg(feature = "http-endpoint")]
        let body_slots = Arc::<crate::endpoint::BodySlots>::default();
        #[cfg(feature = "http-endpoint")]
        let transport: Arc<dyn ReplyTransport> = Arc::new(crate::endpoint::BodyTransport::new(
            Arc::clone(&body_slots),
            transport,
        ));
        let store = self
            .store
            .unwrap_or_else(|| Arc::new(MemoryStore::new()) as Arc<dyn ViewStore>);
        let stored_by_name = stored_by_name
            .into_iter()
            .map(|(name, (_, kind))| (name, kind))
            .collect();
        let cache = Arc::new(Cache::new(self.cache_capacity));
        if let Some(feed) = store.owned() {
            let watcher: Arc<dyn crate::store::WriteWatcher> = Arc::clone(&cache) as _;
            feed.watch(Arc::downgrade(&watcher));
        }
        // Cyclic: every context the router builds links back to it, to bind
        // the views its replies carry.
        let inner = Arc::new_cyclic(|router: &std::sync::Weak<RouterInner>| {
            let links = RouterLinks {
                http: self.http,
                application_id: self.application_id,
                error_message: self.notices.error_text(),
                transport,
                awaited: Arc::default(),
                router: router.clone(),
            };
            let settings = Settings {
                links,
                auto_defer_after: self.auto_defer_after,
                lease_timeout: self.lease_timeout,
                store_timeout: self.store_timeout,
                notices: self.notices,
            };
            RouterInner {
                settings: Arc::new(settings),
                routes,
                registered,
                unbound: dashmap::DashMap::with_hasher(IdHashBuilder),
                bound: dashmap::DashMap::with_hasher(IdHashBuilder),
                started: dashmap::DashMap::new(),
                ids: IdGenerator::new(),
                store,
                cache,
                stored,
                templates,
                modals,
                stored_by_name,
                pending: Arc::default(),
                #[cfg(feature = "http-endpoint")]
                body_slots,
            }
        });
        Ok(ViewRouter { inner })
    }
}
