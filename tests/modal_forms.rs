//! `#[modal]` forms with text inputs, a string select and a checkbox: the
//! modal JSON they open, submissions parsed back (Discord's label layout
//! and the legacy action rows), and routing of submissions by the router.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../views-core/tests/common/mod.rs"]
mod common;

use common::{FakeDiscord, token_of};
use serde_json::{Value, json};
use twilight_model::application::interaction::Interaction;
use twilight_views::{
    CustomIdErrorKind, DispatchOutcome, HandlerErrorKind, ModalErrorKind, RouterErrorKind,
    modal::Submission, prelude::*,
};

#[modal(title = "Bug report", custom_id = "bug-report")]
#[derive(Debug, Default, PartialEq)]
struct BugReport {
    #[text_input(label = "Title", description = "One line", max_length = 80)]
    title: String,
    #[text_input(label = "Steps", style = "paragraph", required = false)]
    steps: Option<String>,
    #[select(
        label = "Area",
        options = [
            option(label = "Gateway", value = "gateway"),
            option(label = "REST", value = "rest"),
        ],
        placeholder = "Where?"
    )]
    area: String,
    #[select(
        label = "Tags",
        options = [
            option(label = "Crash", value = "crash"),
            option(label = "Slow", value = "slow"),
            option(label = "Docs", value = "docs"),
        ],
        min_values = 0,
        max_values = 3,
        required = false
    )]
    tags: Vec<String>,
    #[checkbox(label = "Can reproduce", default = true)]
    reproducible: bool,
}

/// A modal whose custom_id carries the ticket it is about.
#[modal(title = "Close ticket", custom_id = "close:{ticket}:why")]
#[derive(Debug)]
struct CloseTicket {
    #[id_field]
    ticket: u64,
    #[text_input(label = "Reason")]
    reason: String,
}

/// A view that asks for a form inline.
#[view(persistent)]
struct Asker {
    timeout_ms: u64,
}

#[view]
impl Asker {
    #[button(custom_id = "ask", label = "Ask")]
    async fn ask(&self, ctx: ViewContext) -> ViewResult {
        let form = BugReport::default();
        let timeout = std::time::Duration::from_millis(self.timeout_ms);
        match ctx.ask(&form, timeout).await? {
            Some((submitted, form)) => {
                submitted
                    .respond_ephemeral(format!("got {} in {}", form.title, form.area))
                    .await
            }
            None => ctx.followup("no answer").await.or(Ok(())),
        }
    }
}

/// A second modal type with the same custom_id.
#[modal(title = "Other", custom_id = "bug-report")]
struct Clash {
    #[text_input(label = "X")]
    x: String,
}

fn data_json(prefill: Option<&BugReport>) -> Value {
    serde_json::to_value(BugReport::data(prefill).unwrap()).unwrap()
}

#[test]
fn the_modal_uses_labels_around_each_input() {
    let data = data_json(None);
    assert_eq!(data["custom_id"], "bug-report");
    assert_eq!(data["title"], "Bug report");
    let components = data["components"].as_array().unwrap();
    assert_eq!(components.len(), 5);
    for component in components {
        assert_eq!(component["type"], 18, "{component}");
    }
    assert_eq!(components[0]["description"], "One line");
    assert_eq!(components[0]["component"]["type"], 4);
    assert_eq!(components[0]["component"]["max_length"], 80);
    assert_eq!(components[1]["component"]["required"], false);
    let area = &components[2]["component"];
    assert_eq!(area["type"], 3);
    assert_eq!(area["custom_id"], "area");
    assert_eq!(area["required"], true);
    assert_eq!(area["options"][1]["value"], "rest");
    assert_eq!(components[3]["component"]["max_values"], 3);
    assert_eq!(components[3]["component"]["required"], false);
    let checkbox = &components[4]["component"];
    assert_eq!(checkbox["type"], 23);
    assert_eq!(checkbox["custom_id"], "reproducible");
    assert_eq!(checkbox["default"], true);
}

#[test]
fn a_prefill_shows_the_form_values() {
    let form = BugReport {
        title: "Crash on resume".to_owned(),
        steps: None,
        area: "gateway".to_owned(),
        tags: vec!["crash".to_owned(), "docs".to_owned()],
        reproducible: false,
    };
    let data = data_json(Some(&form));
    let components = &data["components"];
    assert_eq!(components[0]["component"]["value"], "Crash on resume");
    assert!(components[1]["component"].get("value").is_none());
    let area: Vec<bool> = components[2]["component"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["default"] == true)
        .collect();
    assert_eq!(area, [true, false]);
    let tags: Vec<bool> = components[3]["component"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["default"] == true)
        .collect();
    assert_eq!(tags, [true, false, true]);
    assert_eq!(components[4]["component"]["default"], false);
}

