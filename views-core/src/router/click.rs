//! One click's pipeline, the same for every kind of view: the item the
//! custom_id names, the auto-defer deadline, `interaction_check`, the
//! handler, `on_error`, the acknowledgement of a click left unanswered, and
//! the outcome. A stored view only wraps its lease, commit and held replies
//! around [`run_click`]; a started view its lifetime.

use tokio::{sync::oneshot, time::Instant};
use tracing::Instrument as _;
use twilight_model::application::interaction::InteractionType;

use super::{
    Settings,
    erased::{ErasedView, ItemInfo},
    notices::Notice,
    outcome::DispatchOutcome,
};
use crate::catch::{CatchUnwind, catch_call};
use crate::observe::{self, AutoDeferReason, Stopwatch};
use crate::{context::ViewContext, error::HandlerError, item::AutoDefer};

/// Runs `interaction_check`, then the handler, then `on_error` if it
/// failed, and says what came of it. A failed handler's held replies are
/// dropped before `on_error` answers directly.
pub(crate) async fn run_click(
    view: &mut dyn ErasedView,
    item: ItemInfo,
    ctx: &ViewContext,
    settings: &Settings,
) -> DispatchOutcome {
    match check_and_run(view, item, ctx, settings).await {
        Ran::Handled => DispatchOutcome::Handled {
            view: item.view,
            item: item.name,
        },
        Ran::Rejected => DispatchOutcome::Rejected {
            view: item.view,
            item: item.name,
        },
        Ran::Failed(error) => {
            ctx.discard_held();
            report_failure(view, item, ctx, error).await
        }
    }
}

/// The item a click names (`item`, item `index` of the view type `view`
/// if it has one), checked against the clicked component's type.
pub(crate) fn checked_item(
    view: &'static str,
    item: Option<ItemInfo>,
    index: usize,
    ctx: &ViewContext,
) -> Result<ItemInfo, DispatchOutcome> {
    let Some(item) = item else {
        tracing::warn!(
            view,
            index,
            "custom_id names an item the view does not have"
        );
        return Err(DispatchOutcome::Malformed {
            reason: "the custom_id names an item the view does not have",
        });
    };
    // A modal submission reaches only the items that handle one.
    let clicked = if ctx.kind() == InteractionType::ModalSubmit {
        Some(crate::item::MODAL_SUBMIT)
    } else {
        ctx.component_type()
    };
    if clicked != Some(item.component_type) {
        tracing::warn!(view, item = item.name, ?clicked, expected = ?item.component_type, "component type does not match the item");
        return Err(DispatchOutcome::Malformed {
            reason: "the component type does not match the item of this custom_id",
        });
    }
    Ok(item)
}

/// What running one item's check and handler came to.
enum Ran {
    Handled,
    Rejected,
    Failed(HandlerError),
}

/// Runs `interaction_check` and, if it passes, the handler, catching
/// panics. A rejection is answered here.
async fn check_and_run(
    view: &mut dyn ErasedView,
    item: ItemInfo,
    ctx: &ViewContext,
    settings: &Settings,
) -> Ran {
    let watch = Stopwatch::start();
    let checked = CatchUnwind::new(view.check_interaction(ctx)).await;
    let ran = match checked {
        Ok(true) => {
            let span = tracing::debug_span!("handler", view = item.view, item = item.name);
            // Calling the handler extracts its arguments (`FromInteraction`,
            // custom_id fields: code of the bot's types), so a panic there
            // is caught as one in the handler's future is.
            let called = span.in_scope(|| catch_call(|| view.run_handler(item.index, ctx.clone())));
            let ran = match called {
                Ok(future) => CatchUnwind::new(future).instrument(span).await,
                Err(message) => Err(message),
            };
            match ran {
                Ok(Ok(())) => Ran::Handled,
                Ok(Err(error)) => Ran::Failed(error),
                Err(message) => Ran::Failed(HandlerError::panicked(message)),
            }
        }
        Ok(false) => Ran::Rejected,
        Err(message) => Ran::Failed(HandlerError::panicked(format!(
            "interaction_check: {message}"
        ))),
    };
    observe::handler_ran(item.view, item.name, watch);
    if matches!(ran, Ran::Rejected) {
        tracing::debug!(view = item.view, item = item.name, user = ?ctx.user_id(), "interaction_check rejected a click");
        settings.notices.send(Notice::Rejected, ctx).await;
    }
    ran
}

