//! One live view instance and how a click on it runs: the per-instance
//! lock, the check, the handler, `on_error`, and the auto-defer timer.

use std::{
    sync::{Arc, Mutex as StdMutex, Weak},
    time::Duration,
};

use tokio::{
    sync::{Mutex, Notify},
    time::Instant,
};
use twilight_model::{
    channel::message::{Component, MessageFlags},
    id::{
        Id,
        marker::{ChannelMarker, MessageMarker},
    },
};

use super::{
    RouterInner, Settings,
    click::{Deadline, checked_item, run_click},
    erased::{ErasedView, ItemInfo, ViewKind},
    notices::Notice,
    outcome::DispatchOutcome,
};
use crate::catch::CatchUnwind;
use crate::{context::ViewContext, render::CustomIds, view::View};

/// Where an ended view is re-rendered, and as whom.
#[derive(Clone, Debug)]
pub(crate) enum EndEdit {
    /// A message the bot posted: edited as the bot.
    Channel {
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
    },
    /// A message an interaction's reply created: edited through the
    /// interaction's webhook, the only way to edit an ephemeral message
    /// (valid for the token's 15 minutes).
    Interaction {
        token: String,
        message_id: Id<MessageMarker>,
    },
}

/// The lifetime of a non-persistent instance.
#[derive(Debug)]
pub(crate) struct Lifetime {
    /// Last time a click reached the view (tokio's clock, so tests can pause it).
    last_active: StdMutex<Instant>,
    /// Where the instance is in its life; a view past `Live` never runs a
    /// handler again.
    phase: StdMutex<Phase>,
    ended: Notify,
    /// Wakes the expiry task on `stop`.
    pub(crate) stop: Notify,
    /// The message the instance was bound to, to unbind it when it ends.
    pub(crate) message: StdMutex<Option<Id<MessageMarker>>>,
    /// The message to re-render the view onto once it ended.
    pub(crate) edit_on_end: StdMutex<Option<EndEdit>>,
    /// The router the instance is routed by, to unroute it when it ends.
    router: Weak<RouterInner>,
}

impl Lifetime {
    fn new(router: Weak<RouterInner>) -> Self {
        Self {
            last_active: StdMutex::new(Instant::now()),
            phase: StdMutex::new(Phase::Live),
            ended: Notify::new(),
            stop: Notify::new(),
            message: StdMutex::new(None),
            edit_on_end: StdMutex::new(None),
            router,
        }
    }

    fn touch(&self) {
        if let Ok(mut last) = self.last_active.lock() {
            *last = Instant::now();
        }
    }

    pub(crate) fn last_active(&self) -> Instant {
        self.last_active
            .lock()
            .map_or_else(|poisoned| *poisoned.into_inner(), |last| *last)
    }

    fn phase(&self) -> std::sync::MutexGuard<'_, Phase> {
        // Every change is one assignment: a panic cannot leave it half-done.
        self.phase
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    pub(crate) fn is_finished(&self) -> bool {
        *self.phase() != Phase::Live
    }

    /// Finishes the instance for `reason`; `true` only for the first caller.
    fn finish(&self, reason: EndReason) -> bool {
        let mut phase = self.phase();
        if *phase != Phase::Live {
            return false;
        }
        *phase = Phase::Finished(reason);
        true
    }

    pub(crate) fn timed_out(&self) -> bool {
        self.phase().reason() == Some(EndReason::TimedOut)
    }

    /// Claims the running of the end; `true` only for the first caller.
    fn begin_ending(&self) -> bool {
        let mut phase = self.phase();
        match *phase {
            Phase::Live => *phase = Phase::Ending(EndReason::Stopped),
            Phase::Finished(reason) => *phase = Phase::Ending(reason),
            Phase::Ending(_) | Phase::Ended(_) => return false,
        }
        true
    }

