//! A menu's stack on its own (no example): push, pop and pop-to-root, each
//! across a restart; a screen's own typed state kept through clicks and
//! restarts; and a stack stored before, read as written.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use twilight_model::id::{Id, marker::MessageMarker};
use twilight_views::{
    DispatchOutcome, HandlerError, ViewContext, ViewRouter, ViewStore,
    nav::{Action, Menu, MenuButton, Page, Screen},
};
use views_testkit::discord::{FakeDiscord, USER_ID};

use crate::common::{answer, click, command, memory_store, shown};

/// The first screen: opens the volume screen.
#[derive(Serialize, Deserialize)]
pub struct Settings;

impl Screen for Settings {
    const NAME: &'static str = "test-settings";

    async fn page(&self) -> Page {
        Page::new().content("Settings")
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![MenuButton::new("volume", "Volume")]
    }

    async fn clicked(&mut self, _key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        Action::push(Volume {
            level: 5,
            changes: Vec::new(),
        })
        .map_err(HandlerError::returned)
    }
}

/// The second screen: a level of its own, and the advanced screen.
#[derive(Serialize, Deserialize)]
pub struct Volume {
    level: u8,
    /// Every change, to show the screen's own state is a whole type.
    changes: Vec<i8>,
}

impl Screen for Volume {
    const NAME: &'static str = "test-volume";

    async fn page(&self) -> Page {
        Page::new().content(format!("Volume {} {:?}", self.level, self.changes))
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![
            MenuButton::new("up", "Louder"),
            MenuButton::new("advanced", "Advanced"),
        ]
    }

    async fn clicked(&mut self, key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        if key == "up" {
            self.level += 1;
            self.changes.push(1);
            return Ok(Action::Stay);
        }
        Action::push(Advanced).map_err(HandlerError::returned)
    }
}

/// The third screen: back up one, or to the first.
#[derive(Serialize, Deserialize)]
pub struct Advanced;

impl Screen for Advanced {
    const NAME: &'static str = "test-advanced";

    async fn page(&self) -> Page {
        Page::new().content("Advanced")
    }

    fn buttons(&self) -> Vec<MenuButton> {
        vec![MenuButton::new("up", "Up"), MenuButton::new("home", "Home")]
    }

    async fn clicked(&mut self, key: &str, _ctx: &ViewContext) -> Result<Action, HandlerError> {
        Ok(if key == "up" {
            Action::Pop
        } else {
            Action::PopToRoot
        })
    }
}

pub fn menu_router(discord: &FakeDiscord, store: &Arc<dyn ViewStore>) -> ViewRouter {
    discord
        .router()
        .menu_screen::<Settings>()
        .menu_screen::<Volume>()
        .menu_screen::<Advanced>()
        .store(Arc::clone(store))
        .build()
        .unwrap()
}

pub async fn open_menu(router: &ViewRouter) -> Id<MessageMarker> {
    let (page, menu) = Menu::open(Settings).await.unwrap();
    router
        .respond_with_view(&command("settings"), page, menu)
        .await
        .unwrap()
}

/// Clicks `custom_id` on the menu as its user; the click is handled.
pub async fn press(
    discord: &FakeDiscord,
    router: &ViewRouter,
    message: Id<MessageMarker>,
    custom_id: &str,
) {
    let interaction = click(discord, message, custom_id, USER_ID);
    assert!(
        router.dispatch(interaction).await.is_handled(),
        "{custom_id}"
    );
}

/// The menu's text and its buttons' faces.
pub fn screen(discord: &FakeDiscord, message: Id<MessageMarker>) -> (String, Vec<String>) {
    let (content, buttons) = shown(discord, message);
    let faces = buttons.into_iter().map(|(_, face, _)| face).collect();
    (content, faces)
}

fn faces(list: &[&str]) -> Vec<String> {
    list.iter().map(|face| (*face).to_owned()).collect()
}

