//! The routing parse's fast path: the frame (or body) walked byte by byte
//! with [`Scanner`], reading the routing fields where they are and
//! skipping every other value without tokenizing its keys for serde.
//!
//! It reads what the serde reading in `slim` reads, by the same rules
//! (required fields, a field given twice, `null`s), and gives up on
//! anything else: an escaped key, an id written as a number, a value of
//! an unexpected shape, a syntax error, a value nested deeper than the
//! scanner follows. Giving up ([`Stop::Unsure`]) hands the text to the
//! serde reading, so what is taken or refused stays exactly as before;
//! the walk only answers alone for what it is sure of: a click or a
//! submission, or a frame that serde's reading would refuse too.

use std::ops::Range;

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

use super::{
    scan::{Scan, Scanner, Stop, Str},
    slim::{self, Routing, Text},
};

/// The frame's `t` for an interaction, with its quotes.
const INTERACTION_CREATE: &[u8] = b"\"INTERACTION_CREATE\"";

/// Reads the routing fields of a gateway frame (see `slim::read_frame`).
pub(super) fn read_frame(text: &str) -> Option<Routing> {
    match walk_frame(text.as_bytes()) {
        Ok(routing) => Some(routing),
        Err(Stop::Refused) => None,
        Err(Stop::Unsure) => slim::read_frame(text),
    }
}

/// Reads the routing fields of an interaction object (see
/// `slim::read_object`).
pub(super) fn read_object(text: &[u8]) -> Option<Routing> {
    match walk_object(text) {
        Ok(routing) => Some(routing),
        Err(Stop::Refused) => None,
        Err(Stop::Unsure) => slim::read_object(text),
    }
}

/// The fast path of [`read_frame`] alone, for the tests.
pub(super) fn walk_frame(text: &[u8]) -> Scan<Routing> {
    let mut walk = Walk {
        scanner: Scanner::new(text),
        utf8: true,
    };
    let (mut op, mut dispatch) = (false, false);
    let mut interaction: Option<Found> = None;
    walk.object(|walk, key| {
        let scanner = &mut walk.scanner;
        match key {
            b"op" => {
                let number = scanner.number()?;
                match &scanner.text[number] {
                    b"0" => op = true,
                    // serde reads `op` as a u8 that must be 0.
                    [b'1'..=b'9', ..] => return Err(Stop::Refused),
                    _ => return Err(Stop::Unsure),
                }
            }
            b"t" => {
                scanner.peek();
                // serde reads `t` as a borrowed string: anything but this
                // exact text is refused.
                if scanner
                    .text
                    .get(scanner.at..)
                    .unwrap_or_default()
                    .starts_with(INTERACTION_CREATE)
                {
                    scanner.at += INTERACTION_CREATE.len();
                    dispatch = true;
                } else {
                    return Err(Stop::Refused);
                }
            }
            b"d" => {
                if interaction.is_some() {
                    return Err(Stop::Unsure);
                }
                if walk.scanner.peek() != Some(b'{') {
                    return Err(Stop::Refused);
                }
                interaction = Some(walk.interaction()?);
            }
            _ => scanner.skip_value()?,
        }
        Ok(())
    })?;
    // Whatever follows the frame's object is not read, as in serde's
    // reading and twilight-gateway's.
    if !(op && dispatch) {
        return Err(Stop::Refused);
    }
    interaction.ok_or(Stop::Refused)?.routing(&walk)
}

/// The fast path of [`read_object`] alone, for the tests.
pub(super) fn walk_object(text: &[u8]) -> Scan<Routing> {
    let mut walk = Walk {
        scanner: Scanner::new(text),
        utf8: false,
    };
    let found = walk.interaction()?;
    if !walk.scanner.at_end() {
        return Err(Stop::Unsure);
    }
    found.routing(&walk)
}

struct Walk<'t> {
    scanner: Scanner<'t>,
    /// Whether the text is known to be UTF-8 (a frame is a `str`); a body
    /// has each string that is read checked, as serde checks it.
    utf8: bool,
}

