//! [`Pages`]: where a navigator's pages come from, one at a time, and
//! [`Page`]: what one page shows.

use std::future::Future;

use serde::{Serialize, de::DeserializeOwned};
use twilight_model::channel::message::{Component, Embed};

use crate::reply::Reply;

/// A source of pages for a [`Navigator`](super::Navigator).
///
/// The source itself is what a navigator stores, serialised (so keep it
/// small: a query, a user id, a range); pages are produced when shown, so a
/// source of a million pages costs one page at a time. After a restart the
/// navigator finds the source type again by [`Self::NAME`]: register each
/// source type with
/// [`ViewRouterBuilder::navigator`](crate::ViewRouterBuilder::navigator).
///
/// ```
/// use serde::{Deserialize, Serialize};
/// use views_core::nav::{Page, Pages};
///
/// /// The numbers from 1 to `count`, ten per page.
/// #[derive(Serialize, Deserialize)]
/// struct Numbers {
///     count: usize,
/// }
///
/// impl Pages for Numbers {
///     const NAME: &'static str = "numbers";
///
///     async fn page_count(&self) -> usize {
///         self.count.div_ceil(10)
///     }
///
///     async fn page(&self, index: usize) -> Page {
///         let first = index * 10 + 1;
///         let last = (first + 9).min(self.count);
///         let lines: Vec<String> = (first..=last).map(|n| n.to_string()).collect();
///         Page::new().content(lines.join("\n"))
///     }
/// }
/// ```
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#a-source-of-pages).
pub trait Pages: Serialize + DeserializeOwned + Send + Sync + 'static {
    /// The name stored with each navigator to find this source type after
    /// a restart: unique among a router's sources, and never changed once
    /// navigators of it exist.
    const NAME: &'static str;

    /// How many pages there are now (asked on every click, so a growing
    /// source shows its new pages). Zero shows one empty page.
    fn page_count(&self) -> impl Future<Output = usize> + Send;

    /// Page `index` (from 0), produced when it is shown.
    fn page(&self, index: usize) -> impl Future<Output = Page> + Send;
}

/// What one page shows: text, embeds, and rows of components of your own
/// (shown below the navigation buttons; their clicks go to your views).
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#a-source-of-pages).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    content: Option<String>,
    embeds: Vec<Embed>,
    pub(crate) rows: Vec<Component>,
    /// The rows are a layout's components (Components V2).
    pub(crate) layout: bool,
}

impl Page {
    /// An empty page.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the page's text.
    #[must_use]
    pub fn content(mut self, content: impl Into<String>) -> Self {
        self.content = Some(content.into());
        self
    }

    /// Adds an embed.
    #[must_use]
    pub fn embed(mut self, embed: Embed) -> Self {
        self.embeds.push(embed);
        self
    }

    /// Adds action rows of your own below the navigation buttons (e.g. the
    /// components of an unbound view of yours, whose clicks go to that
    /// view). With the navigation, at most five rows fit.
    #[must_use]
    pub fn rows(mut self, rows: impl IntoIterator<Item = Component>) -> Self {
        self.rows.extend(rows);
        self
    }

    /// Makes the page a layout (Components V2): `components` (containers,
    /// sections, text displays, galleries...) are shown above the
    /// navigation buttons, and the message is sent with
    /// `IS_COMPONENTS_V2`. A layout page shows no text or embeds of its
    /// own (Discord refuses them beside a layout): put them in text
    /// displays.
    ///
    /// See [the layouts guide](https://github.com/twilight-views/twilight-views/blob/main/docs/layouts.md).
    #[must_use]
    pub fn layout(mut self, components: impl IntoIterator<Item = Component>) -> Self {
        self.layout = true;
        self.rows.extend(components);
        self
    }

    /// The page's text, if it has one.
    pub fn content_text(&self) -> Option<&str> {
        self.content.as_deref()
    }

    /// The page's embeds.
    pub fn embed_list(&self) -> &[Embed] {
        &self.embeds
    }

    /// The page as a reply (without components), and its own rows. A page
    /// with neither text nor embeds shows a zero-width space: Discord
    /// refuses an empty message.
    pub(crate) fn into_reply(self) -> (Reply, Vec<Component>) {
        if self.layout {
            return (Reply::new(), self.rows);
        }
        // Always set: a page turned on the same message must replace the
        // previous page's text and embeds, not keep them.
        let content = match self.content {
            Some(content) if !content.is_empty() => content,
            _ if !self.embeds.is_empty() => String::new(),
            _ => "\u{200b}".to_owned(),
        };
        (Reply::new().content(content).embeds(self.embeds), self.rows)
    }
}

/// The page as a reply to send with its navigator
/// (`ctx.respond_with_view(page, navigator)`, which adds the buttons and
/// the page's own rows).
impl From<Page> for Reply {
    fn from(page: Page) -> Self {
        page.into_reply().0
    }
}

impl From<String> for Page {
    fn from(content: String) -> Self {
        Self::new().content(content)
    }
}

impl From<&str> for Page {
    fn from(content: &str) -> Self {
        Self::new().content(content)
    }
}
