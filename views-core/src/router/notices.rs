//! [`Notices`]: the ephemeral messages the router itself sends, when no
//! handler can answer a click (the view expired, cannot be restored, is not
//! the user's, or its change was not saved) and when a handler failed.

use std::{pin::Pin, sync::Arc};

use crate::context::{DEFAULT_ERROR_MESSAGE, ViewContext};

/// Default text for a click on an expired or stopped view.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
pub const DEFAULT_EXPIRED_MESSAGE: &str =
    "This view has expired. Run the command again to get a fresh one.";
/// Default text when a view's `interaction_check` says no.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
pub const DEFAULT_REJECTED_MESSAGE: &str = "You cannot use this.";
/// Default text when a stored view cannot be restored (its state no longer
/// fits the struct, its row is corrupt).
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
pub const DEFAULT_UNAVAILABLE_MESSAGE: &str =
    "This view is no longer available. Run the command again to get a fresh one.";
/// Default text when a click's new state could not be saved.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#what-the-user-sees).
pub const DEFAULT_NOT_SAVED_MESSAGE: &str =
    "Your action could not be saved, so it was not applied. Please try again.";

/// The router's own ephemeral messages, set together with
/// `ViewRouterBuilder::notices` (or one by one with `expired_message` and
/// its siblings), e.g. to translate them.
///
/// ```
/// use views_core::router::Notices;
///
/// let mut notices = Notices::default();
/// notices.expired = "Cette vue a expiré.".to_owned();
/// assert_eq!(notices.rejected, views_core::router::DEFAULT_REJECTED_MESSAGE);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Notices {
    /// A click on an expired or stopped view, or a submission of a modal
    /// nobody waits for any more.
    pub expired: String,
    /// A stored view that cannot be restored, or an id of ours that does not
    /// parse.
    pub unavailable: String,
    /// `interaction_check` said no ("not yours").
    pub rejected: String,
    /// A click whose new state could not be saved, or whose store failed.
    pub not_saved: String,
    /// The default `on_error`'s apology for a failed handler.
    pub error: String,
}

impl Default for Notices {
    fn default() -> Self {
        Self {
            expired: DEFAULT_EXPIRED_MESSAGE.to_owned(),
            unavailable: DEFAULT_UNAVAILABLE_MESSAGE.to_owned(),
            rejected: DEFAULT_REJECTED_MESSAGE.to_owned(),
            not_saved: DEFAULT_NOT_SAVED_MESSAGE.to_owned(),
            error: DEFAULT_ERROR_MESSAGE.to_owned(),
        }
    }
}

/// Which notice to send.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Notice {
    Expired,
    Unavailable,
    Rejected,
    NotSaved,
}

impl Notices {
    /// Sends `notice` ephemerally for `ctx`'s interaction. A failure to send
    /// is logged: there is nobody else to tell.
    ///
    /// Boxed: a notice is a rare path, and the reply's future (about a
    /// kilobyte) would otherwise be part of the future of every click that
    /// might send one, copied whenever that future moves.
    pub(crate) fn send<'a>(
        &'a self,
        notice: Notice,
        ctx: &'a ViewContext,
    ) -> Pin<Box<dyn Future<Output = ()> + Send + 'a>> {
        let text = match notice {
            Notice::Expired => &self.expired,
            Notice::Unavailable => &self.unavailable,
            Notice::Rejected => &self.rejected,
            Notice::NotSaved => &self.not_saved,
        };
        Box::pin(async move {
            if let Err(error) = ctx.respond_ephemeral(text.as_str()).await {
                tracing::warn!(custom_id = ctx.custom_id(), ?notice, %error, "could not send the router's notice");
            }
        })
    }

    /// The apology handed to every context, shared rather than copied.
    pub(crate) fn error_text(&self) -> Arc<str> {
        Arc::from(self.error.as_str())
    }
}