/// What the walk found of an interaction, before its checks.
#[derive(Default)]
struct Found {
    id: Option<Id<InteractionMarker>>,
    application_id: Option<Id<ApplicationMarker>>,
    kind: Option<InteractionType>,
    token: Option<Str>,
    data: Option<Data>,
    message: Option<Message>,
    guild_id: Option<Id<GuildMarker>>,
    channel_id: Option<Id<ChannelMarker>>,
    channel: Option<Id<ChannelMarker>>,
    member: Option<Option<Id<UserMarker>>>,
    user: Option<Id<UserMarker>>,
    /// `attachment_size_limit` and `authorizing_integration_owners`
    /// (required), then the six optional fields twilight reads and the
    /// router does not: given once, unless the first was `null`.
    skipped: [bool; 8],
}

/// `message`: its id, and `interaction_metadata.id`.
type Message = (Id<MessageMarker>, Option<Id<InteractionMarker>>);

/// `data`: its text, and what a component click reads of it.
#[derive(Default)]
struct Data {
    span: Range<usize>,
    custom_id: Option<Str>,
    component_type: Option<ComponentType>,
    values: Option<Vec<Str>>,
}

/// The fields read but not routed by, in `Found::skipped`'s order.
const SKIPPED: [&[u8]; 8] = [
    b"attachment_size_limit",
    b"authorizing_integration_owners",
    b"app_permissions",
    b"context",
    b"entitlements",
    b"guild",
    b"guild_locale",
    b"locale",
];

/// Sets an optional field given once, or again after a `null`.
fn once<T>(slot: &mut Option<T>, value: Option<T>) -> Scan<()> {
    if slot.is_some() {
        return Err(Stop::Unsure);
    }
    *slot = value;
    Ok(())
}

/// Sets a field of a derived struct: given once.
fn first<T>(seen: &mut bool, slot: &mut Option<T>, value: Option<T>) -> Scan<()> {
    if std::mem::replace(seen, true) {
        return Err(Stop::Unsure);
    }
    *slot = value;
    Ok(())
}

