//! `ctx.ask`: a handler opens a modal and awaits its submission itself,
//! with no submit handler registered (discord.py's `await modal.wait()`).
//! The waiters live in their router's `AwaitedModals` (`crate::context::awaited`),
//! so two routers in one process never hand each other's submissions over.

use super::{Modal, Submission};
use crate::{
    context::{
        ViewContext,
        awaited::{Submitted, defer_if_slow},
    },
    error::ViewResult,
};

/// Prefix of the custom_ids of awaited modals ([`ViewContext::ask`]);
/// declared modal custom_ids may not start with it.
pub use views_ids::AWAITED_PREFIX;

/// A fresh custom_id for one awaited modal: random per process, counted
/// within it, so a submission from before a restart finds no waiter.
fn awaited_custom_id() -> String {
    use std::hash::{BuildHasher, Hasher};
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static NONCE: std::sync::LazyLock<u64> = std::sync::LazyLock::new(|| {
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(u64::from(std::process::id()));
        hasher.finish()
    });
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    format!("{AWAITED_PREFIX}{:x}.{n:x}", *NONCE)
}

impl ViewContext {
    /// Opens `form`'s modal and waits up to `timeout` for its submission,
    /// with no handler registered on the router (discord.py's
    /// `await modal.wait()`). Returns the submission's context, which the
    /// caller answers (one still unanswered at the router's auto-defer
    /// delay is acknowledged for it, as a click is: a deferred update of the
    /// message, or a deferred public reply when a slash command opened the
    /// modal; the answer then goes out as a follow-up or edit), and the
    /// parsed form; `None` if nothing was submitted in
    /// time, or the submission did not parse (the user then got the
    /// router's apology). Must be this interaction's first answer.
    ///
    /// The modal gets a generated custom_id, so the wait ends with the
    /// process: a form submitted after a restart (or after the timeout) is
    /// answered with the router's "expired" message. While waiting, the
    /// calling handler keeps its view locked (its other items wait); for
    /// long forms or persistent flows register a handler with
    /// [`ViewRouterBuilder::modal`](crate::ViewRouterBuilder::modal). In a
    /// `&mut self` handler of a stored view the wait counts against the
    /// router's `lease_timeout` (default 60 s): keep `timeout` below it.
    /// The modal opens at once, not held until the commit.
    /// For modals with a literal custom_id: the generated id replaces a
    /// template, so `#[id_field]`s could not be read back (`None`).
    ///
    /// # Errors
    ///
    /// As [`Self::open_modal`].
    ///
    /// See [the modals guide](https://github.com/twilight-views/twilight-views/blob/main/docs/modals.md#awaiting-a-submission-in-the-handler).
    pub async fn ask<M: Modal>(
        &self,
        form: &M,
        timeout: std::time::Duration,
    ) -> ViewResult<Option<(ViewContext, M)>> {
        let custom_id = awaited_custom_id();
        let mut data = M::data(Some(form));
        if let Ok(data) = &mut data {
            data.custom_id = Some(custom_id.clone());
        }
        let (_guard, receiver) = self.awaited().wait(custom_id);
        self.send_modal(data).await?;
        let Ok(Ok(Submitted { ctx, defer_at })) = tokio::time::timeout(timeout, receiver).await
        else {
            return Ok(None);
        };
        // Its `update_view` re-renders the asking view: with that view's
        // ids (a started view's are generated), not the declared ones.
        let submitted = ctx.with_ids(self.custom_ids().clone());
        defer_if_slow(&submitted, defer_at);
        let parsed = submitted
            .modal_data()
            .map(Submission::new)
            .map(|mut submission| {
                M::from_submission(&mut submission)
                    .and_then(|form| submission.finish().map(|()| form))
            });
        match parsed {
            Some(Ok(form)) => Ok(Some((submitted, form))),
            Some(Err(error)) => {
                tracing::warn!(modal = M::NAME, %error, "awaited modal submission did not parse");
                if let Err(reply_error) = submitted.apologise().await {
                    tracing::warn!(%reply_error, "could not apologise for a bad submission");
                }
                Ok(None)
            }
            None => Ok(None),
        }
    }
}
