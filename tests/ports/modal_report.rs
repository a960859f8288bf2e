//! `examples/modal_report.rs`: `/report` registered in the guild, the
//! "Your Report" modal as the original declares it (a topic select, a
//! title, a description and an optional upload of up to ten files, each in
//! a label with a description, and the rules as a text display), what the
//! Discord client (the sandbox) refuses to submit, a report with two
//! uploaded images posted as a Components V2 container whose gallery
//! serves the uploaded bytes, one without images and with a description
//! of the full 2,000 characters, and a forged submission naming a file it
//! does not resolve, answered with the original's `on_error` text.

#[allow(dead_code)]
#[path = "../../examples/modal_report.rs"]
pub mod example;

use example::{
    OOPS, RULES, ReportBot, THANKS, created_at,
    support::{RunningBot, Settings, http::spawn_http, spawn, walkthrough},
};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twilight_model::{
    channel::message::{Component, Message, MessageFlags},
    id::{Id, marker::InteractionMarker},
};
use views_sandbox::{ModalSubmission, Sandbox, Upload};

use crate::{ephemeral, is_modal, support};
use support::{WAIT, channel, user, wait_guild_command};

/// The bytes of the two images the tests upload (the sandbox does not
/// decode images, any bytes do).
const SCREENSHOT: &[u8] = b"\x89PNG\r\n\x1a\n screenshot";
const LOG_PHOTO: &[u8] = b"\xff\xd8\xff photo of the log";

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<ReportBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// Alice runs `/report`; returns the interaction that opened the modal.
async fn open_form(sandbox: &Sandbox) -> Id<InteractionMarker> {
    let run = sandbox
        .run_command(user(sandbox, 0), channel(sandbox), "report", json!({}))
        .expect("/report accepted");
    let reply = sandbox.wait_reply(run, WAIT).await.expect("an answer");
    assert!(is_modal(&reply), "{reply:?}");
    run
}

/// A form with every required field filled in.
fn filled(description: &str) -> ModalSubmission {
    ModalSubmission::new()
        .select("topic", ["Bug"])
        .text("report_title", "The bot does not respond to commands")
        .text("description", description)
}

/// The report's texts and gallery URLs, checking its shape: one container
/// of texts and at most one gallery, the V2 flag, no content.
fn report(message: &Message) -> (Vec<String>, Vec<String>) {
    assert!(
        message
            .flags
            .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2)),
        "{:?}",
        message.flags
    );
    assert_eq!(message.content, "");
    let [Component::Container(container)] = &message.components[..] else {
        panic!("one container: {:?}", message.components);
    };
    assert_eq!(container.accent_color, None);
    let mut texts = Vec::new();
    let mut images = Vec::new();
    for component in &container.components {
        match component {
            Component::TextDisplay(text) => texts.push(text.content.clone()),
            Component::MediaGallery(gallery) => {
                images.extend(gallery.items.iter().map(|item| item.media.url.clone()));
            }
            other => panic!("not in a report: {other:?}"),
        }
    }
    (texts, images)
}

/// The reports posted in `#general` (its Components V2 messages; the
/// thanks are ephemeral answers beside them), oldest first.
fn reports(sandbox: &Sandbox) -> Vec<Message> {
    sandbox
        .messages(channel(sandbox))
        .into_iter()
        .map(|stored| stored.message)
        .filter(|message| {
            message
                .flags
                .is_some_and(|flags| flags.contains(MessageFlags::IS_COMPONENTS_V2))
        })
        .collect()
}

/// The last report posted.
fn last_report(sandbox: &Sandbox) -> Message {
    reports(sandbox).pop().expect("a report")
}