impl Walk<'_> {
    /// Walks an object, its `{` next, calling `member` with each key (its
    /// bytes) when the key's value is next; `member` consumes the value.
    fn object(&mut self, mut member: impl FnMut(&mut Self, &[u8]) -> Scan<()>) -> Scan<()> {
        let text = self.scanner.text;
        self.scanner.eat(b'{')?;
        if self.scanner.peek() == Some(b'}') {
            self.scanner.at += 1;
            return Ok(());
        }
        loop {
            let key = self.scanner.string()?;
            let key_bytes = &text[key.inner];
            // An escaped or non-ASCII key is read by serde (decoded,
            // checked for UTF-8).
            if key.escaped || !key_bytes.is_ascii() {
                return Err(Stop::Unsure);
            }
            self.scanner.eat(b':')?;
            member(self, key_bytes)?;
            match self.scanner.peek() {
                Some(b',') => self.scanner.at += 1,
                Some(b'}') => {
                    self.scanner.at += 1;
                    return Ok(());
                }
                _ => return Err(Stop::Unsure),
            }
        }
    }

    /// An id written as a string of digits, or `null`.
    fn id<T>(&mut self) -> Scan<Option<Id<T>>> {
        if self.scanner.null()? {
            return Ok(None);
        }
        let text = self.scanner.text;
        let string = self.scanner.string()?;
        let digits = &text[string.inner];
        if string.escaped || digits.is_empty() || digits.len() > 20 {
            return Err(Stop::Unsure);
        }
        let mut value: u64 = 0;
        for &digit in digits {
            if !digit.is_ascii_digit() {
                return Err(Stop::Unsure);
            }
            value = value
                .checked_mul(10)
                .and_then(|value| value.checked_add(u64::from(digit - b'0')))
                .ok_or(Stop::Unsure)?;
        }
        Id::new_checked(value).map(Some).ok_or(Stop::Unsure)
    }

    /// A required id: not `null`.
    fn required_id<T>(&mut self, slot: &mut Option<Id<T>>) -> Scan<()> {
        if slot.is_some() {
            return Err(Stop::Unsure);
        }
        *slot = Some(self.id()?.ok_or(Stop::Unsure)?);
        Ok(())
    }

    /// An object of which only `id` is read, or `null`.
    fn has_id<T>(&mut self) -> Scan<Option<Id<T>>> {
        if self.scanner.null()? {
            return Ok(None);
        }
        let (mut seen, mut id) = (false, None);
        self.object(|walk, key| match key {
            b"id" => {
                let value = walk.id()?.ok_or(Stop::Unsure)?;
                first(&mut seen, &mut id, Some(value))
            }
            _ => walk.scanner.skip_value(),
        })?;
        id.map(Some).ok_or(Stop::Unsure)
    }

    /// The interaction object, its `{` next.
    fn interaction(&mut self) -> Scan<Found> {
        let mut found = Found::default();
        self.object(|walk, key| {
            match key {
                b"id" => walk.required_id(&mut found.id)?,
                b"application_id" => walk.required_id(&mut found.application_id)?,
                b"type" => {
                    if found.kind.is_some() {
                        return Err(Stop::Unsure);
                    }
                    let number = walk.scanner.number()?;
                    found.kind = Some(match &walk.scanner.text[number] {
                        b"3" => InteractionType::MessageComponent,
                        b"5" => InteractionType::ModalSubmit,
                        // Other interactions are not routed from here.
                        _ => return Err(Stop::Refused),
                    });
                }
                b"token" => {
                    if found.token.is_some() {
                        return Err(Stop::Unsure);
                    }
                    found.token = Some(walk.scanner.string()?);
                }
                b"data" => {
                    let data = walk.data()?;
                    once(&mut found.data, data)?;
                }
                b"message" => {
                    let message = walk.message()?;
                    once(&mut found.message, message)?;
                }
                b"guild_id" => {
                    let id = walk.id()?;
                    once(&mut found.guild_id, id)?;
                }
                b"channel_id" => {
                    let id = walk.id()?;
                    once(&mut found.channel_id, id)?;
                }
                b"channel" => {
                    let id = walk.has_id()?;
                    once(&mut found.channel, id)?;
                }
                b"user" => {
                    let id = walk.has_id()?;
                    once(&mut found.user, id)?;
                }
                b"member" => {
                    let member = walk.member()?;
                    once(&mut found.member, member)?;
                }
                _ => match SKIPPED.iter().position(|name| *name == key) {
                    Some(index) => {
                        if found.skipped[index] {
                            return Err(Stop::Unsure);
                        }
                        if !walk.scanner.null()? {
                            walk.scanner.skip_value()?;
                            found.skipped[index] = true;
                        }
                    }
                    None => walk.scanner.skip_value()?,
                },
            }
            Ok(())
        })?;
        Ok(found)
    }

    /// `data`, or `null`.
    fn data(&mut self) -> Scan<Option<Data>> {
        if self.scanner.null()? {
            return Ok(None);
        }
        let mut data = Data::default();
        let mut seen = [false; 3];
        self.scanner.peek();
        let start = self.scanner.at;
        self.object(|walk, key| match key {
            b"custom_id" => {
                let string = walk.scanner.string()?;
                first(&mut seen[0], &mut data.custom_id, Some(string))
            }
            b"component_type" => {
                let number = walk.scanner.number()?;
                let kind = small_integer(&walk.scanner.text[number]).ok_or(Stop::Unsure)?;
                first(&mut seen[1], &mut data.component_type, Some(kind.into()))
            }
            b"values" => {
                let values = walk.strings()?;
                first(&mut seen[2], &mut data.values, Some(values))
            }
            _ => walk.scanner.skip_value(),
        })?;
        data.span = start..self.scanner.at;
        // serde keeps `data` as a borrowed `str`: a body's must be UTF-8.
        if !self.utf8 && std::str::from_utf8(&self.scanner.text[data.span.clone()]).is_err() {
            return Err(Stop::Unsure);
        }
        Ok(Some(data))
    }

    /// An array of strings (a select's values).
    fn strings(&mut self) -> Scan<Vec<Str>> {
        let mut strings = Vec::new();
        self.scanner.eat(b'[')?;
        if self.scanner.peek() == Some(b']') {
            self.scanner.at += 1;
            return Ok(strings);
        }
        loop {
            strings.push(self.scanner.string()?);
            match self.scanner.peek() {
                Some(b',') => self.scanner.at += 1,
                Some(b']') => {
                    self.scanner.at += 1;
                    return Ok(strings);
                }
                _ => return Err(Stop::Unsure),
            }
        }
    }

    /// `message`: its id and its `interaction_metadata.id`, or `null`.
    fn message(&mut self) -> Scan<Option<Message>> {
        if self.scanner.null()? {
            return Ok(None);
        }
        let mut seen = [false; 2];
        let (mut id, mut origin) = (None, None);
        self.object(|walk, key| match key {
            b"id" => {
                let value = walk.id()?.ok_or(Stop::Unsure)?;
                first(&mut seen[0], &mut id, Some(value))
            }
            b"interaction_metadata" => {
                let value = walk.has_id()?;
                first(&mut seen[1], &mut origin, Some(value))
            }
            _ => walk.scanner.skip_value(),
        })?;
        Ok(Some((id.ok_or(Stop::Unsure)?, origin.flatten())))
    }

    /// `member`: its user's id, or `null`.
    fn member(&mut self) -> Scan<Option<Option<Id<UserMarker>>>> {
        if self.scanner.null()? {
            return Ok(None);
        }
        let (mut seen, mut user) = (false, None);
        self.object(|walk, key| match key {
            b"user" => {
                let value = walk.has_id()?;
                first(&mut seen, &mut user, Some(value))
            }
            _ => walk.scanner.skip_value(),
        })?;
        Ok(Some(user.flatten()))
    }

    /// A string read as serde reads it: a range of the text, or decoded
    /// by serde when escaped.
    fn text(&self, string: &Str) -> Scan<Text> {
        let bytes = self.scanner.text;
        if !string.escaped {
            if !self.utf8 && std::str::from_utf8(&bytes[string.inner.clone()]).is_err() {
                return Err(Stop::Unsure);
            }
            return Ok(Text::Span(string.inner.clone()));
        }
        let quoted = std::str::from_utf8(&bytes[string.quoted()]).map_err(|_| Stop::Unsure)?;
        serde_json::from_str::<String>(quoted)
            .map(|decoded| Text::Owned(decoded.into_boxed_str()))
            .map_err(|_| Stop::Unsure)
    }
}

