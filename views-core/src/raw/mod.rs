//! [`RawInteraction`]: a component click or modal submission read from its
//! JSON text (a gateway frame, or the body of an HTTP interaction) by the
//! routing-only parse, with twilight's full [`Interaction`] built from the
//! same text later, at most once, and only if something asks for it.
//!
//! See [the performance guide](https://github.com/twilight-views/twilight-views/blob/main/docs/performance.md#routing-from-the-raw-frame).

mod full;
mod scan;
mod slim;
mod walk;

use std::{fmt, sync::OnceLock};

use twilight_model::{
    application::interaction::{Interaction, InteractionType, modal::ModalInteractionData},
    channel::message::component::ComponentType,
    id::{
        Id,
        marker::{
            ApplicationMarker, ChannelMarker, GuildMarker, InteractionMarker, MessageMarker,
            UserMarker,
        },
    },
};

pub use full::full_parses_on_this_thread;
use slim::Routing;

/// A component click or a modal submission, read from its JSON text by a
/// parse that keeps only what routing needs: the interaction's id, token
/// and type, the custom_id and component type, the message id (and the
/// interaction whose reply created that message), the guild, channel and
/// user ids, a select's values, and a modal submission's fields. The rest
/// of the text is checked for syntax and skipped, not built.
///
/// Dispatch it like a parsed interaction: `router.dispatch(raw)`. When a
/// handler asks for something the routing fields lack (the
/// [`ViewContext::interaction`](crate::ViewContext::interaction) itself,
/// the user, member or message, resolved entities),
/// twilight's full [`Interaction`] is parsed from the kept text, once.
///
/// In a gateway loop, each frame the shard yields (`Message::Text`) comes
/// here first; what is not taken goes to `twilight_gateway::parse` as
/// before (docs/performance.md shows the whole loop):
///
/// ```
/// use views_core::{RawInteraction, ViewRouter};
///
/// fn on_frame(router: &ViewRouter, text: String) {
///     match RawInteraction::from_frame(text) {
///         Ok(click) => {
///             let router = router.clone();
///             tokio::spawn(async move { router.dispatch(click).await });
///         }
///         // Every other event, and anything this parse does not take:
///         // `twilight_gateway::parse(text, wanted)`, as before.
///         Err(text) => drop(text),
///     }
/// }
/// ```
///
/// See [the performance guide](https://github.com/twilight-views/twilight-views/blob/main/docs/performance.md#routing-from-the-raw-frame).
pub struct RawInteraction {
    /// The frame or body, kept for the full parse; the routing fields'
    /// strings are ranges of it. Bytes, as twilight reads a body: a
    /// string it skips need not be UTF-8.
    text: Vec<u8>,
    /// Whether `text` is a gateway frame (the interaction is its `d`) or
    /// the bare interaction object.
    framed: bool,
    routing: Routing,
    full: OnceLock<Box<Interaction>>,
}

impl RawInteraction {
    /// Reads a gateway frame as `Shard::next_message` yields it
    /// (`Message::Text`). A component click or a modal submission is
    /// returned to be dispatched; any other frame comes back unchanged as
    /// `Err`, to go to `twilight_gateway::parse` as before: other events,
    /// other interactions (commands, autocomplete), and frames this parse
    /// refuses, which twilight then refuses (or parses) as it always did.
    ///
    /// See [the performance guide](https://github.com/twilight-views/twilight-views/blob/main/docs/performance.md#routing-from-the-raw-frame).
    pub fn from_frame(frame: String) -> Result<Self, String> {
        match walk::read_frame(&frame) {
            Some(routing) => Ok(Self::new(frame.into_bytes(), true, routing)),
            None => Err(frame),
        }
    }

    /// Reads the body of an HTTP interaction (the bare interaction
    /// object). Like [`Self::from_frame`], anything but a component click
    /// or a modal submission comes back unchanged as `Err`, for the full
    /// parse.
    ///
    /// See [the performance guide](https://github.com/twilight-views/twilight-views/blob/main/docs/performance.md#routing-from-the-raw-frame).
    pub fn from_body(body: Vec<u8>) -> Result<Self, Vec<u8>> {
        match walk::read_object(&body) {
            Some(routing) => Ok(Self::new(body, false, routing)),
            None => Err(body),
        }
    }

    fn new(text: Vec<u8>, framed: bool, routing: Routing) -> Self {
        Self {
            text,
            framed,
            routing,
            full: OnceLock::new(),
        }
    }

    /// The interaction's id.
    pub fn id(&self) -> Id<InteractionMarker> {
        self.routing.id
    }

    /// The application's id.
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        self.routing.application_id
    }

    /// Its type: [`InteractionType::MessageComponent`] or
    /// [`InteractionType::ModalSubmit`].
    pub fn kind(&self) -> InteractionType {
        self.routing.kind
    }

    /// The token its replies are sent with.
    pub fn token(&self) -> &str {
        self.routing.token.get(&self.text)
    }

    /// The custom_id of the clicked component, or of the submitted modal.
    pub fn custom_id(&self) -> &str {
        self.routing.custom_id.get(&self.text)
    }

    /// The clicked component's type (`None` for a modal submission).
    pub fn component_type(&self) -> Option<ComponentType> {
        self.routing.component_type
    }

    /// The values chosen in a select (empty otherwise).
    pub fn values(&self) -> &[String] {
        &self.routing.values
    }

    /// A modal submission's data: its fields (`None` for a component
    /// click). Read at entry, with twilight's own model.
    pub fn modal_data(&self) -> Option<&ModalInteractionData> {
        self.routing.modal.as_deref()
    }

    /// The message carrying the component (or the modal's button).
    pub fn message_id(&self) -> Option<Id<MessageMarker>> {
        self.routing.message_id
    }

    /// The interaction whose reply created [`Self::message_id`], if any
    /// (`message.interaction_metadata.id`).
    pub fn origin_interaction_id(&self) -> Option<Id<InteractionMarker>> {
        self.routing.origin
    }

    /// The guild it came from.
    pub fn guild_id(&self) -> Option<Id<GuildMarker>> {
        self.routing.guild_id
    }

    /// The channel it came from (`channel.id`, or the older `channel_id`).
    pub fn channel_id(&self) -> Option<Id<ChannelMarker>> {
        self.routing.channel_id
    }

    /// The user who clicked: the member's user in a guild, else the user.
    pub fn user_id(&self) -> Option<Id<UserMarker>> {
        self.routing.user_id
    }

    /// Whether the full [`Interaction`] has been parsed yet.
    pub fn is_parsed(&self) -> bool {
        self.full.get().is_some()
    }

    /// twilight's full interaction, parsed from the kept text on the first
    /// call. A text twilight refuses (the routing parse skips what it does
    /// not read, so it takes some payloads twilight does not) gives an
    /// interaction made of the routing fields alone, and a warning.
    pub fn interaction(&self) -> &Interaction {
        self.full
            .get_or_init(|| full::parse(&self.text, self.framed, &self.routing))
    }

    /// The full interaction, parsed now unless it already was.
    pub fn into_interaction(self) -> Box<Interaction> {
        match self.full.into_inner() {
            Some(full) => full,
            None => full::parse(&self.text, self.framed, &self.routing),
        }
    }
}

impl fmt::Debug for RawInteraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RawInteraction")
            .field("id", &self.routing.id)
            .field("kind", &self.routing.kind)
            .field("custom_id", &self.custom_id())
            .field("message_id", &self.routing.message_id)
            .field("parsed", &self.is_parsed())
            .finish_non_exhaustive()
    }
}

static_assertions::assert_impl_all!(RawInteraction: Send, Sync);
