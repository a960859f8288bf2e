//! A layout that breaks Discord's rules only at run time (a text from the
//! view's state) is refused before sending: the handler gets the error,
//! the user the apology, Discord nothing it would reject.

use twilight_views::{DispatchOutcome, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{
    Panel, assert_nothing_refused, click_on, command, memory_store, message, router, texts,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_text_from_state_over_the_limit_gets_the_apology_and_sends_nothing() {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let message_id = router
        .respond_with_view(command("settings"), Reply::new(), Panel::default())
        .await
        .unwrap();

    let click = click_on(&discord, message_id, "panel:grow");
    let outcome = router.dispatch(click.clone()).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Failed {
                view: "Panel",
                item: "grow",
                ..
            }
        ),
        "{outcome:?}"
    );
    let requests = discord.requests_for(&click.token);
    assert_eq!(requests.len(), 1, "{requests:?}");
    // The apology, ephemeral, as the first answer: no update (type 7).
    assert_eq!(requests[0].callback_type(), Some(4));
    assert!(requests[0].is_ephemeral());
    assert!(requests[0].content().is_some_and(|text| !text.is_empty()));
    // The message is as it was.
    let (components, _) = message(&discord, message_id);
    assert_eq!(texts(&components), ["# Settings", "Count: 0"]);
    assert_nothing_refused(&discord);
}

/// A layout built by hand that carries one custom_id twice (an item placed
/// again, or a raw component beside it) is refused before sending: the
/// reply's error is `ViewErrorKind::Layout` naming the custom_id, and
/// Discord gets nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hand_built_layout_with_one_custom_id_twice_is_refused_before_sending() {
    use std::error::Error as _;
    use twilight_model::channel::message::{
        Component,
        component::{ActionRow, Button, Container, Section, TextDisplay},
    };
    use twilight_views::{LayoutError, LayoutErrorKind, ViewErrorKind};

    let button = |custom_id: &str| {
        Component::Button(Button {
            custom_id: Some(custom_id.to_owned()),
            disabled: false,
            emoji: None,
            id: None,
            label: Some("Count".to_owned()),
            sku_id: None,
            style: ButtonStyle::Secondary,
            url: None,
        })
    };
    // The panel's count button as a section's accessory and again, raw,
    // in a row of the same container.
    let twice = vec![Component::Container(Container {
        accent_color: None,
        components: vec![
            Component::Section(Section {
                accessory: Box::new(button("panel:increment")),
                components: vec![Component::TextDisplay(TextDisplay {
                    content: "Count: 1".to_owned(),
                    id: None,
                })],
                id: None,
            }),
            Component::ActionRow(ActionRow {
                components: vec![button("panel:increment")],
                id: None,
            }),
        ],
        id: None,
        spoiler: None,
    })];

    let discord = FakeDiscord::start().await;
    let router = router(&discord, &memory_store());
    let ctx = router.context(command("settings"));
    let error = ctx
        .respond(Reply::new().layout(twice))
        .await
        .expect_err("refused");
    assert!(matches!(error.kind(), ViewErrorKind::Layout), "{error:?}");
    let layout = error
        .source()
        .and_then(|source| source.downcast_ref::<LayoutError>())
        .expect("a LayoutError");
    assert_eq!(
        layout.kind(),
        &LayoutErrorKind::DuplicateCustomId {
            path: "components.0.components.1.components.0".to_owned(),
            custom_id: "panel:increment".to_owned(),
        }
    );
    assert!(discord.requests().is_empty(), "{:?}", discord.requests());
}
