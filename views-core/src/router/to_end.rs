//! A click that must run to its end even if its caller stops waiting: it
//! is polled in the caller's task, and handed to a task of its own only if
//! the caller drops it unfinished.
//!
//! A click holding a stored view's lease must not be cut in half (a
//! handler stopped after it changed the view, a commit without its reply).
//! Spawning every such click on its own task guaranteed that, at the price
//! of a task per click (its allocation, a copy of the click's future into
//! it, and two trips through the scheduler). Nearly every caller waits for
//! the click, so the task is now only made for the few that do not.

use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

use super::outcome::DispatchOutcome;

/// The click's future, boxed so that a caller dropping it half-way can
/// move it to a task without moving the future itself.
type Click = Pin<Box<dyn Future<Output = DispatchOutcome> + Send>>;

/// Runs `click` to its end: see the module's documentation.
pub(crate) struct RunsToEnd {
    /// `None` once finished (or once a poll panicked: a future is never
    /// polled again after a panic).
    click: Option<Click>,
}

impl RunsToEnd {
    pub(crate) fn new(click: impl Future<Output = DispatchOutcome> + Send + 'static) -> Self {
        Self {
            click: Some(Box::pin(click)),
        }
    }
}

impl Future for RunsToEnd {
    type Output = DispatchOutcome;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<DispatchOutcome> {
        // Taken out while polled: if the poll panics, the click is dropped
        // as the unwind passes, not handed to a task by `drop`.
        let Some(mut click) = self.click.take() else {
            return Poll::Pending;
        };
        match click.as_mut().poll(cx) {
            Poll::Ready(outcome) => Poll::Ready(outcome),
            Poll::Pending => {
                self.click = Some(click);
                Poll::Pending
            }
        }
    }
}

impl Drop for RunsToEnd {
    fn drop(&mut self) {
        let Some(click) = self.click.take() else {
            return;
        };
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                tracing::debug!("the caller stopped waiting for a click: it finishes on a task");
                drop(runtime.spawn(click));
            }
            // Without a runtime the click cannot go on (nor could a task of
            // its own, whose runtime is gone): it is dropped, its lease
            // released and nothing committed, as when a task is cancelled.
            Err(_) => tracing::warn!(
                "a click was dropped unfinished outside a tokio runtime; its change was not saved"
            ),
        }
    }
}

#[cfg(test)]
mod tests;
