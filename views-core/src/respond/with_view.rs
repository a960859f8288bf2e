//! Replies that carry a view: the message is created (callback, completed
//! deferral or follow-up), then the router binds the view to it. Between
//! the two, clicks on the new message wait for the binding instead of
//! finding nothing: the router's side of that is a [`ViewBinding`].

use std::fmt;

use twilight_model::id::{
    Id,
    marker::{InteractionMarker, MessageMarker},
};

use super::{Held, InteractionToken, MessageVia, Responder, ResponseState, Target};
use crate::{base::BoxFuture, error::ViewResult, observe, reply::Reply};

/// The router's half of a reply carrying a view.
pub(crate) trait ViewBinding: fmt::Debug + Send + 'static {
    /// Called just before the message is created: from here until
    /// [`Self::bind`] returns (or this value drops, if sending failed),
    /// clicks on messages answering `interaction` wait for the binding.
    fn expect(&mut self, interaction: Id<InteractionMarker>);

    /// Binds the view to `message_id`, the message the reply to
    /// `interaction` created.
    fn bind(
        self: Box<Self>,
        message_id: Id<MessageMarker>,
        interaction: InteractionToken<'_>,
    ) -> BoxFuture<'static, ViewResult>;
}

/// Whether a reply carrying a view is the next reply or a follow-up.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum ViewReplyKind {
    /// As `respond`: the callback, the completion of a deferred reply, or
    /// a follow-up after any other answer.
    Respond,
    /// Always a follow-up.
    Followup,
}

impl Responder {
    /// Sends `reply` (which carries the view's components) and binds the
    /// view to the message it creates. Held like any reply of a stored
    /// view's mutating handler: then it is sent and bound after the commit,
    /// and `None` is returned.
    pub(crate) async fn respond_with_view(
        &self,
        target: Target<'_>,
        reply: Reply,
        kind: ViewReplyKind,
        binding: Box<dyn ViewBinding>,
    ) -> ViewResult<Option<Id<MessageMarker>>> {
        reply.check().map_err(crate::error::ViewError::layout)?;
        {
            let mut queue = self.queue();
            if let Some(held) = queue.as_mut() {
                held.push(Held::WithView {
                    reply,
                    kind,
                    binding,
                });
                return Ok(None);
            }
        }
        self.respond_with_view_now(target, reply, kind, binding)
            .await
            .map(Some)
    }

    pub(super) async fn respond_with_view_now(
        &self,
        target: Target<'_>,
        reply: Reply,
        kind: ViewReplyKind,
        mut binding: Box<dyn ViewBinding>,
    ) -> ViewResult<Id<MessageMarker>> {
        let message_id = {
            let mut state = self.state.lock().await;
            let via = match (kind, *state) {
                (ViewReplyKind::Respond, ResponseState::Unanswered) => MessageVia::Callback,
                (ViewReplyKind::Respond, ResponseState::DeferredMessage) => {
                    MessageVia::EditOriginal
                }
                _ => MessageVia::Followup,
            };
            binding.expect(target.interaction.id);
            let message_id = self
                .transport
                .send_message(target.interaction, via, reply.into_data())
                .await?;
            match via {
                MessageVia::Callback => {
                    observe::acknowledged(
                        self.arrived,
                        twilight_model::http::interaction::InteractionResponseType::ChannelMessageWithSource,
                    );
                    *state = ResponseState::ReplyMessage;
                }
                MessageVia::EditOriginal => *state = ResponseState::ReplyMessage,
                MessageVia::Followup => {}
            }
            message_id
        };
        binding.bind(message_id, target.interaction).await?;
        Ok(message_id)
    }
}
