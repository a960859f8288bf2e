//! Views bound with a store: their kinds (how to decode a stored state),
//! their cached instances, and how a click on one runs: take the message's
//! lease (or read the record, for `&self` handlers; or neither, for a
//! `&self` handler on a current cached view of a store this process owns),
//! check the cached instance against the record's version, run the handler
//! with its replies held, commit the new state, then send the replies.

use std::{
    any::TypeId,
    error::Error,
    sync::{
        Arc,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::Duration,
};

use serde::{Serialize, de::DeserializeOwned};
use tokio::{
    sync::{Mutex, MutexGuard},
    time::Instant,
};
use tracing::Instrument as _;
use twilight_model::id::{Id, marker::MessageMarker};

use super::{
    RouterInner, Settings,
    cache::SharedStored,
    click::{Deadline, checked_item, report_failure, run_click},
    erased::{ErasedStoredView, ItemInfo, ViewKind},
    notices::Notice,
    outcome::DispatchOutcome,
    to_end::RunsToEnd,
};
use crate::{
    catch::CatchUnwind,
    context::ViewContext,
    error::HandlerError,
    observe::{self, Stopwatch},
    store::{Lease, StoreError, StoreErrorKind, StoredView, ViewStore, WriteFeed},
    view::View,
};

/// Errors a migration hook returns.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#a-migration-hook).
pub type MigrationError = Box<dyn Error + Send + Sync>;

/// A migration hook: upgrades a stored state that no longer deserialises.
pub(crate) type Migration =
    Arc<dyn Fn(serde_json::Value) -> Result<serde_json::Value, MigrationError> + Send + Sync>;

type Restore = fn(&StoredKind, &StoredView) -> Result<SharedStored, String>;

/// A view type registered with `ViewRouterBuilder::stored_view`.
pub(crate) struct StoredKind {
    pub(crate) name: &'static str,
    pub(crate) type_id: TypeId,
    /// Its items (whether a handler mutates, its auto-defer mode).
    pub(crate) view: ViewKind,
    pub(crate) restore: Restore,
    pub(crate) migration: Option<Migration>,
}

impl StoredKind {
    pub(crate) fn of<V: View + Serialize + DeserializeOwned>() -> Self {
        let view = ViewKind::of::<V>();
        Self {
            name: view.name,
            type_id: view.type_id,
            view,
            restore: restore::<V>,
            migration: None,
        }
    }
}

/// Decodes a stored state as `V`, running the kind's migration hook when
/// the state no longer fits the struct.
pub(crate) fn decode<V: DeserializeOwned>(kind: &StoredKind, state: &[u8]) -> Result<V, String> {
    let direct = match serde_json::from_slice::<V>(state) {
        Ok(view) => return Ok(view),
        Err(error) => error,
    };
    serde_json::from_value(migrate(kind, state, &direct)?)
        .map_err(|error| format!("the migrated state does not deserialise: {error}"))
}

/// A state that does not deserialise (`direct` says why), upgraded by the
/// kind's migration hook. Not generic: only the two `serde` calls of
/// [`decode`] are compiled per view type.
fn migrate(
    kind: &StoredKind,
    state: &[u8],
    direct: &serde_json::Error,
) -> Result<serde_json::Value, String> {
    let Some(migration) = &kind.migration else {
        return Err(format!("the stored state does not deserialise: {direct}"));
    };
    let value: serde_json::Value = serde_json::from_slice(state)
        .map_err(|error| format!("the stored state is not JSON: {error}"))?;
    migration(value).map_err(|error| format!("the migration hook failed: {error}"))
}

/// Decodes `record` into an instance of `kind`, in a `restore` span, and
/// counts it in the metrics.
pub(crate) fn restore_traced(
    kind: &StoredKind,
    record: &StoredView,
) -> Result<SharedStored, String> {
    let _span = tracing::debug_span!(
        "restore",
        view = kind.name,
        message_id = record.message_id,
        version = record.version
    )
    .entered();
    let restored = (kind.restore)(kind, record);
    observe::restored(restored.is_ok());
    restored
}

fn restore<V: View + Serialize + DeserializeOwned>(
    kind: &StoredKind,
    record: &StoredView,
) -> Result<SharedStored, String> {
    let view = decode::<V>(kind, &record.state)?;
    Ok(Arc::new(StoredInstance::new(view, record.version)))
}

/// A stored view in memory. Small on purpose: the cache may hold many.
/// The cache holds it as [`SharedStored`], its view type erased.
pub(crate) struct StoredInstance<V: ?Sized> {
    /// The store version `view` corresponds to; 0 = unknown (re-read).
    version: AtomicU64,
    /// Second-chance bit of the cache's eviction.
    used: AtomicBool,
    /// `V`'s, to tell a cached view of another type.
    type_id: TypeId,
    /// Last: the field a `dyn ErasedStoredView` unsizes.
    view: Mutex<V>,
}

impl<V: 'static> StoredInstance<V> {
    pub(crate) fn new(view: V, version: u64) -> Self {
        Self {
            version: AtomicU64::new(version),
            used: AtomicBool::new(false),
            type_id: TypeId::of::<V>(),
            view: Mutex::new(view),
        }
    }
}

