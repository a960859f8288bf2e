//! Routing: bound before unbound, unknown ids, malformed interactions,
//! registration errors, and the span every dispatch runs in.
#![allow(clippy::unwrap_used)]

use serde_json::json;
use twilight_model::{
    application::interaction::{InteractionData, InteractionType},
    id::Id,
};
use views_core::{DispatchOutcome, RouterErrorKind};
use views_testkit::entry::entry;
use views_testkit::{discord::*, views::*};

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bound_view_takes_precedence_over_unbound() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    router
        .bind_in_memory(Id::new(900), Counter::new("bound"))
        .unwrap();

    let on_bound = click("counter:increment", 900);
    let on_other = click("counter:increment", 901);
    let (bound_token, other_token) = (token_of(&on_bound), token_of(&on_other));

    let outcome = router.dispatch(entry(on_bound)).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Handled {
                view: "Counter",
                item: "increment"
            }
        ),
        "{outcome:?}"
    );
    assert!(router.dispatch(entry(on_other)).await.is_handled());
    // A second click on the bound message reaches the same bound instance.
    let again = click("counter:increment", 900);
    let again_token = token_of(&again);
    assert!(router.dispatch(entry(again)).await.is_handled());

    let bound = discord.requests_for(&bound_token);
    assert_eq!(bound.len(), 1, "{bound:?}");
    assert_eq!(bound[0].callback_type(), Some(4));
    assert_eq!(bound[0].content(), Some("bound:1"));
    assert!(bound[0].is_ephemeral());
    assert_eq!(
        discord.requests_for(&other_token)[0].content(),
        Some("unbound:1")
    );
    assert_eq!(
        discord.requests_for(&again_token)[0].content(),
        Some("bound:2")
    );

    // Unbinding sends the message's clicks to the unbound view again.
    assert!(router.unbind(Id::new(900)).await.unwrap());
    let after = click("counter:increment", 900);
    let after_token = token_of(&after);
    assert!(router.dispatch(entry(after)).await.is_handled());
    assert_eq!(
        discord.requests_for(&after_token)[0].content(),
        Some("unbound:2")
    );

    // Removing the unbound view leaves bound views working.
    router
        .bind_in_memory(Id::new(902), Counter::new("bound-again"))
        .unwrap();
    assert!(router.remove_view::<Counter>());
    assert!(!router.remove_view::<Counter>());
    let outcome = router
        .dispatch(entry(click("counter:increment", 901)))
        .await;
    assert!(
        matches!(outcome, DispatchOutcome::UnknownCustomId { .. }),
        "{outcome:?}"
    );
    assert!(
        router
            .dispatch(entry(click("counter:increment", 902)))
            .await
            .is_handled()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_custom_id_is_returned_and_not_answered() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();

    let stranger = click("someone-else:button", 900);
    let token = token_of(&stranger);
    let outcome = router.dispatch(entry(stranger)).await;
    match outcome {
        // Handed back untouched, for the library that owns the component.
        DispatchOutcome::UnknownCustomId {
            custom_id,
            interaction,
        } => {
            assert_eq!(custom_id, "someone-else:button");
            assert_eq!(interaction.token, token);
            let interaction = interaction.into_interaction();
            assert_eq!(
                interaction.message.map(|message| message.id.get()),
                Some(900)
            );
        }
        other => panic!("unexpected {other:?}"),
    }
    // A registered id whose view was never added is unknown too.
    let router = discord.router().view::<Counter>().build().unwrap();
    let outcome = router
        .dispatch(entry(click("counter:increment", 900)))
        .await;
    assert!(
        matches!(outcome, DispatchOutcome::UnknownCustomId { .. }),
        "{outcome:?}"
    );
    // Nothing reached Discord: another library may own those components.
    assert!(discord.requests().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_interactions_never_panic() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    router
        .bind_in_memory(Id::new(900), Counter::new("bound"))
        .unwrap();

    // A command interaction from the docs (upgraded to twilight 0.18's shape).
    let mut command = fixture("slash-command-interaction-full.json");
    command["application_id"] = json!(APPLICATION_ID.to_string());
    command["attachment_size_limit"] = json!(8_388_608);
    command["authorizing_integration_owners"] = json!({});
    command["entitlements"] = json!([]);
    command["member"]["flags"] = json!(0);
    let command = parse(command);
    let command_id = command.id;
    let outcome = router.dispatch(entry(command)).await;
    assert!(
        matches!(outcome, DispatchOutcome::NotComponent { .. }),
        "{outcome:?}"
    );
    // Handed back for the command framework.
    let back = outcome
        .into_unhandled()
        .expect("the command is handed back");
    assert_eq!(back.id, command_id);
    assert_eq!(back.kind, InteractionType::ApplicationCommand);

    // A component interaction without data.
    // (twilight refuses to deserialise one, but the gateway is not the
    // only source of interactions: HTTP endpoints build their own.)
    let mut no_data = click("counter:increment", 900);
    no_data.data = None;
    let outcome = router.dispatch(entry(no_data)).await;
    assert!(
        matches!(outcome, DispatchOutcome::Malformed { .. }),
        "{outcome:?}"
    );

    // A component interaction carrying a modal's data.
    let mut wrong = click("counter:increment", 900);
    wrong.data = Some(InteractionData::ModalSubmit(Box::new(
        serde_json::from_value(
            fixture("text-input-modal-submit-interaction-data-example.json")["data"].clone(),
        )
        .unwrap(),
    )));
    let mut modal = wrong.clone();
    modal.kind = InteractionType::ModalSubmit;
    let outcome = router.dispatch(entry(wrong)).await;
    assert!(
        matches!(outcome, DispatchOutcome::Malformed { .. }),
        "{outcome:?}"
    );
    // A modal submit is not a component click.
    assert!(matches!(
        router.dispatch(entry(modal)).await,
        DispatchOutcome::NotComponent { .. }
    ));

    // A select's data on a button's custom_id: the type does not match.
    let mut select = fixture_data("string-select-message-interaction-data-example.json");
    select["custom_id"] = json!("counter:increment");
    let outcome = router
        .dispatch(entry(parse(interaction_json(select, Some(900), USER_ID))))
        .await;
    assert!(
        matches!(outcome, DispatchOutcome::Malformed { .. }),
        "{outcome:?}"
    );

    // No message: the bound lookup is skipped, the unbound view serves it.
    let no_message = parse(interaction_json(
        button_data("counter:increment"),
        None,
        USER_ID,
    ));
    let token = token_of(&no_message);
    assert!(router.dispatch(entry(no_message)).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("unbound:1"));

    // Generated-looking ids with absurd indices or shapes do not panic.
    for custom_id in [
        "tvi:",
        "tvi:x:99999999999999999999999",
        "tvi:x.1:4294967296",
        "",
    ] {
        let outcome = router.dispatch(entry(click(custom_id, 900))).await;
        assert!(!outcome.is_handled(), "{custom_id}: {outcome:?}");
    }

    // Only the handled click was answered; the odd ids answered as expired.
    let answered: Vec<_> = discord
        .requests()
        .into_iter()
        .filter(|request| request.content() != Some(views_core::router::DEFAULT_EXPIRED_MESSAGE))
        .collect();
    assert_eq!(answered.len(), 1, "{answered:?}");
    // The router still works afterwards.
    assert!(
        router
            .dispatch(entry(click("counter:increment", 900)))
            .await
            .is_handled()
    );
}

#[tokio::test]
async fn colliding_custom_ids_name_both_views_and_locations() {
    let http = std::sync::Arc::new(twilight_http::Client::builder().ratelimiter(None).build());
    let error = views_core::ViewRouter::builder(http, application_id())
        .view::<Counter>()
        .view::<Clash>()
        .build()
        .unwrap_err();
    match error.kind() {
        RouterErrorKind::CustomIdCollision {
            custom_id,
            first,
            second,
        } => {
            assert_eq!(*custom_id, "counter:increment");
            assert_eq!((first.view, first.item), ("Counter", "increment"));
            assert_eq!((second.view, second.item), ("Clash", "also_increment"));
            assert_eq!(second.item_defined_at.line, 12);
        }
        other => panic!("unexpected {other:?}"),
    }
    let message = error.to_string();
    for part in [
        "Counter::increment",
        "Clash::also_increment",
        "tests/clash.rs:7",
        "tests/clash.rs:12",
        "views-testkit/src/views.rs:",
    ] {
        assert!(message.contains(part), "{part} missing from: {message}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_mode_errors() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let error = router.add_view(Counter::new("x")).unwrap_err();
    assert!(matches!(
        error.kind(),
        RouterErrorKind::NotRegistered {
            view: "Counter",
            ..
        }
    ));
    assert!(error.to_string().contains(".view::<Counter>()"), "{error}");

    let router = discord
        .router()
        .view::<Counter>()
        .view::<Poll>()
        .build()
        .unwrap();
    let error = router
        .add_view(Poll {
            probe: PollProbe::default(),
        })
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        RouterErrorKind::NotPersistent { view: "Poll", .. }
    ));
    let error = router
        .bind_in_memory(
            Id::new(1),
            Poll {
                probe: PollProbe::default(),
            },
        )
        .unwrap_err();
    assert!(matches!(
        error.kind(),
        RouterErrorKind::NotPersistent { .. }
    ));
    assert!(!router.is_bound(Id::new(1)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dispatch_takes_the_gateway_event_box_a_boxed_or_a_plain_interaction() {
    use twilight_model::gateway::payload::incoming::InteractionCreate;

    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router
        .bind_in_memory(Id::new(910), Counter::new("forms"))
        .unwrap();

    // As twilight-gateway delivers it: `Event::InteractionCreate(Box<_>)`.
    let event = Box::new(InteractionCreate(click("counter:increment", 910)));
    let event_token = event.token.clone();
    assert!(router.dispatch(entry(event)).await.is_handled());
    // Boxed by the caller (an HTTP interactions endpoint, say), and plain.
    let boxed = Box::new(click("counter:increment", 910));
    let boxed_token = boxed.token.clone();
    assert!(router.dispatch(entry(boxed)).await.is_handled());
    let plain = click("counter:increment", 910);
    let plain_token = token_of(&plain);
    assert!(router.dispatch(entry(plain)).await.is_handled());

    // All three reached the same instance, and each reply used its own
    // interaction's token.
    for (token, count) in [(event_token, 1), (boxed_token, 2), (plain_token, 3)] {
        let requests = discord.requests_for(&token);
        assert_eq!(requests.len(), 1, "{requests:?}");
        assert_eq!(
            requests[0].content(),
            Some(format!("forms:{count}").as_str())
        );
    }
}

/// What a log or trace backend learns of each click: the `dispatch` span's
/// fields, declared empty and recorded as the click goes.
#[tokio::test]
async fn every_dispatch_runs_in_a_span_that_records_what_came_of_it() {
    let spans = SpanFields::default();
    let _default = tracing::subscriber::set_default(spans.clone());
    // tracing caches each callsite's interest globally, and while a single
    // dispatcher exists it asks the registering thread's default: another
    // test's thread registering the `dispatch` callsite would cache "never"
    // for it. With a second dispatcher alive, interest is computed over all
    // of them, this subscriber included.
    let _second = tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default());
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();

    assert!(
        router
            .dispatch(entry(click("counter:increment", 901)))
            .await
            .is_handled()
    );
    assert!(
        router
            .dispatch_from_shard(click("nobody:owns-this", 902), 3)
            .await
            .into_unhandled()
            .is_some()
    );

    let dispatches = spans.named("dispatch");
    assert_eq!(dispatches.len(), 2, "{dispatches:?}");
    let handled = &dispatches[0];
    assert_eq!(
        handled.get("custom_id").map(String::as_str),
        Some("counter:increment")
    );
    assert_eq!(handled.get("message_id").map(String::as_str), Some("901"));
    assert_eq!(handled.get("outcome").map(String::as_str), Some("handled"));
    assert_eq!(handled.get("view").map(String::as_str), Some("Counter"));
    assert_eq!(handled.get("item").map(String::as_str), Some("increment"));
    assert!(!handled.contains_key("shard"), "{handled:?}");
    let latency: u64 = handled["latency_us"].parse().unwrap();
    assert!(latency < 10_000_000, "{latency}");

    let unknown = &dispatches[1];
    assert_eq!(
        unknown.get("outcome").map(String::as_str),
        Some("unknown_custom_id")
    );
    assert_eq!(unknown.get("shard").map(String::as_str), Some("3"));
    assert!(!unknown.contains_key("view"), "{unknown:?}");
}

/// A subscriber keeping the fields of every span, by span name, in the
/// order the spans were created.
#[derive(Clone, Default)]
struct SpanFields {
    spans: std::sync::Arc<std::sync::Mutex<Vec<SpanRecord>>>,
}

type SpanRecord = (&'static str, std::collections::BTreeMap<String, String>);

impl SpanFields {
    fn named(&self, name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
        self.spans
            .lock()
            .unwrap()
            .iter()
            .filter(|(span, _)| *span == name)
            .map(|(_, fields)| fields.clone())
            .collect()
    }

    fn visit(&self, id: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        let index = usize::try_from(id.into_u64() - 1).unwrap();
        values.record(&mut FieldWriter(&mut spans[index].1));
    }
}

struct FieldWriter<'a>(&'a mut std::collections::BTreeMap<String, String>);

impl tracing::field::Visit for FieldWriter<'_> {
    fn record_str(&mut self, field: &tracing::field::Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &tracing::field::Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl tracing::Subscriber for SpanFields {
    fn enabled(&self, _: &tracing::Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &tracing::span::Attributes<'_>) -> tracing::span::Id {
        let mut fields = std::collections::BTreeMap::new();
        span.record(&mut FieldWriter(&mut fields));
        let mut spans = self.spans.lock().unwrap();
        spans.push((span.metadata().name(), fields));
        tracing::span::Id::from_u64(u64::try_from(spans.len()).unwrap())
    }

    fn record(&self, span: &tracing::span::Id, values: &tracing::span::Record<'_>) {
        self.visit(span, values);
    }

    fn record_follows_from(&self, _: &tracing::span::Id, _: &tracing::span::Id) {}

    fn event(&self, _: &tracing::Event<'_>) {}

    fn enter(&self, _: &tracing::span::Id) {}

    fn exit(&self, _: &tracing::span::Id) {}
}
