//! The responder behind every `ViewContext`: what has been answered,
//! what the next reply becomes (callback, edit of `@original`, follow-up),
//! the replies held until a stored view's state is committed, and the
//! router's auto-defer. How a reply then leaves is a [`ReplyTransport`]:
//! twilight-http ([`HttpTransport`]), a recorder for tests and benchmarks
//! ([`RecordingTransport`]), or an endpoint's HTTP response body.

mod held;
mod recording;
mod transport;
mod with_view;

use std::sync::{
    Arc, Mutex,
    atomic::{AtomicBool, Ordering},
};

use tokio::time::Instant;
use twilight_model::{
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    id::{
        Id,
        marker::{ChannelMarker, MessageMarker},
    },
};

pub(crate) use self::held::Held;
pub(crate) use self::with_view::{ViewBinding, ViewReplyKind};
pub use self::{
    recording::{RecordingTransport, Sent},
    transport::{HttpTransport, InteractionToken, MessageVia, ReplyTransport},
};
use crate::{
    base::AutoDefer,
    error::{ViewError, ViewErrorKind, ViewResult},
    observe,
    reply::Reply,
};

/// What has been sent for one interaction so far.
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
enum ResponseState {
    /// Nothing: the next reply is the interaction callback.
    #[default]
    Unanswered,
    /// A deferred reply (type 5): "thinking…" until `@original` is edited.
    DeferredMessage,
    /// `@original` is the component's message (types 6 and 7), or a modal
    /// was the answer (nothing more may be sent as a callback).
    ComponentMessage,
    /// `@original` is a reply message (type 4, or an edited type 5).
    ReplyMessage,
}

/// The interaction a reply is for, and the message its component is on.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target<'a> {
    pub(crate) interaction: InteractionToken<'a>,
    pub(crate) message: Option<(Id<ChannelMarker>, Id<MessageMarker>)>,
}

/// Decides how each reply of one interaction goes out, and sends it through
/// the router's [`ReplyTransport`].
#[derive(Debug)]
pub(crate) struct Responder {
    transport: Arc<dyn ReplyTransport>,
    /// Held across a send, so two replies racing (a handler and the
    /// auto-defer) never both become the callback.
    state: tokio::sync::Mutex<ResponseState>,
    /// `Some` while replies are held (see `held.rs`).
    held: Mutex<Option<Vec<Held>>>,
    /// An edit of the component's message got "Unknown Message".
    unknown_message: AtomicBool,
    /// When the interaction reached the router: the time to acknowledge
    /// counts from here.
    arrived: Instant,
}

impl Responder {
    pub(crate) fn new(transport: Arc<dyn ReplyTransport>, arrived: Instant) -> Self {
        Self {
            arrived,
            transport,
            state: tokio::sync::Mutex::new(ResponseState::Unanswered),
            held: Mutex::new(None),
            unknown_message: AtomicBool::new(false),
        }
    }

    /// Whether the interaction has been answered, or will be when held
    /// replies are sent.
    pub(crate) async fn is_answered(&self) -> bool {
        self.has_held() || *self.state.lock().await != ResponseState::Unanswered
    }

    /// A message: the callback (type 4), or the edit of a deferred reply,
    /// or a follow-up after any other answer.
    pub(crate) async fn respond(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        reply.check().map_err(ViewError::layout)?;
        let Some(reply) = self.try_hold(reply, Held::Respond) else {
            return Ok(());
        };
        self.respond_now(target, reply).await
    }

    async fn respond_now(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        let mut state = self.state.lock().await;
        match *state {
            ResponseState::Unanswered => {
                self.callback(
                    target,
                    InteractionResponseType::ChannelMessageWithSource,
                    Some(reply.into_data()),
                )
                .await?;
                *state = ResponseState::ReplyMessage;
            }
            ResponseState::DeferredMessage => {
                self.transport
                    .edit_original(target.interaction, reply.into_data())
                    .await?;
                *state = ResponseState::ReplyMessage;
            }
            ResponseState::ComponentMessage | ResponseState::ReplyMessage => {
                self.transport
                    .followup(target.interaction, reply.into_data())
                    .await?;
            }
        }
        Ok(())
    }

    /// An edit of the component's message: the callback (type 7), or an edit
    /// of `@original` when that is the component's message, or an edit as
    /// the bot when `@original` is a reply.
    pub(crate) async fn update(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        reply.check().map_err(ViewError::layout)?;
        let Some(reply) = self.try_hold(reply, Held::Update) else {
            return Ok(());
        };
        self.update_now(target, reply).await
    }

    async fn update_now(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        let mut state = self.state.lock().await;
        let result = match *state {
            ResponseState::Unanswered => {
                let sent = self
                    .callback(
                        target,
                        InteractionResponseType::UpdateMessage,
                        Some(reply.into_data()),
                    )
                    .await;
                if sent.is_ok() {
                    *state = ResponseState::ComponentMessage;
                }
                sent
            }
            ResponseState::ComponentMessage => {
                self.transport
                    .edit_original(target.interaction, reply.into_data())
                    .await
            }
            ResponseState::DeferredMessage | ResponseState::ReplyMessage => {
                // `@original` is a reply here, not the component's message:
                // edit that message as the bot instead.
                match target.message {
                    Some((channel_id, message_id)) => {
                        self.transport
                            .edit_message(channel_id, message_id, reply.into_data())
                            .await
                    }
                    None => Err(ViewError::new(ViewErrorKind::NoMessage, None)),
                }
            }
        };
        self.note_unknown_message(&result);
        result
    }

