//! Modals with every field kind: the driver's `ModalSubmission` and the
//! control API submit text, selects, checkboxes, checkbox groups and file
//! uploads (kept and served at their attachment URLs); the
//! bot (a raw gateway client here, to see the exact frames) gets a
//! MODAL_SUBMIT in the modal's own nesting that twilight-model parses, and
//! what a Discord client would refuse is refused.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{WAIT, control, http, raw};
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_websockets::{ClientBuilder, MaybeTlsStream, Message, WebSocketStream};
use twilight_model::application::interaction::modal::ModalInteractionComponent as Submitted;
use twilight_model::application::interaction::{Interaction, InteractionData, InteractionType};
use twilight_model::http::interaction::{InteractionResponse, InteractionResponseType};
use twilight_model::id::Id;
use twilight_model::id::marker::InteractionMarker;
use views_sandbox::{
    ModalSubmission, Sandbox, SandboxConfig, SandboxError, SandboxErrorKind, Upload,
};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// A bot that is only a gateway connection, so each test sees the exact
/// INTERACTION_CREATE frames.
struct Bot {
    ws: Ws,
    http: twilight_http::Client,
}

async fn start() -> (Sandbox, Bot) {
    // Long heartbeats: the raw client never sends one.
    let config = SandboxConfig::default().heartbeat_interval(Duration::from_secs(600));
    let sandbox = Sandbox::start(config).await.unwrap();
    sandbox.clock().pause();
    let uri = format!("{}/?v=10&encoding=json", sandbox.gateway_url());
    let (mut ws, _) = ClientBuilder::new()
        .uri(&uri)
        .unwrap()
        .connect()
        .await
        .unwrap();
    let identify =
        json!({"op": 2, "d": {"token": "t", "intents": 0, "properties": {}, "shard": [0, 1]}});
    ws.send(Message::text(identify.to_string())).await.unwrap();
    let mut bot = Bot {
        ws,
        http: http(&sandbox),
    };
    bot.dispatch("READY").await;
    (sandbox, bot)
}

impl Bot {
    /// The `d` of the next dispatch named `event` (others are skipped).
    async fn dispatch(&mut self, event: &str) -> Value {
        loop {
            let frame = tokio::time::timeout(WAIT, self.ws.next())
                .await
                .expect("frame in time")
                .expect("stream open")
                .expect("frame ok");
            let Some(text) = frame.as_text() else {
                continue;
            };
            let mut payload: Value = serde_json::from_str(text).unwrap();
            if payload["t"] == event {
                return payload["d"].take();
            }
        }
    }

