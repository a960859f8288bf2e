//! Replies: the [`Reply`] builder and the reply methods of
//! [`ViewContext`], which track what was already sent so a handler never
//! has to know whether the router acknowledged the interaction for it.

use twilight_model::{
    channel::message::{Component, Embed, MessageFlags},
    http::interaction::{InteractionResponse, InteractionResponseData, InteractionResponseType},
};

use crate::{
    context::ViewContext,
    error::{ViewError, ViewErrorKind, ViewResult},
    held::Held,
    item::AutoDefer,
    view::View,
};

/// A message to send: content, components, embeds, and whether only the
/// clicking user sees it.
///
/// ```
/// use views_core::reply::Reply;
///
/// let reply = Reply::new().content("Saved!").ephemeral(true);
/// let same: Reply = "Saved!".into();
/// assert_eq!(reply.content_text(), same.content_text());
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reply {
    content: Option<String>,
    components: Option<Vec<Component>>,
    embeds: Option<Vec<Embed>>,
    ephemeral: bool,
}

impl Reply {
    /// An empty reply.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text.
    #[must_use]
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Sets the action rows (an empty list removes a message's components).
    #[must_use]
    pub fn components(mut self, components: Vec<Component>) -> Self {
        self.components = Some(components);
        self
    }

    /// Sets the embeds.
    #[must_use]
    pub fn embeds(mut self, embeds: Vec<Embed>) -> Self {
        self.embeds = Some(embeds);
        self
    }

    /// Only the clicking user sees the message. Ignored by edits: Discord
    /// cannot change a message's visibility after it is sent.
    #[must_use]
    pub fn ephemeral(mut self, ephemeral: bool) -> Self {
        self.ephemeral = ephemeral;
        self
    }

    /// The text, if set.
    pub fn content_text(&self) -> Option<&str> {
        self.content.as_deref()
    }

    /// Whether the reply is ephemeral.
    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    fn flags(&self) -> Option<MessageFlags> {
        self.ephemeral.then_some(MessageFlags::EPHEMERAL)
    }

    fn into_data(self) -> InteractionResponseData {
        let flags = self.flags();
        InteractionResponseData {
            content: self.content,
            components: self.components,
            embeds: self.embeds,
            flags,
            ..InteractionResponseData::default()
        }
    }
}

impl From<&str> for Reply {
    fn from(content: &str) -> Self {
        Self::new().content(content)
    }
}

impl From<String> for Reply {
    fn from(content: String) -> Self {
        Self::new().content(content)
    }
}

impl From<&String> for Reply {
    fn from(content: &String) -> Self {
        Self::new().content(content.as_str())
    }
}

static_assertions::assert_impl_all!(Reply: Send, Sync, Clone);

/// What has been sent for one interaction so far.
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
pub(crate) enum ResponseState {
    /// Nothing: the next reply is the interaction callback.
    #[default]
    Unanswered,
    /// A deferred reply (type 5): "thinking…" until `@original` is edited.
    DeferredMessage,
    /// `@original` is the component's message (types 6 and 7).
    ComponentMessage,
    /// `@original` is a reply message (type 4, or an edited type 5).
    ReplyMessage,
}

impl ViewContext {
    /// Whether the interaction has been acknowledged (by the handler or by
    /// the router's auto-defer).
    /// Replies a stored view's mutating handler made count: they are sent
    /// once its state is saved.
    pub async fn is_answered(&self) -> bool {
        self.has_held() || *self.inner.state.lock().await != ResponseState::Unanswered
    }

    /// Replies with a message. The first reply is the interaction callback
    /// (type 4); after a deferred reply it edits the "thinking…" message;
    /// after any other answer it becomes a follow-up.
    ///
    /// In a `&mut self` handler of a view bound with a store, this (like
    /// every reply method) is held and returns `Ok` at once; the router
    /// sends it after the new state was saved (`docs/persistence.md`).
    pub async fn respond(&self, reply: impl Into<Reply>) -> ViewResult {
        let Some(reply) = self.try_hold(reply.into(), Held::Respond) else {
            return Ok(());
        };
        let mut state = self.inner.state.lock().await;
        match *state {
            ResponseState::Unanswered => {
                self.callback(
                    InteractionResponseType::ChannelMessageWithSource,
                    Some(reply),
                )
                .await?;
                *state = ResponseState::ReplyMessage;
            }
            ResponseState::DeferredMessage => {
                self.patch_original(reply).await?;
                *state = ResponseState::ReplyMessage;
            }
            ResponseState::ComponentMessage | ResponseState::ReplyMessage => {
                self.post_followup(reply).await?;
            }
        }
        Ok(())
    }

