//! One verified interaction: PING is answered here; everything else runs on
//! a task of its own (the router's dispatch, then the command handler for
//! what the router hands back) while the request waits for the first
//! answer that task sends into the interaction's body slot.

use std::sync::Arc;

use bytes::Bytes;
use http::StatusCode;
use http_body_util::Full;
use tokio::{sync::oneshot, time::Instant};
use tracing::Instrument as _;
use twilight_model::{
    application::interaction::InteractionType,
    http::interaction::{InteractionResponse, InteractionResponseType},
};

use super::{EndpointInner, EndpointResponse, body::SlotGuard, refuse};
use crate::{
    DispatchOutcome, OwnedInteraction,
    base::BoxFuture,
    catch::{CatchUnwind, catch_call},
    context::ViewContext,
    error::HandlerError,
    router::AWAITED_VIEW,
};

/// The bot's handler of the interactions the router does not route.
pub(super) type CommandHook =
    dyn Fn(ViewContext) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync;

/// Answers one verified interaction.
pub(super) async fn answer(
    inner: &Arc<EndpointInner>,
    interaction: OwnedInteraction,
) -> EndpointResponse {
    let kind = interaction.interaction_kind();
    if kind == InteractionType::Ping {
        return pong();
    }
    let arrived = Instant::now();
    let id = interaction.interaction_id();
    let slots = inner.router.body_slots();
    let (guard, mut first_answer) = slots.open(id);
    let span = tracing::info_span!("http_interaction", interaction = %id, kind = ?kind);
    // On a task of its own: the handler goes on after the response is out
    // (its later replies go through REST), and a client that hangs up
    // cancels nothing.
    tokio::spawn(run(Arc::clone(inner), interaction, arrived, guard).instrument(span));
    let deadline = arrived + inner.response_deadline;
    match tokio::time::timeout_at(deadline, &mut first_answer).await {
        Ok(Ok(response)) => json(&response),
        Ok(Err(_)) => unanswered(),
        Err(_) if slots.expire(id) => {
            tracing::warn!(interaction = %id, "no answer within the response deadline");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the interaction was not answered in time",
            )
        }
        // An answer was put in the slot as the deadline passed.
        Err(_) => match first_answer.await {
            Ok(response) => json(&response),
            Err(_) => unanswered(),
        },
    }
}

/// The answer to a PING.
pub(super) fn pong() -> EndpointResponse {
    json(&InteractionResponse {
        kind: InteractionResponseType::Pong,
        data: None,
    })
}

/// Whether `body` is a JSON object of type 1 (PING), whatever else it
/// carries or lacks.
pub(super) fn is_ping(body: &[u8]) -> bool {
    #[derive(serde::Deserialize)]
    struct Kind {
        #[serde(rename = "type")]
        kind: u8,
    }
    serde_json::from_slice::<Kind>(body).is_ok_and(|found| found.kind == 1)
}

/// Runs the interaction: the router, then the command handler. The slot
/// closes when this ends (`_slot` drops), which tells the waiting request
/// that no first answer is coming.
async fn run(
    inner: Arc<EndpointInner>,
    interaction: OwnedInteraction,
    arrived: Instant,
    _slot: SlotGuard,
) {
    let outcome = inner.router.dispatch(interaction).await;
    if matches!(&outcome, DispatchOutcome::Handled { view, .. } if *view == AWAITED_VIEW) {
        // Handed to a handler waiting in `ctx.ask`, which answers it after
        // `dispatch` returned: the slot stays open until the deadline.
        tokio::time::sleep_until(arrived + inner.response_deadline).await;
        return;
    }
    let name = outcome.name();
    let Some(unrouted) = outcome.into_unhandled() else {
        tracing::debug!(outcome = name, "dispatched");
        return;
    };
    match &inner.on_command {
        Some(hook) => run_command(&inner, &**hook, unrouted, arrived).await,
        None => tracing::debug!(
            outcome = name,
            "not routed, and the endpoint has no command handler: left unanswered"
        ),
    }
}

/// Runs the command handler with the router's auto-defer around it, and
/// apologises for an error or a panic.
async fn run_command(
    inner: &EndpointInner,
    hook: &CommandHook,
    interaction: OwnedInteraction,
    arrived: Instant,
) {
    // Autocompletes cannot be deferred: they answer in time or not at all.
    let deferrable =
        interaction.interaction_kind() != InteractionType::ApplicationCommandAutocomplete;
    let ctx = inner.router.context(interaction);
    let timer = deferrable.then(|| {
        DeferTimer::start(
            ctx.clone(),
            arrived + inner.router.auto_defer_delay(),
            inner.ephemeral_command_defer,
        )
    });
    let ran = match catch_call(|| hook(ctx.clone())) {
        Ok(handled) => CatchUnwind::new(handled).await,
        Err(message) => Err(message),
    };
    if let Some(timer) = timer {
        timer.finish().await;
    }
    let error = match ran {
        Ok(Ok(())) => return,
        Ok(Err(error)) => error,
        Err(message) => HandlerError::panicked(message),
    };
    tracing::error!(%error, source = ?std::error::Error::source(&error), "command handler failed");
    if let Err(reply_error) = ctx.apologise().await {
        tracing::warn!(error = %reply_error, "could not send the error apology");
    }
}

/// Defers a command at its deadline unless the handler answered first.
struct DeferTimer {
    cancel: oneshot::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl DeferTimer {
    fn start(ctx: ViewContext, deadline: Instant, ephemeral: bool) -> Self {
        let (cancel, cancelled) = oneshot::channel::<()>();
        let task = tokio::spawn(
            async move {
                tokio::select! {
                    () = tokio::time::sleep_until(deadline) => {
                        // Both send nothing when the handler answered.
                        let deferred = if ephemeral {
                            ctx.defer_ephemeral().await
                        } else {
                            ctx.defer().await
                        };
                        if let Err(error) = deferred {
                            tracing::warn!(%error, "could not defer a slow command");
                        }
                    }
                    _ = cancelled => {}
                }
            }
            .in_current_span(),
        );
        Self { cancel, task }
    }

    /// Stops the timer, waiting for a deferral already under way.
    async fn finish(self) {
        let _ = self.cancel.send(());
        let _ = self.task.await;
    }
}

/// An interaction response as the body Discord reads.
fn json(response: &InteractionResponse) -> EndpointResponse {
    match serde_json::to_vec(response) {
        Ok(body) => {
            let mut answer = http::Response::new(Full::new(Bytes::from(body)));
            answer.headers_mut().insert(
                http::header::CONTENT_TYPE,
                http::HeaderValue::from_static("application/json"),
            );
            answer
        }
        Err(error) => {
            tracing::error!(%error, "an interaction response did not serialise");
            refuse(
                StatusCode::INTERNAL_SERVER_ERROR,
                "the answer could not be serialised",
            )
        }
    }
}

/// The work ended without a first answer (a click the router hands back,
/// a command without a handler, a handler that answered nothing).
fn unanswered() -> EndpointResponse {
    refuse(
        StatusCode::INTERNAL_SERVER_ERROR,
        "the interaction was not answered",
    )
}
