//! Paging with the buttons: disabled at the ends, a restart in between, the
//! owner lock, stop, expiry, and a million pages.

use std::time::Duration;

use twilight_views::nav::NavButtons;
use views_testkit::discord::{FakeDiscord, USER_ID};

use crate::common::{BOB, answer, click, memory_store, open, router, row, shown};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_at_both_ends_and_on_after_a_restart() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let first = router(&discord, &store);
    let message = open(&first, 45, |nav| nav).await;
    assert_eq!(shown(&discord, message), ("1..=10".to_owned(), row(1, 5)));

    for (button, content, page) in [
        ("tvn:next", "11..=20", 2),
        ("tvn:last", "41..=45", 5),
        ("tvn:prev", "31..=40", 4),
    ] {
        let interaction = click(&discord, message, button, USER_ID);
        assert!(first.dispatch(interaction).await.is_handled(), "{button}");
        assert_eq!(shown(&discord, message), (content.to_owned(), row(page, 5)));
    }
    // A disabled button clicked anyway (an old client) stays at the end.
    let interaction = click(&discord, message, "tvn:first", USER_ID);
    assert!(first.dispatch(interaction).await.is_handled());
    let interaction = click(&discord, message, "tvn:prev", USER_ID);
    assert!(first.dispatch(interaction).await.is_handled());
    assert_eq!(shown(&discord, message), ("1..=10".to_owned(), row(1, 5)));
    let interaction = click(&discord, message, "tvn:next", USER_ID);
    assert!(first.dispatch(interaction).await.is_handled());

    // Restart: the navigator comes back from the store at page 2.
    drop(first);
    let second = router(&discord, &store);
    let interaction = click(&discord, message, "tvn:next", USER_ID);
    assert!(second.dispatch(interaction).await.is_handled());
    assert_eq!(shown(&discord, message), ("21..=30".to_owned(), row(3, 5)));
    let stored = store.load(message.get()).await.unwrap().unwrap();
    assert_eq!(stored.kind, "Navigator");
    assert!(
        stored.state.len() < 120,
        "position and arguments only: {}",
        String::from_utf8_lossy(&stored.state)
    );
    // The arguments are stored as the source's own JSON, not as a string.
    let state: serde_json::Value = serde_json::from_slice(&stored.state).unwrap();
    assert_eq!(
        state,
        serde_json::json!({"source": "numbers", "args": {"count": 45}, "page": 2, "pages": 5})
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_the_owner_pages_and_stop_removes_the_buttons() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = router(&discord, &store);
    let owner = Some(twilight_model::id::Id::new(USER_ID));
    let message = open(&router, 30, |nav| nav.owner(owner).buttons(NavButtons::ALL)).await;
    let (_, buttons) = shown(&discord, message);
    assert_eq!(buttons.len(), 6, "the five arrows and stop: {buttons:?}");

    let interaction = click(&discord, message, "tvn:next", BOB);
    assert!(!router.dispatch(interaction.clone()).await.is_handled());
    assert!(answer(&discord, &interaction).is_some(), "bob is told");
    assert_eq!(
        shown(&discord, message).0,
        "1..=10",
        "the page did not move"
    );

    let interaction = click(&discord, message, "tvn:stop", USER_ID);
    assert!(router.dispatch(interaction).await.is_handled());
    let (content, buttons) = shown(&discord, message);
    assert_eq!(content, "1..=10", "the page stays");
    assert!(buttons.is_empty(), "the buttons are gone");
    assert!(
        store.load(message.get()).await.unwrap().is_none(),
        "forgotten"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_expired_navigator_ends_at_its_next_click() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = router(&discord, &store);
    let message = open(&router, 30, |nav| nav.expires_after(Duration::ZERO)).await;
    let interaction = click(&discord, message, "tvn:next", USER_ID);
    assert!(router.dispatch(interaction).await.is_handled());
    let (content, buttons) = shown(&discord, message);
    assert_eq!(content, "1..=10");
    assert!(buttons.is_empty());
    assert!(store.load(message.get()).await.unwrap().is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_million_pages_cost_one_page_at_a_time() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message = open(&router, 10_000_000, |nav| nav).await;
    let interaction = click(&discord, message, "tvn:last", USER_ID);
    assert!(router.dispatch(interaction).await.is_handled());
    assert_eq!(
        shown(&discord, message),
        ("9999991..=10000000".to_owned(), row(1_000_000, 1_000_000))
    );
}

/// Pages as layouts (Components V2): a container per page, above the
/// navigation.
#[derive(serde::Serialize, serde::Deserialize)]
struct Cards;

impl twilight_views::nav::Pages for Cards {
    const NAME: &'static str = "cards";

    async fn page_count(&self) -> usize {
        3
    }

    async fn page(&self, index: usize) -> twilight_views::nav::Page {
        use twilight_model::channel::message::{
            Component,
            component::{Container, TextDisplay},
        };
        let text = Component::TextDisplay(TextDisplay {
            content: format!("Card {}", index + 1),
            id: None,
        });
        twilight_views::nav::Page::new().layout([Component::Container(Container {
            accent_color: None,
            components: vec![text],
            id: None,
            spoiler: None,
        })])
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn layout_pages_are_sent_as_components_v2() {
    use twilight_model::channel::message::{Component, MessageFlags};
    use twilight_views::nav::Navigator;

    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .navigator::<Cards>()
        .store(memory_store())
        .build()
        .unwrap();
    let (page, navigator) = Navigator::open(Cards).await.unwrap();
    let message = router
        .respond_with_view(&crate::common::command("cards"), page, navigator)
        .await
        .unwrap();
    let card = |discord: &FakeDiscord| {
        let message = crate::common::current(discord, message);
        assert!(
            message
                .flags
                .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2)),
            "sent as a layout"
        );
        assert!(message.content.is_empty());
        let Component::Container(container) = &message.components[0] else {
            panic!("the page's container first: {:?}", message.components)
        };
        let Component::TextDisplay(text) = &container.components[0] else {
            panic!("a text display")
        };
        assert!(
            matches!(message.components.last(), Some(Component::ActionRow(_))),
            "the navigation below"
        );
        text.content.clone()
    };
    assert_eq!(card(&discord), "Card 1");
    let interaction = click(&discord, message, "tvn:next", USER_ID);
    assert!(router.dispatch(interaction).await.is_handled());
    assert_eq!(card(&discord), "Card 2");
}