    /// A deferred reply (type 5, ephemeral or not), unless already answered.
    pub(crate) async fn defer(&self, target: Target<'_>, ephemeral: bool) -> ViewResult {
        if self.try_hold_ack(Held::Defer { ephemeral }) {
            return Ok(());
        }
        self.defer_now(target, ephemeral).await
    }

    async fn defer_now(&self, target: Target<'_>, ephemeral: bool) -> ViewResult {
        let mut state = self.state.lock().await;
        if *state == ResponseState::Unanswered {
            let data = ephemeral.then(|| Reply::new().ephemeral(true).into_data());
            self.callback(
                target,
                InteractionResponseType::DeferredChannelMessageWithSource,
                data,
            )
            .await?;
            *state = ResponseState::DeferredMessage;
        }
        Ok(())
    }

    /// An acknowledgement without a visible change (type 6), unless already
    /// answered.
    pub(crate) async fn defer_update(&self, target: Target<'_>) -> ViewResult {
        if self.try_hold_ack(Held::DeferUpdate) {
            return Ok(());
        }
        self.defer_update_now(target).await
    }

    async fn defer_update_now(&self, target: Target<'_>) -> ViewResult {
        let mut state = self.state.lock().await;
        if *state == ResponseState::Unanswered {
            self.callback(target, InteractionResponseType::DeferredUpdateMessage, None)
                .await?;
            *state = ResponseState::ComponentMessage;
        }
        Ok(())
    }

    /// A follow-up message.
    pub(crate) async fn followup(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        reply.check().map_err(ViewError::layout)?;
        let Some(reply) = self.try_hold(reply, Held::Followup) else {
            return Ok(());
        };
        self.transport
            .followup(target.interaction, reply.into_data())
            .await
    }

    /// An edit of `@original`.
    pub(crate) async fn edit_original(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        reply.check().map_err(ViewError::layout)?;
        let Some(reply) = self.try_hold(reply, Held::EditOriginal) else {
            return Ok(());
        };
        self.edit_original_now(target, reply).await
    }

    async fn edit_original_now(&self, target: Target<'_>, reply: Reply) -> ViewResult {
        let mut state = self.state.lock().await;
        let result = self
            .transport
            .edit_original(target.interaction, reply.into_data())
            .await;
        // Only when `@original` is the component's message does "Unknown
        // Message" mean the bound message is gone.
        if *state == ResponseState::ComponentMessage {
            self.note_unknown_message(&result);
        }
        result?;
        if *state == ResponseState::DeferredMessage {
            *state = ResponseState::ReplyMessage;
        }
        Ok(())
    }

    /// Deletes `@original`.
    pub(crate) async fn delete_original(&self, target: Target<'_>) -> ViewResult {
        if self.try_hold_call(Held::DeleteOriginal) {
            return Ok(());
        }
        self.transport.delete_original(target.interaction).await
    }

    /// A modal (type 9): only as the interaction's first answer, and never
    /// held (a modal reveals no state, and the user waits for it).
    pub(crate) async fn open_modal(
        &self,
        target: Target<'_>,
        data: InteractionResponseData,
    ) -> ViewResult {
        let mut state = self.state.lock().await;
        if *state != ResponseState::Unanswered || self.has_held() {
            return Err(ViewError::new(ViewErrorKind::AlreadyAcknowledged, None));
        }
        self.callback(target, InteractionResponseType::Modal, Some(data))
            .await?;
        // A modal is the interaction's answer: nothing may be sent for it
        // afterwards, in particular no automatic defer.
        *state = ResponseState::ComponentMessage;
        Ok(())
    }

    /// The router's auto-defer: acknowledges per `mode` only if nothing was
    /// sent yet. Returns whether it sent something. Never held: an
    /// acknowledgement reveals no state, and it must reach Discord before
    /// the deadline.
    pub(crate) async fn auto_defer(&self, target: Target<'_>, mode: AutoDefer) -> ViewResult<bool> {
        if *self.state.lock().await != ResponseState::Unanswered {
            return Ok(false);
        }
        match mode {
            AutoDefer::Update => self.defer_update_now(target).await?,
            AutoDefer::Ephemeral => self.defer_now(target, true).await?,
            AutoDefer::Reply => self.defer_now(target, false).await?,
            AutoDefer::Off => return Ok(false),
        }
        Ok(true)
    }

    /// Whether an edit of the component's message failed with "Unknown
    /// Message" (10008): the message was deleted.
    pub(crate) fn saw_unknown_message(&self) -> bool {
        self.unknown_message.load(Ordering::Acquire)
    }

    fn note_unknown_message(&self, result: &ViewResult) {
        if let Err(error) = result
            && matches!(error.kind(), ViewErrorKind::UnknownMessage)
        {
            self.unknown_message.store(true, Ordering::Release);
        }
    }

    /// Sends the interaction's one callback: its acknowledgement.
    async fn callback(
        &self,
        target: Target<'_>,
        kind: InteractionResponseType,
        data: Option<InteractionResponseData>,
    ) -> ViewResult {
        self.transport
            .callback(target.interaction, InteractionResponse { kind, data })
            .await?;
        observe::acknowledged(self.arrived, kind);
        Ok(())
    }
}