    /// [`Self::respond`] with a reply only the clicking user sees.
    pub async fn respond_ephemeral(&self, reply: impl Into<Reply>) -> ViewResult {
        self.respond(reply.into().ephemeral(true)).await
    }

    /// Edits the message the component is on (type 7), e.g. with a
    /// re-rendered view. After a deferred update (type 6) or an earlier
    /// update it edits `@original`, which is that message.
    pub async fn update(&self, reply: impl Into<Reply>) -> ViewResult {
        let Some(reply) = self.try_hold(reply.into(), Held::Update) else {
            return Ok(());
        };
        let result = self.update_now(reply).await;
        self.note_unknown_message(&result);
        result
    }

    async fn update_now(&self, reply: Reply) -> ViewResult {
        let mut state = self.inner.state.lock().await;
        match *state {
            ResponseState::Unanswered => {
                self.callback(InteractionResponseType::UpdateMessage, Some(reply))
                    .await?;
                *state = ResponseState::ComponentMessage;
            }
            ResponseState::ComponentMessage => self.patch_original(reply).await?,
            ResponseState::DeferredMessage | ResponseState::ReplyMessage => {
                // `@original` is a reply here, not the component's message:
                // edit that message as the bot instead.
                self.patch_component_message(reply).await?;
            }
        }
        Ok(())
    }

    /// Re-renders `view` with this interaction's custom_ids and puts the
    /// components on the component's message (see [`Self::update`]).
    pub async fn update_view<V: View>(&self, view: &V) -> ViewResult {
        let components = view.render(self.custom_ids());
        // A dynamic item's id can outgrow Discord's limit at run time:
        // refuse it here rather than send a payload Discord rejects.
        crate::template::check_components(&components)
            .map_err(|error| ViewError::new(ViewErrorKind::Request, Some(Box::new(error))))?;
        self.update(Reply::new().components(components)).await
    }

    /// Acknowledges with a deferred reply (type 5, "thinking…"); the next
    /// [`Self::respond`] replaces it. Does nothing if already acknowledged.
    pub async fn defer(&self) -> ViewResult {
        self.defer_with(false).await
    }

    /// [`Self::defer`] with an ephemeral "thinking…" and reply.
    pub async fn defer_ephemeral(&self) -> ViewResult {
        self.defer_with(true).await
    }

    async fn defer_with(&self, ephemeral: bool) -> ViewResult {
        if self.try_hold_ack(Held::Defer { ephemeral }) {
            return Ok(());
        }
        self.defer_now(ephemeral).await
    }

    async fn defer_now(&self, ephemeral: bool) -> ViewResult {
        let mut state = self.inner.state.lock().await;
        if *state == ResponseState::Unanswered {
            let data = Reply::new().ephemeral(ephemeral);
            self.callback(
                InteractionResponseType::DeferredChannelMessageWithSource,
                ephemeral.then_some(data),
            )
            .await?;
            *state = ResponseState::DeferredMessage;
        }
        Ok(())
    }

    /// Acknowledges without any visible change (type 6); later
    /// [`Self::update`] calls edit the component's message. Does nothing if
    /// already acknowledged.
    pub async fn defer_update(&self) -> ViewResult {
        if self.try_hold_ack(Held::DeferUpdate) {
            return Ok(());
        }
        self.defer_update_now().await
    }

    async fn defer_update_now(&self) -> ViewResult {
        let mut state = self.inner.state.lock().await;
        if *state == ResponseState::Unanswered {
            self.callback(InteractionResponseType::DeferredUpdateMessage, None)
                .await?;
            *state = ResponseState::ComponentMessage;
        }
        Ok(())
    }

