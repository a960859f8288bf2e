//! Views sent in interaction replies: [`ViewToSend`] says how the router
//! keeps a view once the reply's message exists (stored, in memory,
//! unbound, or a started view's handle), and the `respond_with_view`
//! family sends the reply and binds the view in one call.

use std::sync::Arc;

use serde::{Serialize, de::DeserializeOwned};
use twilight_model::{
    channel::message::Component,
    id::{
        Id,
        marker::{InteractionMarker, MessageMarker},
    },
};

use super::{
    RouterError, RouterErrorKind, RouterInner, ViewHandle, ViewRouter,
    cache::SharedStored,
    erased::ViewKind,
    handle,
    instance::{EndEdit, Instance, SharedInstance},
    pending::PendingGuard,
    stored::StoredInstance,
};
use crate::{
    OwnedInteraction,
    base::BoxFuture,
    context::ViewContext,
    error::{ViewError, ViewErrorKind, ViewResult},
    render::CustomIds,
    reply::Reply,
    respond::{InteractionToken, ViewBinding, ViewReplyKind},
    view::View,
};

/// A view to send in an interaction reply, and how the router keeps it once
/// the reply's message exists:
///
/// | you pass | the router | after a restart |
/// |---|---|---|
/// | a `stored_view` type, as is | binds it to the message and stores its state (as [`ViewRouter::bind`]) | restored from the store on the first click |
/// | [`InMemory(view)`](InMemory) | binds it to the message in memory (as [`ViewRouter::bind_in_memory`]) | gone |
/// | [`Unbound(view)`](Unbound) | binds nothing: its type's unbound instance ([`ViewRouter::add_view`]) serves the message | served by the unbound instance added at start-up |
/// | a started view's [`ViewHandle`] (or `&handle`) | binds the handle to the message; when the view ends it is re-rendered there through the interaction's webhook | gone (it times out) |
/// | [`Started(view)`](Started) | starts the view ([`ViewRouter::start`]) and binds it as a handle | gone (it times out) |
///
/// Sealed: these are the ways there are.
///
/// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#which-view-how-it-is-kept).
pub trait ViewToSend: sealed::Prepare + Send {}

/// A persistent view bound to the message in memory only: nothing is
/// stored, and the view needs no serde. See [`ViewToSend`].
///
/// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#which-view-how-it-is-kept).
#[derive(Clone, Debug)]
pub struct InMemory<V>(pub V);

/// A persistent view sent for its components only: its type's unbound
/// instance (added with [`ViewRouter::add_view`]) answers the clicks, on
/// this message as on every other. See [`ViewToSend`].
///
/// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#which-view-how-it-is-kept).
#[derive(Clone, Debug)]
pub struct Unbound<V>(pub V);

/// A non-persistent view to start for the message ([`ViewRouter::start`]),
/// when nobody needs its [`ViewHandle`]: what a handler sends, since it has
/// no router to start views with. See [`ViewToSend`].
///
/// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#which-view-how-it-is-kept).
#[derive(Clone, Debug)]
pub struct Started<V>(pub V);

impl<V: View + Serialize + DeserializeOwned> ViewToSend for V {}
impl<V: View> ViewToSend for Started<V> {}
impl<V: View> ViewToSend for InMemory<V> {}
impl<V: View> ViewToSend for Unbound<V> {}
impl<V: View> ViewToSend for ViewHandle<V> {}
impl<V: View> ViewToSend for &ViewHandle<V> {}

pub(super) mod sealed {
    use super::{BoxFuture, Prepared, RouterError, ViewRouter};

    /// What a [`ViewToSend`](super::ViewToSend) does before its reply is
    /// sent: checks, renders, and says how to bind.
    pub trait Prepare {
        /// Checks the view against the router and renders it.
        fn prepare<'a>(
            self,
            router: &'a ViewRouter,
        ) -> BoxFuture<'a, Result<Prepared, RouterError>>
        where
            Self: 'a;
    }
}

/// A view checked and rendered, ready to go out in a reply.
#[derive(Debug)]
pub struct Prepared {
    components: Vec<Component>,
    /// The view is a layout: the reply carries `IS_COMPONENTS_V2`.
    layout: bool,
    how: Option<How>,
}

/// How a prepared view is bound to its message.
enum How {
    Stored {
        kind: ViewKind,
        state: Vec<u8>,
        instance: SharedStored,
    },
    InMemory(SharedInstance),
    Started {
        instance: SharedInstance,
        prefix: String,
    },
}

impl std::fmt::Debug for How {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Stored { kind, .. } => f.debug_tuple("Stored").field(&kind.name).finish(),
            Self::InMemory(instance) => f
                .debug_tuple("InMemory")
                .field(&instance.kind.name)
                .finish(),
            Self::Started { prefix, .. } => f.debug_tuple("Started").field(prefix).finish(),
        }
    }
}