/// Push, pop and pop-to-root, with a new router (a restart) on the same
/// store before each, on `store`.
pub async fn push_pop_and_pop_to_root_across_restarts(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = menu_router(&discord, &store);
    let message = open_menu(&router).await;
    assert_eq!(
        screen(&discord, message),
        ("Settings".to_owned(), faces(&["Volume"]))
    );

    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:0").await;
    let volume = |level: u8, changes: &str| {
        (
            format!("Volume {level} {changes}"),
            faces(&["Louder", "Advanced", "Back"]),
        )
    };
    assert_eq!(screen(&discord, message), volume(5, "[]"), "pushed");
    press(&discord, &router, message, "tvu:0").await;
    assert_eq!(screen(&discord, message), volume(6, "[1]"));

    // The screen's own state comes back from the store as its type.
    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:0").await;
    assert_eq!(screen(&discord, message), volume(7, "[1, 1]"));
    press(&discord, &router, message, "tvu:1").await;
    let advanced = ("Advanced".to_owned(), faces(&["Up", "Home", "Back"]));
    assert_eq!(screen(&discord, message), advanced, "three deep");

    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:0").await;
    assert_eq!(screen(&discord, message), volume(7, "[1, 1]"), "popped");
    press(&discord, &router, message, "tvu:1").await;
    assert_eq!(screen(&discord, message), advanced);

    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:1").await;
    assert_eq!(
        screen(&discord, message),
        ("Settings".to_owned(), faces(&["Volume"])),
        "popped to the root"
    );

    // The back button below the first screen, after a restart.
    press(&discord, &router, message, "tvu:0").await;
    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:back").await;
    assert_eq!(screen(&discord, message).0, "Settings", "back");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn push_pop_and_pop_to_root_across_restarts_in_memory() {
    push_pop_and_pop_to_root_across_restarts(memory_store()).await;
}

/// Each screen is stored as its type's name and its own serialisation;
/// a stack stored that way before is read as written.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_stack_is_stored_as_each_screens_own_json() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = menu_router(&discord, &store);
    let message = open_menu(&router).await;
    press(&discord, &router, message, "tvu:0").await;
    press(&discord, &router, message, "tvu:0").await;
    let stored = store.load(message.get()).await.unwrap().unwrap();
    assert_eq!(stored.kind, "Menu");
    let state: serde_json::Value = serde_json::from_slice(&stored.state).unwrap();
    assert_eq!(
        state,
        serde_json::json!({"stack": [
            {"s": "test-settings", "v": null},
            {"s": "test-volume", "v": {"level": 6, "changes": [1]}},
        ]})
    );

    // Rewritten as an earlier bot would have left it: one screen deeper.
    let earlier = br#"{"stack":[{"s":"test-settings","v":null},{"s":"test-volume","v":{"level":9,"changes":[-1]}},{"s":"test-advanced","v":null}]}"#;
    store
        .upsert(message.get(), "Menu", earlier.to_vec())
        .await
        .unwrap();
    let router = menu_router(&discord, &store);
    press(&discord, &router, message, "tvu:0").await;
    assert_eq!(screen(&discord, message).0, "Volume 9 [-1]");
}

/// A stored screen whose type is not registered does not load: the user
/// gets the unavailable notice, the outcome names the screen, and the row
/// stays as it was.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unregistered_screen_keeps_its_row() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = menu_router(&discord, &store);
    let message = open_menu(&router).await;
    let unknown = br#"{"stack":[{"s":"test-settings","v":null},{"s":"test-gone","v":{"x":1}}]}"#;
    store
        .upsert(message.get(), "Menu", unknown.to_vec())
        .await
        .unwrap();
    let router = menu_router(&discord, &store);
    let interaction = click(&discord, message, "tvu:back", USER_ID);
    let outcome = router.dispatch(interaction.clone()).await;
    let DispatchOutcome::Unavailable { reason, .. } = outcome else {
        panic!("the menu cannot load: {outcome:?}")
    };
    assert!(
        reason.contains(r#"no menu screen named "test-gone""#) && reason.contains("menu_screen"),
        "{reason}"
    );
    assert!(answer(&discord, &interaction).is_some(), "the user is told");
    let stored = store.load(message.get()).await.unwrap().unwrap();
    assert_eq!(stored.state, unknown.to_vec(), "kept as it was");
}
