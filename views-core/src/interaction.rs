//! [`OwnedInteraction`]: the interaction the router takes, kept in the box it
//! arrived in.

use std::{fmt, ops::Deref};

use twilight_model::{
    application::interaction::{
        Interaction, InteractionData, InteractionType, modal::ModalInteractionData,
    },
    channel::message::component::ComponentType,
    gateway::payload::incoming::InteractionCreate,
    id::{
        Id,
        marker::{ChannelMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker},
    },
};

use crate::{raw::RawInteraction, respond::InteractionToken};

/// An interaction handed to [`ViewRouter::dispatch`](crate::ViewRouter::dispatch)
/// or [`ViewContext::new`](crate::ViewContext::new).
///
/// An `Interaction` is about 5.8 KB. twilight-gateway already delivers it on
/// the heap (`Event::InteractionCreate(Box<InteractionCreate>)`), so the
/// router keeps that box instead of moving the interaction out of it and
/// copying it into one of its own: pass the event's box as is,
/// `router.dispatch(event)`. An `Interaction` or a `Box<Interaction>` (from an
/// HTTP interactions endpoint, say) works too, and so does a
/// [`RawInteraction`] read from a gateway frame or an HTTP body by the
/// routing-only parse: its full `Interaction` is then parsed on the first
/// dereference, once.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
pub struct OwnedInteraction(Held);

enum Held {
    Interaction(Box<Interaction>),
    Event(Box<InteractionCreate>),
    Raw(Box<RawInteraction>),
}

/// A [`RawInteraction`] is parsed in full here, on the first dereference.
impl Deref for OwnedInteraction {
    type Target = Interaction;

    fn deref(&self) -> &Interaction {
        match &self.0 {
            Held::Interaction(interaction) => interaction,
            Held::Event(event) => &event.0,
            Held::Raw(raw) => raw.interaction(),
        }
    }
}

/// What the router reads to route and answer an interaction: from the
/// routing fields of a [`RawInteraction`], so that routing never triggers
/// its full parse, or from the parsed interaction.
impl OwnedInteraction {
    fn parsed(&self) -> Option<&Interaction> {
        match &self.0 {
            Held::Interaction(interaction) => Some(interaction),
            Held::Event(event) => Some(&event.0),
            Held::Raw(_) => None,
        }
    }

    fn raw(&self) -> Option<&RawInteraction> {
        match &self.0 {
            Held::Raw(raw) => Some(raw),
            Held::Interaction(_) | Held::Event(_) => None,
        }
    }

    /// The interaction's id.
    pub(crate) fn interaction_id(&self) -> Id<InteractionMarker> {
        self.raw().map_or_else(|| self.id, RawInteraction::id)
    }

    /// The interaction's type.
    pub(crate) fn interaction_kind(&self) -> InteractionType {
        self.raw().map_or_else(|| self.kind, RawInteraction::kind)
    }

