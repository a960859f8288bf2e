//! [`RouterError`]: registering or binding a view failed.

use std::{error::Error, fmt};

use crate::view::SourceLocation;

/// Registering a view type or instance with the router failed.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
#[derive(Debug)]
pub struct RouterError {
    // Boxed: the collision kind is large and results carry it by value.
    pub(crate) kind: Box<RouterErrorKind>,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
}

impl RouterError {
    /// What went wrong.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
    pub fn kind(&self) -> &RouterErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
    pub fn into_parts(self) -> (RouterErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (*self.kind, self.source)
    }

    pub(crate) fn new(kind: RouterErrorKind) -> Self {
        Self {
            kind: Box::new(kind),
            source: None,
        }
    }

    pub(crate) fn with_source(
        kind: RouterErrorKind,
        source: impl Into<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self {
            kind: Box::new(kind),
            source: Some(source.into()),
        }
    }
}

/// One side of a custom_id collision.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub struct ItemOwner {
    /// The view's name.
    pub view: &'static str,
    /// Where the view is defined.
    pub view_defined_at: SourceLocation,
    /// The item's method name.
    pub item: &'static str,
    /// Where the item is defined.
    pub item_defined_at: SourceLocation,
}

impl fmt::Display for ItemOwner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}::{}` (view at {}, item at {})",
            self.view, self.item, self.view_defined_at, self.item_defined_at
        )
    }
}

/// Kinds of [`RouterError`].
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
#[derive(Debug)]
#[non_exhaustive]
pub enum RouterErrorKind {
    /// Two items of registered views declare the same custom_id, so the
    /// router could not tell which one a click belongs to.
    CustomIdCollision {
        /// The contested custom_id.
        custom_id: &'static str,
        /// The item registered first.
        first: ItemOwner,
        /// The item registered second.
        second: ItemOwner,
    },
    /// A custom_id starts with the prefix the router reserves for the
    /// generated ids of non-persistent views.
    ReservedCustomId {
        /// The offending custom_id.
        custom_id: &'static str,
        /// The item declaring it.
        owner: ItemOwner,
    },
    /// An item of a persistent view has no custom_id, so it cannot be
    /// routed after a restart.
    MissingCustomId {
        /// The item.
        owner: ItemOwner,
    },
    /// `add_view` or `bind` was given a non-persistent view: its ids are
    /// generated per instance, use `ViewRouter::start` instead.
    NotPersistent {
        /// The view's name.
        view: &'static str,
        /// Where the view is defined.
        defined_at: SourceLocation,
    },
    /// `add_view` or `bind` was given a view type that was not registered
    /// with `ViewRouterBuilder::view`.
    NotRegistered {
        /// The view's name.
        view: &'static str,
        /// Where the view is defined.
        defined_at: SourceLocation,
    },
    /// `bind` was given a view type registered with `view` but not with
    /// `stored_view`, so its stored state could not be restored after a
    /// restart.
    NotStored {
        /// The view's name.
        view: &'static str,
        /// Where the view is defined.
        defined_at: SourceLocation,
    },
    /// A view was sent [`Unbound`](crate::Unbound) but its type has no
    /// unbound instance to answer the clicks: call `ViewRouter::add_view`
    /// at start-up.
    NoUnboundInstance {
        /// The view's name.
        view: &'static str,
        /// Where the view is defined.
        defined_at: SourceLocation,
    },
    /// Two view types registered with `stored_view` have the same name, so
    /// a stored row could not tell which one it belongs to.
    StoredNameCollision {
        /// The shared name.
        view: &'static str,
        /// Where the first is defined.
        first: SourceLocation,
        /// Where the second is defined.
        second: SourceLocation,
    },
    /// `bind` could not serialise the view's state (the source is the
    /// `serde_json::Error`).
    Serialize {
        /// The view's name.
        view: &'static str,
    },
    /// `bind` or `unbind` could not write the store (the source is the
    /// `StoreError`).
    Store {
        /// The view's name, when known.
        view: Option<&'static str>,
        /// The message.
        message_id: u64,
    },
}

impl fmt::Display for RouterError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &*self.kind {
            RouterErrorKind::CustomIdCollision {
                custom_id,
                first,
                second,
            } => write!(
                f,
                "custom_id {custom_id:?} is declared by both {first} and {second}"
            ),
            RouterErrorKind::ReservedCustomId { custom_id, owner } => write!(
                f,
                "custom_id {custom_id:?} of {owner} starts with the reserved prefix {:?}",
                super::ids::INSTANCE_PREFIX
            ),
            RouterErrorKind::MissingCustomId { owner } => write!(
                f,
                "{owner} belongs to a persistent view but has no custom_id"
            ),
            RouterErrorKind::NotPersistent { view, defined_at } => write!(
                f,
                "view `{view}` (at {defined_at}) is not persistent: start it with `ViewRouter::start`"
            ),
            RouterErrorKind::NotRegistered { view, defined_at } => write!(
                f,
                "view `{view}` (at {defined_at}) is not registered: add `.view::<{view}>()` to the router builder"
            ),
            RouterErrorKind::NotStored { view, defined_at } => write!(
                f,
                "view `{view}` (at {defined_at}) is registered without a store codec: register it with `.stored_view::<{view}>()` to bind it"
            ),
            RouterErrorKind::NoUnboundInstance { view, defined_at } => write!(
                f,
                "view `{view}` (at {defined_at}) was sent unbound but has no unbound instance to answer its clicks: call `router.add_view(...)` at start-up"
            ),
            RouterErrorKind::StoredNameCollision {
                view,
                first,
                second,
            } => write!(
                f,
                "two stored view types are named `{view}` (at {first} and {second}): stored rows could not tell them apart"
            ),
            RouterErrorKind::Serialize { view } => {
                write!(f, "the state of view `{view}` does not serialise")?;
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
            RouterErrorKind::Store { view, message_id } => {
                match view {
                    Some(view) => write!(
                        f,
                        "the view store failed for view `{view}` of message {message_id}"
                    )?,
                    None => write!(f, "the view store failed for message {message_id}")?,
                }
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
        }
    }
}

impl Error for RouterError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}

static_assertions::assert_impl_all!(RouterError: Send, Sync);
