//! Stored layouts restore after a restart, lazily, and re-render; dynamic
//! items in sections route, before and after.

use twilight_views::{Unbound, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Panel, RoleBoard, click_on, command, memory_store, message, router, texts};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stored_layout_is_restored_on_its_first_click_after_a_restart() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let first = router(&discord, &store);
    let message_id = first
        .respond_with_view(command("settings"), Reply::new(), Panel::default())
        .await
        .unwrap();
    let click = click_on(&discord, message_id, "panel:increment");
    assert!(first.dispatch(click).await.is_handled());
    drop(first);

    let second = router(&discord, &store);
    assert!(
        !second.is_bound(message_id),
        "restored lazily, not at start"
    );
    let click = click_on(&discord, message_id, "panel:increment");
    assert!(second.dispatch(click).await.is_handled());
    assert!(second.is_bound(message_id));
    let (components, _) = message(&discord, message_id);
    assert_eq!(texts(&components), ["# Settings", "Count: 2"]);
    let stored = store.load(message_id.get()).await.unwrap().unwrap();
    assert!(String::from_utf8_lossy(&stored.state).contains(r#""count":2"#));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dynamic_item_in_a_section_routes_before_and_after_a_restart() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let first = router(&discord, &store);
    let message_id = first
        .respond_with_view(
            command("roles"),
            Reply::new(),
            Unbound(RoleBoard { role_id: 42 }),
        )
        .await
        .unwrap();
    let (components, _) = message(&discord, message_id);
    assert_eq!(texts(&components), ["Role <@&42>"]);

    for router in [first, router(&discord, &store)] {
        let click = click_on(&discord, message_id, "role:42");
        assert!(router.dispatch(click.clone()).await.is_handled());
        assert_eq!(
            discord.requests_for(&click.token)[0].content(),
            Some("toggled 42")
        );
    }
}