/// How the click may touch the store.
pub(crate) enum Access {
    /// A mutating handler: exclusive, may commit.
    Lease(Lease),
    /// A `&self` handler: the record as read.
    Read {
        record: StoredView,
        /// An owned store's write count before the read (see `WriteFeed`):
        /// if it moved by the end of the click, a write may have slipped
        /// between the read and the click, and the instance is not trusted
        /// without a read next time.
        writes: Option<u64>,
    },
    /// A `&self` handler on a cached instance of an owned store, current
    /// when the click was routed: nothing read.
    Cached,
}

impl Access {
    const fn record(&self) -> Option<&StoredView> {
        match self {
            Self::Lease(lease) => Some(lease.record()),
            Self::Read { record, .. } => Some(record),
            Self::Cached => None,
        }
    }
}

/// Everything one stored click needs.
pub(crate) struct StoredRun {
    pub(crate) index: usize,
    pub(crate) ctx: ViewContext,
    pub(crate) settings: Arc<Settings>,
    pub(crate) access: Access,
    pub(crate) kind: Arc<StoredKind>,
    pub(crate) message_id: Id<MessageMarker>,
    /// The router's store, for a cached click whose instance went stale
    /// while it waited for the view.
    pub(crate) store: Arc<dyn ViewStore>,
}

impl StoredInstance<dyn ErasedStoredView> {
    pub(crate) fn view_type(&self) -> TypeId {
        self.type_id
    }

    /// The store version the view now corresponds to.
    pub(crate) fn set_version(&self, version: u64) {
        self.version.store(version, Ordering::Release);
    }

    /// Whether no write is known to have passed the view since it was last
    /// checked against its row: with an owned store, a `&self` click may
    /// then skip the read.
    pub(crate) fn is_current(&self) -> bool {
        self.version.load(Ordering::Acquire) != 0
    }

    pub(crate) fn mark_used(&self) {
        // Relaxed: a lost mark only makes eviction slightly less precise.
        if !self.used.load(Ordering::Relaxed) {
            self.used.store(true, Ordering::Relaxed);
        }
    }

    /// Clears the used bit, returning it.
    pub(crate) fn take_used(&self) -> bool {
        self.used.swap(false, Ordering::Relaxed)
    }

    /// Runs one click in the caller's task.
    pub(crate) async fn run(self: Arc<Self>, run: StoredRun) -> DispatchOutcome {
        let message_id = run.message_id;
        let ended_early = |why: String| DispatchOutcome::StoreFailed {
            message_id,
            error: StoreError::with_source(
                StoreErrorKind::Backend,
                format!("the click ended early: {why}"),
            ),
        };
        if matches!(run.access, Access::Lease(_)) {
            // With the lease held, the click runs to its end: a caller that
            // stops waiting (a `timeout` around `dispatch`, an aborted
            // task) must not cut a handler or a commit in half, which would
            // leave the cached view ahead of the store, or a committed
            // change without its reply. The rest of such a click goes on
            // on a task of its own.
            let click = RunsToEnd::new(async move { self.run_leased(run).await }.in_current_span());
            return match CatchUnwind::new(click).await {
                Ok(outcome) => outcome,
                Err(message) => ended_early(format!("panicked with message {message:?}")),
            };
        }
        // Without a lease nothing is committed and no reply is held, so a
        // read-only click needs no task of its own (spawning one was a
        // fifth of the router's cost). Cut short, or panicking outside the
        // handler's own guard, it may leave the view changed by `on_error`
        // at the version it was read at: then the next click reads the
        // row again.
        let mut guard = StaleUnlessFinished {
            instance: &self,
            finished: false,
        };
        let click = std::pin::pin!(self.run_read_only(run));
        match CatchUnwind::new(click).await {
            Ok(outcome) => {
                guard.finished = true;
                outcome
            }
            Err(message) => ended_early(format!("panicked with message {message:?}")),
        }
    }

