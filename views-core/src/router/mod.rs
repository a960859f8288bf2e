//! [`ViewRouter`]: routes component interactions to view handlers.
//!
//! Lookup for one click, each step O(1):
//! 1. the instance bound to the interaction's message (if the custom_id is
//!    one of its items);
//! 2. a started non-persistent instance, by the prefix of its generated id
//!    (a generated id without a live instance is answered as expired);
//! 3. the unbound instance of the view type that declares the custom_id;
//! 4. otherwise the custom_id is unknown: logged and returned, not answered.

mod builder;
mod catch;
mod error;
mod handle;
mod ids;
mod instance;
mod outcome;

use std::{any::TypeId, collections::HashMap, sync::Arc, time::Duration};

use dashmap::DashMap;
use tokio::time::Instant;
use twilight_http::Client;
use twilight_model::{
    application::interaction::{Interaction, InteractionData, InteractionType},
    id::{
        Id,
        marker::{ApplicationMarker, MessageMarker},
    },
};

pub use self::{
    builder::{
        DEFAULT_AUTO_DEFER_AFTER, DEFAULT_EXPIRED_MESSAGE, DEFAULT_REJECTED_MESSAGE,
        ViewRouterBuilder,
    },
    error::{ItemOwner, RouterError, RouterErrorKind},
    handle::ViewHandle,
    ids::INSTANCE_PREFIX,
    outcome::DispatchOutcome,
};
use self::{
    ids::IdGenerator,
    instance::{ErasedInstance, Instance, reply_expired},
};
use crate::{
    context::ViewContext,
    render::CustomIds,
    view::{SourceLocation, View},
};

/// Settings shared by every dispatch.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) http: Arc<Client>,
    pub(crate) application_id: Id<ApplicationMarker>,
    pub(crate) expired_message: Arc<str>,
    pub(crate) rejected_message: Arc<str>,
    pub(crate) error_message: Arc<str>,
    pub(crate) auto_defer_after: Duration,
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
    unbound: DashMap<TypeId, SharedInstance>,
    /// Instances bound to a message.
    bound: DashMap<Id<MessageMarker>, SharedInstance>,
    /// Started non-persistent instances, by generated prefix.
    started: DashMap<String, SharedInstance>,
    ids: IdGenerator,
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

    /// Binds `view` to one message: clicks on that message go to this
    /// instance before any unbound view (discord.py's
    /// `add_view(view, message_id=...)`). Replaces an earlier binding.
    ///
    /// # Errors
    ///
    /// `V` is not persistent (start it and use [`ViewHandle::bind`]), or not
    /// registered with the builder.
    pub fn bind<V: View>(&self, message_id: Id<MessageMarker>, view: V) -> Result<(), RouterError> {
        self.check_persistent::<V>()?;
        self.inner
            .bound
            .insert(message_id, Arc::new(Instance::persistent(view)));
        Ok(())
    }

    /// Removes the view bound to `message_id`; `true` if there was one.
    pub fn unbind(&self, message_id: Id<MessageMarker>) -> bool {
        self.inner.bound.remove(&message_id).is_some()
    }

    /// Whether a view is bound to `message_id`.
    pub fn is_bound(&self, message_id: Id<MessageMarker>) -> bool {
        self.inner.bound.contains_key(&message_id)
    }

    /// Starts a non-persistent view: its items get custom_ids unique to this
    /// instance (render them with [`ViewHandle::components`]), and it ends
    /// after `V::TIMEOUT` without clicks or on [`ViewHandle::stop`], running
    /// `on_timeout` once. Call it inside a tokio runtime: the expiry timer is
    /// a task (outside one, the view is logged and never times out).
    pub fn start<V: View>(&self, view: V) -> ViewHandle<V> {
        let prefix = self.inner.ids.next();
        let instance = Arc::new(Instance::started(view, prefix.clone()));
        self.inner.started.insert(prefix.clone(), instance.clone());
        if let Some(timeout) = V::TIMEOUT {
            match tokio::runtime::Handle::try_current() {
                Ok(runtime) => {
                    runtime.spawn(instance::expire_after(
                        instance.clone(),
                        timeout,
                        Arc::downgrade(&self.inner),
                    ));
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
    /// library may own them. Spawn one task per interaction to let different
    /// views run in parallel:
    /// `tokio::spawn({ let r = router.clone(); async move { r.dispatch(i).await } })`.
    pub async fn dispatch(&self, interaction: Interaction) -> DispatchOutcome {
        let arrived = Instant::now();
        if interaction.kind != InteractionType::MessageComponent {
            return DispatchOutcome::NotComponent;
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
        match self.inner.lookup(message_id, &custom_id) {
            Target::Instance(instance, index) => {
                let ids =
                    instance
                        .prefix()
                        .map_or(CustomIds::Declared, |prefix| CustomIds::Instance {
                            prefix: prefix.to_owned(),
                        });
                let ctx = self.context(interaction, custom_id, ids);
                instance.run(index, ctx, settings.clone(), arrived).await
            }
            Target::Expired => {
                tracing::debug!(custom_id, "click on an expired view");
                let ctx = self.context(interaction, custom_id.clone(), CustomIds::Declared);
                reply_expired(&ctx, settings).await;
                DispatchOutcome::Expired { custom_id }
            }
            Target::Unknown => {
                tracing::debug!(custom_id, "no view owns this custom_id; left unanswered");
                DispatchOutcome::UnknownCustomId { custom_id }
            }
        }
    }

    fn context(&self, interaction: Interaction, custom_id: String, ids: CustomIds) -> ViewContext {
        let settings = &self.inner.settings;
        ViewContext::with_error_message(
            interaction,
            settings.http.clone(),
            settings.application_id,
            custom_id,
            ids,
            settings.error_message.clone(),
        )
    }
}

impl RouterInner {
    fn lookup(&self, message_id: Option<Id<MessageMarker>>, custom_id: &str) -> Target {
        if let Some(message_id) = message_id
            && let Some(instance) = self.bound_instance(message_id)
            && let Some(index) = self.item_of(instance.as_ref(), custom_id)
        {
            return Target::Instance(instance, index);
        }
        if let Some((prefix, index)) = ids::parse(custom_id) {
            return match self.started.get(prefix) {
                Some(instance) => Target::Instance(instance.clone(), index),
                None => Target::Expired,
            };
        }
        let Some(route) = self.routes.get(custom_id) else {
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

    /// The instance bound to `message_id`.
    ///
    /// The one place a bound lookup misses the in-memory map: the seam where
    /// a store-backed router loads the view lazily.
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
