//! What the runtime measures: one function per measurement, each a `debug`
//! event for the trace, in the context of the click's `dispatch` span.
//!
//! Nothing is measured unless someone looks: with `debug` events of this
//! module filtered out, a [`Stopwatch`] does not read the clock and every
//! function is a level check.

use std::time::Instant;

/// Measures one duration, if a `debug` event will show it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stopwatch {
    started: Option<Instant>,
}

impl Stopwatch {
    pub(crate) fn start() -> Self {
        let wanted = tracing::enabled!(tracing::Level::DEBUG);
        Self {
            started: wanted.then(Instant::now),
        }
    }

    fn elapsed(self) -> std::time::Duration {
        self.started
            .map(|started| started.elapsed())
            .unwrap_or_default()
    }

    fn micros(self) -> u64 {
        micros(self.elapsed())
    }
}

/// Whole microseconds, for trace fields.
pub(crate) fn micros(duration: std::time::Duration) -> u64 {
    u64::try_from(duration.as_micros()).unwrap_or(u64::MAX)
}

/// Why the router acknowledged a click itself.
#[derive(Clone, Copy, Debug)]
pub(crate) enum AutoDeferReason {
    /// The handler was still running at the deadline.
    Deadline,
    /// The handler returned without answering.
    Unanswered,
}

/// A handler of `view` ran (its `interaction_check` included).
pub(crate) fn handler_ran(view: &'static str, item: &'static str, watch: Stopwatch) {
    tracing::debug!(view, item, took_us = watch.micros(), "handler done");
}

/// Discord accepted the first callback (of type `response`) of an
/// interaction that reached the router at `arrived`.
pub(crate) fn acknowledged(arrived: tokio::time::Instant, response: impl std::fmt::Debug) {
    tracing::debug!(
        ?response,
        after_us = micros(arrived.elapsed()),
        "acknowledged"
    );
}

/// The router acknowledged a click on its handler's behalf.
pub(crate) fn auto_deferred(reason: AutoDeferReason) {
    tracing::debug!(?reason, "the router acknowledged the click");
}

/// Taking a lease ended (taken, nothing to lease, or failed).
pub(crate) fn leased(watch: Stopwatch) {
    tracing::debug!(waited_us = watch.micros(), "lease wait over");
}

/// A commit ended, written or not.
pub(crate) fn committed(watch: Stopwatch) {
    tracing::debug!(took_us = watch.micros(), "commit over");
}

/// A click found its stored view in memory (`hit`) or not.
pub(crate) fn cache_lookup(hit: bool) {
    tracing::debug!(hit, "stored view cache lookup");
}

/// A stored view was decoded from the store (`ok`), or could not be.
pub(crate) fn restored(ok: bool) {
    tracing::debug!(ok, "decoded from the store");
}
