//! [`Reply`]: the builder of a message to send. How it is sent (callback,
//! edit, follow-up, held until a commit) is the responder's business
//! (`crate::respond`), reached through `ViewContext`'s reply methods.

use twilight_model::{
    channel::message::{Component, Embed, MessageFlags},
    http::interaction::InteractionResponseData,
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
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the text.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    #[must_use]
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Sets the action rows (an empty list removes a message's components).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    #[must_use]
    pub fn components(mut self, components: Vec<Component>) -> Self {
        self.components = Some(components);
        self
    }

    /// Sets the embeds.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    #[must_use]
    pub fn embeds(mut self, embeds: Vec<Embed>) -> Self {
        self.embeds = Some(embeds);
        self
    }

    /// Only the clicking user sees the message. Ignored by edits: Discord
    /// cannot change a message's visibility after it is sent.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    #[must_use]
    pub fn ephemeral(mut self, ephemeral: bool) -> Self {
        self.ephemeral = ephemeral;
        self
    }

    /// The text, if set.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub fn content_text(&self) -> Option<&str> {
        self.content.as_deref()
    }

    /// Whether the reply is ephemeral.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    pub fn is_ephemeral(&self) -> bool {
        self.ephemeral
    }

    fn flags(&self) -> Option<MessageFlags> {
        self.ephemeral.then_some(MessageFlags::EPHEMERAL)
    }

    /// The reply as Discord's message fields.
    pub(crate) fn into_data(self) -> InteractionResponseData {
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
