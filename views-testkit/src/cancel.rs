//! Cancelling a future at a chosen await point, as a `timeout` around
//! `dispatch` or an aborted task does.

/// Polls `future` at most `polls` times and drops it if it has not
/// finished: a cancellation at its `polls`-th await point. `None` when it
/// was cancelled.
pub async fn cancel_after<F: Future>(polls: u64, future: F) -> Option<F::Output> {
    let mut future = std::pin::pin!(future);
    let mut left = polls;
    std::future::poll_fn(move |cx| {
        if left == 0 {
            return std::task::Poll::Ready(None);
        }
        left -= 1;
        future.as_mut().poll(cx).map(Some)
    })
    .await
}
