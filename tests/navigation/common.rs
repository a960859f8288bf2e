//! A numbers source, and interactions built as Discord sends them.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use twilight_model::{
    application::interaction::Interaction,
    channel::message::{Component, Message},
    id::{Id, marker::MessageMarker},
};
use twilight_views::{
    MemoryStore, ViewRouter, ViewStore,
    nav::{Navigator, Page, Pages},
};
use views_testkit::discord::{FakeDiscord, USER_ID, button_data, interaction_json, parse};

/// The numbers from 1 to `count`, ten per page.
#[derive(Serialize, Deserialize)]
pub struct Numbers {
    pub count: u64,
}

impl Pages for Numbers {
    const NAME: &'static str = "numbers";

    async fn page_count(&self) -> usize {
        usize::try_from(self.count.div_ceil(10)).unwrap()
    }

    async fn page(&self, index: usize) -> Page {
        let first = index as u64 * 10 + 1;
        let last = (first + 9).min(self.count);
        Page::new().content(format!("{first}..={last}"))
    }
}

pub const BOB: u64 = 80_351_110_224_678_912;

pub fn router(discord: &FakeDiscord, store: &Arc<dyn ViewStore>) -> ViewRouter {
    discord
        .router()
        .navigator::<Numbers>()
        .store(Arc::clone(store))
        .build()
        .unwrap()
}

pub fn memory_store() -> Arc<dyn ViewStore> {
    Arc::new(MemoryStore::new())
}

/// Opens a navigator on `count` numbers as the answer to a slash command.
pub async fn open(
    router: &ViewRouter,
    count: u64,
    shape: impl FnOnce(Navigator) -> Navigator,
) -> Id<MessageMarker> {
    let (page, navigator) = Navigator::open(Numbers { count }).await.unwrap();
    router
        .respond_with_view(&command("numbers"), page, shape(navigator))
        .await
        .unwrap()
}

pub fn command(name: &str) -> Interaction {
    let mut interaction = interaction_json(Value::Null, None, USER_ID);
    interaction["type"] = json!(2);
    interaction["data"] = json!({"id": "7001", "name": name, "type": 1});
    parse(interaction)
}

fn on_message(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    data: Value,
    user: u64,
    kind: u8,
) -> Interaction {
    let message = current(discord, message_id);
    let mut interaction = interaction_json(data, None, user);
    interaction["type"] = json!(kind);
    interaction["message"] = serde_json::to_value(&message).unwrap();
    parse(interaction)
}

/// `user` clicks `custom_id` on the message.
pub fn click(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    custom_id: &str,
    user: u64,
) -> Interaction {
    on_message(discord, message_id, button_data(custom_id), user, 3)
}

/// `user` submits "Jump to page" with `typed`, opened from the message.
pub fn jump(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    typed: &str,
    user: u64,
) -> Interaction {
    let data = json!({
        "custom_id": "tvn:jump",
        "components": [{"type": 18, "id": 1, "component":
            {"type": 4, "id": 2, "custom_id": "page", "value": typed}}],
    });
    on_message(discord, message_id, data, user, 5)
}

pub fn current(discord: &FakeDiscord, message_id: Id<MessageMarker>) -> Message {
    discord
        .sandbox()
        .message(message_id)
        .expect("message exists")
        .message
}

/// What the navigator message shows: its text and each button as
/// `(custom_id, label or emoji, disabled)`.
pub fn shown(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
) -> (String, Vec<(String, String, bool)>) {
    let message = current(discord, message_id);
    let mut buttons = Vec::new();
    for row in &message.components {
        let Component::ActionRow(row) = row else {
            panic!("a row: {row:?}")
        };
        for component in &row.components {
            let Component::Button(button) = component else {
                panic!("a button")
            };
            let face = button.label.clone().unwrap_or_else(|| match &button.emoji {
                Some(twilight_model::channel::message::EmojiReactionType::Unicode { name }) => {
                    name.clone()
                }
                other => format!("{other:?}"),
            });
            buttons.push((
                button.custom_id.clone().unwrap_or_default(),
                face,
                button.disabled,
            ));
        }
    }
    (message.content, buttons)
}

/// The navigation row at page `page` of `pages`.
pub fn row(page: usize, pages: usize) -> Vec<(String, String, bool)> {
    let (at_first, at_last) = (page == 1, page == pages);
    vec![
        ("tvn:first".into(), "⏮".into(), at_first),
        ("tvn:prev".into(), "◀".into(), at_first),
        ("tvn:page".into(), format!("{page}/{pages}"), false),
        ("tvn:next".into(), "▶".into(), at_last),
        ("tvn:last".into(), "⏭".into(), at_last),
    ]
}

/// The content of the first answer to `interaction`.
pub fn answer(discord: &FakeDiscord, interaction: &Interaction) -> Option<String> {
    discord
        .requests_for(&interaction.token)
        .first()
        .and_then(|request| request.content().map(str::to_owned))
}