/// A u8 written as an integer (`0` to `255`, no sign, fraction or
/// exponent), as serde reads one.
fn small_integer(number: &[u8]) -> Option<u8> {
    if number.is_empty() || !number.iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(number).ok()?.parse().ok()
}

impl Found {
    /// The routing fields, by the checks serde's reading makes once the
    /// object is read.
    fn routing(self, walk: &Walk<'_>) -> Scan<Routing> {
        if !(self.skipped[0] && self.skipped[1]) {
            return Err(Stop::Unsure);
        }
        let id = self.id.ok_or(Stop::Unsure)?;
        let application_id = self.application_id.ok_or(Stop::Unsure)?;
        let kind = self.kind.ok_or(Stop::Unsure)?;
        let token = walk.text(self.token.as_ref().ok_or(Stop::Unsure)?)?;
        // No `data`: not routed.
        let data = self.data.ok_or(Stop::Refused)?;
        let (custom_id, component_type, values, modal) = match kind {
            InteractionType::MessageComponent => {
                let custom_id = walk.text(data.custom_id.as_ref().ok_or(Stop::Unsure)?)?;
                let component_type = data.component_type.ok_or(Stop::Unsure)?;
                let values = data
                    .values
                    .unwrap_or_default()
                    .iter()
                    .map(|value| {
                        walk.text(value)
                            .map(|text| text.get(walk.scanner.text).to_owned())
                    })
                    .collect::<Scan<Vec<String>>>()?;
                (custom_id, Some(component_type), values, None)
            }
            _ => {
                let text =
                    std::str::from_utf8(&walk.scanner.text[data.span]).map_err(|_| Stop::Unsure)?;
                let modal =
                    serde_json::from_str::<ModalInteractionData>(text).map_err(|_| Stop::Unsure)?;
                let custom_id = Text::Owned(modal.custom_id.as_str().into());
                (custom_id, None, Vec::new(), Some(Box::new(modal)))
            }
        };
        Ok(Routing {
            id,
            application_id,
            kind,
            token,
            custom_id,
            component_type,
            values,
            modal,
            message_id: self.message.map(|(id, _)| id),
            origin: self.message.and_then(|(_, origin)| origin),
            guild_id: self.guild_id,
            channel_id: self.channel.or(self.channel_id),
            user_id: self.member.flatten().or(self.user),
        })
    }
}

#[cfg(test)]
mod tests;
