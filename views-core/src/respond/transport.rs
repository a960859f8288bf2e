//! [`ReplyTransport`]: how a reply leaves the process, and
//! [`HttpTransport`], today's way (twilight-http's interaction endpoints).

use std::{fmt, sync::Arc};

use twilight_http::{
    Client,
    client::InteractionClient,
    request::application::interaction::{CreateFollowup, UpdateResponse},
};
use twilight_model::{
    channel::{Message, message::MessageFlags},
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
    id::{
        Id,
        marker::{ApplicationMarker, ChannelMarker, InteractionMarker, MessageMarker},
    },
};

use crate::{
    base::BoxFuture,
    error::{ViewError, ViewErrorKind, ViewResult},
};

/// The ways a reply leaves: the responder behind every
/// `ViewContext` decides *what* to send (callback or edit, in which order,
/// held or not); a transport only carries it.
///
/// [`HttpTransport`] sends through twilight-http (a gateway bot);
/// [`RecordingTransport`](super::RecordingTransport) sends nothing and keeps
/// what was sent (tests, benchmarks). An interactions endpoint answers the
/// callback in its HTTP response body instead. Set one with
/// `ViewRouterBuilder::reply_transport`.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
pub trait ReplyTransport: fmt::Debug + Send + Sync + 'static {
    /// The interaction's first answer (callback types 4-7 and 9).
    fn callback<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        response: InteractionResponse,
    ) -> BoxFuture<'a, ViewResult>;

    /// Edits `@original` (the reply, or the component's message after an
    /// update). Fields that are `None` are left as they are.
    fn edit_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult>;

    /// Sends a follow-up message.
    fn followup<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult>;

    /// Deletes `@original`.
    fn delete_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult>;

    /// Edits a message as the bot (the component's message when `@original`
    /// is a reply). Fields that are `None` are left as they are.
    fn edit_message<'a>(
        &'a self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult>;

    /// Sends a reply that creates (or completes) a message `via` one of the
    /// interaction's three ways, and returns that message's id: how a view
    /// sent in a reply learns which message to bind to. A callback asks
    /// Discord for what it created (`?with_response=true`).
    fn send_message<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        via: MessageVia,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>>;

    /// The id of `@original`, the message the interaction's first answer
    /// created: how [`Self::send_message`] learns it when the callback
    /// itself says nothing back (an interactions endpoint answers in its
    /// HTTP response body). The default knows no message.
    fn original_message_id<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        let _ = interaction;
        Box::pin(std::future::ready(Err(no_message_created())))
    }
}

/// The interaction a reply answers: its id and token, all a transport
/// needs. The router reads them without parsing the rest of the
/// interaction, so replying costs no full parse of a
/// [`RawInteraction`](crate::RawInteraction).
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct InteractionToken<'a> {
    /// The interaction's id.
    pub id: Id<InteractionMarker>,
    /// Its token: replies, edits of `@original` and follow-ups go with it.
    pub token: &'a str,
}

impl<'a> InteractionToken<'a> {
    pub(crate) fn new(id: Id<InteractionMarker>, token: &'a str) -> Self {
        Self { id, token }
    }
}

/// How [`ReplyTransport::send_message`] creates its message.
///
/// See [the slash commands guide](https://github.com/twilight-views/twilight-views/blob/main/docs/slash-commands.md#how-the-reply-goes-out).
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub enum MessageVia {
    /// The interaction's callback, a new message (type 4).
    Callback,
    /// An edit of `@original` completing a deferred reply (type 5).
    EditOriginal,
    /// A follow-up message.
    Followup,
}

/// `IS_COMPONENTS_V2` when `data` is a layout: what an edit carries (an
/// edit cannot change the other flags, and twilight-http refuses them).
fn layout_flag(data: &InteractionResponseData) -> Option<MessageFlags> {
    data.flags
        .filter(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2))
        .map(|_| MessageFlags::IS_COMPONENTS_V2)
}

/// `PATCH @original` with `data`'s fields; those that are `None` are left
/// as they are.
fn update_response<'a>(
    client: &'a InteractionClient<'a>,
    token: &'a str,
    data: &'a InteractionResponseData,
) -> UpdateResponse<'a> {
    let mut request = client.update_response(token);
    if let Some(flags) = layout_flag(data) {
        request = request.flags(flags);
    }
    if let Some(content) = &data.content {
        request = request.content(Some(content));
    }
    if let Some(components) = &data.components {
        request = request.components(Some(components));
    }
    if let Some(embeds) = &data.embeds {
        request = request.embeds(Some(embeds));
    }
    request
}

