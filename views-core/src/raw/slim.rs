//! The routing-only parse by serde: the few fields a click is routed by,
//! read from the JSON text without building anything else. The walk in
//! `walk` reads the same fields faster and hands this reading whatever it
//! is not sure of, so this is the reference of what is taken and refused. Strings stay borrowed from
//! the text wherever they carry no escape (`Cow::Borrowed`), so they become
//! byte ranges of it (`Text::Span`) and cost no allocation; everything the
//! router does not read is skipped by serde's `IgnoredAny`, which checks
//! the syntax and keeps nothing.

use std::{borrow::Cow, fmt, ops::Range};

use serde::{
    Deserialize, Deserializer,
    de::{self, IgnoredAny, MapAccess, Visitor},
};
use serde_json::value::RawValue;
use twilight_model::{
    application::interaction::{InteractionType, modal::ModalInteractionData},
    channel::message::component::ComponentType,
    id::{
        Id,
        marker::{
            ApplicationMarker, ChannelMarker, GuildMarker, InteractionMarker, MessageMarker,
            UserMarker,
        },
    },
};

/// The gateway dispatch name of an interaction.
const INTERACTION_CREATE: &str = "INTERACTION_CREATE";

/// An interaction object as the router reads it. It follows twilight's
/// own reading of one (its `Deserialize` for `Interaction`): the fields
/// twilight requires are required, a field given twice is refused unless
/// the first was `null`, and `data` is read once the type is known.
pub(super) struct SlimInteraction<'a> {
    id: Id<InteractionMarker>,
    application_id: Id<ApplicationMarker>,
    kind: InteractionType,
    token: Cow<'a, str>,
    data: Option<&'a RawValue>,
    message: Option<SlimMessage>,
    guild_id: Option<Id<GuildMarker>>,
    channel_id: Option<Id<ChannelMarker>>,
    channel: Option<HasId<ChannelMarker>>,
    member: Option<SlimMember>,
    user: Option<HasId<UserMarker>>,
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "snake_case")]
enum Field {
    Id,
    ApplicationId,
    #[serde(rename = "type")]
    Kind,
    Token,
    Data,
    Message,
    GuildId,
    ChannelId,
    Channel,
    Member,
    User,
    // Not read by the router; twilight requires the first two.
    AttachmentSizeLimit,
    AuthorizingIntegrationOwners,
    AppPermissions,
    Context,
    Entitlements,
    Guild,
    GuildLocale,
    Locale,
    #[serde(other)]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for SlimInteraction<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
    }
}

struct ObjectVisitor<'a>(std::marker::PhantomData<&'a ()>);

/// `slot = Some(map.next_value())`: a required field, whose `null` is
/// refused, given once.
fn required<'de, M: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// A string borrowed from the text when it has no escape.
struct Borrowed<'a>(Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for Borrowed<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StrVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> Visitor<'de> for StrVisitor<'a> {
            type Value = Borrowed<'a>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Owned(text.to_owned())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(Borrowed(Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
    }
}

/// `slot = map.next_value()` for an optional field: given once, or again
/// after a `null` (twilight's rule).
fn once<'de, M: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut M,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), M::Error> {
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = map.next_value()?;
    Ok(())
}