    /// Resolves once the end (`on_timeout`, the edit) has fully run.
    pub(crate) async fn ended(&self) {
        loop {
            let notified = self.ended.notified();
            tokio::pin!(notified);
            // Registered before the flag is read, so a wake-up between the
            // read and the await is not lost.
            notified.as_mut().enable();
            if matches!(*self.phase(), Phase::Ended(_)) {
                return;
            }
            notified.await;
        }
    }

    fn mark_ended(&self) {
        {
            let mut phase = self.phase();
            let reason = phase.reason().unwrap_or(EndReason::Stopped);
            *phase = Phase::Ended(reason);
        }
        self.ended.notify_waiters();
    }
}

tokio::task_local! {
    /// The instance whose handler runs on this task (its address), so that
    /// `ViewHandle::stop` called from inside that handler does not wait for
    /// the view lock the handler itself holds.
    static RUNNING_INSTANCE: usize;
}

/// Why a started view ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum EndReason {
    TimedOut,
    Stopped,
}

/// The life of a started instance, in order: routed and clickable; taken
/// out of the router (clicks get the expired message); running its end
/// (`on_timeout`, the `edit_on_end` edit); done (`ViewHandle::wait` wakes).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Phase {
    Live,
    Finished(EndReason),
    Ending(EndReason),
    Ended(EndReason),
}

impl Phase {
    const fn reason(self) -> Option<EndReason> {
        match self {
            Self::Live => None,
            Self::Finished(reason) | Self::Ending(reason) | Self::Ended(reason) => Some(reason),
        }
    }
}

/// A view instance the router owns. The router holds it as
/// [`SharedInstance`], its view type erased; only construction and
/// [`ViewHandle`](super::ViewHandle) see the concrete `V`.
pub(crate) struct Instance<V: ?Sized> {
    pub(crate) kind: ViewKind,
    pub(crate) ids: CustomIds,
    /// `Some` for instances started with `ViewRouter::start`.
    pub(crate) life: Option<Lifetime>,
    /// Last: the field a `dyn ErasedView` unsizes.
    pub(crate) view: Mutex<V>,
}

/// An instance of any view type: what the router's maps hold.
pub(crate) type SharedInstance = Arc<Instance<dyn ErasedView>>;

impl<V: View> Instance<V> {
    pub(crate) fn persistent(view: V) -> Self {
        Self {
            kind: ViewKind::of::<V>(),
            ids: CustomIds::Declared,
            life: None,
            view: Mutex::new(view),
        }
    }

    pub(crate) fn started(view: V, prefix: String, router: Weak<RouterInner>) -> Self {
        Self {
            kind: ViewKind::of::<V>(),
            ids: CustomIds::Instance { prefix },
            life: Some(Lifetime::new(router)),
            view: Mutex::new(view),
        }
    }
}

impl Instance<dyn ErasedView> {
    fn address(&self) -> usize {
        std::ptr::from_ref(self).cast::<()>().addr()
    }

    /// The instance prefix of a started view.
    pub(crate) fn prefix(&self) -> Option<&str> {
        match &self.ids {
            CustomIds::Instance { prefix } => Some(prefix),
            CustomIds::Declared => None,
        }
    }

    /// Renders the view with this instance's custom_ids.
    pub(crate) async fn render(&self) -> Vec<Component> {
        self.view.lock().await.render_with(&self.ids)
    }

    /// Ends a started instance (expiry, `ViewHandle::stop`): unroutes it,
    /// then runs its end (`on_timeout`, the `edit_on_end` edit) once and
    /// waits until it has run, whoever runs it. Called from this view's own
    /// code (a handler, `on_error`, `on_timeout`), which holds the view, only
    /// the unrouting happens here: the end runs when the click is done.
    pub(crate) async fn end(self: &Arc<Self>, reason: EndReason) {
        let Some(life) = &self.life else {
            return;
        };
        self.unroute(life, reason);
        if self.inside_own_code() {
            return;
        }
        Arc::clone(self).run_end_detached().await;
        life.ended().await;
    }