    /// The id and token replies are sent with.
    pub(crate) fn reply_token(&self) -> InteractionToken<'_> {
        match self.raw() {
            Some(raw) => InteractionToken::new(raw.id(), raw.token()),
            None => InteractionToken::new(self.id, &self.token),
        }
    }

    /// What `data` holds, as far as routing cares.
    pub(crate) fn data_kind(&self) -> DataKind {
        match self.parsed().map(|interaction| &interaction.data) {
            None => match self.raw().map(RawInteraction::kind) {
                Some(InteractionType::ModalSubmit) => DataKind::ModalSubmit,
                _ => DataKind::MessageComponent,
            },
            Some(Some(InteractionData::MessageComponent(_))) => DataKind::MessageComponent,
            Some(Some(InteractionData::ModalSubmit(_))) => DataKind::ModalSubmit,
            Some(Some(_)) => DataKind::Other,
            Some(None) => DataKind::Missing,
        }
    }

    /// The custom_id of the clicked component or submitted modal (empty for
    /// any other interaction).
    pub(crate) fn data_custom_id(&self) -> &str {
        if let Some(raw) = self.raw() {
            return raw.custom_id();
        }
        match &self.data {
            Some(InteractionData::MessageComponent(data)) => &data.custom_id,
            Some(InteractionData::ModalSubmit(data)) => &data.custom_id,
            _ => "",
        }
    }

    /// The clicked component's type.
    pub(crate) fn component_type(&self) -> Option<ComponentType> {
        if let Some(raw) = self.raw() {
            return raw.component_type();
        }
        match &self.data {
            Some(InteractionData::MessageComponent(data)) => Some(data.component_type),
            _ => None,
        }
    }

    /// The values chosen in a select, `None` for an interaction that is not
    /// a component click.
    pub(crate) fn component_values(&self) -> Option<&[String]> {
        if let Some(raw) = self.raw() {
            return raw.component_type().map(|_| raw.values());
        }
        match &self.data {
            Some(InteractionData::MessageComponent(data)) => Some(&data.values),
            _ => None,
        }
    }

    /// A modal submission's data.
    pub(crate) fn modal_data(&self) -> Option<&ModalInteractionData> {
        if let Some(raw) = self.raw() {
            return raw.modal_data();
        }
        match &self.data {
            Some(InteractionData::ModalSubmit(data)) => Some(data),
            _ => None,
        }
    }

    /// The message carrying the component.
    pub(crate) fn message_id(&self) -> Option<Id<MessageMarker>> {
        match self.raw() {
            Some(raw) => raw.message_id(),
            None => self.message.as_ref().map(|message| message.id),
        }
    }

    /// The interaction whose reply created the message.
    pub(crate) fn origin_interaction_id(&self) -> Option<Id<InteractionMarker>> {
        match self.raw() {
            Some(raw) => raw.origin_interaction_id(),
            None => self
                .message
                .as_ref()
                .and_then(|message| message.interaction_metadata.as_ref())
                .map(|metadata| metadata.id),
        }
    }

    /// The guild it came from.
    pub(crate) fn guild_id(&self) -> Option<Id<GuildMarker>> {
        match self.raw() {
            Some(raw) => raw.guild_id(),
            None => self.guild_id,
        }
    }

    /// The channel it came from.
    pub(crate) fn channel_id(&self) -> Option<Id<ChannelMarker>> {
        if let Some(raw) = self.raw() {
            return raw.channel_id();
        }
        // `channel_id` is deprecated in favour of `channel`, but older
        // payloads (and some proxies) only carry the former.
        #[allow(deprecated)]
        let legacy = self.channel_id;
        self.channel.as_ref().map(|channel| channel.id).or(legacy)
    }

    /// The user who clicked.
    pub(crate) fn user_id(&self) -> Option<Id<UserMarker>> {
        match self.raw() {
            Some(raw) => raw.user_id(),
            None => self.author_id(),
        }
    }
}

/// What an interaction's `data` holds.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub(crate) enum DataKind {
    MessageComponent,
    ModalSubmit,
    /// Data of another interaction type.
    Other,
    Missing,
}

impl AsRef<Interaction> for OwnedInteraction {
    fn as_ref(&self) -> &Interaction {
        self
    }
}

impl OwnedInteraction {
    /// Moves the interaction out (out of the event's box, if it came in one).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn into_interaction(self) -> Interaction {
        match self.0 {
            Held::Interaction(interaction) => *interaction,
            Held::Event(event) => event.0,
            Held::Raw(raw) => *raw.into_interaction(),
        }
    }

    /// The interaction on the heap (boxed anew if it came in the event's box).
    ///
    /// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#dispatching).
    pub fn into_boxed(self) -> Box<Interaction> {
        match self.0 {
            Held::Interaction(interaction) => interaction,
            Held::Event(event) => Box::new(event.0),
            Held::Raw(raw) => raw.into_interaction(),
        }
    }
}

/// A summary: `DispatchOutcome`s that hand the interaction back are logged
/// with `?outcome`, and the full payload is several kilobytes. `{:?}` of
/// `&*interaction` prints all of it.
impl fmt::Debug for OwnedInteraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedInteraction")
            .field("id", &self.interaction_id())
            .field("kind", &self.interaction_kind())
            .finish_non_exhaustive()
    }
}

impl From<Interaction> for OwnedInteraction {
    fn from(interaction: Interaction) -> Self {
        Self(Held::Interaction(Box::new(interaction)))
    }
}

/// A copy of a borrowed interaction (about 5.8 KB): for answering an
/// application command you keep using, as in
/// `router.respond_with_view(&interaction, reply, view)`.
impl From<&Interaction> for OwnedInteraction {
    fn from(interaction: &Interaction) -> Self {
        Self::from(interaction.clone())
    }
}

impl From<Box<Interaction>> for OwnedInteraction {
    fn from(interaction: Box<Interaction>) -> Self {
        Self(Held::Interaction(interaction))
    }
}

impl From<Box<InteractionCreate>> for OwnedInteraction {
    fn from(event: Box<InteractionCreate>) -> Self {
        Self(Held::Event(event))
    }
}

impl From<InteractionCreate> for OwnedInteraction {
    fn from(event: InteractionCreate) -> Self {
        Self(Held::Interaction(Box::new(event.0)))
    }
}

/// Dispatched as read by the routing-only parse; parsed in full only if a
/// handler asks for more.
impl From<RawInteraction> for OwnedInteraction {
    fn from(raw: RawInteraction) -> Self {
        Self(Held::Raw(Box::new(raw)))
    }
}

static_assertions::assert_impl_all!(OwnedInteraction: Send, Sync);