/// A follow-up message of `data`'s fields.
fn create_followup<'a>(
    client: &'a InteractionClient<'a>,
    token: &'a str,
    data: &'a InteractionResponseData,
) -> CreateFollowup<'a> {
    let mut request = client.create_followup(token);
    // Before the components: twilight-http validates them as V1 or V2 by
    // the flags already set.
    if let Some(flags) = data.flags {
        request = request.flags(flags);
    }
    if let Some(content) = &data.content {
        request = request.content(content);
    }
    if let Some(components) = &data.components {
        request = request.components(components);
    }
    if let Some(embeds) = &data.embeds {
        request = request.embeds(embeds);
    }
    request
}

/// A response body that did not deserialise into what Discord promised.
fn body_error(error: twilight_http::response::DeserializeBodyError) -> ViewError {
    ViewError::new(ViewErrorKind::Request, Some(Box::new(error)))
}

/// The error for a response that should have created a message and did not.
fn no_message_created() -> ViewError {
    ViewError::new(ViewErrorKind::NoMessage, None)
}

/// Sends replies with twilight-http as `application_id`.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
#[derive(Clone, Debug)]
pub struct HttpTransport {
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
}

impl HttpTransport {
    /// Replies through `http` as `application_id`.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#building-a-router).
    pub const fn new(http: Arc<Client>, application_id: Id<ApplicationMarker>) -> Self {
        Self {
            http,
            application_id,
        }
    }
}

impl ReplyTransport for HttpTransport {
    fn callback<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        response: InteractionResponse,
    ) -> BoxFuture<'a, ViewResult> {
        Box::pin(async move {
            self.http
                .interaction(self.application_id)
                .create_response(interaction.id, interaction.token, &response)
                .await
                .map(drop)
                .map_err(ViewError::from_http)
        })
    }

    fn edit_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        Box::pin(async move {
            let client = self.http.interaction(self.application_id);
            update_response(&client, interaction.token, &data)
                .await
                .map(drop)
                .map_err(ViewError::from_http)
        })
    }

    fn followup<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        Box::pin(async move {
            let client = self.http.interaction(self.application_id);
            create_followup(&client, interaction.token, &data)
                .await
                .map(drop)
                .map_err(ViewError::from_http)
        })
    }

    fn delete_original<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult> {
        Box::pin(async move {
            self.http
                .interaction(self.application_id)
                .delete_response(interaction.token)
                .await
                .map(drop)
                .map_err(ViewError::from_http)
        })
    }

    fn edit_message<'a>(
        &'a self,
        channel_id: Id<ChannelMarker>,
        message_id: Id<MessageMarker>,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult> {
        Box::pin(async move {
            let mut request = self.http.update_message(channel_id, message_id);
            if let Some(flags) = layout_flag(&data) {
                request = request.flags(flags);
            }
            if let Some(content) = &data.content {
                request = request.content(Some(content));
            }
            if let Some(components) = &data.components {
                request = request.components(Some(components));
            }
            if let Some(embeds) = &data.embeds {
                request = request.embeds(Some(embeds));
            }
            request.await.map(drop).map_err(ViewError::from_http)
        })
    }

    fn send_message<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
        via: MessageVia,
        data: InteractionResponseData,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        Box::pin(async move {
            let client = self.http.interaction(self.application_id);
            let message: Message = match via {
                MessageVia::Callback => {
                    let response = InteractionResponse {
                        kind: InteractionResponseType::ChannelMessageWithSource,
                        data: Some(data),
                    };
                    let created = client
                        .create_response(interaction.id, interaction.token, &response)
                        .with_response()
                        .await
                        .map_err(ViewError::from_http)?
                        .model()
                        .await
                        .map_err(body_error)?;
                    return created
                        .interaction
                        .response_message_id
                        .or_else(|| {
                            created
                                .resource
                                .and_then(|resource| resource.message)
                                .map(|message| message.id)
                        })
                        .ok_or_else(no_message_created);
                }
                MessageVia::EditOriginal => update_response(&client, interaction.token, &data)
                    .await
                    .map_err(ViewError::from_http)?
                    .model()
                    .await
                    .map_err(body_error)?,
                MessageVia::Followup => create_followup(&client, interaction.token, &data)
                    .await
                    .map_err(ViewError::from_http)?
                    .model()
                    .await
                    .map_err(body_error)?,
            };
            Ok(message.id)
        })
    }

    fn original_message_id<'a>(
        &'a self,
        interaction: InteractionToken<'a>,
    ) -> BoxFuture<'a, ViewResult<Id<MessageMarker>>> {
        Box::pin(async move {
            let message = self
                .http
                .interaction(self.application_id)
                .response(interaction.token)
                .await
                .map_err(ViewError::from_http)?
                .model()
                .await
                .map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
            Ok(message.id)
        })
    }
}