    /// Whether this task runs one of this instance's handlers or hooks.
    pub(crate) fn inside_own_code(&self) -> bool {
        RUNNING_INSTANCE
            .try_with(|running| *running == self.address())
            .unwrap_or(false)
    }

    /// Runs the end on a task of its own and awaits it, so that cancelling
    /// the caller (a `timeout` around `dispatch`, a shutdown aborting tasks)
    /// cannot leave a view unrouted with its `on_timeout` never run.
    async fn run_end_detached(self: Arc<Self>) {
        match tokio::runtime::Handle::try_current() {
            Ok(runtime) => {
                let view = self.kind.name;
                if let Err(error) = runtime.spawn(self.end_task()).await {
                    tracing::error!(view, %error, "the end of a view failed");
                }
            }
            Err(_) => self.end_task().await,
        }
    }

    /// The end itself: `on_timeout` (once, whoever gets here first) with
    /// the view locked, then the `edit_on_end` edit with what it left
    /// (view unlocked), then `ViewHandle::wait` wakes.
    async fn end_task(self: Arc<Self>) {
        let Some(life) = &self.life else {
            return;
        };
        if !life.begin_ending() {
            return;
        }
        let name = self.kind.name;
        let mut view = self.view.lock().await;
        // In the view's scope: `on_timeout` calling `handle.stop()` must not
        // wait for the view it holds.
        let panicked = RUNNING_INSTANCE
            .scope(self.address(), CatchUnwind::new(view.time_out()))
            .await
            .is_err();
        if panicked {
            tracing::error!(view = name, "on_timeout panicked");
        }
        let target = life
            .edit_on_end
            .lock()
            .ok()
            .and_then(|target| target.clone());
        // Show what on_timeout left (typically disabled items): the ids no
        // longer route, so clicks get the expired message anyway.
        let edit = target.map(|target| (target, view.render_with(&self.ids)));
        drop(view);
        if let (Some(router), Some((target, components))) = (life.router.upgrade(), edit) {
            let links = &router.settings.links;
            let (message_id, result) = match &target {
                EndEdit::Channel {
                    channel_id,
                    message_id,
                } => {
                    let mut request = links.http.update_message(*channel_id, *message_id);
                    if self.kind.layout {
                        request = request.flags(MessageFlags::IS_COMPONENTS_V2);
                    }
                    (
                        *message_id,
                        request.components(Some(&components)).await.map(drop),
                    )
                }
                EndEdit::Interaction { token, message_id } if self.kind.layout => (
                    *message_id,
                    crate::layout::update_followup(
                        &links.http,
                        links.application_id,
                        token,
                        *message_id,
                        &components,
                    )
                    .await,
                ),
                EndEdit::Interaction { token, message_id } => (
                    *message_id,
                    links
                        .http
                        .interaction(links.application_id)
                        .update_followup(token, *message_id)
                        .components(Some(&components))
                        .await
                        .map(drop),
                ),
            };
            if let Err(error) = result {
                tracing::warn!(view = name, %error, %message_id, "could not re-render an ended view");
            }
        }
        life.mark_ended();
    }

    /// Takes the instance out of the router (first call only: `true`);
    /// later clicks get the expired message.
    fn unroute(&self, life: &Lifetime, reason: EndReason) -> bool {
        if !life.finish(reason) {
            return false;
        }
        life.stop.notify_one();
        if let (Some(router), CustomIds::Instance { prefix }) = (life.router.upgrade(), &self.ids) {
            let message_id = life.message.lock().ok().and_then(|message| *message);
            router.forget_started(prefix, message_id);
        }
        true
    }

