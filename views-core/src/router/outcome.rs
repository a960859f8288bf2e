//! [`DispatchOutcome`]: what [`crate::ViewRouter::dispatch`] did with one
//! interaction.

use crate::error::HandlerError;

/// What the router did with one interaction.
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
    /// Not a message-component interaction (a command, a modal, a ping…):
    /// nothing was done, another part of the bot may handle it.
    NotComponent,
    /// A component interaction without the data needed to route it, or
    /// whose component type does not match the item its custom_id names.
    /// Nothing was sent to Discord.
    Malformed {
        /// What was wrong.
        reason: &'static str,
    },
    /// No registered view owns the custom_id. Nothing was sent to Discord:
    /// another library (or another router) may own the component.
    UnknownCustomId {
        /// The clicked component's custom_id.
        custom_id: String,
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
    /// The handler (or its `interaction_check`) returned an error or
    /// panicked; the view's `on_error` has run.
    Failed {
        /// The view's name.
        view: &'static str,
        /// The handler's method name.
        item: &'static str,
        /// What went wrong.
        error: HandlerError,
    },
}

impl DispatchOutcome {
    /// Whether a handler of a view ran to completion.
    pub const fn is_handled(&self) -> bool {
        matches!(self, Self::Handled { .. })
    }
}

static_assertions::assert_impl_all!(DispatchOutcome: Send, Sync);
