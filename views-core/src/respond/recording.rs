//! [`RecordingTransport`]: a [`ReplyTransport`] that sends nothing and keeps
//! what was sent, for tests and benchmarks (the full reply path, no HTTP).

use std::sync::{
    Arc, Mutex, PoisonError,
    atomic::{AtomicU64, Ordering},
};

use twilight_model::{
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    id::{
        Id,
        marker::{ChannelMarker, InteractionMarker, MessageMarker},
    },
};

use super::{InteractionToken, MessageVia, ReplyTransport};
use crate::{base::BoxFuture, error::ViewResult};

/// One call a [`RecordingTransport`] received.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum Sent {
    /// The interaction's callback.
    Callback {
        /// The interaction it answers.
        interaction_id: Id<InteractionMarker>,
        /// The callback body, as Discord would receive it.
        response: InteractionResponse,
    },
    /// An edit of `@original`.
    EditOriginal {
        /// The interaction whose `@original` was edited.
        interaction_id: Id<InteractionMarker>,
        /// The new fields.
        data: InteractionResponseData,
    },
    /// A follow-up message.
    Followup {
        /// The interaction followed up.
        interaction_id: Id<InteractionMarker>,
        /// The message.
        data: InteractionResponseData,
    },
    /// `@original` deleted.
    DeleteOriginal {
        /// The interaction whose `@original` was deleted.
        interaction_id: Id<InteractionMarker>,
    },
    /// A message edited as the bot.
    EditMessage {
        /// The message's channel.
        channel_id: Id<ChannelMarker>,
        /// The message.
        message_id: Id<MessageMarker>,
        /// The new fields.
        data: InteractionResponseData,
    },
}

impl Sent {
    /// The interaction this call belongs to (`None` for a message edit).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub const fn interaction_id(&self) -> Option<Id<InteractionMarker>> {
        match self {
            Self::Callback { interaction_id, .. }
            | Self::EditOriginal { interaction_id, .. }
            | Self::Followup { interaction_id, .. }
            | Self::DeleteOriginal { interaction_id } => Some(*interaction_id),
            Self::EditMessage { .. } => None,
        }
    }
}

/// Keeps every reply instead of sending it. Clones share one record.
///
/// ```
/// use std::sync::Arc;
/// use views_core::respond::RecordingTransport;
///
/// let recorder = RecordingTransport::new();
/// // ViewRouter::builder(http, app_id).reply_transport(Arc::new(recorder.clone()))
/// assert!(recorder.sent().is_empty());
/// ```
#[derive(Clone, Debug, Default)]
pub struct RecordingTransport {
    sent: Arc<Mutex<Vec<Sent>>>,
    /// The id of the last message a reply "created" (nothing is created:
    /// ids are counted up from [`Self::FIRST_MESSAGE_ID`]).
    last_message: Arc<AtomicU64>,
}

impl RecordingTransport {
    /// The id [`ReplyTransport::send_message`] gives the first message a
    /// reply creates; each later one gets the next number.
    pub const FIRST_MESSAGE_ID: u64 = 1 << 40;

    /// An empty record.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn new() -> Self {
        Self::default()
    }

    fn next_message_id(&self) -> Id<MessageMarker> {
        let offset = self.last_message.fetch_add(1, Ordering::Relaxed);
        Id::new(Self::FIRST_MESSAGE_ID + offset)
    }

    /// Everything sent so far, in order.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn sent(&self) -> Vec<Sent> {
        self.record().clone()
    }

    /// What was sent for one interaction, in order.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn sent_for(&self, interaction_id: Id<InteractionMarker>) -> Vec<Sent> {
        self.record()
            .iter()
            .filter(|sent| sent.interaction_id() == Some(interaction_id))
            .cloned()
            .collect()
    }

    /// Forgets what was sent (benchmarks, between rounds).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#testing-your-bot).
    pub fn clear(&self) {
        self.record().clear();
    }

    fn record(&self) -> std::sync::MutexGuard<'_, Vec<Sent>> {
        // Only pushes, clones and clears happen under the lock.
        self.sent.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn keep(&self, sent: Sent) -> BoxFuture<'static, ViewResult> {
        self.record().push(sent);
        Box::pin(std::future::ready(Ok(())))
    }
}

impl ReplyTransport for RecordingTransport {
    fn callback<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        response: InteractionResponse,
    ) -> BoxFuture<'a, ViewResult> {
        self.keep(Sent::Callback {
            interaction_id: interaction.id,
            response,
        })
    }

    fn edit_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.keep(Sent::EditOriginal {
            interaction_id: interaction.id,
            data,
        })
    }

    fn followup<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.keep(Sent::Followup {
            interaction_id: interaction.id,
            data,
        })
    }

    fn delete_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult> {
        self.keep(Sent::DeleteOriginal {
            interaction_id: interaction.id,
        })
    }

    fn edit_message<'a>(
        &'a self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        self.keep(Sent::EditMessage {
            channel_id,
            message_id,
            data,
        })
    }

    fn send_message<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        via: MessageVia,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        let interaction_id = interaction.id;
        self.record().push(match via {
            MessageVia::Callback => Sent::Callback {
                interaction_id,
                response: InteractionResponse {
                    kind: InteractionResponseType::ChannelMessageWithSource,
                    data: Some(data),
                },
            },
            MessageVia::EditOriginal => Sent::EditOriginal {
                interaction_id,
                data,
            },
            MessageVia::Followup => Sent::Followup {
                interaction_id,
                data,
            },
        });
        Box::pin(std::future::ready(Ok(self.next_message_id())))
    }

    /// A new id, counted as [`ReplyTransport::send_message`] counts them:
    /// the callback went out elsewhere (an endpoint's response body) and
    /// created a message this record never saw.
    fn original_message_id<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        let _ = interaction;
        Box::pin(std::future::ready(Ok(self.next_message_id())))
    }
}
