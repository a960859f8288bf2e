//! [`LayoutError`]: a Components V2 message that breaks one of Discord's
//! rules, found before anything is sent.

use std::{error::Error, fmt};

use twilight_model::channel::message::component::ComponentType;
use views_ids::limits;

/// A layout (Components V2) message breaks one of Discord's rules: Discord
/// would answer `400 Invalid Form Body`, so nothing was sent.
///
/// Literal layouts are checked by `#[view]` at compile time; this is what
/// is left for run time: texts, URLs and colours computed from the view's
/// state, and layouts built by hand.
///
/// ```
/// use twilight_model::channel::message::{Component, component::TextDisplay};
/// use views_core::layout::{self, LayoutErrorKind};
///
/// let long = Component::TextDisplay(TextDisplay { content: "x".repeat(5000), id: None });
/// let error = layout::check(&[long]).unwrap_err();
/// assert!(matches!(error.kind(), LayoutErrorKind::TextTooLong { len: 5000 }));
/// ```
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#run-time-errors).
#[derive(Debug)]
pub struct LayoutError {
    pub(crate) kind: LayoutErrorKind,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
}

static_assertions::assert_impl_all!(LayoutError: Send, Sync);

impl LayoutError {
    pub(crate) const fn new(kind: LayoutErrorKind) -> Self {
        Self { kind, source: None }
    }

