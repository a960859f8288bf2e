//! What the runtime measures: one function per measurement, each a `debug`
//! event for the trace (inside the span of what it measures) and, with the
//! `metrics` feature, a counter or histogram. Call sites need no `cfg`.
//!
//! Nothing is measured unless someone looks: without the feature and with
//! `debug` events of this module filtered out, a [`Stopwatch`] does not
//! read the clock and every function is a level check.
//!
//! The metric names, units and labels are in the public `crate::metrics`
//! module.

#![cfg_attr(not(feature = "metrics"), allow(unused_variables))]

use std::time::Instant;

#[cfg(feature = "metrics")]
use crate::metrics::{
    ACKNOWLEDGE_DURATION, AUTO_DEFERS, CACHE_EVICTIONS, CACHE_HITS, CACHE_MISSES, DISPATCHES,
    HANDLER_DURATION, RESTORES, STORE_COMMIT_DURATION, STORE_LEASE_DURATION,
};

/// Measures one duration, if a metric or a `debug` event will show it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Stopwatch {
    started: Option<Instant>,
}

impl Stopwatch {
    pub(crate) fn start() -> Self {
        let wanted = cfg!(feature = "metrics") || tracing::enabled!(tracing::Level::DEBUG);
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

/// One `dispatch` ended with `outcome` (`DispatchOutcome::name`).
pub(crate) fn dispatched(outcome: &'static str) {
    // One arm per outcome, each label a literal: the macro then builds a
    // static key, where a label from a variable allocates on every click.
    #[cfg(feature = "metrics")]
    match outcome {
        "handled" => ::metrics::counter!(DISPATCHES, "outcome" => "handled"),
        "not_component" => ::metrics::counter!(DISPATCHES, "outcome" => "not_component"),
        "malformed" => ::metrics::counter!(DISPATCHES, "outcome" => "malformed"),
        "unknown_custom_id" => ::metrics::counter!(DISPATCHES, "outcome" => "unknown_custom_id"),
        "expired" => ::metrics::counter!(DISPATCHES, "outcome" => "expired"),
        "rejected" => ::metrics::counter!(DISPATCHES, "outcome" => "rejected"),
        "failed" => ::metrics::counter!(DISPATCHES, "outcome" => "failed"),
        "unavailable" => ::metrics::counter!(DISPATCHES, "outcome" => "unavailable"),
        "not_saved" => ::metrics::counter!(DISPATCHES, "outcome" => "not_saved"),
        "store_failed" => ::metrics::counter!(DISPATCHES, "outcome" => "store_failed"),
        _ => ::metrics::counter!(DISPATCHES, "outcome" => outcome),
    }
    .increment(1);
}

/// A handler of `view` ran (its `interaction_check` included).
pub(crate) fn handler_ran(view: &'static str, item: &'static str, watch: Stopwatch) {
    tracing::debug!(view, item, took_us = watch.micros(), "handler done");
    #[cfg(feature = "metrics")]
    ::metrics::histogram!(HANDLER_DURATION, "view" => view, "item" => item)
        .record(watch.elapsed().as_secs_f64());
}

/// Discord accepted the first callback (of type `response`) of an
/// interaction that reached the router at `arrived`.
pub(crate) fn acknowledged(arrived: tokio::time::Instant, response: impl std::fmt::Debug) {
    tracing::debug!(
        ?response,
        after_us = micros(arrived.elapsed()),
        "acknowledged"
    );
    #[cfg(feature = "metrics")]
    ::metrics::histogram!(ACKNOWLEDGE_DURATION).record(arrived.elapsed().as_secs_f64());
}

/// The router acknowledged a click on its handler's behalf.
pub(crate) fn auto_deferred(reason: AutoDeferReason) {
    tracing::debug!(?reason, "the router acknowledged the click");
    #[cfg(feature = "metrics")]
    {
        let reason = match reason {
            AutoDeferReason::Deadline => "deadline",
            AutoDeferReason::Unanswered => "unanswered",
        };
        ::metrics::counter!(AUTO_DEFERS, "reason" => reason).increment(1);
    }
}

/// Taking a lease ended (taken, nothing to lease, or failed).
pub(crate) fn leased(watch: Stopwatch) {
    tracing::debug!(waited_us = watch.micros(), "lease wait over");
    #[cfg(feature = "metrics")]
    ::metrics::histogram!(STORE_LEASE_DURATION).record(watch.elapsed().as_secs_f64());
}

/// A commit ended, written or not.
pub(crate) fn committed(watch: Stopwatch) {
    tracing::debug!(took_us = watch.micros(), "commit over");
    #[cfg(feature = "metrics")]
    ::metrics::histogram!(STORE_COMMIT_DURATION).record(watch.elapsed().as_secs_f64());
}

/// A click found its stored view in memory (`hit`) or not.
pub(crate) fn cache_lookup(hit: bool) {
    tracing::debug!(hit, "stored view cache lookup");
    #[cfg(feature = "metrics")]
    if hit {
        ::metrics::counter!(CACHE_HITS).increment(1);
    } else {
        ::metrics::counter!(CACHE_MISSES).increment(1);
    }
}

/// The cache evicted a stored view.
pub(crate) fn cache_evicted() {
    #[cfg(feature = "metrics")]
    ::metrics::counter!(CACHE_EVICTIONS).increment(1);
}

/// A stored view was decoded from the store (`ok`), or could not be.
pub(crate) fn restored(ok: bool) {
    tracing::debug!(ok, "decoded from the store");
    #[cfg(feature = "metrics")]
    ::metrics::counter!(RESTORES, "result" => if ok { "ok" } else { "failed" }).increment(1);
}
