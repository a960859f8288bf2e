//! The metrics the router emits through the [`metrics`](https://docs.rs/metrics)
//! facade (feature `metrics`): their names, units and labels, in one place.
//!
//! Install a recorder (an exporter such as `metrics-exporter-prometheus`)
//! at start-up, then call [`describe`] to give it each metric's unit and
//! description. Without a recorder every measurement is a no-op; without
//! the feature the router does not measure at all and the `metrics` crate is
//! not compiled.
//!
//! | name | kind | unit | labels | what it counts or measures |
//! | --- | --- | --- | --- | --- |
//! | [`DISPATCHES`] | counter | | `outcome` | interactions passed to `dispatch`, by [`DispatchOutcome::name`](crate::DispatchOutcome::name) |
//! | [`HANDLER_DURATION`] | histogram | seconds | `view`, `item` | one handler's run (`interaction_check` included; not the lease, the commit or held replies) |
//! | [`ACKNOWLEDGE_DURATION`] | histogram | seconds | | from `dispatch` being called to Discord accepting the interaction's first callback (Discord wants it within 3 s) |
//! | [`AUTO_DEFERS`] | counter | | `reason` | acknowledgements the router sent for a handler: `deadline` (the handler was still running at the auto-defer deadline) or `unanswered` (it returned without answering) |
//! | [`STORE_LEASE_DURATION`] | histogram | seconds | | taking a stored view's lease, waiting for other clicks on the same message included |
//! | [`STORE_COMMIT_DURATION`] | histogram | seconds | | writing a stored view's new state (every commit, failed ones too) |
//! | [`CACHE_HITS`] | counter | | | clicks on a stored view found in memory |
//! | [`CACHE_MISSES`] | counter | | | clicks on a stored view that had to be restored from the store |
//! | [`CACHE_EVICTIONS`] | counter | | | stored views dropped from memory to stay within the cache capacity |
//! | [`RESTORES`] | counter | | `result` | stored views decoded from the store into memory (lazily on a click, or by `restore_all`): `ok` or `failed` |
//!
//! Label values are static: view and item names come from the code, never
//! from users, so the number of series stays bounded.

/// Interactions passed to `dispatch`, by outcome. Counter; label `outcome`
/// ([`DispatchOutcome::name`](crate::DispatchOutcome::name): `handled`,
/// `not_saved`, `store_failed`, …).
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const DISPATCHES: &str = "twilight_views_dispatches_total";

/// One handler's run, `interaction_check` included. Histogram in seconds;
/// labels `view` and `item`.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const HANDLER_DURATION: &str = "twilight_views_handler_duration_seconds";

/// From `dispatch` being called to Discord accepting the interaction's first
/// callback (a reply, an update, a defer or a modal). Histogram in seconds.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const ACKNOWLEDGE_DURATION: &str = "twilight_views_acknowledge_duration_seconds";

/// Acknowledgements the router sent on a handler's behalf. Counter; label
/// `reason`: `deadline` or `unanswered`.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const AUTO_DEFERS: &str = "twilight_views_auto_defers_total";

/// Taking a stored view's lease. Histogram in seconds.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const STORE_LEASE_DURATION: &str = "twilight_views_store_lease_duration_seconds";

/// Writing a stored view's new state. Histogram in seconds.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const STORE_COMMIT_DURATION: &str = "twilight_views_store_commit_duration_seconds";

/// Clicks on a stored view found in memory. Counter.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const CACHE_HITS: &str = "twilight_views_cache_hits_total";

/// Clicks on a stored view not in memory. Counter.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const CACHE_MISSES: &str = "twilight_views_cache_misses_total";

/// Stored views evicted from memory. Counter.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const CACHE_EVICTIONS: &str = "twilight_views_cache_evictions_total";

/// Stored views decoded from the store. Counter; label `result`: `ok` or
/// `failed`.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const RESTORES: &str = "twilight_views_restores_total";

/// Every metric name of this module, for exporters that want a list.
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#metrics).
pub const ALL: [&str; 10] = [
    DISPATCHES,
    HANDLER_DURATION,
    ACKNOWLEDGE_DURATION,
    AUTO_DEFERS,
    STORE_LEASE_DURATION,
    STORE_COMMIT_DURATION,
    CACHE_HITS,
    CACHE_MISSES,
    CACHE_EVICTIONS,
    RESTORES,
];

/// Gives the installed recorder each metric's unit and description (an
/// exporter shows them, e.g. as Prometheus's `# HELP` lines). Call it once
/// after installing the recorder; without one it does nothing.
///
/// ```
/// // After installing a recorder (e.g. metrics-exporter-prometheus's):
/// views_core::metrics::describe();
/// ```
///
/// See [the operations guide](https://github.com/twilight-views/twilight-views/blob/main/docs/operations.md#prometheus-the-counter-example).
pub fn describe() {
    use ::metrics::{Unit, describe_counter, describe_histogram};

    describe_counter!(
        DISPATCHES,
        Unit::Count,
        "Interactions passed to ViewRouter::dispatch, by outcome."
    );
    describe_histogram!(
        HANDLER_DURATION,
        Unit::Seconds,
        "Time a view's handler ran (interaction_check included)."
    );
    describe_histogram!(
        ACKNOWLEDGE_DURATION,
        Unit::Seconds,
        "Time from dispatch to Discord accepting the interaction's first callback."
    );
    describe_counter!(
        AUTO_DEFERS,
        Unit::Count,
        "Acknowledgements sent by the router: the handler was slow (deadline) or did not answer (unanswered)."
    );
    describe_histogram!(
        STORE_LEASE_DURATION,
        Unit::Seconds,
        "Time to take a stored view's lease."
    );
    describe_histogram!(
        STORE_COMMIT_DURATION,
        Unit::Seconds,
        "Time to write a stored view's new state."
    );
    describe_counter!(
        CACHE_HITS,
        Unit::Count,
        "Clicks on a stored view found in memory."
    );
    describe_counter!(
        CACHE_MISSES,
        Unit::Count,
        "Clicks on a stored view restored from the store."
    );
    describe_counter!(
        CACHE_EVICTIONS,
        Unit::Count,
        "Stored views evicted from memory to stay within the cache capacity."
    );
    describe_counter!(
        RESTORES,
        Unit::Count,
        "Stored views decoded from the store, by result."
    );
}
