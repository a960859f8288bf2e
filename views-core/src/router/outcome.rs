//! [`DispatchOutcome`]: what [`crate::ViewRouter::dispatch`] did with one
//! interaction.

use twilight_model::id::{Id, marker::MessageMarker};

use crate::{OwnedInteraction, error::HandlerError, store::StoreError};

/// What the router did with one interaction.
///
/// ```no_run
/// # async fn example(router: views_core::ViewRouter,
/// #     interaction: twilight_model::application::interaction::Interaction) {
/// let outcome = router.dispatch(interaction).await;
/// println!("{}", outcome.name());
/// if let Some(interaction) = outcome.into_unhandled() {
///     // Not a view's: a command, or a component of another part of the bot.
///     let _ = interaction.into_interaction();
/// }
/// # }
/// ```
///
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
#[derive(Debug)]
#[non_exhaustive]
pub enum DispatchOutcome {
    /// A handler ran and returned successfully.
    Handled {
        /// The view's name ([`crate::ViewOptions::NAME`]).
        view: &'static str,
        /// The handler's method name.
        item: &'static str,
    },
    /// Neither a message-component interaction nor a modal submission that a
    /// registered modal handler owns (a command, an autocomplete, a ping…):
    /// nothing was done; the interaction is handed back for another part of
    /// the bot (a command framework) to handle.
    NotComponent {
        /// The interaction, untouched.
        interaction: OwnedInteraction,
    },
    /// A component interaction without the data needed to route it, or
    /// whose component type does not match the item its custom_id names.
    /// Nothing was sent to Discord.
    Malformed {
        /// What was wrong.
        reason: &'static str,
    },
    /// No registered view owns the custom_id. Nothing was sent to Discord:
    /// another library (or another router) may own the component, so the
    /// interaction is handed back.
    UnknownCustomId {
        /// The clicked component's custom_id.
        custom_id: String,
        /// The interaction, untouched.
        interaction: OwnedInteraction,
    },
    /// The custom_id belongs to a non-persistent view that timed out or was
    /// stopped (or that a restart forgot); the user got the router's
    /// "expired" ephemeral message.
    Expired {
        /// The clicked component's custom_id.
        custom_id: String,
    },
    /// The view's `interaction_check` returned `false`; the user got the
    /// router's rejection ephemeral message.
    Rejected {
        /// The view's name.
        view: &'static str,
        /// The handler that did not run.
        item: &'static str,
    },
    /// The handler returned an error or panicked (or its `interaction_check`
    /// panicked, or a handler argument could not be extracted); the view's
    /// `on_error` has run.
    Failed {
        /// The view's name.
        view: &'static str,
        /// The handler's method name.
        item: &'static str,
        /// What went wrong.
        error: HandlerError,
    },
    /// The view stored for the message cannot be restored: its state no
    /// longer deserialises (and no migration hook fixed it), its row is
    /// corrupt, or no view type of its name is registered with
    /// `stored_view`. The user got the router's "unavailable" ephemeral
    /// message; the row is kept (a migration hook or a new `bind` fixes it).
    ///
    /// Also: the custom_id is declared by a `stored_view` type, but nothing
    /// is stored for the message (the click came before `bind` returned,
    /// or the view was unbound) and the type has no unbound instance.
    Unavailable {
        /// The stored view type's name.
        view: String,
        /// The message the view is bound to.
        message_id: Id<MessageMarker>,
        /// Why it cannot be restored.
        reason: String,
    },
    /// A `&mut self` handler of a stored view ran, but its new state could
    /// not be saved (the commit failed, or the state did not serialise).
    /// The in-memory state was rolled back, the handler's replies were
    /// dropped, and the user got the router's "not saved" ephemeral message.
    NotSaved {
        /// The view's name.
        view: &'static str,
        /// The handler's method name.
        item: &'static str,
        /// The message the view is bound to.
        message_id: Id<MessageMarker>,
        /// A [`StoreError`] from the commit, or a `serde_json::Error`.
        error: Box<dyn std::error::Error + Send + Sync>,
    },
    /// Reading the store (to restore or lease the view of the message)
    /// failed; no handler ran and the user got the "not saved" message.
    StoreFailed {
        /// The clicked message.
        message_id: Id<MessageMarker>,
        /// What the store said.
        error: StoreError,
    },
}

impl DispatchOutcome {
    /// Whether a handler of a view ran to completion.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub const fn is_handled(&self) -> bool {
        matches!(self, Self::Handled { .. })
    }

    /// The outcome's name in snake_case: `handled`, `not_component`,
    /// `malformed`, `unknown_custom_id`, `expired`, `rejected`, `failed`,
    /// `unavailable`, `not_saved` or `store_failed`. The dispatch span
    /// records it as its `outcome` field, and the `metrics` feature uses it
    /// as the `outcome` label (docs/operations.md).
    pub const fn name(&self) -> &'static str {
        match self {
            Self::Handled { .. } => "handled",
            Self::NotComponent { .. } => "not_component",
            Self::Malformed { .. } => "malformed",
            Self::UnknownCustomId { .. } => "unknown_custom_id",
            Self::Expired { .. } => "expired",
            Self::Rejected { .. } => "rejected",
            Self::Failed { .. } => "failed",
            Self::Unavailable { .. } => "unavailable",
            Self::NotSaved { .. } => "not_saved",
            Self::StoreFailed { .. } => "store_failed",
        }
    }

    /// The view and the item (handler) the outcome names, when it names
    /// them: `(view, None)` for an unavailable stored view.
    pub(crate) fn view_and_item(&self) -> Option<(&str, Option<&'static str>)> {
        match self {
            Self::Handled { view, item }
            | Self::Rejected { view, item }
            | Self::Failed { view, item, .. }
            | Self::NotSaved { view, item, .. } => Some((view, Some(item))),
            Self::Unavailable { view, .. } => Some((view, None)),
            _ => None,
        }
    }

    /// The interaction, when the router did nothing with it
    /// ([`Self::NotComponent`], [`Self::UnknownCustomId`]): pass it on to
    /// the rest of the bot. `None` for every other outcome, where the
    /// router has answered or acted on it.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn into_unhandled(self) -> Option<OwnedInteraction> {
        match self {
            Self::NotComponent { interaction } | Self::UnknownCustomId { interaction, .. } => {
                Some(interaction)
            }
            _ => None,
        }
    }
}

static_assertions::assert_impl_all!(DispatchOutcome: Send, Sync);
