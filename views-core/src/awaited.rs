//! [`AwaitedModals`]: the handlers waiting in `ctx.ask` for a modal's
//! submission, one map per router, shared with every context it builds.

use std::sync::Arc;

use dashmap::DashMap;
use tokio::sync::oneshot;

use crate::context::ViewContext;

/// Handlers waiting in `ViewContext::ask`, by the modal's generated
/// custom_id. One per router; every context the router builds shares it.
#[derive(Debug, Default)]
pub(crate) struct AwaitedModals {
    waiting: DashMap<String, oneshot::Sender<ViewContext>>,
}

impl AwaitedModals {
    /// Registers a waiter for `custom_id`; it is removed when the guard
    /// drops, however `ask` ends (submission, timeout, cancellation).
    pub(crate) fn wait(
        self: &Arc<Self>,
        custom_id: String,
    ) -> (WaitGuard, oneshot::Receiver<ViewContext>) {
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
    pub(crate) fn deliver(&self, ctx: ViewContext) -> Result<(), ViewContext> {
        match self.waiting.remove(ctx.custom_id()) {
            Some((_, waiter)) => waiter.send(ctx),
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