    /// What every click does first: finds its item, locks the view, and
    /// brings it up to the record the click read or leased. `Err` is the
    /// click's outcome, already answered.
    ///
    /// Its own function, and its rare answers boxed, so that the futures of
    /// the read-only and the leased click each hold only their own path:
    /// a click's future is copied whenever it moves, and at a million views
    /// every byte of it is one more cache line to touch.
    async fn lock_current<'a>(
        &'a self,
        run: &mut StoredRun,
    ) -> Result<(MutexGuard<'a, dyn ErasedStoredView>, ItemInfo), DispatchOutcome> {
        let spec = checked_item(
            run.kind.name,
            run.kind.view.item(run.index),
            run.index,
            &run.ctx,
        )?;
        let mut view = self.view.lock().await;
        if matches!(run.access, Access::Cached) && !self.is_current() {
            // A write reached the row while the click waited for the view:
            // read it after all.
            match read_again(&*run.store, &run.kind, run.message_id, &run.settings).await {
                Ok(access) => run.access = access,
                Err(failed) => {
                    drop(view);
                    let answer =
                        failed.answer(&run.ctx, &run.settings, run.kind.name, run.message_id);
                    return Err(Box::pin(answer).await);
                }
            }
        }
        // Trust the cache only as far as the store allows: another process
        // (or a failed commit) may have moved the record on.
        if let Some(record) = run.access.record()
            && self.version.load(Ordering::Acquire) != record.version
        {
            match view.load_state(&run.kind, &record.state) {
                Ok(()) => self.version.store(record.version, Ordering::Release),
                Err(reason) => {
                    drop(view);
                    // Releases a lease before the answer goes out.
                    run.access = Access::Cached;
                    let answer = unavailable(
                        &run.ctx,
                        &run.settings,
                        run.kind.name,
                        run.message_id,
                        reason,
                    );
                    return Err(Box::pin(answer).await);
                }
            }
        }
        Ok((view, spec))
    }

    /// A `&self` click: runs the handler on the view as read (or cached).
    async fn run_read_only(&self, mut run: StoredRun) -> DispatchOutcome {
        let (mut view, spec) = match self.lock_current(&mut run).await {
            Ok(locked) => locked,
            Err(outcome) => return outcome,
        };
        // A cached view has no write count to compare.
        let writes = match run.access {
            Access::Read { writes, .. } => writes,
            Access::Cached | Access::Lease(_) => None,
        };
        let outcome = run_click(&mut *view, spec, &run.ctx, &run.settings).await;
        let missed_write =
            writes.is_some_and(|before| run.store.owned().map(WriteFeed::writes) != Some(before));
        if missed_write || matches!(outcome, DispatchOutcome::Failed { .. }) {
            self.mark_stale();
        }
        outcome
    }

    /// A `&mut self` click holding the message's lease: runs the handler
    /// with its replies held, commits the new state, then sends the
    /// replies.
    async fn run_leased(&self, mut run: StoredRun) -> DispatchOutcome {
        let (mut view, spec) = match self.lock_current(&mut run).await {
            Ok(locked) => locked,
            Err(outcome) => return outcome,
        };
        let StoredRun {
            ctx,
            settings,
            access,
            kind,
            message_id,
            ..
        } = run;
        let Access::Lease(lease) = access else {
            unreachable!("a leased click keeps its lease")
        };
        // The view now matches the leased record: an equal fingerprint
        // after the handler means an unchanged state.
        let fingerprint = view.fingerprint();
        ctx.start_holding();
        let ran = tokio::time::timeout(
            settings.lease_timeout,
            run_click(&mut *view, spec, &ctx, &settings),
        )
        .await;
        let Ok(success) = ran else {
            // Cancelled mid-way: whatever it changed is rolled back and
            // whatever it queued is dropped, so nothing is half-applied.
            ctx.discard_held();
            self.roll_back(&mut *view, &kind, &lease.record().state);
            drop(lease);
            let error = format!(
                "the handler held the view's lease for longer than the router's lease_timeout \
                 ({:?}) and was cancelled",
                settings.lease_timeout
            );
            return not_saved(&ctx, &settings, spec, message_id, error.into()).await;
        };
        if matches!(success, DispatchOutcome::Failed { .. }) {
            // A failed handler changes nothing: its replies were dropped,
            // on_error answered directly, and the state is rolled back.
            self.roll_back(&mut *view, &kind, &lease.record().state);
            drop(lease);
            return success;
        }
        let unchanged = fingerprint.is_some() && view.fingerprint() == fingerprint;
        let state = if unchanged {
            // Nothing to serialise: the bytes would equal the record's.
            Ok(None)
        } else {
            view.state().map(Some)
        };
        let saved: Result<(), Box<dyn Error + Send + Sync>> = match state {
            // Unchanged: release the lease (and, for PostgreSQL, its
            // transaction) without writing, before the replies go out.
            Ok(None) => {
                drop(lease);
                Ok(())
            }
            Ok(Some(state)) if state == lease.record().state => {
                drop(lease);
                Ok(())
            }
            Ok(Some(state)) => {
                let watch = Stopwatch::start();
                // Boxed: the store's commit future would otherwise sit in
                // the click's future from its start, through the handler.
                let commit = Box::pin(async { Ok(lease.commit_keeping_previous(state).await) });
                let committed = within(settings.store_timeout, "committing", commit).await;
                observe::committed(watch);
                let error = match committed {
                    Ok((Ok(stored), _)) => {
                        self.version.store(stored.version, Ordering::Release);
                        None
                    }
                    Ok((Err(error), previous)) => {
                        self.roll_back(&mut *view, &kind, &previous);
                        Some(error)
                    }
                    // Given up on, the lease's state with it: marked stale
                    // below, the next click decodes the row again, which
                    // rolls the view back.
                    Err(timeout) => Some(timeout),
                };
                error.map_or(Ok(()), |error| {
                    // A commit given up on may still land: re-read the
                    // record (its version) on the next click.
                    self.mark_stale();
                    Err(error.into())
                })
            }
            Err(error) => {
                self.roll_back(&mut *view, &kind, &lease.record().state);
                drop(lease);
                Err(error.into())
            }
        };
        if let Err(error) = saved {
            ctx.discard_held();
            return not_saved(&ctx, &settings, spec, message_id, error).await;
        }
        // Durable: now the user may see it.
        if let Err(error) = ctx.flush_held().await {
            let outcome =
                report_failure(&mut *view, spec, &ctx, HandlerError::returned(error)).await;
            self.mark_stale();
            return outcome;
        }
        success
    }

    /// Marks the instance stale: the next click decodes the stored state
    /// again instead of trusting (and later committing) what is in memory.
    /// Used when memory may differ from the store at an unchanged version:
    /// `on_error` (`&mut self`) changed the view after the last commit, a
    /// commit was given up on, or a roll-back failed.
    pub(crate) fn mark_stale(&self) {
        self.version.store(0, Ordering::Release);
    }

    /// Puts the view back to `state`; if even that fails, marks the
    /// instance stale so the next click reads the store again.
    fn roll_back(&self, view: &mut dyn ErasedStoredView, kind: &StoredKind, state: &[u8]) {
        match view.load_state(kind, state) {
            Ok(()) => {}
            Err(reason) => {
                tracing::warn!(
                    view = kind.name,
                    reason,
                    "could not roll back in memory; the next click re-reads the store"
                );
                self.mark_stale();
            }
        }
    }
}

