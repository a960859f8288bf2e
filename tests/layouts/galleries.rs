//! A gallery whose images come from the view's state
//! (`gallery(items = EXPR)`): listed at each render, left out while there
//! is nothing to show, refused before sending past Discord's ten.

use twilight_model::{
    channel::message::{Component, component::MediaGallery},
    id::{Id, marker::MessageMarker},
};
use twilight_views::{DispatchOutcome, layout::GalleryMedia, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{assert_nothing_refused, click_on, command, memory_store, message, texts};

/// An album: a header, then the pictures added so far; stored.
#[view(persistent)]
#[derive(Default, Serialize, Deserialize)]
pub struct Album {
    pub pictures: Vec<String>,
    /// The alt text of every picture after the first: `GalleryMedia` and
    /// bare URLs mix in one list.
    pub captions: bool,
}

impl Album {
    fn media(&self) -> Vec<GalleryMedia> {
        self.pictures
            .iter()
            .enumerate()
            .map(|(index, url)| match index {
                0 => GalleryMedia::new(url.as_str()),
                _ if self.captions => {
                    GalleryMedia::new(url.as_str()).description(format!("picture {index}"))
                }
                _ => GalleryMedia::new(url.as_str()).spoiler(true),
            })
            .collect()
    }
}

#[view]
impl Album {
    #[layout]
    fn layout(&self) {
        container(
            text("# Album ({})", self.pictures.len()),
            gallery(items = self.media(), id = 9),
        );
        gallery(items = &self.pictures);
        row(add);
    }

    /// Adds a picture, then shows the album again.
    #[button(custom_id = "album:add", label = "Add")]
    async fn add(&mut self, ctx: ViewContext) -> ViewResult {
        let next = self.pictures.len();
        self.pictures
            .push(format!("https://example.com/picture-{next}.png"));
        ctx.update_view(self).await
    }
}

fn router(discord: &FakeDiscord) -> ViewRouter {
    discord
        .router()
        .stored_view::<Album>()
        .store(memory_store())
        .build()
        .unwrap()
}

/// The galleries of `components`, at any depth, as their items' URLs.
fn galleries(components: &[Component]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for component in components {
        match component {
            Component::MediaGallery(gallery) => out.push(
                gallery
                    .items
                    .iter()
                    .map(|item| item.media.url.clone())
                    .collect(),
            ),
            Component::Container(container) => out.extend(galleries(&container.components)),
            _ => {}
        }
    }
    out
}

/// The gallery in the container of the message the sandbox holds.
fn container_gallery(discord: &FakeDiscord, message_id: Id<MessageMarker>) -> MediaGallery {
    let (components, _) = message(discord, message_id);
    let Some(Component::Container(container)) = components.first() else {
        panic!("no container: {components:?}");
    };
    let Some(Component::MediaGallery(gallery)) = container.components.get(1) else {
        panic!("no gallery in the container: {container:?}");
    };
    gallery.clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_album_without_pictures_shows_no_gallery_and_grows_one_per_click() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    let message_id = router
        .respond_with_view(command("album"), Reply::new(), Album::default())
        .await
        .unwrap();
    // Nothing to show: no empty gallery (Discord refuses one), the
    // container keeps its text.
    let (components, _) = message(&discord, message_id);
    assert!(galleries(&components).is_empty(), "{components:?}");
    assert_eq!(texts(&components), ["# Album (0)"]);

    for expected in 1..=2 {
        let click = click_on(&discord, message_id, "album:add");
        assert!(router.dispatch(click).await.is_handled());
        let (components, _) = message(&discord, message_id);
        let urls: Vec<String> = (0..expected)
            .map(|n| format!("https://example.com/picture-{n}.png"))
            .collect();
        // Both galleries list the same pictures: one from `GalleryMedia`,
        // one from the URLs themselves.
        assert_eq!(
            galleries(&components),
            [urls.clone(), urls],
            "{components:?}"
        );
    }
    assert_nothing_refused(&discord);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gallery_media_carries_its_description_spoiler_and_the_gallery_its_id() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    let two_pictures = |captions| Album {
        pictures: vec![
            "https://a.example/1.png".into(),
            "https://a.example/2.png".into(),
        ],
        captions,
    };
    let message_id = router
        .respond_with_view(command("album"), Reply::new(), two_pictures(false))
        .await
        .unwrap();
    let gallery = container_gallery(&discord, message_id);
    assert_eq!(gallery.id, Some(9));
    assert_eq!(gallery.items[0].spoiler, None);
    assert_eq!(gallery.items[1].spoiler, Some(true));

    let message_id = router
        .respond_with_view(command("album"), Reply::new(), two_pictures(true))
        .await
        .unwrap();
    let gallery = container_gallery(&discord, message_id);
    assert_eq!(gallery.items[0].description, None);
    assert_eq!(gallery.items[1].description.as_deref(), Some("picture 1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_eleventh_picture_is_refused_before_sending() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord);
    let full = Album {
        pictures: (0..10)
            .map(|n| format!("https://example.com/picture-{n}.png"))
            .collect(),
        captions: false,
    };
    let message_id = router
        .respond_with_view(command("album"), Reply::new(), full)
        .await
        .unwrap();
    let click = click_on(&discord, message_id, "album:add");
    let outcome = router.dispatch(click.clone()).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Failed {
                view: "Album",
                item: "add",
                ..
            }
        ),
        "{outcome:?}"
    );
    // The apology, and the message as it was: ten pictures.
    let requests = discord.requests_for(&click.token);
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert!(requests[0].is_ephemeral());
    let (components, _) = message(&discord, message_id);
    assert!(
        galleries(&components).iter().all(|urls| urls.len() == 10),
        "{components:?}"
    );
}
