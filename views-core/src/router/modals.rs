//! Routing of modal submissions: the submit handlers registered with
//! `ViewRouterBuilder::modal` (by custom_id or custom_id template), and the
//! handlers awaiting a modal in `ctx.ask`.

use std::{collections::HashMap, fmt, future::Future, sync::Arc};

use tokio::time::Instant;

use super::{
    DispatchOutcome, ItemOwner, RouterError, RouterErrorKind,
    click::Deadline,
    notices::{Notice, Notices},
    templates::{TemplateIndex, TemplateRoute},
};
use crate::{
    AutoDefer,
    catch::CatchUnwind,
    context::{ViewContext, awaited::AwaitedModals},
    error::HandlerError,
    extract::IntoHandlerResult,
    modal::{AWAITED_PREFIX, Modal, Submission},
    view::BoxFuture,
};

type SubmitFn =
    Arc<dyn Fn(ViewContext) -> BoxFuture<'static, Result<(), HandlerError>> + Send + Sync>;

struct ModalRoute {
    name: &'static str,
    owner: ItemOwner,
    submit: SubmitFn,
}

/// Submit handlers by modal custom_id; read-only after the router is built.
#[derive(Default)]
pub(crate) struct ModalRegistry {
    routes: HashMap<&'static str, ModalRoute>,
    /// Modals with templated custom_ids: the index points into `templated`.
    templates: TemplateIndex,
    templated: Vec<ModalRoute>,
    collision: Option<RouterError>,
}

