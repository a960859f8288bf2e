//! `#[modal]` forms with text inputs, selects (string, user, role, channel,
//! mentionable), checkboxes and checkbox groups: the
//! modal JSON they open, submissions parsed back (Discord's label layout
//! and the legacy action rows), and routing of submissions by the router.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use serde_json::{Value, json};
use twilight_model::{
    application::interaction::Interaction,
    id::{
        Id,
        marker::{ChannelMarker, GenericMarker, RoleMarker, UserMarker},
    },
};
use twilight_views::{
    CustomIdErrorKind, DispatchOutcome, HandlerErrorKind, ModalErrorKind, RouterErrorKind,
    modal::Submission, prelude::*,
};
use views_testkit::discord::{FakeDiscord, USER_ID, interaction_json, token_of};
use views_testkit::entry::entry;

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

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
    let mut json = interaction_json(data, Some(950), USER_ID);
    json["type"] = json!(5);
    views_testkit::discord::parse(json)
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
    let outcome = router.dispatch(entry(interaction)).await;
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
    let outcome = router.dispatch(entry(interaction)).await;
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
        router.dispatch(entry(interaction)).await,
        DispatchOutcome::NotComponent { .. }
    ));
    assert!(discord.requests_for(&token).is_empty());
}

/// A panicking submit handler is a failed one, as for view items: the user
/// gets the ephemeral apology, the outcome is `Failed` with the panic's
/// message, and the router goes on serving.
#[tokio::test]
async fn a_panicking_submit_handler_is_answered_and_reported() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .modal(|ctx: ViewContext, form: BugReport| async move {
            if form.title == "Crash" {
                panic!("the tracker is down");
            }
            ctx.respond_ephemeral("filed").await
        })
        .build()
        .unwrap();

    let interaction = modal_interaction(submitted(&full()));
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    let DispatchOutcome::Failed { view, error, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(*view, "BugReport");
    assert!(
        matches!(error.kind(), HandlerErrorKind::Panicked { message } if message.contains("the tracker is down")),
        "{error:?}"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert!(sent[0].is_ephemeral());

    // The same router still answers the next submission.
    let mut inputs = full();
    inputs[0] = text("title", "Typo");
    let interaction = modal_interaction(submitted(&inputs));
    let token = token_of(&interaction);
    assert!(matches!(
        router.dispatch(entry(interaction)).await,
        DispatchOutcome::Handled { .. }
    ));
    assert_eq!(discord.requests_for(&token)[0].content(), Some("filed"));
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
    let outcome = router.dispatch(entry(interaction)).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("#42 closed: fixed")
    );

    for custom_id in ["close:x:why", "close:1:because", "close:"] {
        let data = json!({"custom_id": custom_id, "components": [
            {"type": 18, "id": 1, "component": text("reason", "fixed")}]});
        let interaction = modal_interaction(data);
        let outcome = router.dispatch(entry(interaction)).await;
        assert!(
            matches!(&outcome, DispatchOutcome::NotComponent { .. }),
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
    let click = views_testkit::discord::click("ask", 960);
    let click_token = token_of(&click);
    let running = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(click)).await }
    });
    let custom_id = opened_modal_id(&discord, &click_token).await;
    assert!(custom_id.starts_with("tvm:"), "{custom_id}");

    let mut data = submitted(&full());
    data["custom_id"] = json!(custom_id);
    let submission = modal_interaction(data.clone());
    let token = token_of(&submission);
    let outcome = router.dispatch(entry(submission)).await;
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
        router.dispatch(entry(late)).await,
        DispatchOutcome::Expired { .. }
    ));
    assert!(discord.requests_for(&token)[0].is_ephemeral());
}