    /// Posts a button, has alice click it and answers with `modal` (the
    /// `data` of a type-9 response); returns the click's interaction id.
    async fn open(&mut self, sandbox: &Sandbox, modal: Value) -> Id<InteractionMarker> {
        let f = sandbox.fixtures().clone();
        let row = json!([{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Open", "custom_id": "open"}]}]);
        let message = self
            .http
            .create_message(f.channel_id)
            .components(&serde_json::from_value::<Vec<_>>(row).unwrap())
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let clicked = sandbox.click(message.id, "open", f.users[0].id).unwrap();
        let interaction: Interaction =
            serde_json::from_value(self.dispatch("INTERACTION_CREATE").await).unwrap();
        assert_eq!(interaction.id, clicked);
        let response = InteractionResponse {
            kind: InteractionResponseType::Modal,
            data: Some(serde_json::from_value(modal).unwrap()),
        };
        self.http
            .interaction(sandbox.application_id())
            .create_response(interaction.id, &interaction.token, &response)
            .await
            .expect("modal accepted");
        clicked
    }

    /// The raw `d` of the MODAL_SUBMIT the bot gets for `submitted`, and
    /// twilight-model's reading of it.
    async fn submitted(&mut self, submitted: Id<InteractionMarker>) -> (Value, Interaction) {
        let raw = self.dispatch("INTERACTION_CREATE").await;
        let interaction: Interaction =
            serde_json::from_value(raw.clone()).expect("twilight parses");
        assert_eq!(interaction.id, submitted);
        assert_eq!(interaction.kind, InteractionType::ModalSubmit);
        (raw, interaction)
    }
}

/// Five labelled fields: text, string select, user select, checkbox,
/// checkbox group (a modal holds at most five components).
fn form() -> Value {
    json!({"custom_id": "form", "title": "Form", "components": [
        {"type": 18, "label": "Subject", "component":
            {"type": 4, "custom_id": "subject", "style": 1, "min_length": 3, "max_length": 20}},
        {"type": 18, "label": "Colours", "component":
            {"type": 3, "custom_id": "colours", "max_values": 2, "options": [
                {"label": "Red", "value": "red"}, {"label": "Blue", "value": "blue", "default": true},
                {"label": "Green", "value": "green"}]}},
        {"type": 18, "label": "Who", "component": {"type": 5, "custom_id": "who", "required": false}},
        {"type": 18, "label": "Urgent", "component": {"type": 23, "custom_id": "urgent"}},
        {"type": 18, "label": "Notify", "component": {"type": 22, "custom_id": "notify",
            "min_values": 1, "max_values": 2, "options": [
                {"label": "Email", "value": "email"}, {"label": "SMS", "value": "sms", "default": true},
                {"label": "Pager", "value": "pager"}]}},
    ]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_labelled_field_kind_reaches_the_bot_as_discord_sends_it() {
    let (sandbox, mut bot) = start().await;
    let f = sandbox.fixtures().clone();
    let opened = bot.open(&sandbox, form()).await;
    let bob = f.users[1].id.to_string();
    let submission = ModalSubmission::new()
        .text("subject", "Printer on fire")
        .select("colours", ["red", "green"])
        .select("who", [bob.as_str()])
        .checkbox("urgent", true)
        .checkbox_group("notify", ["email", "pager"]);
    let id = sandbox
        .submit_modal_with(opened, &submission, f.users[0].id)
        .unwrap();
    let (raw, interaction) = bot.submitted(id).await;

    assert_eq!(
        raw["data"]["components"],
        json!([
            {"type": 18, "id": 1, "component":
                {"type": 4, "id": 2, "custom_id": "subject", "value": "Printer on fire"}},
            {"type": 18, "id": 3, "component":
                {"type": 3, "id": 4, "custom_id": "colours", "values": ["red", "green"]}},
            {"type": 18, "id": 5, "component":
                {"type": 5, "id": 6, "custom_id": "who", "values": [bob]}},
            {"type": 18, "id": 7, "component":
                {"type": 23, "id": 8, "custom_id": "urgent", "value": true}},
            {"type": 18, "id": 9, "component":
                {"type": 22, "id": 10, "custom_id": "notify", "values": ["email", "pager"]}},
        ])
    );
    assert_eq!(raw["data"]["custom_id"], "form");
    assert_eq!(raw["member"]["user"]["id"], f.users[0].id.to_string());

    let Some(InteractionData::ModalSubmit(data)) = interaction.data else {
        panic!("modal submit data expected");
    };
    let fields: Vec<&Submitted> = data
        .components
        .iter()
        .map(|c| match c {
            Submitted::Label(label) => &*label.component,
            other => panic!("a label expected, got {other:?}"),
        })
        .collect();
    assert!(matches!(fields[0], Submitted::TextInput(t) if t.value == "Printer on fire"));
    assert!(matches!(fields[1], Submitted::StringSelect(s) if s.values == ["red", "green"]));
    assert!(matches!(fields[2], Submitted::UserSelect(s) if s.values == [f.users[1].id]));
    assert!(matches!(fields[3], Submitted::Checkbox(c) if c.value && c.custom_id == "urgent"));
    assert!(matches!(fields[4], Submitted::CheckboxGroup(g) if g.values == ["email", "pager"]));
    let resolved = data.resolved.expect("the chosen user resolved");
    assert_eq!(resolved.users[&f.users[1].id].name, "bob");
    assert!(resolved.members.contains_key(&f.users[1].id));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untouched_fields_submit_what_the_modal_shows() {
    let (sandbox, mut bot) = start().await;
    let f = sandbox.fixtures().clone();
    let mut modal = form();
    modal["components"][0]["component"]["value"] = json!("Prefilled");
    modal["components"][3]["component"]["default"] = json!(true);
    let opened = bot.open(&sandbox, modal).await;
    let id = sandbox
        .submit_modal_with(opened, &ModalSubmission::new(), f.users[0].id)
        .unwrap();
    let (raw, _) = bot.submitted(id).await;
    let values: Vec<Value> = raw["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|label| {
            let field = &label["component"];
            field.get("value").unwrap_or(&field["values"]).clone()
        })
        .collect();
    assert_eq!(
        values,
        [
            json!("Prefilled"),
            json!(["blue"]),
            json!([]),
            json!(true),
            json!(["sms"])
        ]
    );
    sandbox.shutdown().await;
}

/// Role, channel and mentionable selects, a text display and a legacy
/// action row around a text input.
fn entities() -> Value {
    json!({"custom_id": "entities", "title": "Entities", "components": [
        {"type": 10, "content": "Pick things"},
        {"type": 18, "label": "Role", "component": {"type": 6, "custom_id": "role"}},
        {"type": 18, "label": "Channel", "component": {"type": 8, "custom_id": "channel"}},
        {"type": 18, "label": "Anyone", "component":
            {"type": 7, "custom_id": "anyone", "max_values": 2}},
        {"type": 1, "components": [
            {"type": 4, "custom_id": "note", "label": "Note", "style": 2, "required": false}]},
    ]})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn role_channel_and_mentionable_selects_resolve_and_legacy_rows_nest() {
    let (sandbox, mut bot) = start().await;
    let f = sandbox.fixtures().clone();
    let opened = bot.open(&sandbox, entities()).await;
    // The sandbox's roles are the guilds' @everyone roles (id = guild id).
    let everyone = f.guild_id.to_string();
    let channel = f.channel_id.to_string();
    let carol = f.users[2].id.to_string();
    let submission = ModalSubmission::new()
        .select("role", [everyone.as_str()])
        .select("channel", [channel.as_str()])
        .select("anyone", [carol.as_str(), everyone.as_str()])
        .text("note", "see you");
    let id = sandbox
        .submit_modal_with(opened, &submission, f.users[0].id)
        .unwrap();
    let (raw, interaction) = bot.submitted(id).await;
    assert_eq!(
        raw["data"]["components"],
        json!([
            {"type": 10, "id": 1},
            {"type": 18, "id": 2, "component":
                {"type": 6, "id": 3, "custom_id": "role", "values": [everyone]}},
            {"type": 18, "id": 4, "component":
                {"type": 8, "id": 5, "custom_id": "channel", "values": [channel]}},
            {"type": 18, "id": 6, "component":
                {"type": 7, "id": 7, "custom_id": "anyone", "values": [carol, everyone]}},
            {"type": 1, "id": 8, "components": [
                {"type": 4, "id": 9, "custom_id": "note", "value": "see you"}]},
        ])
    );
    let Some(InteractionData::ModalSubmit(data)) = interaction.data else {
        panic!("modal submit data expected");
    };
    assert!(matches!(&data.components[0], Submitted::TextDisplay(_)));
    let Submitted::Label(role) = &data.components[1] else {
        panic!("label");
    };
    assert!(
        matches!(&*role.component, Submitted::RoleSelect(s) if s.values == [f.guild_id.cast()])
    );
    let Submitted::Label(anyone) = &data.components[3] else {
        panic!("label");
    };
    assert!(matches!(&*anyone.component, Submitted::MentionableSelect(s) if s.values.len() == 2));
    let Submitted::ActionRow(row) = &data.components[4] else {
        panic!("action row");
    };
    assert!(matches!(&row.components[0], Submitted::TextInput(t) if t.value == "see you"));
    let resolved = data.resolved.expect("resolved entities");
    assert_eq!(resolved.roles[&f.guild_id.cast()].name, "@everyone");
    assert_eq!(resolved.channels[&f.channel_id].name, "general");
    assert_eq!(resolved.users[&f.users[2].id].name, "carol");
    sandbox.shutdown().await;
}

fn kind(result: Result<Id<InteractionMarker>, SandboxError>) -> SandboxErrorKind {
    result.expect_err("refused").into_parts().0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_a_discord_client_would_refuse_is_refused() {
    let (sandbox, mut bot) = start().await;
    let f = sandbox.fixtures().clone();
    let alice = f.users[0].id;
    let opened = bot.open(&sandbox, form()).await;
    let good = || ModalSubmission::new().text("subject", "Fine");
    let submit = |s: ModalSubmission| sandbox.submit_modal_with(opened, &s, alice);

    assert!(matches!(
        kind(submit(good().text("nope", "x"))),
        SandboxErrorKind::UnknownField { custom_id } if custom_id == "nope"
    ));
    assert!(matches!(
        kind(submit(good().text("urgent", "yes"))),
        SandboxErrorKind::WrongComponent { custom_id } if custom_id == "urgent"
    ));
    assert!(matches!(
        kind(submit(good().checkbox("colours", true))),
        SandboxErrorKind::WrongComponent { .. }
    ));
    assert!(matches!(
        kind(submit(good().select("notify", ["email"]))),
        SandboxErrorKind::WrongComponent { .. }
    ));
    // The required text input has no prefill.
    assert!(matches!(
        kind(submit(ModalSubmission::new())),
        SandboxErrorKind::MissingField { custom_id } if custom_id == "subject"
    ));
    assert!(matches!(
        kind(submit(ModalSubmission::new().text("subject", ""))),
        SandboxErrorKind::MissingField { .. }
    ));
    for (submission, why) in [
        (ModalSubmission::new().text("subject", "ab"), "2 characters"),
        (
            ModalSubmission::new().text("subject", "x".repeat(21)),
            "21 characters",
        ),
        (
            good().select("colours", ["red", "blue", "green"]),
            "3 values chosen",
        ),
        (good().select("colours", ["purple"]), "not an option"),
        (good().select("who", ["123"]), "not a known user"),
        (
            good().checkbox_group("notify", ["email", "sms", "pager"]),
            "3 boxes ticked",
        ),
        (good().checkbox_group("notify", ["fax"]), "not an option"),
        (
            good().text("subject", "a").text("subject", "b"),
            "given twice",
        ),
    ] {
        let error = submit(submission).expect_err(why);
        assert!(
            matches!(error.kind(), SandboxErrorKind::InvalidValues { .. }),
            "{why}: {error}"
        );
        assert!(error.to_string().contains(why), "{why}: {error}");
    }
    // A required group left empty, and a required select emptied.
    assert!(matches!(
        kind(submit(good().checkbox_group("notify", Vec::<String>::new()))),
        SandboxErrorKind::MissingField { custom_id } if custom_id == "notify"
    ));
    assert!(matches!(
        kind(submit(good().select("colours", Vec::<String>::new()))),
        SandboxErrorKind::MissingField { custom_id } if custom_id == "colours"
    ));
    // Nothing refused reached the bot: the next submission is the next event.
    let id = submit(good()).unwrap();
    bot.submitted(id).await;

    // Entity selects take only what the sandbox knows.
    let opened = bot.open(&sandbox, entities()).await;
    let valid = [
        ("role", f.guild_id.to_string()),
        ("channel", f.channel_id.to_string()),
        ("anyone", f.users[2].id.to_string()),
    ];
    for (field, why) in [
        ("role", "not a known role"),
        ("channel", "not a known channel"),
        ("anyone", "not a known user or role"),
    ] {
        // The other (required) selects hold valid ids; `field` holds 42.
        let submission = valid.iter().fold(ModalSubmission::new(), |s, (name, id)| {
            let value = if *name == field { "42" } else { id.as_str() };
            s.select(*name, [value])
        });
        let error = sandbox
            .submit_modal_with(opened, &submission, alice)
            .expect_err(why);
        assert!(error.to_string().contains(why), "{why}: {error}");
    }
    // Without a modal there is nothing to submit.
    assert!(matches!(
        kind(sandbox.submit_modal(Id::new(1), &[("subject", "x")], alice)),
        SandboxErrorKind::UnknownInteraction { .. }
    ));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_api_submits_every_field_kind() {
    let (sandbox, mut bot) = start().await;
    let f = sandbox.fixtures().clone();
    let alice = f.users[0].id.to_string();
    let opened = bot.open(&sandbox, form()).await.to_string();
    let bob = f.users[1].id.to_string();
    let post = |fields: Value| {
        let body = json!({"interaction_id": opened, "user_id": alice, "fields": fields});
        control(&sandbox, "POST", "/modal", Some(body))
    };

    let (status, error) = post(json!({"subject": "Fine", "nope": "x"})).await;
    assert_eq!(status, 404, "{error}");
    let (status, error) = post(json!({"subject": "Fine", "urgent": "yes"})).await;
    assert_eq!(status, 400, "{error}");
    let (status, error) = post(json!({"subject": "Fine", "urgent": 1})).await;
    assert_eq!(status, 400, "{error}");
    let (status, error) = post(json!({"subject": "Fine", "notify": ["fax"]})).await;
    assert_eq!(status, 400, "{error}");
    assert!(error["error"].as_str().unwrap().contains("not an option"));

    let (status, answer) = post(json!({"subject": "Printer", "colours": ["green"],
        "who": [bob], "urgent": true, "notify": ["pager"]}))
    .await;
    assert_eq!(status, 200, "{answer}");
    let id: u64 = answer["interaction_id"].as_str().unwrap().parse().unwrap();
    let (raw, _) = bot.submitted(Id::new(id)).await;
    let fields: Vec<(Value, Value)> = raw["data"]["components"]
        .as_array()
        .unwrap()
        .iter()
        .map(|label| {
            let field = &label["component"];
            (
                field["type"].clone(),
                field.get("value").unwrap_or(&field["values"]).clone(),
            )
        })
        .collect();
    assert_eq!(
        fields,
        [
            (json!(4), json!("Printer")),
            (json!(3), json!(["green"])),
            (json!(5), json!([bob])),
            (json!(23), json!(true)),
            (json!(22), json!(["pager"])),
        ]
    );
    sandbox.shutdown().await;
}

/// A report form: a text display, an optional upload of up to three
/// files, a required upload of exactly one.
fn uploads() -> Value {
    json!({"custom_id": "report", "title": "Report", "components": [
        {"type": 10, "content": "Attach what helps."},
        {"type": 18, "label": "Images", "description": "Optional.",
         "component": {"type": 19, "custom_id": "images", "max_values": 3, "required": false}},
        {"type": 18, "label": "Log",
         "component": {"type": 19, "custom_id": "log", "min_values": 1, "max_values": 1}},
    ]})
}

/// The file at an attachment URL the sandbox gave: status, head, body.
async fn fetch(sandbox: &Sandbox, url: &str) -> (u16, String, Value) {
    let base = format!("http://{}", sandbox.addr());
    let path = url.strip_prefix(&base).unwrap_or_else(|| panic!("{url}"));
    raw(sandbox, "GET", path, None).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploaded_files_are_resolved_and_served_as_discord_does() {
    let (sandbox, mut bot) = start().await;
    let alice = sandbox.fixtures().users[0].id;
    let opened = bot.open(&sandbox, uploads()).await;
    let id = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .files(
                    "images",
                    [
                        Upload::new("bug.png", &b"not really a png"[..]),
                        Upload::new("notes", &b"plain words"[..]).content_type("text/markdown"),
                    ],
                )
                .files("log", [Upload::new("log.txt", &b"line 1\nline 2"[..])]),
            alice,
        )
        .unwrap();
    let (raw_frame, interaction) = bot.submitted(id).await;
    let data = &raw_frame["data"];
    assert_eq!(data["components"][0], json!({"type": 10, "id": 1}));
    let images = data["components"][1]["component"]["values"].clone();
    let log = data["components"][2]["component"]["values"].clone();
    assert_eq!(data["components"][1]["component"]["type"], 19);
    let ids: Vec<String> = serde_json::from_value(images).unwrap();
    assert_eq!(ids.len(), 2);
    let attachments = &data["resolved"]["attachments"];
    let first = &attachments[&ids[0]];
    assert_eq!(first["id"], json!(ids[0]));
    assert_eq!(first["filename"], "bug.png");
    assert_eq!(first["size"], 16);
    assert_eq!(first["content_type"], "image/png");
    assert_eq!(first["ephemeral"], true);
    let url = first["url"].as_str().unwrap();
    let app = sandbox.application_id();
    assert_eq!(
        url,
        format!(
            "http://{}/ephemeral-attachments/{app}/{}/bug.png",
            sandbox.addr(),
            ids[0]
        )
    );
    assert_eq!(
        first["proxy_url"].as_str().unwrap(),
        url.replace("/ephemeral-attachments/", "/media/ephemeral-attachments/")
    );
    assert_eq!(attachments[&ids[1]]["content_type"], "text/markdown");
    let log_id = log[0].as_str().unwrap();
    assert_eq!(attachments[log_id]["filename"], "log.txt");

    // twilight reads the upload and its resolved files.
    let Some(InteractionData::ModalSubmit(submitted)) = &interaction.data else {
        panic!("modal data");
    };
    let Submitted::Label(label) = &submitted.components[1] else {
        panic!("a label");
    };
    let Submitted::FileUpload(upload) = &*label.component else {
        panic!("a file upload");
    };
    let resolved = submitted.resolved.as_ref().unwrap();
    let file = &resolved.attachments[&upload.values[0]];
    assert_eq!((file.filename.as_str(), file.size), ("bug.png", 16));

    // The URLs serve the bytes, with their type; a wrong name or id is 404.
    for url in [url, first["proxy_url"].as_str().unwrap()] {
        let (status, head, body) = fetch(&sandbox, url).await;
        assert_eq!(status, 200, "{url}");
        assert!(head.contains("content-type: image/png"), "{head}");
        assert_eq!(body, "not really a png");
    }
    let (status, _, body) = fetch(&sandbox, attachments[log_id]["url"].as_str().unwrap()).await;
    assert_eq!((status, body), (200, json!("line 1\nline 2")));
    let (status, ..) = fetch(&sandbox, &url.replace("bug.png", "other.png")).await;
    assert_eq!(status, 404);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn uploads_outside_their_limits_are_refused() {
    let (sandbox, mut bot) = start().await;
    let alice = sandbox.fixtures().users[0].id;
    let opened = bot.open(&sandbox, uploads()).await;
    let file = |name: &str| Upload::new(name, &b"x"[..]);
    let log = || ModalSubmission::new().files("log", [file("log.txt")]);
    let submit = |s: ModalSubmission| sandbox.submit_modal_with(opened, &s, alice);

    // The required upload left empty (untouched, or an empty list).
    assert!(matches!(
        kind(submit(ModalSubmission::new())),
        SandboxErrorKind::MissingField { custom_id } if custom_id == "log"
    ));
    assert!(matches!(
        kind(submit(ModalSubmission::new().files("log", []))),
        SandboxErrorKind::MissingField { custom_id } if custom_id == "log"
    ));
    for (submission, why) in [
        (
            log().files("images", ["a", "b", "c", "d"].map(file)),
            "4 files uploaded, allowed 1..=3",
        ),
        (
            ModalSubmission::new().files("log", [file("a"), file("b")]),
            "2 files uploaded, allowed 1..=1",
        ),
        (log().files("images", [file("../etc")]), "not a file name"),
    ] {
        let error = submit(submission).expect_err(why);
        assert!(error.to_string().contains(why), "{why}: {error}");
    }
    assert!(matches!(
        kind(submit(log().text("images", "x"))),
        SandboxErrorKind::WrongComponent { custom_id } if custom_id == "images"
    ));
    // Nothing refused reached the bot, and the optional upload may be left out.
    let id = submit(log()).unwrap();
    let (raw_frame, _) = bot.submitted(id).await;
    assert_eq!(
        raw_frame["data"]["components"][1]["component"]["values"],
        json!([])
    );
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_control_api_uploads_base64_files() {
    let (sandbox, mut bot) = start().await;
    let alice = sandbox.fixtures().users[0].id.to_string();
    let opened = bot.open(&sandbox, uploads()).await.to_string();
    let post = |fields: Value| {
        let body = json!({"interaction_id": opened, "user_id": alice, "fields": fields});
        control(&sandbox, "POST", "/modal", Some(body))
    };
    // "aGVsbG8=" is "hello".
    let log = json!([{"filename": "log.txt", "data": "aGVsbG8="}]);
    let (status, error) = post(json!({"log": [{"filename": "log.txt", "data": "!!"}]})).await;
    assert_eq!(status, 400, "{error}");
    assert!(
        error["error"].as_str().unwrap().contains("BASE64"),
        "{error}"
    );
    let (status, error) = post(json!({"log": log, "images": ["a.png"]})).await;
    assert_eq!(status, 400, "{error}");

    let (status, answer) = post(json!({"log": log, "images": []})).await;
    assert_eq!(status, 200, "{answer}");
    let id: u64 = answer["interaction_id"].as_str().unwrap().parse().unwrap();
    let (raw_frame, _) = bot.submitted(Id::new(id)).await;
    let data = &raw_frame["data"];
    assert_eq!(data["components"][1]["component"]["values"], json!([]));
    let log_id = data["components"][2]["component"]["values"][0]
        .as_str()
        .unwrap();
    let file = &data["resolved"]["attachments"][log_id];
    assert_eq!(
        (&file["filename"], &file["size"], &file["content_type"]),
        (
            &json!("log.txt"),
            &json!(5),
            &json!("text/plain; charset=utf-8")
        )
    );
    let (status, _, body) = fetch(&sandbox, file["url"].as_str().unwrap()).await;
    assert_eq!((status, body), (200, json!("hello")));
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn modals_with_file_uploads_are_validated_as_discord_does() {
    let (sandbox, mut bot) = start().await;
    let upload = |component: Value| {
        json!({"custom_id": "m", "title": "Upload", "components": [
            {"type": 18, "label": "Files", "component": component}]})
    };
    let f = sandbox.fixtures().clone();
    for (modal, at) in [
        // Outside a label: at the top, or in an action row.
        (
            json!({"custom_id": "m", "title": "Upload", "components": [
                {"type": 19, "custom_id": "files"}]}),
            "/data/components/0/type",
        ),
        (
            json!({"custom_id": "m", "title": "Upload", "components": [
                {"type": 1, "components": [{"type": 19, "custom_id": "files"}]}]}),
            "/data/components/0/components/0/type",
        ),
        (
            upload(json!({"type": 19, "custom_id": "files", "max_values": 11})),
            "/data/components/0/component/max_values",
        ),
        (
            upload(json!({"type": 19, "custom_id": "files", "min_values": 11})),
            "/data/components/0/component/min_values",
        ),
        (
            upload(json!({"type": 19, "custom_id": "files", "min_values": 3, "max_values": 2})),
            "/data/components/0/component/min_values",
        ),
        // max_values defaults to 1.
        (
            upload(json!({"type": 19, "custom_id": "files", "min_values": 2})),
            "/data/components/0/component/min_values",
        ),
    ] {
        // Each modal answers its own click.
        let row = json!([{"type": 1, "components": [
            {"type": 2, "style": 1, "label": "Open", "custom_id": "open"}]}]);
        let message = bot
            .http
            .create_message(f.channel_id)
            .components(&serde_json::from_value::<Vec<_>>(row).unwrap())
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        sandbox.click(message.id, "open", f.users[0].id).unwrap();
        let interaction: Interaction =
            serde_json::from_value(bot.dispatch("INTERACTION_CREATE").await).unwrap();
        let body = json!({"type": 9, "data": modal});
        let path = format!(
            "/api/v10/interactions/{}/{}/callback",
            interaction.id, interaction.token
        );
        let (status, _, error) = raw(&sandbox, "POST", &path, Some(body)).await;
        assert_eq!(status, 400, "{modal}: {error}");
        assert_eq!(error["code"], 50035, "{error}");
        assert!(error["errors"].pointer(at).is_some(), "{at}: {error}");
    }
    // A valid one is accepted.
    bot.open(
        &sandbox,
        upload(json!({"type": 19, "custom_id": "files", "min_values": 0, "max_values": 10})),
    )
    .await;
    sandbox.shutdown().await;
}