/// Tells the user a click's change was not saved (rolled back, its replies
/// dropped), and says why in the outcome and the log.
async fn not_saved(
    ctx: &ViewContext,
    settings: &Settings,
    item: ItemInfo,
    message_id: Id<MessageMarker>,
    error: Box<dyn Error + Send + Sync>,
) -> DispatchOutcome {
    tracing::error!(
        view = item.view,
        item = item.name,
        %message_id,
        %error,
        "could not save the view's new state: rolled back, its replies were not sent"
    );
    settings.notices.send(Notice::NotSaved, ctx).await;
    DispatchOutcome::NotSaved {
        view: item.view,
        item: item.name,
        message_id,
        error,
    }
}

/// Why a cached click that went stale could not read its row.
enum ReadFailed {
    /// The view was unbound, or another type bound, while the click waited.
    Gone,
    Store(StoreError),
}

impl ReadFailed {
    async fn answer(
        self,
        ctx: &ViewContext,
        settings: &Settings,
        view: &'static str,
        message_id: Id<MessageMarker>,
    ) -> DispatchOutcome {
        match self {
            Self::Gone => {
                let reason = "the view was unbound while the click waited".to_owned();
                unavailable(ctx, settings, view, message_id, reason).await
            }
            Self::Store(error) => {
                tracing::error!(%message_id, %error, "view store failed");
                settings.notices.send(Notice::NotSaved, ctx).await;
                DispatchOutcome::StoreFailed { message_id, error }
            }
        }
    }
}

