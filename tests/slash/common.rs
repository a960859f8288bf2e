//! The views, and interactions built as Discord sends them.

use std::sync::Arc;

use serde_json::{Value, json};
use twilight_model::{
    application::interaction::Interaction,
    id::{Id, marker::MessageMarker},
};
use twilight_views::{MemoryStore, ViewRouter, ViewStore, prelude::*};
use views_testkit::discord::{FakeDiscord, USER_ID, button_data, interaction_json, parse};

/// A stored view: its count survives a restart.
#[view(persistent)]
#[derive(Default, Serialize, Deserialize)]
pub struct Tally {
    pub count: u64,
}

#[view]
impl Tally {
    #[button(custom_id = "slash:tally", label = "Count", style = "primary")]
    async fn count(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.respond_ephemeral(format!("count={}", self.count)).await
    }
}

/// An unbound persistent view: one instance answers every message.
#[view(persistent)]
pub struct Hello;

#[view]
impl Hello {
    #[button(custom_id = "slash:hello", label = "Hello")]
    async fn hello(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("hello").await
    }
}

/// A router on `discord` with both views, `Hello` added unbound, state in
/// `store`: building a second one on the same store is a restart.
pub fn router(discord: &FakeDiscord, store: &Arc<dyn ViewStore>) -> ViewRouter {
    let router = discord
        .router()
        .stored_view::<Tally>()
        .view::<Hello>()
        .store(Arc::clone(store))
        .build()
        .unwrap();
    router.add_view(Hello).unwrap();
    router
}

pub fn memory_store() -> Arc<dyn ViewStore> {
    Arc::new(MemoryStore::new())
}

/// A `/name` slash command run by the test user in the guild channel.
pub fn command(name: &str) -> Interaction {
    let mut interaction = interaction_json(Value::Null, None, USER_ID);
    interaction["type"] = json!(2);
    interaction["data"] = json!({"id": "7001", "name": name, "type": 1});
    parse(interaction)
}

/// A click on `custom_id` of the message the sandbox holds as `message_id`,
/// carried as Discord carries it (with its `interaction_metadata`).
pub fn click_on(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    custom_id: &str,
) -> Interaction {
    let message = discord
        .sandbox()
        .message(message_id)
        .expect("the sandbox holds the message")
        .message;
    let mut interaction = interaction_json(button_data(custom_id), None, USER_ID);
    interaction["message"] = serde_json::to_value(&message).unwrap();
    parse(interaction)
}

/// The content of the first request the router made for `interaction`.
pub fn answer(discord: &FakeDiscord, interaction: &Interaction) -> String {
    discord
        .requests_for(&interaction.token)
        .first()
        .and_then(|request| request.content().map(str::to_owned))
        .unwrap_or_default()
}