impl<'de: 'a, 'a> Visitor<'de> for ObjectVisitor<'a> {
    type Value = SlimInteraction<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an interaction")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let (mut id, mut application_id, mut kind) = (None, None, None);
        let mut token: Option<Borrowed<'a>> = None;
        let (mut data, mut message, mut guild_id, mut channel_id) = (None, None, None, None);
        let (mut channel, mut member, mut user) = (None, None, None);
        let (mut size_limit, mut owners) = (None::<IgnoredAny>, None::<IgnoredAny>);
        let mut skipped: [Option<IgnoredAny>; 6] = Default::default();
        loop {
            // A key that does not read (not UTF-8, say) has its value
            // skipped, as twilight does.
            let field = match map.next_key::<Field>() {
                Ok(Some(field)) => field,
                Ok(None) => break,
                Err(_) => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            match field {
                // Required: `null` is refused, as twilight does.
                Field::Id => required(&mut map, &mut id, "id")?,
                Field::ApplicationId => {
                    required(&mut map, &mut application_id, "application_id")?;
                }
                Field::Kind => required(&mut map, &mut kind, "type")?,
                Field::Token => required(&mut map, &mut token, "token")?,
                Field::Data => once(&mut map, &mut data, "data")?,
                Field::Message => once(&mut map, &mut message, "message")?,
                Field::GuildId => once(&mut map, &mut guild_id, "guild_id")?,
                Field::ChannelId => once(&mut map, &mut channel_id, "channel_id")?,
                Field::Channel => once(&mut map, &mut channel, "channel")?,
                Field::Member => once(&mut map, &mut member, "member")?,
                Field::User => once(&mut map, &mut user, "user")?,
                Field::AttachmentSizeLimit => {
                    once(&mut map, &mut size_limit, "attachment_size_limit")?;
                }
                Field::AuthorizingIntegrationOwners => {
                    once(&mut map, &mut owners, "authorizing_integration_owners")?;
                }
                Field::AppPermissions => once(&mut map, &mut skipped[0], "app_permissions")?,
                Field::Context => once(&mut map, &mut skipped[1], "context")?,
                Field::Entitlements => once(&mut map, &mut skipped[2], "entitlements")?,
                Field::Guild => once(&mut map, &mut skipped[3], "guild")?,
                Field::GuildLocale => once(&mut map, &mut skipped[4], "guild_locale")?,
                Field::Locale => once(&mut map, &mut skipped[5], "locale")?,
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        size_limit.ok_or_else(|| de::Error::missing_field("attachment_size_limit"))?;
        owners.ok_or_else(|| de::Error::missing_field("authorizing_integration_owners"))?;
        Ok(SlimInteraction {
            id: id.ok_or_else(|| de::Error::missing_field("id"))?,
            application_id: application_id
                .ok_or_else(|| de::Error::missing_field("application_id"))?,
            kind: kind.ok_or_else(|| de::Error::missing_field("type"))?,
            token: token.ok_or_else(|| de::Error::missing_field("token"))?.0,
            data,
            message,
            guild_id,
            channel_id,
            channel,
            member,
            user,
        })
    }
}

/// `data` of a component click: the fields twilight's
/// `MessageComponentInteractionData` requires, and the values.
#[derive(Deserialize)]
struct ComponentData<'a> {
    #[serde(borrow)]
    custom_id: Cow<'a, str>,
    component_type: ComponentType,
    #[serde(default, borrow)]
    values: Vec<Cow<'a, str>>,
}

#[derive(Deserialize)]
struct SlimMessage {
    id: Id<MessageMarker>,
    #[serde(default)]
    interaction_metadata: Option<HasId<InteractionMarker>>,
}

#[derive(Deserialize)]
struct SlimMember {
    #[serde(default)]
    user: Option<HasId<UserMarker>>,
}

/// Any object of which only the id is read.
#[derive(Deserialize)]
#[serde(bound = "")]
struct HasId<T> {
    id: Id<T>,
}

/// A string of the interaction: a range of its text, or (when the JSON
/// escaped it) the decoded string.
#[derive(Clone, Debug)]
pub(super) enum Text {
    Span(Range<usize>),
    Owned(Box<str>),
}

impl Text {
    fn of(base: &[u8], text: Cow<'_, str>) -> Self {
        match text {
            Cow::Borrowed(borrowed) => {
                let start = (borrowed.as_ptr() as usize).wrapping_sub(base.as_ptr() as usize);
                let range = start..start + borrowed.len();
                if base.get(range.clone()) == Some(borrowed.as_bytes()) {
                    Self::Span(range)
                } else {
                    Self::Owned(borrowed.into())
                }
            }
            Cow::Owned(owned) => Self::Owned(owned.into_boxed_str()),
        }
    }

    /// The string; `base` is the text it was read from (a range of it
    /// was UTF-8 when read, and the text does not change).
    pub(super) fn get<'t>(&'t self, base: &'t [u8]) -> &'t str {
        match self {
            Self::Span(range) => base
                .get(range.clone())
                .and_then(|bytes| std::str::from_utf8(bytes).ok())
                .unwrap_or_default(),
            Self::Owned(owned) => owned,
        }
    }
}

/// What the router reads of an interaction, with its strings as [`Text`].
#[derive(Clone, Debug)]
pub(super) struct Routing {
    pub(super) id: Id<InteractionMarker>,
    pub(super) application_id: Id<ApplicationMarker>,
    pub(super) kind: InteractionType,
    pub(super) token: Text,
    pub(super) custom_id: Text,
    /// `None` for a modal submission.
    pub(super) component_type: Option<ComponentType>,
    pub(super) values: Vec<String>,
    /// A modal submission's `data`, parsed by twilight's own model at entry
    /// (submissions are rare, and their fields are what their handlers
    /// read).
    pub(super) modal: Option<Box<ModalInteractionData>>,
    pub(super) message_id: Option<Id<MessageMarker>>,
    /// The interaction whose reply created the message
    /// (`message.interaction_metadata.id`).
    pub(super) origin: Option<Id<InteractionMarker>>,
    pub(super) guild_id: Option<Id<GuildMarker>>,
    pub(super) channel_id: Option<Id<ChannelMarker>>,
    pub(super) user_id: Option<Id<UserMarker>>,
}