/// Runs `on_error` for a failed handler and reports the failure.
pub(crate) async fn report_failure(
    view: &mut dyn ErasedView,
    item: ItemInfo,
    ctx: &ViewContext,
    error: HandlerError,
) -> DispatchOutcome {
    if CatchUnwind::new(view.handle_error(ctx, &error))
        .await
        .is_err()
    {
        tracing::error!(view = item.view, item = item.name, %error, "on_error panicked while handling a failed handler");
    }
    DispatchOutcome::Failed {
        view: item.view,
        item: item.name,
        error,
    }
}

/// The auto-defer deadline of one click: acknowledges the interaction when
/// the deadline passes first, and once the click is done acknowledges it if
/// nothing answered it (so Discord never shows "This interaction failed").
pub(crate) struct Deadline {
    mode: AutoDefer,
    timer: AutoDeferTimer,
}

impl Deadline {
    /// Starts counting towards `deadline` (computed from the interaction's
    /// arrival, so waiting for a lock or a lease counts too).
    pub(crate) fn start(ctx: &ViewContext, mode: AutoDefer, deadline: Instant) -> Self {
        Self {
            mode,
            timer: AutoDeferTimer::start(ctx, mode, deadline),
        }
    }

    /// Stops the timer without acknowledging anything more (the click
    /// turned out to be for another route, which has its own deadline).
    pub(crate) async fn cancel(self) {
        self.timer.finish().await;
    }

    /// Stops the timer, then acknowledges a click that ran but left the
    /// interaction unanswered.
    pub(crate) async fn settle(self, outcome: &DispatchOutcome, ctx: &ViewContext) {
        self.timer.finish().await;
        if may_need_acknowledging(self.mode, outcome) {
            // Boxed: the acknowledgement's future (a kilobyte) would
            // otherwise be part of every click's future, whatever its mode.
            Box::pin(acknowledge_unanswered(ctx)).await;
        }
    }
}

/// Whether a click that ran may have left its interaction unanswered
/// with an auto-defer mode that answers for it.
fn may_need_acknowledging(mode: AutoDefer, outcome: &DispatchOutcome) -> bool {
    matches!(
        outcome,
        DispatchOutcome::Handled { .. } | DispatchOutcome::Failed { .. }
    ) && mode != AutoDefer::Off
}

/// A handler that returned without answering: acknowledge now so Discord
/// does not show "This interaction failed".
async fn acknowledge_unanswered(ctx: &ViewContext) {
    match ctx.auto_defer(AutoDefer::Update).await {
        Ok(true) => {
            observe::auto_deferred(AutoDeferReason::Unanswered);
            tracing::debug!("acknowledged a click its handler left unanswered");
        }
        Ok(false) => {}
        Err(error) => {
            tracing::warn!(custom_id = ctx.custom_id(), %error, "could not acknowledge an unanswered interaction");
        }
    }
}

/// Acknowledges the interaction at `deadline` unless the handler finished
/// first.
struct AutoDeferTimer {
    cancel: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl AutoDeferTimer {
    fn start(ctx: &ViewContext, mode: AutoDefer, deadline: Instant) -> Self {
        if mode == AutoDefer::Off {
            return Self {
                cancel: None,
                task: None,
            };
        }
        // Outside a tokio runtime (a misuse, but not worth a panic) the
        // handler simply runs without the safety net.
        let Ok(runtime) = tokio::runtime::Handle::try_current() else {
            tracing::warn!("dispatch called outside a tokio runtime: auto-defer disabled");
            return Self {
                cancel: None,
                task: None,
            };
        };
        let (cancel, cancelled) = oneshot::channel::<()>();
        let ctx = ctx.clone();
        let task = runtime.spawn(
            async move {
                tokio::select! {
                    () = tokio::time::sleep_until(deadline) => ctx.defer_slow(mode).await,
                    _ = cancelled => {}
                }
            }
            // Its events belong to the click's dispatch span.
            .in_current_span(),
        );
        Self {
            cancel: Some(cancel),
            task: Some(task),
        }
    }

    /// Stops the timer; waits for an auto-defer already being sent, so the
    /// caller sees its effect on the response state.
    async fn finish(mut self) {
        if let Some(cancel) = self.cancel.take() {
            let _ = cancel.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}
