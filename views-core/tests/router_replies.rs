//! Replies: the response state machine (first response, follow-ups, edits,
//! deferrals) and Discord's errors as typed kinds.
#![allow(clippy::unwrap_used)]

use std::time::Duration;

use serde_json::json;
use twilight_model::channel::message::{Component, component::ComponentType};
use views_core::{
    AutoDefer, DispatchOutcome, HandlerFuture, IntoHandlerResult, ItemSpec, SourceLocation, View,
    ViewContext, ViewOptions, ViewRouter, render::CustomIds,
};
use views_testkit::entry::entry;
use views_testkit::{discord::*, views::*};

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

async fn setup() -> (FakeDiscord, ViewRouter) {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    (discord, router)
}

/// Dispatches one click and returns what reached Discord for it.
async fn run(discord: &FakeDiscord, router: &ViewRouter, custom_id: &str) -> Vec<Recorded> {
    let interaction = click(custom_id, 900);
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    assert!(outcome.is_handled(), "{custom_id}: {outcome:?}");
    discord.requests_for(&token)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_reply_becomes_a_followup() {
    let (discord, router) = setup().await;
    let sent = run(&discord, &router, "counter:twice").await;
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some("first"));
    assert!(!sent[0].is_ephemeral());
    assert!(sent[1].is_followup());
    assert_eq!(sent[1].content(), Some("second"));
    assert!(sent[1].path.ends_with(&format!(
        "/webhooks/{APPLICATION_ID}/{}",
        sent[1].token().unwrap()
    )));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn defer_then_respond_edits_the_original_then_followup_and_delete() {
    let (discord, router) = setup().await;
    let sent = run(&discord, &router, "counter:deferred").await;
    let summary: Vec<_> = sent
        .iter()
        .map(|request| {
            (
                request.method.as_str(),
                request.callback_type(),
                request.content(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("POST", Some(5), None),
            ("PATCH", None, Some("after defer")),
            ("POST", None, Some("more")),
            ("DELETE", None, None),
        ]
    );
    assert!(sent[1].is_edit_original());
    assert!(sent[3].path.ends_with("/messages/@original"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn update_view_rerenders_the_components_message() {
    let (discord, router) = setup().await;
    let sent = run(&discord, &router, "counter:rerender").await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(7));
    let rows = &sent[0].body["data"]["components"];
    let first = &rows[0]["components"][0];
    // Declared ids (a persistent view) and the new state in the label.
    assert_eq!(first["custom_id"], json!("counter:increment"));
    assert_eq!(first["label"], json!("1 increment"));
    // The next click renders the new state.
    let again = run(&discord, &router, "counter:rerender").await;
    assert_eq!(
        again[0].body["data"]["components"][0]["components"][0]["label"],
        json!("2 increment")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_errors_become_typed_kinds() {
    let (discord, router) = setup().await;
    let cases = [
        (
            400,
            json!({"code": 40060, "message": "Interaction has already been acknowledged."}),
            "already-acknowledged",
        ),
        (
            404,
            json!({"code": 10062, "message": "Unknown interaction"}),
            "unknown-interaction",
        ),
        (
            404,
            json!({"code": 10008, "message": "Unknown Message"}),
            "unknown-message",
        ),
        (
            400,
            json!({"code": 50035, "message": "Invalid Form Body", "errors": {}}),
            "discord-400-50035",
        ),
    ];
    for (status, body, expected) in cases {
        discord.fail_next("/callback", status, body);
        let sent = run(&discord, &router, "counter:errors").await;
        assert_eq!(sent.len(), 2, "{sent:?}");
        assert_eq!(
            sent[1].content(),
            Some(format!("label={expected}").as_str())
        );
    }
    // Without an injected error the reply succeeds.
    let sent = run(&discord, &router, "counter:errors").await;
    assert_eq!(sent[1].content(), Some("label=ok"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_apology_is_logged_not_fatal() {
    let (discord, router) = setup().await;
    discord.fail_next(
        "/callback",
        404,
        json!({"code": 10062, "message": "Unknown interaction"}),
    );
    let interaction = click("counter:explode", 900);
    assert!(matches!(
        router.dispatch(entry(interaction)).await,
        DispatchOutcome::Failed { .. }
    ));
    assert!(
        router
            .dispatch(entry(click("counter:increment", 900)))
            .await
            .is_handled()
    );
}

/// A view whose one button uses only the public reply calls: a deferred
/// update, then an edit of the component's message and a follow-up.
struct Editor;

const EDITOR_AT: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

impl ViewOptions for Editor {
    const NAME: &'static str = "Editor";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = EDITOR_AT;
}

fn defer_then_edit(_view: &mut Editor, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.defer_update().await.into_handler_result()?;
        ctx.edit_original("edited after defer")
            .await
            .into_handler_result()?;
        ctx.followup("and a follow-up").await.into_handler_result()
    }))
}

static EDITOR_ITEMS: [ItemSpec<Editor>; 1] = [ItemSpec {
    custom_id: Some("editor:edit"),
    name: "edit",
    component_type: ComponentType::Button,
    // Off: the handler acknowledges by itself.
    auto_defer: AutoDefer::Off,
    mutates: false,
    handler: defer_then_edit,
    defined_at: EDITOR_AT,
}];

impl View for Editor {
    fn items() -> &'static [ItemSpec<Self>] {
        &EDITOR_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn defer_update_then_edit_original_patches_the_components_message() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Editor>().build().unwrap();
    router.add_view(Editor).unwrap();

    let interaction = click("editor:edit", 900);
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Handled {
                view: "Editor",
                item: "edit"
            }
        ),
        "{outcome:?}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 3, "{sent:?}");
    // Type 6: acknowledged, nothing visible yet.
    assert_eq!(sent[0].callback_type(), Some(6));
    assert!(sent[0].path.ends_with(&format!("/{token}/callback")));
    // Then PATCH @original: the message carrying the button.
    assert!(sent[1].is_edit_original(), "{:?}", sent[1]);
    assert!(
        sent[1]
            .path
            .starts_with(&format!("/api/v10/webhooks/{APPLICATION_ID}/{token}/"))
    );
    assert_eq!(sent[1].content(), Some("edited after defer"));
    // And a follow-up on the interaction's webhook.
    assert!(sent[2].is_followup(), "{:?}", sent[2]);
    assert_eq!(sent[2].content(), Some("and a follow-up"));
}

/// Through a `RecordingTransport`, a click's reply is kept instead of sent,
/// exactly as Discord would receive it; nothing reaches the HTTP client.
#[tokio::test]
async fn a_recording_transport_keeps_the_exact_callback_body() {
    use std::sync::Arc;
    use views_core::respond::{RecordingTransport, Sent};

    let discord = FakeDiscord::start().await;
    let recorder = RecordingTransport::new();
    let router = discord
        .router()
        .view::<Counter>()
        .reply_transport(Arc::new(recorder.clone()))
        .build()
        .unwrap();
    router.add_view(Counter::new("recorded")).unwrap();

    let interaction = click("counter:increment", 900);
    let interaction_id = interaction.id;
    let token = token_of(&interaction);
    assert!(router.dispatch(entry(interaction)).await.is_handled());

    let sent = recorder.sent_for(interaction_id);
    let [Sent::Callback { response, .. }] = sent.as_slice() else {
        panic!("one callback expected: {sent:?}");
    };
    assert_eq!(
        serde_json::to_value(response).unwrap(),
        json!({ "type": 4, "data": { "content": "recorded:1", "flags": 64 } })
    );
    assert!(discord.requests_for(&token).is_empty());
}