impl<V: View + Serialize + DeserializeOwned> sealed::Prepare for V {
    fn prepare<'a>(self, router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        let prepared = (|| {
            let kind = ViewKind::of::<V>();
            router.check_stored(&kind)?;
            let state = serde_json::to_vec(&self).map_err(|error| {
                RouterError::with_source(RouterErrorKind::Serialize { view: V::NAME }, error)
            })?;
            let components = self.components();
            let instance: SharedStored = Arc::new(StoredInstance::new(self, 0));
            Ok(Prepared {
                components,
                layout: V::LAYOUT,
                how: Some(How::Stored {
                    kind,
                    state,
                    instance,
                }),
            })
        })();
        Box::pin(std::future::ready(prepared))
    }
}

impl<V: View> sealed::Prepare for InMemory<V> {
    fn prepare<'a>(self, router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        let instance: SharedInstance = Arc::new(Instance::persistent(self.0));
        let prepared = router.check_persistent(&instance.kind).map(|()| Prepared {
            components: instance_components(&instance),
            layout: V::LAYOUT,
            how: Some(How::InMemory(instance)),
        });
        Box::pin(std::future::ready(prepared))
    }
}

impl<V: View> sealed::Prepare for Unbound<V> {
    fn prepare<'a>(self, router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        let kind = ViewKind::of::<V>();
        let prepared = router.check_persistent(&kind).and_then(|()| {
            if router.inner.unbound.contains_key(&kind.type_id) {
                Ok(Prepared {
                    components: self.0.components(),
                    layout: V::LAYOUT,
                    how: None,
                })
            } else {
                Err(RouterError::new(RouterErrorKind::NoUnboundInstance {
                    view: kind.name,
                    defined_at: kind.defined_at,
                }))
            }
        });
        Box::pin(std::future::ready(prepared))
    }
}

impl<V: View> sealed::Prepare for &ViewHandle<V> {
    fn prepare<'a>(self, _router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        Box::pin(async move {
            Ok(Prepared {
                components: self.components().await,
                layout: V::LAYOUT,
                how: Some(How::Started {
                    instance: self.shared(),
                    prefix: self.prefix().to_owned(),
                }),
            })
        })
    }
}

impl<V: View> sealed::Prepare for Started<V> {
    fn prepare<'a>(self, router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        let handle = router.start(self.0);
        Box::pin(async move { sealed::Prepare::prepare(&handle, router).await })
    }
}

impl<V: View> sealed::Prepare for ViewHandle<V> {
    fn prepare<'a>(self, router: &'a ViewRouter) -> BoxFuture<'a, Result<Prepared, RouterError>>
    where
        Self: 'a,
    {
        Box::pin(async move { sealed::Prepare::prepare(&self, router).await })
    }
}

/// A bound-in-memory view's components, rendered with its declared ids.
fn instance_components(instance: &SharedInstance) -> Vec<Component> {
    // Not yet shared with anyone: the lock is free.
    instance
        .view
        .try_lock()
        .map(|view| view.render_with(&CustomIds::Declared))
        .unwrap_or_default()
}

/// The router's half of one reply carrying a view (see
/// `crate::respond::ViewBinding`).
#[derive(Debug)]
struct RouterBinding {
    router: ViewRouter,
    /// `None` for an unbound view: nothing to bind, nothing to wait for.
    how: Option<How>,
    /// Set once the reply is about to be sent.
    pending: Option<PendingGuard>,
}

impl ViewBinding for RouterBinding {
    fn expect(&mut self, interaction: Id<InteractionMarker>) {
        if self.how.is_some() {
            self.pending = Some(self.router.inner.pending.begin(interaction));
        }
    }

    fn bind(
        self: Box<Self>,
        message_id: Id<MessageMarker>,
        interaction: InteractionToken<'_>,
    ) -> BoxFuture<'static, ViewResult> {
        let token = interaction.token.to_owned();
        Box::pin(async move {
            let RouterBinding {
                router,
                how,
                pending,
            } = *self;
            let bound = match how {
                None => Ok(()),
                Some(How::Stored {
                    kind,
                    state,
                    instance,
                }) => {
                    router
                        .bind_instance(message_id, &kind, state, instance)
                        .await
                }
                Some(How::InMemory(instance)) => {
                    router.bind_instance_in_memory(message_id, instance)
                }
                Some(How::Started { instance, prefix }) => {
                    if let Some(life) = &instance.life
                        && let Ok(mut target) = life.edit_on_end.lock()
                    {
                        *target = Some(EndEdit::Interaction { token, message_id });
                    }
                    handle::bind(
                        &Arc::downgrade(&router.inner),
                        instance,
                        &prefix,
                        message_id,
                    );
                    Ok(())
                }
            };
            // Clicks waiting for this binding go on now, bound or not.
            drop(pending);
            bound.map_err(|error| {
                tracing::error!(
                    %message_id,
                    %error,
                    "the reply carrying a view was sent, but the view could not be bound to it: \
                     clicks on it will be answered as unavailable"
                );
                ViewError::new(ViewErrorKind::Bind, Some(Box::new(error)))
            })
        })
    }
}

