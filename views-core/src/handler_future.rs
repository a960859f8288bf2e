//! The future a dispatch-table handler returns: the user's handler future
//! boxed as it is, its output converted by a small poll function, so the
//! generated code needs no second `async` block per handler (each one is
//! a state machine compiled into the bot; see "Compile time" in
//! docs/performance.md).

use std::{
    future::Future,
    marker::PhantomData,
    pin::Pin,
    task::{Context, Poll},
};

use crate::{base::BoxFuture, error::HandlerError, extract::IntoHandlerResult};

/// What a handler of the dispatch table ([`crate::item::Handler`]) returns:
/// a future of `Result<(), HandlerError>`.
///
/// Generated handlers box the user's method future with
/// [`HandlerFuture::new`]; a failed argument extraction is
/// [`HandlerFuture::failed`], which allocates nothing.
#[must_use = "a handler future does nothing unless polled"]
pub struct HandlerFuture<'a> {
    state: State<'a>,
}

enum State<'a> {
    /// A future whose output converts with [`IntoHandlerResult`].
    Converting(Pin<Box<dyn PollHandler + Send + 'a>>),
    /// A future that already yields the handler's result.
    Boxed(BoxFuture<'a, Result<(), HandlerError>>),
    /// Failed before the handler ran; `None` once returned.
    Failed(Option<HandlerError>),
}

impl<'a> HandlerFuture<'a> {
    /// Boxes `future`, whose output ([`crate::ViewResult`], `()`,
    /// `Result<(), E>`) becomes the handler's result when it completes.
    ///
    /// `returns` only carries the output type, so a compiler error about it
    /// can point at the handler's return type (the macros pass a
    /// [`Returns`] spanned there).
    pub fn new<F>(future: F, returns: Returns<F::Output>) -> Self
    where
        F: Future + Send + 'a,
        F::Output: IntoHandlerResult,
    {
        let _ = returns;
        Self {
            state: State::Converting(Box::pin(future)),
        }
    }

    /// A future that already yields the handler's result (hand-written
    /// dispatch tables).
    pub fn boxed(future: BoxFuture<'a, Result<(), HandlerError>>) -> Self {
        Self {
            state: State::Boxed(future),
        }
    }

    /// A handler that fails with `error` without running (a handler
    /// argument that could not be extracted). Not generic: compiled once.
    pub const fn failed(error: HandlerError) -> Self {
        Self {
            state: State::Failed(Some(error)),
        }
    }
}

impl Future for HandlerFuture<'_> {
    type Output = Result<(), HandlerError>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        match &mut self.state {
            State::Converting(future) => future.as_mut().poll_handler(cx),
            State::Boxed(future) => future.as_mut().poll(cx),
            State::Failed(error) => match error.take() {
                Some(error) => Poll::Ready(Err(error)),
                None => Poll::Ready(Err(HandlerError::panicked(
                    "handler future polled after completion",
                ))),
            },
        }
    }
}

impl std::fmt::Debug for HandlerFuture<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = match &self.state {
            State::Converting(_) => "converting",
            State::Boxed(_) => "boxed",
            State::Failed(_) => "failed",
        };
        f.debug_struct("HandlerFuture")
            .field("state", &state)
            .finish_non_exhaustive()
    }
}

/// The output type of a handler method, carried as a value: see
/// [`HandlerFuture::new`].
pub struct Returns<T>(PhantomData<fn() -> T>);

impl<T> Returns<T> {
    /// The marker (the type is inferred from the future).
    #[must_use]
    pub const fn new() -> Self {
        Self(PhantomData)
    }
}

impl<T> Default for Returns<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> std::fmt::Debug for Returns<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Returns")
    }
}

/// A future polled for the handler's result: the one function compiled per
/// handler method, a poll and a conversion.
trait PollHandler {
    fn poll_handler(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), HandlerError>>;
}

impl<F> PollHandler for F
where
    F: Future,
    F::Output: IntoHandlerResult,
{
    fn poll_handler(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<(), HandlerError>> {
        self.poll(cx).map(IntoHandlerResult::into_handler_result)
    }
}