/// Awaited modals belong to the router whose handler asked: a submission
/// that reaches another router in the same process is answered as expired
/// there, and the asking handler still gets it from its own router.
#[tokio::test]
async fn two_routers_never_share_awaited_modals() {
    let discord = FakeDiscord::start().await;
    let asking = discord.router().view::<Asker>().build().unwrap();
    asking.add_view(Asker { timeout_ms: 60_000 }).unwrap();
    let other = discord.router().view::<Asker>().build().unwrap();
    let click = views_testkit::discord::click("ask", 962);
    let click_token = token_of(&click);
    let running = tokio::spawn({
        let asking = asking.clone();
        async move { asking.dispatch(entry(click)).await }
    });
    let custom_id = opened_modal_id(&discord, &click_token).await;
    let mut data = submitted(&full());
    data["custom_id"] = json!(custom_id);

    let stray = modal_interaction(data.clone());
    let token = token_of(&stray);
    assert!(matches!(
        other.dispatch(entry(stray)).await,
        DispatchOutcome::Expired { .. }
    ));
    assert!(discord.requests_for(&token)[0].is_ephemeral());
    assert!(!running.is_finished(), "the asking handler stopped waiting");

    let submission = modal_interaction(data);
    let token = token_of(&submission);
    assert!(asking.dispatch(entry(submission)).await.is_handled());
    assert!(running.await.unwrap().is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("got Crash in rest")
    );
}

#[tokio::test]
async fn ask_gives_none_when_nothing_is_submitted_in_time() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Asker>().build().unwrap();
    router.add_view(Asker { timeout_ms: 1 }).unwrap();
    let click = views_testkit::discord::click("ask", 961);
    let token = token_of(&click);
    assert!(router.dispatch(entry(click)).await.is_handled());
    let sent = discord.requests_for(&token);
    assert_eq!(sent[0].callback_type(), Some(9));
    assert!(
        sent.iter()
            .any(|request| request.content() == Some("no answer")),
        "{sent:?}"
    );
}

// User, role, channel and mentionable selects: each form mirrors one of
// Discord's modal examples (tests/fixtures/discord-api-docs).

#[modal(title = "User Chooser", custom_id = "user_modal")]
#[derive(Debug)]
struct UserChooser {
    #[select(kind = "user", label = "Choose your users", max_values = 5)]
    user_selected: Vec<Id<UserMarker>>,
}

#[modal(title = "Role Select", custom_id = "role_modal")]
#[derive(Debug)]
struct RoleChooser {
    #[select(kind = "role", label = "Select which roles to assign", max_values = 10)]
    roles_selected: Vec<Id<RoleMarker>>,
}

#[modal(title = "Lockdown", custom_id = "channel_modal")]
#[derive(Debug)]
struct Lockdown {
    #[select(kind = "channel", label = "Which channel should be locked?")]
    channel_selected: Id<ChannelMarker>,
}

#[modal(title = "Unmentionables", custom_id = "mentionable_modal")]
#[derive(Debug)]
struct Unmentionables {
    #[select(kind = "mentionable", label = "Who gets mentioned?")]
    mentionables_selected: Vec<Id<GenericMarker>>,
}

/// Every entity select shape at once, with the optional keys.
#[modal(title = "Moderate", custom_id = "moderate")]
#[derive(Debug, PartialEq)]
struct Moderate {
    #[select(kind = "user", label = "Who", min_values = 1, max_values = 3)]
    users: Vec<Id<UserMarker>>,
    #[select(kind = "role", label = "Role", required = false)]
    role: Option<Id<RoleMarker>>,
    #[select(
        kind = "channel",
        label = "Where",
        channel_types = ["text", "forum"],
        placeholder = "A channel"
    )]
    channel: Id<ChannelMarker>,
    #[select(
        kind = "mentionable",
        label = "Notify",
        max_values = 2,
        required = false
    )]
    notify: Vec<Id<GenericMarker>>,
}