/// Reads the row of a cached click whose instance went stale while it
/// waited for the view.
async fn read_again(
    store: &dyn ViewStore,
    kind: &StoredKind,
    message_id: Id<MessageMarker>,
    settings: &Settings,
) -> Result<Access, ReadFailed> {
    let writes = store.owned().map(WriteFeed::writes);
    let load = store.load(message_id.get());
    match within(settings.store_timeout, "reading the view", load).await {
        Ok(Some(record)) if record.kind == kind.name => Ok(Access::Read { record, writes }),
        Ok(_) => Err(ReadFailed::Gone),
        Err(error) => Err(ReadFailed::Store(error)),
    }
}

/// Bounds one store operation by the router's `store_timeout`.
async fn within<T>(
    limit: Duration,
    operation: &'static str,
    store_call: impl Future<Output = Result<T, StoreError>>,
) -> Result<T, StoreError> {
    tokio::time::timeout(limit, store_call)
        .await
        .unwrap_or_else(|_| {
            Err(StoreError::new(
                StoreErrorKind::Timeout { operation },
                Some(format!("the router's store_timeout ({limit:?}) ran out").into()),
            ))
        })
}

/// Tells the user a stored view cannot be restored, and says why in the
/// outcome and the log.
pub(crate) async fn unavailable(
    ctx: &ViewContext,
    settings: &Settings,
    view: &str,
    message_id: Id<MessageMarker>,
    reason: String,
) -> DispatchOutcome {
    tracing::warn!(view, %message_id, reason, "stored view unavailable");
    settings.notices.send(Notice::Unavailable, ctx).await;
    DispatchOutcome::Unavailable {
        view: view.to_owned(),
        message_id,
        reason,
    }
}

impl RouterInner {
    /// Routes a click on `message_id` whose custom_id belongs to the stored
    /// kind `kind`: `None` when no view is stored for the message (the
    /// caller goes on to the unbound view).
    pub(crate) async fn dispatch_stored(
        &self,
        message_id: Id<MessageMarker>,
        index: usize,
        kind: Arc<StoredKind>,
        ctx: &ViewContext,
        arrived: Instant,
    ) -> Option<DispatchOutcome> {
        let item = kind.view.item(index)?;
        let (mutates, auto_defer) = (item.mutates, item.auto_defer);
        // Started before the lease: waiting for it counts against Discord's
        // deadline too.
        let deadline = Deadline::start(ctx, auto_defer, arrived + self.settings.auto_defer_after);
        let outcome = self.run_stored(message_id, index, kind, mutates, ctx).await;
        match &outcome {
            Some(outcome) => deadline.settle(outcome, ctx).await,
            // Not ours after all: the caller's route acknowledges.
            None => deadline.cancel().await,
        }
        outcome
    }