/// `GET url` on the sandbox: status and body.
async fn download(sandbox: &Sandbox, url: &str) -> (u16, Vec<u8>) {
    let addr = sandbox.addr();
    let path = url
        .strip_prefix(&format!("http://{addr}"))
        .unwrap_or_else(|| panic!("a sandbox URL: {url}"));
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .expect("an answer in time")
        .unwrap();
    let split = raw
        .windows(4)
        .position(|window| window == b"\r\n\r\n")
        .expect("a head");
    let head = String::from_utf8_lossy(&raw[..split]);
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    (status, raw[split + 4..].to_vec())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_with_images_is_posted_as_a_container_with_a_gallery() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let guild = sandbox.fixtures().guild_id;
    let bot = start(&sandbox).await;
    wait_guild_command(&sandbox, "report").await;

    // A guild command without options, as the original's `guild=TEST_GUILD`.
    assert!(sandbox.commands(None).is_empty());
    let commands = sandbox.commands(Some(guild));
    assert_eq!(commands.len(), 1);
    assert_eq!(
        (
            commands[0].name.as_str(),
            commands[0].description.as_str(),
            commands[0].options.len()
        ),
        ("report", "Report an issue or provide feedback.", 0)
    );

    let opened = open_form(&sandbox).await;
    let modal = sandbox.modal(opened).expect("a modal is open");
    assert_eq!(modal.title, "Your Report");
    assert_eq!(modal.custom_id, "report");
    let option = |label: &str, description: &str| json!({"label": label, "value": label, "description": description, "default": false});
    assert_eq!(
        modal.components,
        json!([
            {"type": 18, "label": "Topic", "description": "Select the topic of the report.",
             "component": {"type": 3, "custom_id": "topic", "placeholder": "Choose a topic...",
                "required": true, "disabled": false, "options": [
                    option("Bug", "Report a bug in the bot"),
                    option("Feedback", "Provide feedback or suggestions"),
                    option("Feature Request", "Request a new feature"),
                    option("Performance", "Report performance issues"),
                    option("UI/UX", "Report user interface or experience issues"),
                    option("Security", "Report security vulnerabilities"),
                    option("Other", "Other types of reports"),
                ]}},
            {"type": 18, "label": "Title", "description": "A short title for the report.",
             "component": {"type": 4, "custom_id": "report_title", "style": 1,
                "placeholder": "The bot does not respond to commands",
                "max_length": 120, "required": true}},
            {"type": 18, "label": "Description",
             "description": "A detailed description of the report.",
             "component": {"type": 4, "custom_id": "description", "style": 2,
                "placeholder": "When I use /ping, the bot does not respond at all. There are no error messages.",
                "max_length": 2000, "required": true}},
            {"type": 18, "label": "Images",
             "description": "Upload any relevant images for your report (optional).",
             "component": {"type": 19, "custom_id": "report_images", "max_values": 10,
                "required": false}},
            {"type": 10, "content": RULES},
        ])
    );

    // What the Discord client holds back: no topic, a 121-character title,
    // eleven files. Nothing reaches the bot.
    let description = "When I use /ping, the bot does not respond at all.";
    let image = |name: &str| Upload::new(name, SCREENSHOT);
    for refused in [
        ModalSubmission::new()
            .text("report_title", "Title")
            .text("description", description),
        filled(description).text("report_title", "x".repeat(121)),
        filled(description).files("report_images", (0..11).map(|i| image(&format!("{i}.png")))),
    ] {
        let error = sandbox
            .submit_modal_with(opened, &refused, alice)
            .expect_err("refused");
        assert!(
            matches!(
                error.kind(),
                views_sandbox::SandboxErrorKind::MissingField { .. }
                    | views_sandbox::SandboxErrorKind::InvalidValues { .. }
            ),
            "{error}"
        );
    }
    assert!(reports(&sandbox).is_empty());

    let submitted = sandbox
        .submit_modal_with(
            opened,
            &filled(description).files(
                "report_images",
                [image("screenshot.png"), Upload::new("log.jpg", LOG_PHOTO)],
            ),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), THANKS);

    // The report, in the reports channel (here #general), once.
    assert_eq!(reports(&sandbox).len(), 1);
    let (texts, images) = report(&last_report(&sandbox));
    let at = created_at(submitted);
    assert_eq!(
        texts,
        [
            "-# User Report\n## Bug".to_owned(),
            "### The bot does not respond to commands".to_owned(),
            format!(">>> {description}"),
            format!("-# Reported by alice (ID: {alice}) | <t:{at}:F>"),
        ]
    );
    // The gallery shows the uploaded files: their URLs serve their bytes.
    assert_eq!(images.len(), 2);
    assert!(images[0].ends_with("/screenshot.png"), "{images:?}");
    assert!(images[1].ends_with("/log.jpg"), "{images:?}");
    assert_eq!(
        download(&sandbox, &images[0]).await,
        (200, SCREENSHOT.to_vec())
    );
    assert_eq!(
        download(&sandbox, &images[1]).await,
        (200, LOG_PHOTO.to_vec())
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_report_without_images_has_no_gallery_and_keeps_a_full_description() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;
    wait_guild_command(&sandbox, "report").await;

    // 2,000 characters, the input's limit: quoted, 2,004 characters in one
    // text display, over twilight-validate's 2,000 for create_message and
    // within Discord's 4,000 (the sandbox validates it as Discord does).
    let description = "é".repeat(2000);
    let opened = open_form(&sandbox).await;
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .select("topic", ["Security"])
                .text("report_title", "t".repeat(120))
                .text("description", &description)
                .files("report_images", []),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), THANKS);
    let (texts, images) = report(&last_report(&sandbox));
    assert!(images.is_empty());
    assert_eq!(texts.len(), 4);
    assert_eq!(texts[0], "-# User Report\n## Security");
    assert_eq!(texts[1], format!("### {}", "t".repeat(120)));
    assert_eq!(texts[2], format!(">>> {description}"));

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_submission_naming_a_file_it_does_not_resolve_gets_the_oops_answer() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;
    wait_guild_command(&sandbox, "report").await;
    // A forged (or truncated) submission: the upload names file 42, which
    // its `resolved.attachments` lacks.
    let label = |id: u64, component: serde_json::Value| json!({"type": 18, "id": id, "component": component});
    let data = json!({"custom_id": "report", "components": [
        label(1, json!({"type": 3, "id": 2, "custom_id": "topic", "values": ["Bug"]})),
        label(3, json!({"type": 4, "id": 4, "custom_id": "report_title", "value": "Title"})),
        label(5, json!({"type": 4, "id": 6, "custom_id": "description", "value": "Words"})),
        label(7, json!({"type": 19, "id": 8, "custom_id": "report_images", "values": ["42"]})),
        {"type": 10, "id": 9},
    ]});
    let forged = crate::forged_submission(&sandbox, alice, data);
    let id = forged.id;
    let outcome = bot.bot.router.dispatch(forged).await;
    assert!(!outcome.is_handled(), "{outcome:?}");
    let reply = sandbox.wait_reply(id, WAIT).await.expect("an answer");
    assert_eq!(ephemeral(&reply), OOPS);
    // No report was posted.
    assert!(reports(&sandbox).is_empty());

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