impl fmt::Debug for ModalRegistry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ModalRegistry")
            .field("modals", &self.routes.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

impl ModalRegistry {
    /// Registers `handler` for `M`'s submissions; a second modal with the
    /// same custom_id is remembered as an error for [`Self::check`].
    pub(crate) fn add<M, F, Fut>(&mut self, handler: F)
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        let owner = ItemOwner {
            view: M::NAME,
            view_defined_at: M::DEFINED_AT,
            item: "submit",
            item_defined_at: M::DEFINED_AT,
        };
        if crate::template::is_template(M::CUSTOM_ID) {
            let route = TemplateRoute {
                type_id: std::any::TypeId::of::<M>(),
                index: self.templated.len(),
                matches: M::matches,
                owner,
                template: M::CUSTOM_ID,
            };
            if self.templated.iter().any(|known| known.owner == owner) {
                return;
            }
            match self.templates.insert(route) {
                Ok(()) => self.templated.push(ModalRoute {
                    name: M::NAME,
                    owner,
                    submit: Self::submit_fn::<M, F, Fut>(handler),
                }),
                Err(error) => {
                    if self.collision.is_none() {
                        self.collision = Some(error);
                    }
                }
            }
            return;
        }
        if let Some(first) = self.routes.get(M::CUSTOM_ID) {
            if self.collision.is_none() && first.owner != owner {
                self.collision = Some(RouterError::new(RouterErrorKind::CustomIdCollision {
                    custom_id: M::CUSTOM_ID,
                    first: first.owner,
                    second: owner,
                }));
            }
            return;
        }
        self.routes.insert(
            M::CUSTOM_ID,
            ModalRoute {
                name: M::NAME,
                owner,
                submit: Self::submit_fn::<M, F, Fut>(handler),
            },
        );
    }

    /// Parses the submission into `M` and calls `handler`.
    fn submit_fn<M, F, Fut>(handler: F) -> SubmitFn
    where
        M: Modal,
        F: Fn(ViewContext, M) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        let handler = Arc::new(handler);
        Arc::new(move |ctx: ViewContext| {
            let handler = Arc::clone(&handler);
            Box::pin(async move {
                let data = ctx
                    .modal_data()
                    .ok_or_else(|| HandlerError::extract("not a modal submission"))?;
                let mut submission = Submission::new(data);
                let form = M::from_submission(&mut submission)
                    .and_then(|form| submission.finish().map(|()| form))
                    .map_err(|error| HandlerError::extract(error.to_string()))?;
                handler(ctx, form).await.into_handler_result()
            })
        })
    }

    /// The first custom_id collision between registered modals.
    pub(crate) fn check(&mut self) -> Result<(), RouterError> {
        self.collision.take().map_or(Ok(()), Err)
    }

    /// Runs the submit handler of the modal `ctx` carries. A failed parse
    /// or handler is logged and answered with the router's ephemeral
    /// apology. A handler still running at `deadline` gets the submission
    /// acknowledged for it, as a view item does (a deferred update, or a deferred reply when no message is there to update).
    pub(crate) async fn dispatch(
        &self,
        ctx: ViewContext,
        awaited: &AwaitedModals,
        notices: &Notices,
        deadline: Instant,
    ) -> DispatchOutcome {
        let custom_id = ctx.custom_id().to_owned();
        if custom_id.starts_with(AWAITED_PREFIX) {
            return deliver(ctx, awaited, notices, deadline).await;
        }
        let route = self.routes.get(custom_id.as_str()).or_else(|| {
            self.templates
                .find(&custom_id)
                .filter(|template| (template.matches)(&custom_id))
                .and_then(|template| self.templated.get(template.index))
        });
        let Some(route) = route else {
            // Not one of ours: as before modals were supported, the bot's
            // own code may handle it.
            tracing::debug!(
                custom_id,
                "no modal handler for this custom_id; left unanswered"
            );
            return match ctx.into_interaction() {
                Some(interaction) => DispatchOutcome::NotComponent { interaction },
                None => DispatchOutcome::Malformed {
                    reason: "modal submission's context was shared before routing",
                },
            };
        };
        let mode = ctx.submission_defer_mode();
        let deadline = Deadline::start(&ctx, mode, deadline);
        // A panicking submit handler is a failed one, as for view items: the
        // user gets the apology and `dispatch` keeps its never-panics promise.
        let submitted = CatchUnwind::new((route.submit)(ctx.clone()))
            .await
            .unwrap_or_else(|message| Err(HandlerError::panicked(message)));
        if ctx.stop_requested() {
            tracing::warn!(
                modal = route.name,
                "ctx.stop() has no effect in a modal's submit handler (a modal is not a view); \
                 stop the view from the handler that opened the modal"
            );
        }
        let outcome = match submitted {
            Ok(()) => DispatchOutcome::Handled {
                view: route.name,
                item: "submit",
            },
            Err(error) => {
                tracing::error!(modal = route.name, %error, "modal submit handler failed");
                // Through the response state: the first answer, or a
                // follow-up when the deadline deferred the submission.
                if let Err(reply_error) = ctx.apologise().await {
                    tracing::warn!(%reply_error, "could not apologise for a failed modal");
                }
                DispatchOutcome::Failed {
                    view: route.name,
                    item: "submit",
                    error,
                }
            }
        };
        if mode == AutoDefer::Update {
            deadline.settle(&outcome, &ctx).await;
        } else {
            // A finished handler that left a command's modal unanswered:
            // a deferred reply now would show "thinking…" for ever.
            deadline.cancel().await;
        }
        outcome
    }
}

/// The view name of the outcome of a submission handed to a handler waiting
/// in `ctx.ask`: that handler answers it, after `dispatch` has returned.
pub(crate) const AWAITED_VIEW: &str = "awaited modal";

/// Hands an awaited modal's submission to its waiting handler, or answers
/// it as expired (submitted after the wait ended, after a restart, or to
/// another router than the one that opened it).
async fn deliver(
    ctx: ViewContext,
    awaited: &AwaitedModals,
    notices: &Notices,
    deadline: Instant,
) -> DispatchOutcome {
    match awaited.deliver(ctx, deadline) {
        Ok(()) => DispatchOutcome::Handled {
            view: AWAITED_VIEW,
            item: "submit",
        },
        Err(ctx) => {
            let custom_id = ctx.custom_id().to_owned();
            tracing::debug!(custom_id, "submission of an awaited modal nobody waits for");
            notices.send(Notice::Expired, &ctx).await;
            DispatchOutcome::Expired { custom_id }
        }
    }
}
