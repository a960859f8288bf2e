//! The layout views under test, and interactions built as Discord sends
//! them.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use serde_json::{Value, json};
use twilight_model::{
    application::interaction::Interaction,
    channel::message::{Component, MessageFlags},
    id::{Id, marker::MessageMarker},
};
use twilight_views::{HandlerError, MemoryStore, ViewRouter, ViewStore, prelude::*};
use views_testkit::discord::{FakeDiscord, USER_ID, button_data, interaction_json, parse};

/// A settings panel: a container with a header, a section whose accessory
/// counts, and a row; stored, so its count survives a restart.
#[view(persistent)]
#[derive(Default, Serialize, Deserialize)]
pub struct Panel {
    pub count: u64,
    /// Appended to the count line: a way to push the text over the limit.
    pub note: String,
}

#[view]
impl Panel {
    #[layout]
    fn layout(&self) {
        container(
            text("# Settings"),
            separator(spacing = "large"),
            section(
                text("Count: {}{}", self.count, self.note),
                accessory = increment,
            ),
            accent_color = 0x5865F2,
        );
        row(grow, finish);
    }

    #[button(
        custom_id = "panel:increment",
        label = "+1",
        style = "primary",
        id = 40
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.update_view(self).await
    }

    /// Makes the count line 5,000 characters long: breaks the 4,000 limit.
    #[button(custom_id = "panel:grow", label = "Grow")]
    async fn grow(&mut self, ctx: ViewContext) -> ViewResult {
        self.note = "x".repeat(5_000);
        ctx.update_view(self).await
    }

    #[button(custom_id = "panel:finish", label = "Finish", style = "success")]
    async fn finish(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("Settings saved.").await
    }
}

/// A role board: its accessory is a dynamic item (the role in the id).
#[view(persistent)]
#[derive(Serialize, Deserialize)]
pub struct RoleBoard {
    pub role_id: u64,
}

#[view]
impl RoleBoard {
    #[layout]
    fn layout(&self) {
        section(text("Role <@&{}>", self.role_id), accessory = toggle);
    }

    #[button(custom_id = "role:{role_id}", label = "Toggle")]
    async fn toggle(&self, ctx: ViewContext, role_id: u64) -> ViewResult {
        ctx.respond_ephemeral(format!("toggled {role_id}")).await
    }
}

/// A layout only its owner may use, with its own error handler.
#[view(persistent)]
pub struct Guarded {
    pub owner: u64,
    pub errors: Arc<AtomicUsize>,
}

#[view]
impl Guarded {
    #[layout]
    fn layout(&self) {
        container(text("Owner only"), row(boom));
    }

    #[button(custom_id = "guarded:boom", label = "Boom")]
    async fn boom(&self, _ctx: ViewContext) {
        panic!("boom");
    }

    async fn interaction_check(&self, ctx: &ViewContext) -> bool {
        ctx.user_id().map(Id::get) == Some(self.owner)
    }

    async fn on_error(&mut self, ctx: &ViewContext, error: &HandlerError) {
        self.errors.fetch_add(1, Ordering::SeqCst);
        let _ = ctx.respond_ephemeral(format!("guarded: {error}")).await;
    }
}

/// A started (non-persistent) layout that disables its button on timeout.
#[view(timeout = 30)]
pub struct Timed {
    pub done: bool,
}

#[view]
impl Timed {
    #[layout]
    fn layout(&self) {
        text(if self.done {
            "Timed out."
        } else {
            "Waiting..."
        });
        row(wait);
    }

    #[button(label = "Wait", disabled = self.done)]
    async fn wait(&self, ctx: ViewContext) -> ViewResult {
        ctx.update_view(self).await
    }

    async fn on_timeout(&mut self) {
        self.done = true;
    }
}

/// A shop: a premium button as a section's accessory.
#[view(persistent)]
pub struct Shop;

#[view]
impl Shop {
    #[layout]
    fn layout(&self) {
        section(text("## Premium\n-# Support the bot"), accessory = BUY);
    }

    #[button(style = "premium", sku_id = 1088510058284990888)]
    const BUY: () = ();
}

pub fn memory_store() -> Arc<dyn ViewStore> {
    Arc::new(MemoryStore::new())
}

/// A router on `discord` with the layout views, state in `store`:
/// building a second one on the same store is a restart.
pub fn router(discord: &FakeDiscord, store: &Arc<dyn ViewStore>) -> ViewRouter {
    let router = discord
        .router()
        .stored_view::<Panel>()
        .view::<RoleBoard>()
        .view::<Guarded>()
        .view::<Timed>()
        .view::<Shop>()
        .store(Arc::clone(store))
        .build()
        .unwrap();
    router.add_view(RoleBoard { role_id: 0 }).unwrap();
    router.add_view(Shop).unwrap();
    router
}

/// A `/name` slash command run by the test user in the guild channel.
pub fn command(name: &str) -> Interaction {
    let mut interaction = interaction_json(Value::Null, None, USER_ID);
    interaction["type"] = json!(2);
    interaction["data"] = json!({"id": "7001", "name": name, "type": 1});
    parse(interaction)
}

/// A click by `user_id` on `custom_id` of the message the sandbox holds.
pub fn click_by(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    custom_id: &str,
    user_id: u64,
) -> Interaction {
    let message = discord
        .sandbox()
        .message(message_id)
        .expect("the sandbox holds the message")
        .message;
    let mut interaction = interaction_json(button_data(custom_id), None, user_id);
    interaction["message"] = serde_json::to_value(&message).unwrap();
    parse(interaction)
}

/// A click by the test user.
pub fn click_on(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
    custom_id: &str,
) -> Interaction {
    click_by(discord, message_id, custom_id, USER_ID)
}

/// The message as the sandbox holds it: its components and flags.
pub fn message(
    discord: &FakeDiscord,
    message_id: Id<MessageMarker>,
) -> (Vec<Component>, MessageFlags) {
    let message = discord.sandbox().message(message_id).unwrap().message;
    (
        message.components,
        message.flags.unwrap_or_else(MessageFlags::empty),
    )
}

/// Every text display's content, depth first.
pub fn texts(components: &[Component]) -> Vec<String> {
    let mut out = Vec::new();
    for component in components {
        match component {
            Component::TextDisplay(text) => out.push(text.content.clone()),
            Component::Container(container) => out.extend(texts(&container.components)),
            Component::Section(section) => out.extend(texts(&section.components)),
            _ => {}
        }
    }
    out
}

/// The components V2 flag, as a request body's `flags` carries it.
pub const V2: u64 = 1 << 15;

/// Asserts the sandbox refused no request: nothing invalid reached
/// "Discord".
pub fn assert_nothing_refused(discord: &FakeDiscord) {
    let requests = discord.requests();
    assert!(
        requests.iter().all(|request| request.status < 400),
        "{requests:?}"
    );
}