/// Submission data in Discord's current layout: each input in a label.
fn submitted(inputs: &[Value]) -> Value {
    let components: Vec<Value> = inputs
        .iter()
        .enumerate()
        .map(|(i, input)| json!({"type": 18, "id": 2 * i + 1, "component": input}))
        .collect();
    json!({"custom_id": "bug-report", "components": components})
}

fn text(custom_id: &str, value: &str) -> Value {
    json!({"type": 4, "id": 90, "custom_id": custom_id, "value": value})
}

fn select(custom_id: &str, values: &[&str]) -> Value {
    json!({"type": 3, "id": 91, "custom_id": custom_id, "values": values})
}

fn checkbox(custom_id: &str, value: bool) -> Value {
    json!({"type": 23, "id": 92, "custom_id": custom_id, "value": value})
}

fn parse(data: &Value) -> Result<BugReport, twilight_views::ModalError> {
    let data = serde_json::from_value(data.clone()).unwrap();
    let mut submission = Submission::new(&data);
    let form = BugReport::from_submission(&mut submission)?;
    submission.finish()?;
    Ok(form)
}

fn full() -> Vec<Value> {
    vec![
        text("title", "Crash"),
        text("steps", ""),
        select("area", &["rest"]),
        select("tags", &["slow", "docs"]),
        checkbox("reproducible", true),
    ]
}

#[test]
fn submissions_parse_into_the_struct() {
    let form = parse(&submitted(&full())).unwrap();
    assert_eq!(
        form,
        BugReport {
            title: "Crash".to_owned(),
            steps: None,
            area: "rest".to_owned(),
            tags: vec!["slow".to_owned(), "docs".to_owned()],
            reproducible: true,
        }
    );
}

#[test]
fn missing_extra_and_mistyped_inputs_are_errors() {
    let mut inputs = full();
    inputs.remove(0);
    let error = parse(&submitted(&inputs)).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ModalErrorKind::MissingField { field: "title" }
        ),
        "{error}"
    );

    let mut inputs = full();
    inputs[0] = text("title", "");
    let error = parse(&submitted(&inputs)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::MissingField { field: "title" }
    ));

    let mut inputs = full();
    inputs.push(text("priority", "high"));
    let error = parse(&submitted(&inputs)).unwrap_err();
    assert!(
        matches!(error.kind(), ModalErrorKind::UnexpectedField { field } if field == "priority"),
        "{error}"
    );

    let mut inputs = full();
    inputs[2] = select("area", &["rest", "gateway"]);
    let error = parse(&submitted(&inputs)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::WrongKind { field: "area" }
    ));

    let mut inputs = full();
    inputs[4] = text("reproducible", "yes");
    let error = parse(&submitted(&inputs)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::WrongKind {
            field: "reproducible"
        }
    ));
}

fn modal_interaction(data: Value) -> Interaction {
    let mut json = common::interaction_json(data, Some(950), common::USER_ID);
    json["type"] = json!(5);
    common::parse(json)
}