    async fn run_stored(
        &self,
        message_id: Id<MessageMarker>,
        index: usize,
        kind: Arc<StoredKind>,
        mutates: bool,
        ctx: &ViewContext,
    ) -> Option<DispatchOutcome> {
        let settings = &self.settings;
        let key = message_id.get();
        if !mutates
            && self.store.owned().is_some()
            && let Some(instance) = self
                .cache
                .get(message_id)
                .filter(|instance| instance.view_type() == kind.type_id && instance.is_current())
        {
            // The process owns the store and no write has passed this copy
            // since it was checked: a read would only confirm it.
            observe::cache_lookup(true);
            let run = StoredRun {
                index,
                ctx: ctx.clone(),
                settings: Arc::clone(settings),
                access: Access::Cached,
                kind,
                message_id,
                store: Arc::clone(&self.store),
            };
            return Some(instance.run(run).await);
        }
        let limit = settings.store_timeout;
        let backend = self.store.backend();
        let access = if mutates {
            let watch = Stopwatch::start();
            let leased = within(limit, "taking the view's lease", self.store.lease(key))
                .instrument(tracing::debug_span!("lease", message_id = key, backend))
                .await;
            observe::leased(watch);
            leased.map(|lease| lease.map(Access::Lease))
        } else {
            let writes = self.store.owned().map(WriteFeed::writes);
            within(limit, "reading the view", self.store.load(key))
                .instrument(tracing::debug_span!("load", message_id = key, backend))
                .await
                .map(|record| record.map(|record| Access::Read { record, writes }))
        };
        let access = match access {
            Ok(Some(access)) => access,
            Ok(None) => {
                // Unbound meanwhile (by another process, perhaps).
                self.cache.remove(message_id);
                return None;
            }
            // No view can be stored for an id beyond the stores' key range
            // (no Discord snowflake is): a forged click, not a store failure.
            Err(error) if matches!(error.kind(), StoreErrorKind::InvalidMessageId { .. }) => {
                return None;
            }
            Err(error) if matches!(error.kind(), StoreErrorKind::Corrupt { .. }) => {
                self.cache.remove(message_id);
                return Some(
                    unavailable(ctx, settings, kind.name, message_id, error.to_string()).await,
                );
            }
            Err(error) => {
                tracing::error!(%message_id, %error, backend = self.store.backend(), "view store failed");
                settings.notices.send(Notice::NotSaved, ctx).await;
                return Some(DispatchOutcome::StoreFailed { message_id, error });
            }
        };
        let Some(record) = access.record() else {
            unreachable!("a lease or a read has a record")
        };
        if record.kind != kind.name {
            // Another view type is bound to this message: the custom_id is
            // not one of its items.
            if self.stored_by_name.contains_key(record.kind.as_str()) {
                return None;
            }
            let (name, reason) = (
                record.kind.clone(),
                format!(
                    "no view type named `{}` is registered with `ViewRouterBuilder::stored_view`",
                    record.kind
                ),
            );
            drop(access);
            return Some(unavailable(ctx, settings, &name, message_id, reason).await);
        }
        let cached = self
            .cache
            .get(message_id)
            .filter(|instance| instance.view_type() == kind.type_id);
        observe::cache_lookup(cached.is_some());
        let instance = match cached {
            Some(instance) => instance,
            None => match restore_traced(&kind, record) {
                // A click restoring the same message at the same time may
                // have cached it first: one instance per message.
                Ok(instance) => self.cache.insert_or_get(message_id, instance),
                Err(reason) => {
                    drop(access);
                    return Some(unavailable(ctx, settings, kind.name, message_id, reason).await);
                }
            },
        };
        let run = StoredRun {
            index,
            ctx: ctx.clone(),
            settings: Arc::clone(settings),
            access,
            kind,
            message_id,
            store: Arc::clone(&self.store),
        };
        Some(instance.run(run).await)
    }
}

/// Marks a read-only click's instance stale if the click does not finish
/// (cancelled by the caller, or panicked outside the handler's guard).
struct StaleUnlessFinished<'a> {
    instance: &'a StoredInstance<dyn ErasedStoredView>,
    finished: bool,
}

impl Drop for StaleUnlessFinished<'_> {
    fn drop(&mut self) {
        if !self.finished {
            self.instance.mark_stale();
        }
    }
}
