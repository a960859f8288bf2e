//! [`AwaitedModals`]: the handlers waiting in `ctx.ask` for a modal's
//! submission, one map per router, shared with every context it builds.
//! Part of the context: each holds the other (a context carries its
//! router's waiters, and a waiter is handed the submission's context).

use std::sync::Arc;

use dashmap::DashMap;
use tokio::{sync::oneshot, time::Instant};

use super::ViewContext;
use crate::base::AutoDefer;

/// Handlers waiting in `ViewContext::ask`, by the modal's generated
/// custom_id. One per router; every context the router builds shares it.
#[derive(Debug, Default)]
pub(crate) struct AwaitedModals {
    waiting: DashMap<String, oneshot::Sender<Submitted>>,
}

/// A submission handed to its waiting handler, with the instant by which
/// it must be acknowledged (the router's auto-defer deadline).
#[derive(Debug)]
pub(crate) struct Submitted {
    pub(crate) ctx: ViewContext,
    pub(crate) defer_at: Instant,
}

/// Acknowledges the submission `ctx` answers at `deadline` if the waiting
/// handler has not answered it by then. That handler answers after routing
/// is done, so no timer can be stopped when it finishes: the response
/// state tells at the deadline whether it answered in time.
///
/// A submission a slash command opened can only get a deferred reply, a
/// public "thinking…" that the handler's answer replaces: when the handler
/// has already let go of the submission unanswered, nothing ever would, so
/// it is left unanswered (Discord shows the user a failed interaction) and
/// logged.
pub(crate) fn defer_if_slow(ctx: &ViewContext, deadline: Instant) {
    let Ok(runtime) = tokio::runtime::Handle::try_current() else {
        return;
    };
    let ctx = ctx.clone();
    runtime.spawn(async move {
        tokio::time::sleep_until(deadline).await;
        let mode = ctx.submission_defer_mode();
        if mode == AutoDefer::Reply && !ctx.is_held_elsewhere() {
            if !ctx.is_answered().await {
                tracing::warn!(
                    custom_id = ctx.custom_id(),
                    "the handler waiting in `ask` dropped the submission of a command's modal \
                     without answering it: Discord shows the user a failed interaction"
                );
            }
            return;
        }
        ctx.defer_slow(mode).await;
    });
}

impl AwaitedModals {
    /// Registers a waiter for `custom_id`; it is removed when the guard
    /// drops, however `ask` ends (submission, timeout, cancellation).
    pub(crate) fn wait(
        self: &Arc<Self>,
        custom_id: String,
    ) -> (WaitGuard, oneshot::Receiver<Submitted>) {
        let (sender, receiver) = oneshot::channel();
        self.waiting.insert(custom_id.clone(), sender);
        let guard = WaitGuard {
            awaited: Arc::clone(self),
            custom_id,
        };
        (guard, receiver)
    }

    /// Hands a submission to the handler waiting for it; gives the context
    /// back when nobody waits (any more) for its custom_id.
    pub(crate) fn deliver(&self, ctx: ViewContext, defer_at: Instant) -> Result<(), ViewContext> {
        match self.waiting.remove(ctx.custom_id()) {
            Some((_, waiter)) => waiter
                .send(Submitted { ctx, defer_at })
                .map_err(|submitted| submitted.ctx),
            None => Err(ctx),
        }
    }
}

/// Removes a waiter when `ask` ends.
pub(crate) struct WaitGuard {
    awaited: Arc<AwaitedModals>,
    custom_id: String,
}

impl Drop for WaitGuard {
    fn drop(&mut self) {
        self.awaited.waiting.remove(&self.custom_id);
    }
}