/// Discord's example file `name`.
fn fixture(name: &str) -> Value {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/discord-api-docs")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

/// Every key of Discord's example has the same value in ours; keys we add
/// are only the ones Discord defaults (`required`, `disabled`).
fn assert_same_shape(ours: &Value, theirs: &Value, at: &str) {
    match (ours, theirs) {
        (Value::Object(ours), Value::Object(theirs)) => {
            for (key, value) in theirs {
                let Some(mine) = ours.get(key) else {
                    panic!("{at}.{key} missing from {ours:?}");
                };
                assert_same_shape(mine, value, &format!("{at}.{key}"));
            }
            for (key, value) in ours {
                if !theirs.contains_key(key) {
                    assert!(
                        matches!(
                            (key.as_str(), value),
                            ("required", Value::Bool(true)) | ("disabled", Value::Bool(false))
                        ),
                        "{at}.{key} = {value} is not in Discord's example"
                    );
                }
            }
        }
        (Value::Array(ours), Value::Array(theirs)) => {
            assert_eq!(ours.len(), theirs.len(), "{at}");
            for (index, (mine, value)) in ours.iter().zip(theirs).enumerate() {
                assert_same_shape(mine, value, &format!("{at}[{index}]"));
            }
        }
        _ => assert_eq!(ours, theirs, "{at}"),
    }
}

fn modal_json<M: Modal>() -> Value {
    serde_json::to_value(M::data(None).unwrap()).unwrap()
}

/// The submission in Discord's example file `name`, parsed into `M`.
fn parse_fixture<M: Modal>(name: &str) -> Result<M, twilight_views::ModalError> {
    let data = serde_json::from_value(fixture(name)["data"].clone()).unwrap();
    let mut submission = Submission::new(&data);
    let form = M::from_submission(&mut submission)?;
    submission.finish()?;
    Ok(form)
}

#[test]
fn entity_selects_match_discords_modal_examples() {
    for (ours, name) in [
        (
            modal_json::<UserChooser>(),
            "user-select-modal-example.json",
        ),
        (
            modal_json::<RoleChooser>(),
            "role-select-modal-example.json",
        ),
        (
            modal_json::<Lockdown>(),
            "channel-select-modal-example.json",
        ),
        (
            modal_json::<Unmentionables>(),
            "mentionable-select-modal-example.json",
        ),
    ] {
        assert_same_shape(&ours, &fixture(name)["data"], name);
    }
}

#[test]
fn entity_select_submissions_parse_into_typed_ids() {
    let users: UserChooser =
        parse_fixture("user-select-modal-submit-interaction-data-example.json").unwrap();
    assert_eq!(users.user_selected, [Id::new(11_111_111_111_111_111)]);
    let roles: RoleChooser =
        parse_fixture("role-select-modal-submit-interaction-data-example.json").unwrap();
    assert_eq!(
        roles.roles_selected,
        [
            Id::new(1_362_213_912_946_147_499),
            Id::new(1_357_409_927_680_889_032)
        ]
    );
    let lockdown: Lockdown =
        parse_fixture("channel-select-modal-submit-interaction-data-example.json").unwrap();
    assert_eq!(
        lockdown.channel_selected,
        Id::new(1_357_483_683_627_663_450)
    );
    let mentioned: Unmentionables =
        parse_fixture("mentionable-select-modal-submit-interaction-data-example.json").unwrap();
    assert_eq!(
        mentioned.mentionables_selected,
        [Id::new(1_361_539_726_405_926_952)]
    );
}

#[test]
fn entity_selects_of_the_wrong_kind_or_count_are_errors() {
    // A role select submitted where the form has a user select.
    let mut data =
        fixture("role-select-modal-submit-interaction-data-example.json")["data"].clone();
    data["custom_id"] = json!("user_modal");
    data["components"][0]["component"]["custom_id"] = json!("user_selected");
    let data = serde_json::from_value(data).unwrap();
    let error = UserChooser::from_submission(&mut Submission::new(&data)).unwrap_err();
    assert!(
        matches!(
            error.kind(),
            ModalErrorKind::WrongKind {
                field: "user_selected"
            }
        ),
        "{error}"
    );
    // Two channels for a single-choice field.
    let mut data =
        fixture("channel-select-modal-submit-interaction-data-example.json")["data"].clone();
    data["components"][0]["component"]["values"] = json!(["1", "2"]);
    let data = serde_json::from_value(data).unwrap();
    let error = Lockdown::from_submission(&mut Submission::new(&data)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::WrongKind {
            field: "channel_selected"
        }
    ));
    // None chosen in a required single-choice select.
    let mut data =
        fixture("channel-select-modal-submit-interaction-data-example.json")["data"].clone();
    data["components"][0]["component"]["values"] = json!([]);
    let data = serde_json::from_value(data).unwrap();
    let error = Lockdown::from_submission(&mut Submission::new(&data)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::MissingField {
            field: "channel_selected"
        }
    ));
}

