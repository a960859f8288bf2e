//! `examples/embed_like.rs`: the embed-like layout (a blurple container
//! holding a section with a thumbnail and a row; the V2 flag and no
//! content), "New Image" swapping the thumbnail, "Change Text" through its
//! prefilled modal, and a click after the view ended.

#[allow(dead_code)]
#[path = "../../examples/embed_like.rs"]
pub mod example;

use example::{
    BLURPLE, DOGS, EmbedLikeBot, RANDOM_TEXT,
    support::{RunningBot, Settings, spawn},
};
use serde_json::json;
use twilight_model::channel::message::{Component, Message, MessageFlags, component::ButtonStyle};
use views_sandbox::Sandbox;

use crate::{current, ephemeral, is_modal, support};
use support::{WAIT, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<EmbedLikeBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// The layout as a user sees it: the section's text, the thumbnail's URL,
/// and the row's buttons (label, style, custom_id).
fn embed_like(message: &Message) -> (String, String, Vec<(String, ButtonStyle, String)>) {
    assert!(
        message
            .flags
            .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2)),
        "{:?}",
        message.flags
    );
    assert_eq!(message.content, "");
    assert!(message.embeds.is_empty());
    let [Component::Container(container)] = &message.components[..] else {
        panic!("one container: {:?}", message.components);
    };
    assert_eq!(container.accent_color, Some(Some(BLURPLE)));
    let [Component::Section(section), Component::ActionRow(row)] = &container.components[..] else {
        panic!("a section then a row: {container:?}");
    };
    let [Component::TextDisplay(text)] = &section.components[..] else {
        panic!("one text: {section:?}");
    };
    let Component::Thumbnail(thumbnail) = &*section.accessory else {
        panic!("a thumbnail accessory: {section:?}");
    };
    let buttons = row
        .components
        .iter()
        .map(|component| {
            let Component::Button(button) = component else {
                panic!("not a button: {component:?}");
            };
            (
                button.label.clone().unwrap_or_default(),
                button.style,
                button.custom_id.clone().expect("an interactive button"),
            )
        })
        .collect();
    (text.content.clone(), thumbnail.media.url.clone(), buttons)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sends_the_embed_like_layout_and_changes_image_and_text() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    let message = post_and_wait(&sandbox, alice, "$embed", "").await;
    let (text, image, buttons) = embed_like(&message);
    assert_eq!((text.as_str(), image.as_str()), (RANDOM_TEXT, DOGS[0]));
    let labels: Vec<_> = buttons
        .iter()
        .map(|(label, style, _)| (label.as_str(), *style))
        .collect();
    assert_eq!(
        labels,
        [
            ("New Image", ButtonStyle::Secondary),
            ("Change Text", ButtonStyle::Primary)
        ]
    );
    let (new_image, change_text) = (buttons[0].2.clone(), buttons[1].2.clone());

    // New Image: the next dog, the text kept.
    click(&sandbox, message.id, &new_image, alice).await;
    let (text, image, _) = embed_like(&current(&sandbox, message.id));
    assert_eq!((text.as_str(), image.as_str()), (RANDOM_TEXT, DOGS[1]));

    // Change Text: the modal, prefilled with the current text; its
    // submission edits the message's text and keeps the image.
    let opened = click(&sandbox, message.id, &change_text, alice).await;
    assert!(is_modal(&opened), "{opened:?}");
    let opened = opened.interaction_id.expect("an interaction");
    let modal = sandbox.modal(opened).expect("a modal is open");
    assert_eq!(modal.title, "Change Text");
    assert_eq!(
        modal.components,
        json!([
            {"type": 18, "label": "The new text", "component": {
                "type": 4, "custom_id": "new_text", "style": 2,
                "value": RANDOM_TEXT, "required": true}},
        ])
    );
    let submitted = sandbox
        .submit_modal(opened, &[("new_text", "A very good dog.")], alice)
        .expect("submitted");
    sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    let (text, image, buttons) = embed_like(&current(&sandbox, message.id));
    assert_eq!(
        (text.as_str(), image.as_str()),
        ("A very good dog.", DOGS[1])
    );

    // The re-rendered buttons still work.
    click(&sandbox, message.id, &buttons[0].2, alice).await;
    let (text, image, _) = embed_like(&current(&sandbox, message.id));
    assert_eq!(
        (text.as_str(), image.as_str()),
        ("A very good dog.", DOGS[2])
    );

    // Bad input: a click after the bot restarted, when the started view
    // (which lives in memory, as a discord.py LayoutView) is gone.
    bot.stop().await.expect("clean shutdown");
    // The sandbox deals a click to the newest session: wait until the
    // stopped bot's is gone, or the new bot's `wait_connected(1)` may see
    // the old one and the click go to it.
    sandbox
        .wait_connected(0, WAIT)
        .await
        .expect("the first bot disconnects");
    let bot = start(&sandbox).await;
    let reply = click(&sandbox, message.id, &new_image, alice).await;
    assert_eq!(
        ephemeral(&reply),
        "This view has expired. Run the command again to get a fresh one."
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