    /// Sends a follow-up message (the interaction must be acknowledged).
    pub async fn followup(&self, reply: impl Into<Reply>) -> ViewResult {
        let Some(reply) = self.try_hold(reply.into(), Held::Followup) else {
            return Ok(());
        };
        self.post_followup(reply).await
    }

    /// Edits `@original`: the reply, or the component's message after an
    /// update or deferred update.
    pub async fn edit_original(&self, reply: impl Into<Reply>) -> ViewResult {
        let Some(reply) = self.try_hold(reply.into(), Held::EditOriginal) else {
            return Ok(());
        };
        let mut state = self.inner.state.lock().await;
        let result = self.patch_original(reply).await;
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
    pub async fn delete_original(&self) -> ViewResult {
        if self.try_hold_call(Held::DeleteOriginal) {
            return Ok(());
        }
        let interaction = &self.inner.interaction;
        self.inner
            .http
            .interaction(self.inner.application_id)
            .delete_response(&interaction.token)
            .await
            .map(drop)
            .map_err(ViewError::from_http)
    }

    /// Sends the router's error apology ephemerally (what the default
    /// `on_error` does after logging).
    pub async fn apologise(&self) -> ViewResult {
        let message = self.inner.error_message.to_string();
        self.respond_ephemeral(message).await
    }

    /// The router's auto-defer: acknowledges per `mode` only if nothing was
    /// sent yet. Returns whether it sent something.
    pub(crate) async fn auto_defer(&self, mode: AutoDefer) -> ViewResult<bool> {
        let state = *self.inner.state.lock().await;
        if state != ResponseState::Unanswered {
            return Ok(false);
        }
        match mode {
            // Never held: an acknowledgement reveals no state, and it must
            // reach Discord before the deadline.
            AutoDefer::Update => self.defer_update_now().await?,
            AutoDefer::Ephemeral => self.defer_now(true).await?,
            AutoDefer::Off => return Ok(false),
        }
        Ok(true)
    }

    async fn callback(&self, kind: InteractionResponseType, reply: Option<Reply>) -> ViewResult {
        let interaction = &self.inner.interaction;
        let response = InteractionResponse {
            kind,
            data: reply.map(Reply::into_data),
        };
        self.inner
            .http
            .interaction(self.inner.application_id)
            .create_response(interaction.id, &interaction.token, &response)
            .await
            .map(drop)
            .map_err(ViewError::from_http)
    }

    async fn patch_original(&self, reply: Reply) -> ViewResult {
        let interaction = &self.inner.interaction;
        let client = self.inner.http.interaction(self.inner.application_id);
        let mut request = client.update_response(&interaction.token);
        if let Some(content) = &reply.content {
            request = request.content(Some(content));
        }
        if let Some(components) = &reply.components {
            request = request.components(Some(components));
        }
        if let Some(embeds) = &reply.embeds {
            request = request.embeds(Some(embeds));
        }
        request.await.map(drop).map_err(ViewError::from_http)
    }

    async fn patch_component_message(&self, reply: Reply) -> ViewResult {
        let (Some(channel_id), Some(message_id)) = (self.channel_id(), self.message_id()) else {
            return Err(ViewError::new(ViewErrorKind::NoMessage, None));
        };
        let mut request = self.inner.http.update_message(channel_id, message_id);
        if let Some(content) = &reply.content {
            request = request.content(Some(content));
        }
        if let Some(components) = &reply.components {
            request = request.components(Some(components));
        }
        if let Some(embeds) = &reply.embeds {
            request = request.embeds(Some(embeds));
        }
        request.await.map(drop).map_err(ViewError::from_http)
    }

    async fn post_followup(&self, reply: Reply) -> ViewResult {
        let interaction = &self.inner.interaction;
        let client = self.inner.http.interaction(self.inner.application_id);
        let mut request = client.create_followup(&interaction.token);
        if let Some(content) = &reply.content {
            request = request.content(content);
        }
        if let Some(components) = &reply.components {
            request = request.components(components);
        }
        if let Some(embeds) = &reply.embeds {
            request = request.embeds(embeds);
        }
        if let Some(flags) = reply.flags() {
            request = request.flags(flags);
        }
        request.await.map(drop).map_err(ViewError::from_http)
    }
}
