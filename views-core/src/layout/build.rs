//! The builders a layout view's generated `render` calls, one per node of
//! the `#[layout]` tree. They build twilight's models as they are; the
//! rules are checked on the whole message (`check`), where the totals are
//! known.

use twilight_model::channel::message::{
    Component,
    component::{
        ActionRow, Container, FileDisplay, MediaGallery, MediaGalleryItem, Section, Separator,
        SeparatorSpacingSize, TextDisplay, Thumbnail, UnfurledMediaItem,
    },
};

use super::IntoGalleryMedia;

/// A text display.
pub fn text(content: String, id: Option<i32>) -> Component {
    Component::TextDisplay(TextDisplay { content, id })
}

/// `accent_color = EXPR`: a `u32` (`0xRRGGBB`) or an `Option<u32>` (none:
/// no accent bar).
pub fn accent(color: impl Into<Option<u32>>) -> Option<u32> {
    color.into()
}

/// A container.
pub fn container(
    components: Vec<Component>,
    accent_color: Option<u32>,
    spoiler: bool,
    id: Option<i32>,
) -> Component {
    Component::Container(Container {
        // Discord's "no accent" is the field left out.
        accent_color: accent_color.map(Some),
        components,
        id,
        spoiler: spoiler.then_some(true),
    })
}

/// A section: its text displays and its accessory (a button or a
/// thumbnail).
pub fn section(texts: Vec<Component>, accessory: Component, id: Option<i32>) -> Component {
    Component::Section(Section {
        accessory: Box::new(accessory),
        components: texts,
        id,
    })
}

/// An unfurled media item, from its URL.
fn media(url: String) -> UnfurledMediaItem {
    UnfurledMediaItem {
        content_type: None,
        height: None,
        proxy_url: None,
        url,
        width: None,
    }
}

/// A thumbnail (a section's accessory).
pub fn thumbnail(
    url: String,
    description: Option<String>,
    spoiler: bool,
    id: Option<i32>,
) -> Component {
    Component::Thumbnail(Thumbnail {
        description: description.map(Some),
        id,
        media: media(url),
        spoiler: spoiler.then_some(true),
    })
}

/// A media gallery.
pub fn gallery(items: Vec<MediaGalleryItem>, id: Option<i32>) -> Component {
    Component::MediaGallery(MediaGallery { id, items })
}

/// A media gallery of the images `items` lists at render
/// (`gallery(items = EXPR)`); `None`, the gallery left out, when it lists
/// none: a gallery shown only when there is something to show.
pub fn gallery_of<I>(items: I, id: Option<i32>) -> Option<Component>
where
    I: IntoIterator,
    I::Item: IntoGalleryMedia,
{
    let items: Vec<MediaGalleryItem> = items
        .into_iter()
        .map(|item| item.into_gallery_media().into_item())
        .collect();
    (!items.is_empty()).then(|| gallery(items, id))
}

/// The components of a list that may hold a gallery listed at render
/// ([`gallery_of`]): those present, in order.
pub fn present<const N: usize>(components: [Option<Component>; N]) -> Vec<Component> {
    components.into_iter().flatten().collect()
}

/// One item of a media gallery.
pub fn gallery_item(url: String, description: Option<String>, spoiler: bool) -> MediaGalleryItem {
    MediaGalleryItem {
        description,
        media: media(url),
        spoiler: spoiler.then_some(true),
    }
}

/// A file: an attachment of the message, `attachment://NAME`.
pub fn file(url: String, spoiler: bool, id: Option<i32>) -> Component {
    Component::File(FileDisplay {
        file: media(url),
        id,
        spoiler: spoiler.then_some(true),
    })
}

/// `spacing = ".."` of a separator.
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
pub enum Spacing {
    /// `"small"` (Discord's default).
    Small,
    /// `"large"`.
    Large,
}

/// A separator: a divider line (`divider`, default true) with space
/// around it.
pub fn separator(divider: bool, spacing: Option<Spacing>, id: Option<i32>) -> Component {
    Component::Separator(Separator {
        // Discord draws the line by default: only `false` is sent.
        divider: (!divider).then_some(false),
        id,
        spacing: spacing.map(|spacing| match spacing {
            Spacing::Small => SeparatorSpacingSize::Small,
            Spacing::Large => SeparatorSpacingSize::Large,
        }),
    })
}

/// An action row of a layout: the view's items placed in it.
pub fn row(components: Vec<Component>, id: Option<i32>) -> Component {
    Component::ActionRow(ActionRow { components, id })
}

/// `component` with the numeric `id` an item declares (`id = N`).
pub fn with_id(mut component: Component, id: i32) -> Component {
    match &mut component {
        Component::Button(button) => button.id = Some(id),
        Component::SelectMenu(select) => select.id = Some(id),
        _ => {}
    }
    component
}
