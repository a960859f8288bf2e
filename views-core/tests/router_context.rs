//! What a handler sees through `ViewContext`, in a guild and in a DM.
#![allow(clippy::unwrap_used)]

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::json;
use twilight_model::channel::message::{Component, component::ComponentType};
use views_core::{
    AutoDefer, HandlerFuture, IntoHandlerResult, ItemSpec, SourceLocation, View, ViewContext,
    ViewOptions, render::CustomIds,
};
use views_testkit::discord::*;
use views_testkit::entry::entry;

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

/// Records what the context reports.
struct Inspect {
    seen: Arc<Mutex<Vec<String>>>,
}

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

impl ViewOptions for Inspect {
    const NAME: &'static str = "Inspect";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn inspect(view: &mut Inspect, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let line = format!(
            "user={:?} name={:?} member={} guild={:?} channel={:?} message={:?} custom_id={} values={:?} resolved={} ids={:?} app={} answered={}",
            ctx.user_id().map(|id| id.get()),
            ctx.user().map(|user| user.name.clone()),
            ctx.member().is_some(),
            ctx.guild_id().map(|id| id.get()),
            ctx.channel_id().map(|id| id.get()),
            ctx.message_id().map(|id| id.get()),
            ctx.custom_id(),
            ctx.values(),
            ctx.resolved().is_some(),
            ctx.custom_ids(),
            ctx.application_id().get(),
            ctx.is_answered().await,
        );
        view.seen.lock().unwrap().push(line);
        ctx.respond("seen").await.into_handler_result()?;
        assert!(ctx.is_answered().await);
        Ok(())
    }))
}

static INSPECT_ITEMS: [ItemSpec<Inspect>; 2] = [
    ItemSpec {
        custom_id: Some("inspect:button"),
        name: "button",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: inspect,
        defined_at: HERE,
    },
    ItemSpec {
        custom_id: Some("favorite_bug"),
        name: "select",
        component_type: ComponentType::TextSelectMenu,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: inspect,
        defined_at: HERE,
    },
];

impl View for Inspect {
    fn items() -> &'static [ItemSpec<Self>] {
        &INSPECT_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}

async fn setup() -> (FakeDiscord, views_core::ViewRouter, Arc<Mutex<Vec<String>>>) {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Inspect>().build().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    router.add_view(Inspect { seen: seen.clone() }).unwrap();
    (discord, router, seen)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn guild_click_exposes_member_guild_channel_and_message() {
    let (_discord, router, seen) = setup().await;
    assert!(
        router
            .dispatch(entry(click("inspect:button", 900)))
            .await
            .is_handled()
    );
    let line = seen.lock().unwrap().remove(0);
    assert_eq!(
        line,
        format!(
            "user=Some({USER_ID}) name=Some(\"Mason\") member=true guild=Some({GUILD_ID}) \
             channel=Some({CHANNEL_ID}) message=Some(900) custom_id=inspect:button values=[] \
             resolved=false ids=Declared app={APPLICATION_ID} answered=false"
        )
    );

    let select = fixture_data("string-select-message-interaction-data-example.json");
    let interaction = parse(interaction_json(select, Some(901), USER_ID));
    assert!(router.dispatch(entry(interaction)).await.is_handled());
    let line = seen.lock().unwrap().remove(0);
    assert!(
        line.contains("custom_id=favorite_bug values=[\"butterfly\"]"),
        "{line}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dm_click_exposes_the_user_and_the_channel_object() {
    let (discord, router, seen) = setup().await;
    let mut dm = interaction_json(button_data("inspect:button"), Some(902), USER_ID);
    let object = dm.as_object_mut().unwrap();
    object.remove("member");
    object.remove("guild_id");
    object.remove("guild_locale");
    object.remove("channel_id");
    object.insert("user".to_owned(), user_json(4242));
    object.insert("channel".to_owned(), json!({"id": "777", "type": 1}));
    let interaction = parse(dm);
    let token = token_of(&interaction);
    assert!(router.dispatch(entry(interaction)).await.is_handled());
    let line = seen.lock().unwrap().remove(0);
    assert!(
        line.starts_with("user=Some(4242) name=Some(\"Mason\") member=false guild=None channel=Some(777) message=Some(902)"),
        "{line}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0].content(), Some("seen"));
}
