//! Every reply path sets `IS_COMPONENTS_V2` by itself for a layout view,
//! and a layout message carries no content.

use std::error::Error as _;

use twilight_model::channel::message::{Component, MessageFlags, component::ButtonStyle};
use twilight_views::{LayoutError, LayoutErrorKind, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Panel, V2, click_on, command, memory_store, message, router, texts};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn respond_with_view_sends_the_layout_with_the_v2_flag() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let interaction = command("settings");
    let message_id = router
        .respond_with_view(interaction.clone(), Reply::new(), Panel::default())
        .await
        .unwrap();

    let request = &discord.requests_for(&interaction.token)[0];
    assert_eq!(request.callback_type(), Some(4));
    assert_eq!(request.flags(), Some(V2));
    assert_eq!(request.content(), None, "a layout carries no content");

    let (components, flags) = message(&discord, message_id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2));
    assert!(
        matches!(components[0], Component::Container(_)),
        "{components:?}"
    );
    assert!(
        matches!(components[1], Component::ActionRow(_)),
        "{components:?}"
    );
    assert_eq!(texts(&components), ["# Settings", "Count: 0"]);
    // The accessory is the item, with its declared id and numeric id.
    let Component::Container(container) = &components[0] else {
        unreachable!()
    };
    let Component::Section(section) = &container.components[2] else {
        panic!("a section: {:?}", container.components);
    };
    let Component::Button(button) = &*section.accessory else {
        panic!("a button accessory: {:?}", section.accessory);
    };
    assert_eq!(button.custom_id.as_deref(), Some("panel:increment"));
    assert_eq!(button.id, Some(40));
    assert_eq!(container.accent_color, Some(Some(0x5865F2)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_view_re_renders_the_layout_with_the_v2_flag() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message_id = router
        .respond_with_view(command("settings"), Reply::new(), Panel::default())
        .await
        .unwrap();

    let click = click_on(&discord, message_id, "panel:increment");
    assert!(router.dispatch(click.clone()).await.is_handled());
    let update = &discord.requests_for(&click.token)[0];
    assert_eq!(update.callback_type(), Some(7));
    assert_eq!(update.flags(), Some(V2));
    let (components, flags) = message(&discord, message_id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2));
    assert_eq!(texts(&components), ["# Settings", "Count: 1"]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followups_and_ephemeral_replies_carry_both_flags() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let interaction = command("settings");
    let ctx = router.context(interaction.clone());
    ctx.defer_ephemeral().await.unwrap();
    let message_id = ctx
        .followup_with_view(Reply::new().ephemeral(true), Panel::default())
        .await
        .unwrap()
        .unwrap();
    let followup = discord
        .requests_for(&interaction.token)
        .into_iter()
        .find(|request| request.is_followup())
        .expect("a follow-up");
    assert_eq!(followup.flags(), Some(V2 | 64));
    let (_, flags) = message(&discord, message_id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2 | MessageFlags::EPHEMERAL));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_layout_reply_with_content_is_refused_before_sending() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let interaction = command("settings");
    let error = router
        .context(interaction.clone())
        .respond_with_view("Pick one:", Panel::default())
        .await
        .unwrap_err();
    assert!(matches!(error.kind(), ViewErrorKind::Layout), "{error}");
    let source = error
        .source()
        .and_then(|source| source.downcast_ref::<LayoutError>());
    assert_eq!(
        source.map(LayoutError::kind),
        Some(&LayoutErrorKind::ContentWithLayout)
    );
    assert!(
        discord.requests_for(&interaction.token).is_empty(),
        "nothing reached Discord"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_message_takes_the_view_message_and_its_flag() {
    let discord = FakeDiscord::start().await;
    let (_, channel) = discord.sandbox().add_guild("Layouts");
    let message = Panel::default().message().unwrap();
    assert!(message.is_layout());
    assert_eq!(message.flags(), MessageFlags::IS_COMPONENTS_V2);
    let sent = discord
        .client()
        .create_message(channel)
        .view(&message)
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    let (components, flags) = self::message(&discord, sent.id);
    assert!(flags.contains(MessageFlags::IS_COMPONENTS_V2));
    assert_eq!(texts(&components), ["# Settings", "Count: 0"]);

    // A started view's handle renders with its instance's ids, flag included.
    let router = crate::common::router(&discord, &memory_store());
    let handle = router.start(crate::common::Timed { done: false });
    let started = handle.message().await.unwrap();
    assert!(started.is_layout());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_premium_button_is_a_section_accessory() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message_id = router
        .respond_with_view(
            command("shop"),
            Reply::new(),
            twilight_views::Unbound(crate::common::Shop),
        )
        .await
        .unwrap();
    let (components, _) = message(&discord, message_id);
    let Component::Section(section) = &components[0] else {
        panic!("a section: {components:?}");
    };
    let Component::Button(button) = &*section.accessory else {
        panic!("a button: {section:?}");
    };
    assert_eq!(button.style, ButtonStyle::Premium);
    assert_eq!(
        button.sku_id.map(|id| id.get()),
        Some(1_088_510_058_284_990_888)
    );
    assert_eq!(
        (button.custom_id.as_deref(), button.label.as_deref()),
        (None, None)
    );
}