impl SlimInteraction<'_> {
    /// The routing fields, if this is a component click or a modal
    /// submission whose `data` twilight's model would accept.
    pub(super) fn routing(self, base: &[u8]) -> Option<Routing> {
        let data = self.data?.get();
        let (custom_id, component_type, values, modal) = match self.kind {
            InteractionType::MessageComponent => {
                let data = serde_json::from_str::<ComponentData<'_>>(data).ok()?;
                let values = data.values.into_iter().map(Cow::into_owned).collect();
                let custom_id = Text::of(base, data.custom_id);
                (custom_id, Some(data.component_type), values, None)
            }
            InteractionType::ModalSubmit => {
                let data = serde_json::from_str::<ModalInteractionData>(data).ok()?;
                let custom_id = Text::Owned(data.custom_id.as_str().into());
                (custom_id, None, Vec::new(), Some(Box::new(data)))
            }
            _ => return None,
        };
        Some(Routing {
            id: self.id,
            application_id: self.application_id,
            kind: self.kind,
            token: Text::of(base, self.token),
            custom_id,
            component_type,
            values,
            modal,
            message_id: self.message.as_ref().map(|message| message.id),
            origin: self
                .message
                .and_then(|message| message.interaction_metadata)
                .map(|metadata| metadata.id),
            guild_id: self.guild_id,
            channel_id: self.channel.map(|channel| channel.id).or(self.channel_id),
            user_id: self
                .member
                .and_then(|member| member.user)
                .or(self.user)
                .map(|user| user.id),
        })
    }
}

/// Reads the routing fields of an interaction object (an HTTP body).
pub(super) fn read_object(text: &[u8]) -> Option<Routing> {
    serde_json::from_slice::<SlimInteraction<'_>>(text)
        .ok()?
        .routing(text)
}

/// Reads the routing fields of a gateway frame, if it is an
/// INTERACTION_CREATE dispatch. Any other frame stops the parse at its
/// `op` or `t`, whichever says so first. Read as text: the shard's
/// frames are strings already, so their strings need no UTF-8 check.
pub(super) fn read_frame(text: &str) -> Option<Routing> {
    // Without `Deserializer::end`: like twilight-gateway, whatever follows
    // the frame's object is not looked at.
    let envelope = Envelope::deserialize(&mut serde_json::Deserializer::from_str(text)).ok()?;
    match envelope.d? {
        Payload::Read(slim) => slim.routing(text.as_bytes()),
        Payload::Later(raw) => {
            let object = raw.get();
            let routing = serde_json::from_str::<SlimInteraction<'_>>(object)
                .ok()?
                .routing(object.as_bytes())?;
            // The object's strings are ranges of `raw`: shift them onto
            // the frame.
            let offset = (object.as_ptr() as usize).wrapping_sub(text.as_ptr() as usize);
            Some(routing.shifted(offset))
        }
    }
}

impl Routing {
    fn shifted(mut self, offset: usize) -> Self {
        for text in [&mut self.token, &mut self.custom_id] {
            if let Text::Span(range) = text {
                *range = range.start + offset..range.end + offset;
            }
        }
        self
    }
}

/// A gateway frame: `{"op":0,"s":N,"t":"INTERACTION_CREATE","d":{...}}`.
struct Envelope<'a> {
    d: Option<Payload<'a>>,
}

enum Payload<'a> {
    /// `t` came before `d` and named an interaction: read in one pass.
    Read(SlimInteraction<'a>),
    /// `d` came before `t`: kept as text, read once `t` says what it is.
    Later(&'a RawValue),
}

#[derive(Deserialize)]
#[serde(field_identifier, rename_all = "lowercase")]
enum Key {
    Op,
    T,
    D,
    #[serde(other)]
    Other,
}

impl<'de: 'a, 'a> Deserialize<'de> for Envelope<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_map(EnvelopeVisitor(std::marker::PhantomData))
    }
}

struct EnvelopeVisitor<'a>(std::marker::PhantomData<&'a ()>);

impl<'de: 'a, 'a> Visitor<'de> for EnvelopeVisitor<'a> {
    type Value = Envelope<'a>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a gateway frame")
    }

    fn visit_map<M: MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        // Errors here only end the parse early: the caller hands any frame
        // it cannot read back to twilight.
        let (mut op, mut interaction, mut d) = (None, None, None);
        while let Some(key) = map.next_key::<Key>()? {
            match key {
                Key::Op => {
                    let value: u8 = map.next_value()?;
                    if value != 0 {
                        return Err(de::Error::custom("not a dispatch"));
                    }
                    op = Some(value);
                }
                Key::T => {
                    let name: Option<&'de str> = map.next_value()?;
                    if name != Some(INTERACTION_CREATE) {
                        return Err(de::Error::custom("not an interaction"));
                    }
                    interaction = Some(true);
                }
                Key::D if d.is_some() => return Err(de::Error::duplicate_field("d")),
                Key::D if interaction.is_some() => {
                    d = Some(Payload::Read(map.next_value()?));
                }
                Key::D => d = Some(Payload::Later(map.next_value()?)),
                Key::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        if op.is_none() || interaction.is_none() {
            return Err(de::Error::custom("not an interaction dispatch"));
        }
        Ok(Envelope { d })
    }
}
