//! [`ViewMessage`]: a view rendered for a message the bot sends itself
//! (`POST /channels/{id}/messages` and friends), with the flags its
//! components need; [`SendView`] puts both on twilight-http's requests.

use twilight_http::{
    Client,
    request::{
        Request,
        application::interaction::{CreateFollowup, UpdateResponse},
        channel::message::{CreateMessage, UpdateMessage},
    },
    routing::Route,
};
use twilight_model::{
    channel::message::{Component, MessageFlags},
    id::{
        Id,
        marker::{ApplicationMarker, MessageMarker},
    },
};

use super::{LayoutError, check};

/// A rendered view and the message flags its components need:
/// `IS_COMPONENTS_V2` for a layout view, none for an action-row view.
/// Built by [`View::message`](crate::View::message) and
/// [`ViewHandle::message`](crate::ViewHandle::message), which check a
/// layout against Discord's rules first.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
#[derive(Clone, Debug, PartialEq)]
pub struct ViewMessage {
    components: Vec<Component>,
    layout: bool,
}

impl ViewMessage {
    /// `components` as a message: a layout (`IS_COMPONENTS_V2`) when
    /// `layout`, checked then.
    ///
    /// # Errors
    ///
    /// A layout that breaks one of Discord's rules ([`check`]).
    pub(crate) fn new(components: Vec<Component>, layout: bool) -> Result<Self, LayoutError> {
        if layout {
            check(&components)?;
        }
        Ok(Self { components, layout })
    }

    /// The components.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    pub fn components(&self) -> &[Component] {
        &self.components
    }

    /// The components, owned.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    pub fn into_components(self) -> Vec<Component> {
        self.components
    }

    /// Whether the components are a layout (Components V2).
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    pub const fn is_layout(&self) -> bool {
        self.layout
    }

    /// The flags the message needs: `IS_COMPONENTS_V2` for a layout. Add
    /// your own with `|` (e.g. `SUPPRESS_NOTIFICATIONS`).
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
    pub const fn flags(&self) -> MessageFlags {
        if self.layout {
            MessageFlags::IS_COMPONENTS_V2
        } else {
            MessageFlags::empty()
        }
    }
}

/// Puts a [`ViewMessage`] on a twilight-http message request: its
/// components, and for a layout the `IS_COMPONENTS_V2` flag first
/// (twilight-http validates components as V1 or V2 by the flags set
/// before them, so the order matters).
///
/// ```no_run
/// # async fn send(http: twilight_http::Client, channel_id: twilight_model::id::Id<twilight_model::id::marker::ChannelMarker>, view: &impl views_core::View) -> Result<(), Box<dyn std::error::Error>> {
/// use views_core::layout::SendView;
///
/// let message = view.message()?;
/// http.create_message(channel_id).view(&message).await?;
/// # Ok(()) }
/// ```
///
/// For a layout this sets the request's flags to `IS_COMPONENTS_V2`,
/// replacing flags set before; to send more flags, write
/// `.flags(message.flags() | MessageFlags::SUPPRESS_NOTIFICATIONS).components(message.components())`.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#sending-a-layout).
pub trait SendView<'a>: Sized {
    /// The request with `message`'s components (and flag).
    #[must_use]
    fn view(self, message: &'a ViewMessage) -> Self;
}

impl<'a> SendView<'a> for CreateMessage<'a> {
    fn view(self, message: &'a ViewMessage) -> Self {
        if message.layout {
            self.flags(message.flags()).components(&message.components)
        } else {
            self.components(&message.components)
        }
    }
}

impl<'a> SendView<'a> for UpdateMessage<'a> {
    fn view(self, message: &'a ViewMessage) -> Self {
        if message.layout {
            self.flags(message.flags())
                .components(Some(&message.components))
        } else {
            self.components(Some(&message.components))
        }
    }
}

impl<'a> SendView<'a> for CreateFollowup<'a> {
    fn view(self, message: &'a ViewMessage) -> Self {
        if message.layout {
            self.flags(message.flags()).components(&message.components)
        } else {
            self.components(&message.components)
        }
    }
}

impl<'a> SendView<'a> for UpdateResponse<'a> {
    fn view(self, message: &'a ViewMessage) -> Self {
        if message.layout {
            self.flags(message.flags())
                .components(Some(&message.components))
        } else {
            self.components(Some(&message.components))
        }
    }
}

/// Edits an interaction's message (`PATCH /webhooks/{app}/{token}/messages/{id}`)
/// to a layout's `components`, with `IS_COMPONENTS_V2`: twilight-http's
/// `update_followup` has no way to set flags, and the edit's components are
/// validated as V2 only with the flag.
pub(crate) async fn update_followup(
    http: &Client,
    application_id: Id<ApplicationMarker>,
    token: &str,
    message_id: Id<MessageMarker>,
    components: &[Component],
) -> Result<(), twilight_http::Error> {
    #[derive(serde::Serialize)]
    struct Body<'a> {
        components: &'a [Component],
        flags: MessageFlags,
    }
    let route = Route::UpdateWebhookMessage {
        message_id: message_id.get(),
        thread_id: None,
        token,
        webhook_id: application_id.get(),
    };
    let request = Request::builder(&route)
        .use_authorization_token(false)
        .json(&Body {
            components,
            flags: MessageFlags::IS_COMPONENTS_V2,
        })
        .build()?;
    http.request::<twilight_model::channel::Message>(request)
        .await
        .map(drop)
}