fn entity(kind: u8, custom_id: &str, values: &[&str]) -> Value {
    json!({"type": kind, "id": 93, "custom_id": custom_id, "values": values})
}

#[test]
fn entity_selects_carry_their_options_and_prefill() {
    let form = Moderate {
        users: vec![Id::new(5), Id::new(6)],
        role: None,
        channel: Id::new(7),
        notify: vec![Id::new(8)],
    };
    let data = serde_json::to_value(Moderate::data(Some(&form)).unwrap()).unwrap();
    let components = &data["components"];
    let users = &components[0]["component"];
    assert_eq!(users["type"], 5);
    assert_eq!(
        (users["min_values"].clone(), users["max_values"].clone()),
        (json!(1), json!(3))
    );
    assert_eq!(
        users["default_values"],
        json!([{"type": "user", "id": "5"}, {"type": "user", "id": "6"}])
    );
    let role = &components[1]["component"];
    assert_eq!(
        (role["type"].clone(), role["required"].clone()),
        (json!(6), json!(false))
    );
    assert!(role.get("default_values").is_none(), "{role}");
    let channel = &components[2]["component"];
    assert_eq!(channel["type"], 8);
    assert_eq!(channel["channel_types"], json!([0, 15]));
    assert_eq!(channel["placeholder"], "A channel");
    assert_eq!(
        channel["default_values"],
        json!([{"type": "channel", "id": "7"}])
    );
    let notify = &components[3]["component"];
    assert_eq!(notify["type"], 7);
    // A bare id does not say whether it is a user or a role.
    assert!(notify.get("default_values").is_none(), "{notify}");

    let mut data = submitted(&[
        entity(5, "users", &["5"]),
        entity(6, "role", &[]),
        entity(8, "channel", &["7"]),
        entity(7, "notify", &["8", "9"]),
    ]);
    data["custom_id"] = json!("moderate");
    let data = serde_json::from_value(data).unwrap();
    let mut submission = Submission::new(&data);
    let parsed = Moderate::from_submission(&mut submission).unwrap();
    submission.finish().unwrap();
    assert_eq!(
        parsed,
        Moderate {
            users: vec![Id::new(5)],
            role: None,
            channel: Id::new(7),
            notify: vec![Id::new(8), Id::new(9)],
        }
    );
}

// Checkbox groups, mirroring Discord's example.

#[modal(title = "Study Days", custom_id = "day_selection_modal")]
#[derive(Debug)]
struct StudyDays {
    #[checkbox_group(
        label = "Which days are you free?",
        description = "Choose all of the days you're able to meet up.",
        options = [
            option(label = "March 4th", value = "march-4"),
            option(label = "March 5th", value = "march-5"),
            option(
                label = "March 7th",
                value = "march-7",
                description = "I know this is a Saturday and is tough"
            ),
            option(label = "March 9th", value = "march-9"),
            option(label = "March 10th", value = "march-10"),
        ]
    )]
    event_checkbox: Vec<String>,
}

/// An optional group with limits and a default.
#[modal(title = "Toppings", custom_id = "toppings")]
#[derive(Debug)]
struct Toppings {
    #[checkbox_group(
        label = "Toppings",
        options = [
            option(label = "Cheese", value = "cheese", default = true),
            option(label = "Olives", value = "olives"),
            option(label = "Basil", value = "basil"),
        ],
        min_values = 0,
        max_values = 2,
        required = false
    )]
    toppings: Vec<String>,
}

#[test]
fn checkbox_groups_match_discords_modal_example() {
    assert_same_shape(
        &modal_json::<StudyDays>(),
        &fixture("checkbox-group-modal-example.json")["data"],
        "checkbox-group",
    );
}

