//! [`GalleryMedia`]: one image of a `#[layout]` gallery whose items come
//! from the view's state (`gallery(items = EXPR)`), and the conversion the
//! expression's items go through.

use twilight_model::channel::message::component::MediaGalleryItem;

/// One image of a gallery listed at render: its URL, alt text and
/// spoiler flag, as `media(URL, description = .., spoiler)` spells them in
/// a literal gallery.
///
/// A `String` or `&str` is a `GalleryMedia` with its URL alone.
///
/// ```
/// use views_core::layout::{GalleryMedia, IntoGalleryMedia as _};
///
/// let shot = GalleryMedia::new("https://example.com/shot.png")
///     .description("the error dialog")
///     .spoiler(true);
/// // A URL alone is an image without alt text, not blurred.
/// let plain = "https://example.com/shot.png".into_gallery_media();
/// assert_ne!(shot, plain);
/// assert_eq!(plain, GalleryMedia::new("https://example.com/shot.png"));
/// ```
#[derive(Clone, Debug, Eq, PartialEq)]
pub struct GalleryMedia {
    url: String,
    description: Option<String>,
    spoiler: bool,
}

static_assertions::assert_impl_all!(GalleryMedia: Send, Sync);

impl GalleryMedia {
    /// The image at `url` (`https://`, `http://` or `attachment://NAME`).
    pub fn new(url: impl Into<String>) -> Self {
        Self {
            url: url.into(),
            description: None,
            spoiler: false,
        }
    }

    /// Its alt text (at most 1,024 characters).
    #[must_use]
    pub fn description(mut self, description: impl Into<String>) -> Self {
        self.description = Some(description.into());
        self
    }

    /// Blurred until clicked.
    #[must_use]
    pub const fn spoiler(mut self, spoiler: bool) -> Self {
        self.spoiler = spoiler;
        self
    }

    /// Twilight's gallery item.
    pub(crate) fn into_item(self) -> MediaGalleryItem {
        super::build::gallery_item(self.url, self.description, self.spoiler)
    }
}

/// What a `gallery(items = EXPR)` lists: [`GalleryMedia`], or a URL alone
/// as a `String`, `&String` or `&str`.
#[diagnostic::on_unimplemented(
    message = "`{Self}` cannot be an item of a layout gallery",
    label = "not an image of a gallery",
    note = "`gallery(items = EXPR)` takes any `IntoIterator` (`Vec`, a slice, `Option`, an \
            iterator...) of `GalleryMedia` (`GalleryMedia::new(url).description(..)`), or of \
            URLs as `String`, `&String` or `&str`"
)]
pub trait IntoGalleryMedia {
    /// The image.
    fn into_gallery_media(self) -> GalleryMedia;
}

impl IntoGalleryMedia for GalleryMedia {
    fn into_gallery_media(self) -> GalleryMedia {
        self
    }
}

impl IntoGalleryMedia for &GalleryMedia {
    fn into_gallery_media(self) -> GalleryMedia {
        self.clone()
    }
}

impl IntoGalleryMedia for String {
    fn into_gallery_media(self) -> GalleryMedia {
        GalleryMedia::new(self)
    }
}

impl IntoGalleryMedia for &String {
    fn into_gallery_media(self) -> GalleryMedia {
        GalleryMedia::new(self.as_str())
    }
}

impl IntoGalleryMedia for &str {
    fn into_gallery_media(self) -> GalleryMedia {
        GalleryMedia::new(self)
    }
}