    /// Runs one click on item `index` of this instance: the item checked,
    /// the auto-defer deadline, the view locked, the click, and for a
    /// started view its end if the click ended it.
    pub(crate) async fn run(
        self: Arc<Self>,
        index: usize,
        ctx: ViewContext,
        settings: Arc<Settings>,
        arrived: Instant,
    ) -> DispatchOutcome {
        let item = match checked_item(self.kind.name, self.kind.item(index), index, &ctx) {
            Ok(item) => item,
            Err(outcome) => return outcome,
        };
        let deadline = Deadline::start(&ctx, item.auto_defer, arrived + settings.auto_defer_after);
        // Only a started view has an end to finish.
        let mut cancelled = EndIfCancelled {
            armed: self
                .life
                .is_some()
                .then(|| (Arc::clone(&self), ctx.clone())),
        };
        let outcome = self.run_locked(item, &ctx, &settings).await;
        deadline.settle(&outcome, &ctx).await;
        cancelled.armed = None;
        // Ended from inside the handler (`ctx.stop()`, `ViewHandle::stop`)
        // or by expiry while it ran: end it now, after the reply and the
        // acknowledgement.
        if self.life.as_ref().is_some_and(Lifetime::is_finished) {
            Arc::clone(&self).run_end_detached().await;
        }
        outcome
    }

    async fn run_locked(
        &self,
        item: ItemInfo,
        ctx: &ViewContext,
        settings: &Settings,
    ) -> DispatchOutcome {
        let mut view = self.view.lock().await;
        if let Some(life) = &self.life {
            if life.is_finished() {
                drop(view);
                reply_expired(ctx, settings).await;
                return DispatchOutcome::Expired {
                    custom_id: ctx.custom_id().to_owned(),
                };
            }
            life.touch();
        }
        let outcome = RUNNING_INSTANCE
            .scope(self.address(), run_click(&mut *view, item, ctx, settings))
            .await;
        // `ctx.stop()`: unrouted at once, so a click queued behind this one
        // gets the expired message; the end itself runs after the reply.
        if let Some(life) = &self.life
            && ctx.stop_requested()
        {
            self.unroute(life, EndReason::Stopped);
        }
        outcome
    }
}

/// Finishes what a cancelled click leaves undone: a view its handler ended
/// (or that expired meanwhile) still gets its end, on a task of its own.
struct EndIfCancelled {
    /// `None` once the click ran to its end (or for a persistent view).
    armed: Option<(SharedInstance, ViewContext)>,
}

impl Drop for EndIfCancelled {
    fn drop(&mut self) {
        let Some((instance, ctx)) = self.armed.take() else {
            return;
        };
        let Some(life) = &instance.life else {
            return;
        };
        if ctx.stop_requested() {
            instance.unroute(life, EndReason::Stopped);
        }
        if life.is_finished()
            && let Ok(runtime) = tokio::runtime::Handle::try_current()
        {
            runtime.spawn(instance.end_task());
        }
    }
}

/// Tells the user a view is gone instead of letting the click fail silently.
pub(crate) async fn reply_expired(ctx: &ViewContext, settings: &Settings) {
    settings.notices.send(Notice::Expired, ctx).await;
}

/// The expiry loop of a started instance: ends it after `timeout` without
/// clicks, or when `stop` wakes it.
pub(crate) async fn expire_after(instance: SharedInstance, timeout: Duration) {
    let Some(life) = &instance.life else {
        return;
    };
    loop {
        let Some(deadline) = life.last_active().checked_add(timeout) else {
            // A timeout too long to represent (`timeout = u64::MAX`) never
            // fires: only a stop ends the view.
            life.stop.notified().await;
            return;
        };
        tokio::select! {
            () = tokio::time::sleep_until(deadline) => {
                if life.is_finished() {
                    return;
                }
                if life.last_active().checked_add(timeout).is_some_and(|end| end <= Instant::now()) {
                    break;
                }
            }
            () = life.stop.notified() => return,
        }
    }
    tracing::debug!(view = instance.kind.name, "non-persistent view timed out");
    instance.end(EndReason::TimedOut).await;
}