    /// Which rule, and where.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#run-time-errors).
    pub const fn kind(&self) -> &LayoutErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#run-time-errors).
    pub fn into_parts(self) -> (LayoutErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

/// Kinds of [`LayoutError`]. A `path` names the component as Discord's
/// error body would: `components.0.components.2.accessory`.
///
/// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md#run-time-errors).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum LayoutErrorKind {
    /// The message has content or embeds: a layout message carries its
    /// text in text displays, and Discord refuses both fields with the
    /// Components V2 flag.
    ContentWithLayout,
    /// More components than Discord allows in one message, nested ones
    /// included.
    TooManyComponents {
        /// How many there are.
        count: usize,
    },
    /// Text display content longer, in total, than Discord allows in one
    /// message.
    TextTooLong {
        /// Characters of text display content across the message.
        len: usize,
    },
    /// A text display with no text.
    EmptyText {
        /// Where.
        path: String,
    },
    /// A section without text displays, or with more than three.
    SectionTexts {
        /// Where.
        path: String,
        /// How many it has.
        count: usize,
    },
    /// An action row inside a section: a section holds text displays and
    /// one accessory.
    RowInSection {
        /// Where.
        path: String,
    },
    /// A section holds something other than text displays.
    SectionChild {
        /// Where.
        path: String,
        /// What it holds.
        kind: ComponentType,
    },
    /// A section's accessory is neither a button nor a thumbnail.
    SectionAccessory {
        /// Where.
        path: String,
        /// What it is.
        kind: ComponentType,
    },
    /// A container holds something it may not (a container, a
    /// thumbnail, a bare button or select).
    ContainerChild {
        /// Where.
        path: String,
        /// What it holds.
        kind: ComponentType,
    },
    /// A container with nothing in it.
    EmptyContainer {
        /// Where.
        path: String,
    },
    /// A component that cannot stand at the top of a message (a button, a
    /// select or a thumbnail outside a row or a section).
    TopLevel {
        /// Where.
        path: String,
        /// What it is.
        kind: ComponentType,
    },
    /// An action row that is empty, holds more than five buttons, or holds
    /// a select with anything else.
    ActionRow {
        /// Where.
        path: String,
    },
    /// A thumbnail, gallery item or file whose URL is missing, too long or
    /// of a scheme Discord does not load (a file takes `attachment://`
    /// only).
    MediaUrl {
        /// Where.
        path: String,
        /// The URL.
        url: String,
    },
    /// A description (alt text) longer than Discord allows.
    DescriptionTooLong {
        /// Where.
        path: String,
        /// Its length in characters.
        len: usize,
    },
    /// A media gallery with no items or more than ten.
    GalleryItems {
        /// Where.
        path: String,
        /// How many it has.
        count: usize,
    },
    /// A container accent colour above `0xFFFFFF`.
    AccentColor {
        /// Where.
        path: String,
        /// The colour.
        color: u32,
    },
    /// Two components with one numeric `id`, or a negative one.
    ComponentId {
        /// Where (the second use, for a duplicate).
        path: String,
        /// The id.
        id: i32,
    },
    /// Two buttons or selects with one custom_id: Discord refuses the
    /// message, and a click could not say which of them was used.
    DuplicateCustomId {
        /// Where the second one is.
        path: String,
        /// The custom_id.
        custom_id: String,
    },
}

impl fmt::Display for LayoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the layout breaks Discord's rules, nothing was sent: ")?;
        match &self.kind {
            LayoutErrorKind::ContentWithLayout => f.write_str(
                "a layout message carries no content or embeds (put the text in a text display)",
            ),
            LayoutErrorKind::TooManyComponents { count } => write!(
                f,
                "{count} components; a message holds at most {}, nested ones included",
                limits::LAYOUT_COMPONENTS_MAX
            ),
            LayoutErrorKind::TextTooLong { len } => write!(
                f,
                "{len} characters of text; a message holds at most {} across its text displays",
                limits::LAYOUT_TEXT_MAX
            ),
            LayoutErrorKind::EmptyText { path } => write!(f, "{path}: a text display is empty"),
            LayoutErrorKind::SectionTexts { path, count } => write!(
                f,
                "{path}: a section holds 1 to {} text displays, not {count}",
                limits::SECTION_TEXTS_MAX
            ),
            LayoutErrorKind::RowInSection { path } => write!(
                f,
                "{path}: an action row cannot go inside a section (a button goes in its accessory)"
            ),
            LayoutErrorKind::SectionChild { path, kind } => write!(
                f,
                "{path}: a section holds text displays only, not {}",
                kind.name()
            ),
            LayoutErrorKind::SectionAccessory { path, kind } => write!(
                f,
                "{path}: a section's accessory is a button or a thumbnail, not {}",
                kind.name()
            ),
            LayoutErrorKind::ContainerChild { path, kind } => write!(
                f,
                "{path}: a container holds rows, text displays, sections, galleries, files and \
                 separators, not {}",
                kind.name()
            ),
            LayoutErrorKind::EmptyContainer { path } => write!(f, "{path}: a container is empty"),
            LayoutErrorKind::TopLevel { path, kind } => write!(
                f,
                "{path}: {} cannot stand at the top of a message",
                kind.name()
            ),
            LayoutErrorKind::ActionRow { path } => write!(
                f,
                "{path}: an action row holds 1 to 5 buttons or one select"
            ),
            LayoutErrorKind::MediaUrl { path, url } => write!(
                f,
                "{path}: media URL {url:?} is not an http(s):// or attachment:// URL of at most {} \
                 characters",
                limits::MEDIA_URL_MAX
            ),
            LayoutErrorKind::DescriptionTooLong { path, len } => write!(
                f,
                "{path}: description is {len} characters long; Discord allows at most {}",
                limits::MEDIA_DESCRIPTION_MAX
            ),
            LayoutErrorKind::GalleryItems { path, count } => write!(
                f,
                "{path}: a media gallery holds 1 to {} items, not {count}",
                limits::GALLERY_ITEMS_MAX
            ),
            LayoutErrorKind::AccentColor { path, color } => write!(
                f,
                "{path}: accent colour {color:#x} is above {:#x}",
                limits::ACCENT_COLOR_MAX
            ),
            LayoutErrorKind::ComponentId { path, id } => write!(
                f,
                "{path}: component id {id} is negative or used twice in the message"
            ),
            LayoutErrorKind::DuplicateCustomId { path, custom_id } => write!(
                f,
                "{path}: custom_id {custom_id:?} is used twice in the message (each button and \
                 select needs its own)"
            ),
        }
    }
}

impl Error for LayoutError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}
