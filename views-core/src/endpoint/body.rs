//! The HTTP response body as a way a reply leaves: while the endpoint
//! waits for an interaction's first answer, the interaction has a slot
//! here, and the callback the responder sends goes into that slot (and so
//! into the response body) instead of over REST. Everything after the
//! first answer (edits, follow-ups, the real answer of a handler the
//! auto-defer answered for) goes through the router's own transport.

use std::{sync::Arc, time::Duration};

use dashmap::DashMap;
use tokio::sync::oneshot;
use twilight_model::{
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    id::{
        Id,
        marker::{ChannelMarker, InteractionMarker, MessageMarker},
    },
};

use crate::{
    base::BoxFuture,
    error::{ViewError, ViewErrorKind, ViewResult},
    id_hash::IdHashBuilder,
    respond::{InteractionToken, MessageVia, ReplyTransport},
};

/// How long a callback sent in the body may take to become `@original`
/// at Discord, which reads the body only once the endpoint returned it:
/// the message id of a reply carrying a view is asked for until then.
const ORIGINAL_MESSAGE_RETRIES: [Duration; 7] = [
    Duration::from_millis(10),
    Duration::from_millis(25),
    Duration::from_millis(50),
    Duration::from_millis(100),
    Duration::from_millis(250),
    Duration::from_millis(500),
    Duration::from_millis(1000),
];

/// Where one interaction's first answer goes.
#[derive(Debug)]
enum Slot {
    /// The endpoint is waiting: the callback goes into the body.
    Waiting(oneshot::Sender<InteractionResponse>),
    /// The body carried the first answer: what follows goes over REST.
    Answered,
    /// The endpoint gave up waiting (no answer within Discord's time): a
    /// callback now would reach nobody.
    Expired,
}

/// The slots of the interactions an endpoint is answering; shared by every
/// endpoint of one router and by the router's transport.
#[derive(Debug, Default)]
pub(crate) struct BodySlots {
    slots: DashMap<Id<InteractionMarker>, Slot, IdHashBuilder>,
}

/// What became of a callback offered to the slots.
enum Taken {
    /// The endpoint is waiting for it.
    Body(oneshot::Sender<InteractionResponse>),
    /// Not an interaction an endpoint is answering now, or already
    /// answered: send it over REST.
    Rest,
    /// The endpoint stopped waiting.
    Expired,
}

impl BodySlots {
    /// Opens the slot of `id`: the first callback for it will arrive on the
    /// receiver. The slot closes when the guard drops.
    pub(crate) fn open(
        self: &Arc<Self>,
        id: Id<InteractionMarker>,
    ) -> (SlotGuard, oneshot::Receiver<InteractionResponse>) {
        let (sender, receiver) = oneshot::channel();
        self.slots.insert(id, Slot::Waiting(sender));
        let guard = SlotGuard {
            slots: Arc::clone(self),
            id,
        };
        (guard, receiver)
    }

    /// Takes the waiting sender of `id`, leaving the slot answered.
    fn take(&self, id: Id<InteractionMarker>) -> Taken {
        let Some(mut slot) = self.slots.get_mut(&id) else {
            return Taken::Rest;
        };
        match std::mem::replace(&mut *slot, Slot::Answered) {
            Slot::Waiting(sender) => Taken::Body(sender),
            Slot::Answered => Taken::Rest,
            Slot::Expired => {
                *slot = Slot::Expired;
                Taken::Expired
            }
        }
    }

    /// Marks the slot of `id` expired if nothing was sent into it yet;
    /// `false` when a callback got there first (it is on its way to the
    /// receiver).
    pub(crate) fn expire(&self, id: Id<InteractionMarker>) -> bool {
        let Some(mut slot) = self.slots.get_mut(&id) else {
            return true;
        };
        match &*slot {
            Slot::Waiting(_) => {
                *slot = Slot::Expired;
                true
            }
            Slot::Expired => true,
            Slot::Answered => false,
        }
    }
}

/// Closes an interaction's slot when the work answering it is over.
#[derive(Debug)]
pub(crate) struct SlotGuard {
    slots: Arc<BodySlots>,
    id: Id<InteractionMarker>,
}

impl Drop for SlotGuard {
    fn drop(&mut self) {
        self.slots.slots.remove(&self.id);
    }
}

/// The router's transport when the `http-endpoint` feature is on: a
/// callback for an interaction an endpoint is answering goes into the
/// response body, everything else through `rest`.
#[derive(Debug)]
pub(crate) struct BodyTransport {
    slots: Arc<BodySlots>,
    rest: Arc<dyn ReplyTransport>,
}

impl BodyTransport {
    pub(crate) fn new(slots: Arc<BodySlots>, rest: Arc<dyn ReplyTransport>) -> Self {
        Self { slots, rest }
    }

    /// The id of the message the callback sent in the body created, once
    /// Discord has read the body.
    async fn original_after_body(
        &self,
        interaction: InteractionToken<'_>,
    ) -> ViewResult<Id<MessageMarker>> {
        for delay in ORIGINAL_MESSAGE_RETRIES {
            match self.rest.original_message_id(interaction).await {
                Err(error) if not_there_yet(&error) => tokio::time::sleep(delay).await,
                done => return done,
            }
        }
        self.rest.original_message_id(interaction).await
    }
}

/// Whether an error asking for `@original` means Discord has not read the
/// response body yet.
fn not_there_yet(error: &ViewError) -> bool {
    matches!(
        error.kind(),
        ViewErrorKind::UnknownMessage
            | ViewErrorKind::UnknownInteraction
            | ViewErrorKind::Discord { status: 404, .. }
    )
}

/// The error for a callback the endpoint no longer waits for.
fn expired() -> ViewError {
    ViewError::new(
        ViewErrorKind::UnknownInteraction,
        Some("the interactions endpoint stopped waiting for the first answer".into()),
    )
}

/// The error for a callback whose HTTP request is gone (the client hung up).
fn request_gone() -> ViewError {
    ViewError::new(
        ViewErrorKind::UnknownInteraction,
        Some("the HTTP request of the interaction is gone".into()),
    )
}

impl ReplyTransport for BodyTransport {
    fn callback<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        response: InteractionResponse,
    ) -> BoxFuture<'a, ViewResult> {
        match self.slots.take(interaction.id) {
            Taken::Body(sender) => {
                let sent = sender.send(response).map_err(|_| request_gone());
                Box::pin(std::future::ready(sent))
            }
            Taken::Rest => self.rest.callback(interaction, response),
            Taken::Expired => Box::pin(std::future::ready(Err(expired()))),
        }
    }

    fn edit_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.rest.edit_original(interaction, data)
    }

    fn followup<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.rest.followup(interaction, data)
    }

    fn delete_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult> {
        self.rest.delete_original(interaction)
    }

    fn edit_message<'a>(
        &'a self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.rest.edit_message(channel_id, message_id, data)
    }

    fn send_message<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        via: MessageVia,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        if via != MessageVia::Callback {
            return self.rest.send_message(interaction, via, data);
        }
        match self.slots.take(interaction.id) {
            Taken::Body(sender) => Box::pin(async move {
                let response = InteractionResponse {
                    kind: InteractionResponseType::ChannelMessageWithSource,
                    data: Some(data),
                };
                sender.send(response).map_err(|_| request_gone())?;
                // The body says nothing back: ask for what it created.
                self.original_after_body(interaction).await
            }),
            Taken::Rest => self.rest.send_message(interaction, via, data),
            Taken::Expired => Box::pin(std::future::ready(Err(expired()))),
        }
    }

    fn original_message_id<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        self.rest.original_message_id(interaction)
    }
}
