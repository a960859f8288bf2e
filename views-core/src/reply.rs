//! [`Reply`]: the builder of a message to send. How it is sent (callback,
//! edit, follow-up, held until a commit) is the responder's business
//! (`crate::respond`), reached through `ViewContext`'s reply methods.

use twilight_model::{
    channel::message::{Component, Embed, MessageFlags},
    http::interaction::InteractionResponseData,
};

use crate::layout::{self, LayoutError, LayoutErrorKind};

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
    layout: bool,
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
    /// Components that only a layout can hold at the top (a container, a
    /// section, a text display...) make the reply a layout, as
    /// [`Self::layout`] does.
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#replies).
    #[must_use]
    pub fn components(mut self, components: Vec<Component>) -> Self {
        self.layout |= layout::needs_layout(&components);
        self.components = Some(components);
        self
    }

    /// Sets a layout's components (Components V2): the message is sent
    /// with `IS_COMPONENTS_V2`, and checked against Discord's rules before
    /// it is; it may carry no content or embeds. What
    /// `ctx.update_view(&view)` sends for a layout view.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#replies).
    #[must_use]
    pub fn layout(mut self, components: Vec<Component>) -> Self {
        self.layout = true;
        self.components = Some(components);
        self
    }

    /// Whether the reply is a layout (Components V2).
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#replies).
    pub fn is_layout(&self) -> bool {
        self.layout
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
        let mut flags = MessageFlags::empty();
        if self.ephemeral {
            flags |= MessageFlags::EPHEMERAL;
        }
        if self.layout {
            flags |= MessageFlags::IS_COMPONENTS_V2;
        }
        (!flags.is_empty()).then_some(flags)
    }

    /// Checks a layout reply against Discord's rules (no content or
    /// embeds, [`layout::check`]): the responder refuses it before
    /// anything is sent. Other replies pass.
    pub(crate) fn check(&self) -> Result<(), LayoutError> {
        if !self.layout {
            return Ok(());
        }
        let has_content = self.content.as_deref().is_some_and(|text| !text.is_empty());
        let has_embeds = self
            .embeds
            .as_ref()
            .is_some_and(|embeds| !embeds.is_empty());
        if has_content || has_embeds {
            return Err(LayoutError::new(LayoutErrorKind::ContentWithLayout));
        }
        layout::check(self.components.as_deref().unwrap_or_default())
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

#[cfg(test)]
mod tests {
    use twilight_model::channel::message::{Component, MessageFlags, component::TextDisplay};

    use super::Reply;
    use crate::layout::LayoutErrorKind;

    fn text(content: &str) -> Component {
        Component::TextDisplay(TextDisplay {
            content: content.to_owned(),
            id: None,
        })
    }

    #[test]
    fn a_layout_reply_carries_the_v2_flag_and_no_content() {
        let reply = Reply::new().layout(vec![text("hi")]).ephemeral(true);
        assert!(reply.check().is_ok());
        assert_eq!(
            reply.into_data().flags,
            Some(MessageFlags::EPHEMERAL | MessageFlags::IS_COMPONENTS_V2)
        );
        // Components only a layout holds make any reply one.
        assert!(Reply::new().components(vec![text("hi")]).is_layout());
        assert!(!Reply::new().components(Vec::new()).is_layout());
        let with_content = Reply::new().content("hello").layout(vec![text("hi")]);
        assert_eq!(
            with_content.check().map_err(|error| error.kind),
            Err(LayoutErrorKind::ContentWithLayout)
        );
        assert_eq!(
            Reply::new()
                .layout(vec![text(&"x".repeat(4001))])
                .check()
                .map_err(|error| error.kind),
            Err(LayoutErrorKind::TextTooLong { len: 4001 })
        );
    }
}
