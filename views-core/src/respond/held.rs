//! Held replies: while a mutating handler of a stored view runs, its
//! replies are queued instead of sent, so nothing reaches Discord before the
//! view's new state is durable. The router sends them, in order, after the
//! store committed, or drops them when the commit failed.

use std::sync::{MutexGuard, PoisonError};

use super::{Responder, Target, ViewBinding, ViewReplyKind};
use crate::{error::ViewResult, reply::Reply};

/// One reply call a handler made while its replies were held.
#[derive(Debug)]
pub(crate) enum Held {
    Respond(Reply),
    Update(Reply),
    Followup(Reply),
    EditOriginal(Reply),
    DeleteOriginal,
    Defer {
        ephemeral: bool,
    },
    DeferUpdate,
    /// A reply carrying a view, bound to its message once sent.
    WithView {
        reply: Reply,
        kind: ViewReplyKind,
        binding: Box<dyn ViewBinding>,
    },
}

impl Responder {
    // The queue is only pushed to and taken whole; a panic while it is
    // locked cannot leave it half-changed.
    pub(super) fn queue(&self) -> MutexGuard<'_, Option<Vec<Held>>> {
        self.held.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Starts holding replies (the router, before a mutating handler of a
    /// stored view).
    pub(crate) fn start_holding(&self) {
        *self.queue() = Some(Vec::new());
    }

    /// Stops holding and forgets the held replies.
    pub(crate) fn discard_held(&self) {
        *self.queue() = None;
    }

    /// Queues `reply` (wrapped by `wrap`) when replies are held; otherwise
    /// gives it back to be sent now.
    pub(super) fn try_hold(&self, reply: Reply, wrap: fn(Reply) -> Held) -> Option<Reply> {
        match self.queue().as_mut() {
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
    pub(super) fn try_hold_ack(&self, ack: Held) -> bool {
        match self.queue().as_mut() {
            Some(held) if !held.is_empty() => {
                held.push(ack);
                true
            }
            _ => false,
        }
    }

    /// Queues a call without payload when replies are held.
    pub(super) fn try_hold_call(&self, call: Held) -> bool {
        match self.queue().as_mut() {
            Some(held) => {
                held.push(call);
                true
            }
            None => false,
        }
    }

    /// Whether replies are queued.
    pub(super) fn has_held(&self) -> bool {
        self.queue().as_ref().is_some_and(|held| !held.is_empty())
    }

    /// Stops holding and sends the held replies in order; stops at the
    /// first that fails and returns its error.
    pub(crate) async fn flush_held(&self, target: Target<'_>) -> ViewResult {
        let held = self.queue().take().unwrap_or_default();
        if held.is_empty() {
            return Ok(());
        }
        // Boxed: the replies' futures (a kilobyte) would otherwise be part
        // of the future of every click that holds its replies, copied
        // whenever that future moves, replies or not.
        Box::pin(self.send_held(target, held)).await
    }

    async fn send_held(&self, target: Target<'_>, held: Vec<Held>) -> ViewResult {
        for call in held {
            match call {
                Held::Respond(reply) => self.respond_now(target, reply).await?,
                Held::Update(reply) => self.update_now(target, reply).await?,
                Held::Followup(reply) => {
                    self.transport
                        .followup(target.interaction, reply.into_data())
                        .await?;
                }
                Held::EditOriginal(reply) => self.edit_original_now(target, reply).await?,
                Held::DeleteOriginal => self.transport.delete_original(target.interaction).await?,
                Held::Defer { ephemeral } => self.defer_now(target, ephemeral).await?,
                Held::DeferUpdate => self.defer_update_now(target).await?,
                Held::WithView {
                    reply,
                    kind,
                    binding,
                } => {
                    self.respond_with_view_now(target, reply, kind, binding)
                        .await?;
                }
            }
        }
        Ok(())
    }
}