/// The router a context's links point at.
fn router_of(ctx: &ViewContext) -> ViewResult<ViewRouter> {
    ctx.router_link()
        .upgrade()
        .and_then(|router| router.downcast::<RouterInner>().ok())
        .map(|inner| ViewRouter { inner })
        .ok_or_else(|| ViewError::new(ViewErrorKind::NoRouter, None))
}

impl ViewContext {
    /// Replies with `reply` carrying `view`'s components, and binds the view
    /// to the message that creates, as [`ViewToSend`] describes (stored,
    /// [`InMemory`], [`Unbound`], or a started view's handle). The reply is
    /// the callback (type 4), the completion of a deferred reply, or a
    /// follow-up after any other answer, as [`Self::respond`]; make it
    /// ephemeral with [`Reply::ephemeral`] (or [`Self::defer_ephemeral`]
    /// first). A click on the new message that arrives before the binding
    /// is done waits for it.
    ///
    /// Returns the new message's id; `None` when the reply is held until a
    /// stored view's new state is saved (a `&mut self` handler of a stored
    /// view): it is sent and bound then.
    ///
    /// # Errors
    ///
    /// Discord refused the reply; or the view cannot be sent this way
    /// ([`ViewErrorKind::Bind`] with the `RouterError`: not registered, not
    /// stored, no unbound instance), checked before anything is sent; or
    /// the reply went out and binding failed (the store), also
    /// [`ViewErrorKind::Bind`], logged.
    ///
    /// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#respond-with-a-view).
    pub async fn respond_with_view(
        &self,
        reply: impl Into<Reply>,
        view: impl ViewToSend,
    ) -> ViewResult<Option<Id<MessageMarker>>> {
        self.send_with_view(reply.into(), view, ViewReplyKind::Respond)
            .await
    }

    /// [`Self::respond_with_view`] as a follow-up message, whatever was
    /// answered before (the interaction must be acknowledged).
    ///
    /// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#respond-with-a-view).
    pub async fn followup_with_view(
        &self,
        reply: impl Into<Reply>,
        view: impl ViewToSend,
    ) -> ViewResult<Option<Id<MessageMarker>>> {
        self.send_with_view(reply.into(), view, ViewReplyKind::Followup)
            .await
    }

    async fn send_with_view(
        &self,
        reply: Reply,
        view: impl ViewToSend,
        kind: ViewReplyKind,
    ) -> ViewResult<Option<Id<MessageMarker>>> {
        let router = router_of(self)?;
        let Prepared {
            components,
            layout,
            how,
        } = sealed::Prepare::prepare(view, &router)
            .await
            .map_err(|error| ViewError::new(ViewErrorKind::Bind, Some(Box::new(error))))?;
        // A dynamic item's id can outgrow Discord's limit at run time.
        crate::template::check_components(&components)
            .map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
        // A layout's rules (and that `reply` has no content or embeds) are
        // checked by the responder, before anything is sent.
        let reply = if layout {
            reply.layout(components)
        } else {
            reply.components(components)
        };
        let (responder, target) = self.responder();
        let binding = Box::new(RouterBinding {
            router,
            how,
            pending: None,
        });
        responder
            .respond_with_view(target, reply, kind, binding)
            .await
    }
}

impl ViewRouter {
    /// A context for an interaction the router does not route itself: an
    /// application command (slash or context menu), an autocomplete, or a
    /// component of another library. Reply through it as a handler does
    /// (`respond`, `defer`, `followup`...), and open views with
    /// [`ViewContext::respond_with_view`]; clicks on them then come back
    /// through [`Self::dispatch`].
    ///
    /// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#a-context-for-a-command).
    pub fn context(&self, interaction: impl Into<OwnedInteraction>) -> ViewContext {
        self.click_context(
            interaction.into(),
            Some(String::new()),
            CustomIds::Declared,
            tokio::time::Instant::now(),
        )
    }

    /// Answers `interaction` (a slash command, a click, a modal submit) with
    /// `reply` carrying `view`, and binds the view to the message that
    /// creates: `self.context(interaction).respond_with_view(reply, view)`
    /// for a one-off answer. Use [`Self::context`] to defer first or to
    /// send more.
    ///
    /// # Errors
    ///
    /// As [`ViewContext::respond_with_view`].
    ///
    /// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#respond-with-a-view).
    pub async fn respond_with_view(
        &self,
        interaction: impl Into<OwnedInteraction>,
        reply: impl Into<Reply>,
        view: impl ViewToSend,
    ) -> ViewResult<Id<MessageMarker>> {
        let ctx = self.context(interaction);
        ctx.respond_with_view(reply, view)
            .await?
            // A fresh context holds nothing: the reply went out.
            .ok_or_else(|| ViewError::new(ViewErrorKind::NoMessage, None))
    }
}