#[tokio::test]
async fn the_router_hands_submissions_to_the_registered_handler() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .modal(|ctx: ViewContext, form: BugReport| async move {
            ctx.respond_ephemeral(format!(
                "{} in {} ({})",
                form.title,
                form.area,
                form.tags.len()
            ))
            .await
        })
        .build()
        .unwrap();

    let interaction = modal_interaction(submitted(&full()));
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Handled {
                view: "BugReport",
                item: "submit"
            }
        ),
        "{outcome:?}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent[0].content(), Some("Crash in rest (2)"));
    assert!(sent[0].is_ephemeral());

    // A bad submission never reaches the handler: the user gets the
    // apology, the outcome says why.
    let mut inputs = full();
    inputs.remove(2);
    let interaction = modal_interaction(submitted(&inputs));
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    let DispatchOutcome::Failed { error, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert!(
        matches!(error.kind(), HandlerErrorKind::Extract { reason } if reason.contains("`area`")),
        "{error:?}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1);
    assert!(sent[0].is_ephemeral());

    // Another modal's submission is not ours: left to the rest of the bot,
    // unanswered.
    let mut data = submitted(&full());
    data["custom_id"] = json!("someone-else");
    let interaction = modal_interaction(data);
    let token = token_of(&interaction);
    assert!(matches!(
        router.dispatch(interaction).await,
        DispatchOutcome::NotComponent
    ));
    assert!(discord.requests_for(&token).is_empty());
}

#[tokio::test]
async fn two_modals_with_one_custom_id_fail_registration() {
    let discord = FakeDiscord::start().await;
    let error = discord
        .router()
        .modal(|_ctx: ViewContext, _form: BugReport| async {})
        .modal(|_ctx: ViewContext, _form: Clash| async {})
        .build()
        .unwrap_err();
    assert!(
        matches!(
            error.kind(),
            RouterErrorKind::CustomIdCollision { custom_id: "bug-report", first, second }
                if first.view == "BugReport" && second.view == "Clash"
        ),
        "{error:?}"
    );
}

#[tokio::test]
async fn templated_modal_ids_carry_id_fields() {
    let form = CloseTicket {
        ticket: 42,
        reason: String::new(),
    };
    let data = CloseTicket::data(Some(&form)).unwrap();
    assert_eq!(data.custom_id.as_deref(), Some("close:42:why"));
    let error = CloseTicket::data(None).unwrap_err();
    assert!(
        matches!(error.kind(), CustomIdErrorKind::NoFields { .. }),
        "{error}"
    );
    assert!(CloseTicket::matches("close:7:why"));
    assert!(!CloseTicket::matches("close:x:why"));
    assert!(!CloseTicket::matches("close:7:why:not"));

    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .modal(|ctx: ViewContext, form: CloseTicket| async move {
            ctx.respond(format!("#{} closed: {}", form.ticket, form.reason))
                .await
        })
        .build()
        .unwrap();
    let data = json!({"custom_id": "close:42:why", "components": [
        {"type": 18, "id": 1, "component": text("reason", "fixed")}]});
    let interaction = modal_interaction(data);
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("#42 closed: fixed")
    );

    for custom_id in ["close:x:why", "close:1:because", "close:"] {
        let data = json!({"custom_id": custom_id, "components": [
            {"type": 18, "id": 1, "component": text("reason", "fixed")}]});
        let interaction = modal_interaction(data);
        let outcome = router.dispatch(interaction).await;
        assert!(
            matches!(&outcome, DispatchOutcome::NotComponent),
            "{custom_id}: {outcome:?}"
        );
    }
}

/// The custom_id of the modal opened in answer to `token`.
async fn opened_modal_id(discord: &FakeDiscord, token: &str) -> String {
    for _ in 0..500 {
        if let Some(request) = discord
            .requests_for(token)
            .into_iter()
            .find(|request| request.callback_type() == Some(9))
        {
            return request.body["data"]["custom_id"]
                .as_str()
                .unwrap()
                .to_owned();
        }
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    panic!("no modal opened");
}

#[tokio::test]
async fn ask_awaits_the_submission_in_the_handler() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Asker>().build().unwrap();
    router.add_view(Asker { timeout_ms: 60_000 }).unwrap();
    let click = common::click("ask", 960);
    let click_token = token_of(&click);
    let running = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(click).await }
    });
    let custom_id = opened_modal_id(&discord, &click_token).await;
    assert!(custom_id.starts_with("tvm:"), "{custom_id}");

    let mut data = submitted(&full());
    data["custom_id"] = json!(custom_id);
    let submission = modal_interaction(data.clone());
    let token = token_of(&submission);
    let outcome = router.dispatch(submission).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert!(running.await.unwrap().is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("got Crash in rest")
    );

    // The same form submitted again: nobody waits any more.
    let late = modal_interaction(data);
    let token = token_of(&late);
    assert!(matches!(
        router.dispatch(late).await,
        DispatchOutcome::Expired { .. }
    ));
    assert!(discord.requests_for(&token)[0].is_ephemeral());
}

#[tokio::test]
async fn ask_gives_none_when_nothing_is_submitted_in_time() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Asker>().build().unwrap();
    router.add_view(Asker { timeout_ms: 1 }).unwrap();
    let click = common::click("ask", 961);
    let token = token_of(&click);
    assert!(router.dispatch(click).await.is_handled());
    let sent = discord.requests_for(&token);
    assert_eq!(sent[0].callback_type(), Some(9));
    assert!(
        sent.iter()
            .any(|request| request.content() == Some("no answer")),
        "{sent:?}"
    );
}
