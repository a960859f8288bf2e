//! Held replies: while a mutating handler of a stored view runs, its
//! replies are queued instead of sent, so nothing reaches Discord before the
//! view's new state is durable. The router sends them, in order, after the
//! store committed, or drops them when the commit failed.

use std::sync::{Mutex, MutexGuard, PoisonError, atomic::Ordering};

use crate::{context::ViewContext, error::ViewResult, reply::Reply};

/// One reply call a handler made while its replies were held.
#[derive(Debug)]
pub(crate) enum Held {
    Respond(Reply),
    Update(Reply),
    Followup(Reply),
    EditOriginal(Reply),
    DeleteOriginal,
    Defer { ephemeral: bool },
    DeferUpdate,
}

/// `Some` while replies are held.
pub(crate) type HeldQueue = Mutex<Option<Vec<Held>>>;

// The queue is only pushed to and taken whole; a panic while it is locked
// cannot leave it half-changed.
fn queue(ctx: &ViewContext) -> MutexGuard<'_, Option<Vec<Held>>> {
    ctx.inner
        .held
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
}

impl ViewContext {
    /// Starts holding replies (the router, before a mutating handler of a
    /// stored view).
    pub(crate) fn start_holding(&self) {
        *queue(self) = Some(Vec::new());
    }

    /// Stops holding and forgets the held replies.
    pub(crate) fn discard_held(&self) {
        *queue(self) = None;
    }

    /// Queues `reply` (wrapped by `wrap`) when replies are held; otherwise
    /// gives it back to be sent now.
    pub(crate) fn try_hold(&self, reply: Reply, wrap: fn(Reply) -> Held) -> Option<Reply> {
        match queue(self).as_mut() {
            Some(held) => {
                held.push(wrap(reply));
                None
            }
            None => Some(reply),
        }
    }

    /// Queues an acknowledgement when replies are held and an earlier reply
    /// is queued (to keep the order); `false` when it should be sent now.
    /// An acknowledgement alone reveals no state, so it is not held.
    pub(crate) fn try_hold_ack(&self, ack: Held) -> bool {
        match queue(self).as_mut() {
            Some(held) if !held.is_empty() => {
                held.push(ack);
                true
            }
            _ => false,
        }
    }

    /// Queues a call without payload when replies are held.
    pub(crate) fn try_hold_call(&self, call: Held) -> bool {
        match queue(self).as_mut() {
            Some(held) => {
                held.push(call);
                true
            }
            None => false,
        }
    }

    /// Whether replies are queued.
    pub(crate) fn has_held(&self) -> bool {
        queue(self).as_ref().is_some_and(|held| !held.is_empty())
    }

    /// Stops holding and sends the held replies in order; stops at the
    /// first that fails and returns its error.
    pub(crate) async fn flush_held(&self) -> ViewResult {
        let held = queue(self).take().unwrap_or_default();
        for call in held {
            match call {
                Held::Respond(reply) => self.respond(reply).await?,
                Held::Update(reply) => self.update(reply).await?,
                Held::Followup(reply) => self.followup(reply).await?,
                Held::EditOriginal(reply) => self.edit_original(reply).await?,
                Held::DeleteOriginal => self.delete_original().await?,
                Held::Defer { ephemeral: false } => self.defer().await?,
                Held::Defer { ephemeral: true } => self.defer_ephemeral().await?,
                Held::DeferUpdate => self.defer_update().await?,
            }
        }
        Ok(())
    }

    /// Records that Discord said the component's message no longer exists.
    pub(crate) fn note_unknown_message(&self, result: &ViewResult) {
        if let Err(error) = result
            && matches!(error.kind(), crate::error::ViewErrorKind::UnknownMessage)
        {
            self.inner.unknown_message.store(true, Ordering::Release);
        }
    }

    /// Whether an edit of the component's message failed with "Unknown
    /// Message" (10008): the message was deleted.
    pub(crate) fn saw_unknown_message(&self) -> bool {
        self.inner.unknown_message.load(Ordering::Acquire)
    }
}