#[test]
fn checkbox_group_submissions_parse_into_the_ticked_values() {
    let days: StudyDays =
        parse_fixture("checkbox-group-modal-submit-interaction-data-example.json").unwrap();
    assert_eq!(days.event_checkbox, ["march-5", "march-10", "march-4"]);

    // Nothing ticked: an error for a required group, empty for an optional one.
    let mut data =
        fixture("checkbox-group-modal-submit-interaction-data-example.json")["data"].clone();
    data["components"][0]["component"]["values"] = json!([]);
    let parsed = serde_json::from_value(data.clone()).unwrap();
    let error = StudyDays::from_submission(&mut Submission::new(&parsed)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::MissingField {
            field: "event_checkbox"
        }
    ));
    data["custom_id"] = json!("toppings");
    data["components"][0]["component"]["custom_id"] = json!("toppings");
    let parsed = serde_json::from_value(data).unwrap();
    let toppings = Toppings::from_submission(&mut Submission::new(&parsed)).unwrap();
    assert!(toppings.toppings.is_empty());

    // A string select under the group's custom_id is not a group.
    let mut data = submitted(&[select("toppings", &["cheese"])]);
    data["custom_id"] = json!("toppings");
    let parsed = serde_json::from_value(data).unwrap();
    let error = Toppings::from_submission(&mut Submission::new(&parsed)).unwrap_err();
    assert!(matches!(
        error.kind(),
        ModalErrorKind::WrongKind { field: "toppings" }
    ));
}

#[test]
fn checkbox_groups_carry_limits_defaults_and_prefill() {
    let data = modal_json::<Toppings>();
    let group = &data["components"][0]["component"];
    assert_eq!(group["type"], 22);
    assert_eq!(group["min_values"], 0);
    assert_eq!(group["max_values"], 2);
    assert_eq!(group["required"], false);
    assert_eq!(group["options"][0]["default"], true);
    assert!(group["options"][1].get("default").is_none(), "{group}");

    let form = Toppings {
        toppings: vec!["basil".to_owned()],
    };
    let data = serde_json::to_value(Toppings::data(Some(&form)).unwrap()).unwrap();
    let ticked: Vec<bool> = data["components"][0]["component"]["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|option| option["default"] == true)
        .collect();
    assert_eq!(ticked, [false, false, true]);
}

/// A started view that asks for a form, then re-renders itself with the
/// submission's context.
#[view]
struct Renamer {
    name: String,
}

#[view]
impl Renamer {
    #[button(label = format!("Name: {}", self.name))]
    async fn rename(&mut self, ctx: ViewContext) -> ViewResult {
        let timeout = std::time::Duration::from_secs(60);
        if let Some((submitted, form)) = ctx.ask(&BugReport::default(), timeout).await? {
            self.name = form.title;
            submitted.update_view(self).await?;
        }
        Ok(())
    }
}

/// The context `ask` returns re-renders the asking view with its own
/// generated ids, so its buttons keep working after the edit.
#[tokio::test]
async fn an_awaited_submission_re_renders_a_started_view_with_its_ids() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Renamer>().build().unwrap();
    let handle = router.start(Renamer {
        name: "old".to_owned(),
    });
    let ids = views_testkit::discord::custom_ids_of(&handle.components().await);
    handle.bind(twilight_model::id::Id::new(951));
    let click = views_testkit::discord::click(&ids[0], 951);
    let click_token = token_of(&click);
    let running = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(click)).await }
    });
    let custom_id = opened_modal_id(&discord, &click_token).await;
    let mut data = submitted(&full());
    data["custom_id"] = json!(custom_id);
    let submission = modal_interaction(data);
    let token = token_of(&submission);
    assert!(router.dispatch(entry(submission)).await.is_handled());
    assert!(running.await.unwrap().is_handled());

    let update = &discord.requests_for(&token)[0].body;
    assert_eq!(update["type"], 7, "the message is edited: {update}");
    let button = &update["data"]["components"][0]["components"][0];
    assert_eq!(button["label"], "Name: Crash");
    assert_eq!(button["custom_id"], json!(ids[0]), "the instance's own id");
}