/// `DISCORD_INTERACTIONS=http`: the command's modal goes out in the
/// response body, the submission with its upload comes back as a signed
/// POST, the report through REST.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_report_works_over_http_interactions() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(&sandbox)
    };
    let key = sandbox.interactions_public_key();
    let bot = spawn_http::<ReportBot>(settings, &key, ([127, 0, 0, 1], 0).into())
        .await
        .expect("bot starts");
    sandbox
        .set_interactions_endpoint(&[&bot.url])
        .await
        .expect("the endpoint passes the sandbox's validation");
    wait_guild_command(&sandbox, "report").await;

    let opened = open_form(&sandbox).await;
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &filled("It hangs.").files("report_images", [Upload::new("hang.png", SCREENSHOT)]),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), THANKS);
    let (texts, images) = report(&last_report(&sandbox));
    assert_eq!(texts[2], ">>> It hangs.");
    assert_eq!(images.len(), 1);
    assert_eq!(
        download(&sandbox, &images[0]).await,
        (200, SCREENSHOT.to_vec())
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_walkthrough_runs_report_and_submits_the_form() {
    let sandbox = support::sandbox().await;
    let text = walkthrough::<ReportBot>(&sandbox);
    assert!(text.contains(r#""name":"report""#), "{text}");
    assert!(text.contains(r#""topic":["Bug"]"#), "{text}");
    sandbox.shutdown().await;
}
