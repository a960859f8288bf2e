//! [`ViewRouterBuilder`]: the view types and settings of a router.

use std::{any::TypeId, collections::HashMap, sync::Arc, time::Duration};

use twilight_http::Client;
use twilight_model::id::{Id, marker::ApplicationMarker};

use super::{
    Route, RouterInner, Settings, ViewRouter,
    error::{ItemOwner, RouterError, RouterErrorKind},
    ids::{INSTANCE_PREFIX, IdGenerator},
};
use crate::view::{SourceLocation, View};

/// Default text for a click on an expired or stopped view.
pub const DEFAULT_EXPIRED_MESSAGE: &str =
    "This view has expired. Run the command again to get a fresh one.";
/// Default text when a view's `interaction_check` says no.
pub const DEFAULT_REJECTED_MESSAGE: &str = "You cannot use this.";
/// Default delay after which a silent handler's interaction is acknowledged
/// for it: Discord's limit is 3 seconds, the rest is margin for the request.
pub const DEFAULT_AUTO_DEFER_AFTER: Duration = Duration::from_millis(2500);

/// The static facts of one registered view type.
struct Kind {
    type_id: TypeId,
    name: &'static str,
    defined_at: SourceLocation,
    persistent: bool,
    items: Vec<(Option<&'static str>, ItemOwner)>,
}

/// Builds a [`ViewRouter`]: `ViewRouter::builder(http, application_id)`.
#[must_use = "call `build` to get the router"]
pub struct ViewRouterBuilder {
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
    kinds: Vec<Kind>,
    expired_message: String,
    rejected_message: String,
    error_message: String,
    auto_defer_after: Duration,
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
            expired_message: DEFAULT_EXPIRED_MESSAGE.to_owned(),
            rejected_message: DEFAULT_REJECTED_MESSAGE.to_owned(),
            error_message: crate::context::DEFAULT_ERROR_MESSAGE.to_owned(),
            auto_defer_after: DEFAULT_AUTO_DEFER_AFTER,
        }
    }

    /// Registers the view type `V`, so its declared custom_ids route to it.
    /// Persistent views must be registered before `add_view`/`bind`;
    /// registering a type twice is harmless.
    pub fn view<V: View>(mut self) -> Self {
        let type_id = TypeId::of::<V>();
        if self.kinds.iter().any(|kind| kind.type_id == type_id) {
            return self;
        }
        let items = V::items()
            .iter()
            .map(|item| {
                (
                    item.custom_id,
                    ItemOwner {
                        view: V::NAME,
                        view_defined_at: V::DEFINED_AT,
                        item: item.name,
                        item_defined_at: item.defined_at,
                    },
                )
            })
            .collect();
        self.kinds.push(Kind {
            type_id,
            name: V::NAME,
            defined_at: V::DEFINED_AT,
            persistent: V::PERSISTENT,
            items,
        });
        self
    }

    /// The ephemeral message sent for a click on an expired or stopped view.
    pub fn expired_message(mut self, message: impl Into<String>) -> Self {
        self.expired_message = message.into();
        self
    }

    /// The ephemeral message sent when `interaction_check` returns `false`.
    pub fn rejected_message(mut self, message: impl Into<String>) -> Self {
        self.rejected_message = message.into();
        self
    }

    /// The ephemeral apology of the default `on_error`.
    pub fn error_message(mut self, message: impl Into<String>) -> Self {
        self.error_message = message.into();
        self
    }

    /// How long after an interaction arrives a handler that has not answered
    /// gets it acknowledged (default 2.5 s; Discord allows 3 s).
    pub const fn auto_defer_after(mut self, delay: Duration) -> Self {
        self.auto_defer_after = delay;
        self
    }

    /// Checks the registered views and builds the router.
    ///
    /// # Errors
    ///
    /// A custom_id declared twice (naming both items and views), a declared
    /// custom_id with the reserved `tvi:` prefix, or an item of a persistent
    /// view without a custom_id.
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
                if !kind.persistent {
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
        let settings = Settings {
            http: self.http,
            application_id: self.application_id,
            expired_message: Arc::from(self.expired_message),
            rejected_message: Arc::from(self.rejected_message),
            error_message: Arc::from(self.error_message),
            auto_defer_after: self.auto_defer_after,
        };
        Ok(ViewRouter {
            inner: Arc::new(RouterInner {
                settings: Arc::new(settings),
                routes,
                registered,
                unbound: dashmap::DashMap::new(),
                bound: dashmap::DashMap::new(),
                started: dashmap::DashMap::new(),
                ids: IdGenerator::new(),
            }),
        })
    }
}
