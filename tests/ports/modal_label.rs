//! `examples/modal_label.rs`: `/timeout member` registered in the guild,
//! the "Timeout Member" modal as the original declares it (labels with
//! descriptions around a select and a short input), its submission timing
//! the member out with the reason in the audit-log header and answering
//! the moderator alone; a form submitted after a restart; and one for a
//! user who is not a member, which Discord (the sandbox) refuses with
//! 10007 and the bot answers with the original's `on_error` text.

#[allow(dead_code)]
#[path = "../../examples/modal_label.rs"]
pub mod example;

use std::time::{SystemTime, UNIX_EPOCH};

use example::{
    OOPS, TimeoutBot,
    support::{RunningBot, Settings, http::spawn_http, spawn, walkthrough},
};
use serde_json::{Value, json};
use twilight_model::{
    application::command::CommandOptionType,
    id::{Id, marker::UserMarker},
    util::Timestamp,
};
use views_sandbox::{ModalSubmission, RestRequest, Sandbox};

use crate::{ephemeral, is_modal, support};
use support::{WAIT, channel, user, wait_guild_command};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<TimeoutBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

/// `moderator` runs `/timeout member: target`; returns the interaction
/// that opened the modal.
async fn open_form(
    sandbox: &Sandbox,
    moderator: Id<UserMarker>,
    target: Id<UserMarker>,
) -> Id<twilight_model::id::marker::InteractionMarker> {
    let run = sandbox
        .run_command(
            moderator,
            channel(sandbox),
            "timeout",
            json!({"member": target}),
        )
        .expect("/timeout accepted");
    let reply = sandbox.wait_reply(run, WAIT).await.expect("an answer");
    assert!(is_modal(&reply), "{reply:?}");
    run
}

/// Unix seconds now.
fn now() -> i64 {
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    i64::try_from(secs).unwrap()
}

/// The answer's `<t:UNIX>`, checked against the text around it.
fn until_in(text: &str, member: Id<UserMarker>, reason: &str) -> i64 {
    let rest = text
        .strip_prefix(&format!("Timeout <@{member}> until <t:"))
        .unwrap_or_else(|| panic!("{text:?}"));
    let (unix, rest) = rest.split_once('>').unwrap();
    assert_eq!(rest, format!(" with reason: {reason}"));
    unix.parse().unwrap()
}

/// The bot's PATCHes of members, in order.
fn member_updates(sandbox: &Sandbox) -> Vec<RestRequest> {
    sandbox
        .requests()
        .into_iter()
        .filter(|r| r.method == "PATCH" && r.path.contains("/members/"))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_times_the_member_out_with_its_reason() {
    let sandbox = support::sandbox().await;
    let (alice, bob, carol) = (user(&sandbox, 0), user(&sandbox, 1), user(&sandbox, 2));
    let guild = sandbox.fixtures().guild_id;
    let bot = start(&sandbox).await;
    wait_guild_command(&sandbox, "timeout").await;

    // A guild command, as the original's `guild=TEST_GUILD`.
    assert!(sandbox.commands(None).is_empty());
    let commands = sandbox.commands(Some(guild));
    assert_eq!(commands.len(), 1);
    let command = &commands[0];
    assert_eq!(
        (command.name.as_str(), command.description.as_str()),
        ("timeout", "Timeout a member")
    );
    let option = &command.options[0];
    assert_eq!(
        (
            option.name.as_str(),
            option.description.as_str(),
            option.kind,
            option.required
        ),
        ("member", "…", CommandOptionType::User, Some(true))
    );

    let opened = open_form(&sandbox, alice, bob).await;
    let modal = sandbox.modal(opened).expect("a modal is open");
    assert_eq!(modal.title, "Timeout Member");
    assert_eq!(modal.custom_id, format!("timeout:{bob}"));
    let option =
        |label: &str, value: &str| json!({"label": label, "value": value, "default": false});
    assert_eq!(
        modal.components,
        json!([
            {"type": 18, "label": "Duration",
             "description": "How long to timeout the member for.",
             "component": {"type": 3, "custom_id": "duration", "required": true,
                "disabled": false, "options": [
                    option("1 minute", "60"), option("5 minutes", "300"),
                    option("10 minutes", "600"), option("30 minutes", "1800"),
                    option("1 hour", "3600"),
                ]}},
            {"type": 18, "label": "Reason", "description": "The reason for the timeout.",
             "component": {"type": 4, "custom_id": "reason", "style": 1,
                "max_length": 256, "required": true}},
        ])
    );

    // The Discord client holds back 257 characters (the sandbox does too).
    let too_long = ModalSubmission::new()
        .select("duration", ["300"])
        .text("reason", "x".repeat(257));
    assert!(sandbox.submit_modal_with(opened, &too_long, alice).is_err());

    let reason = "Spamming in #général";
    let before = now();
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .select("duration", ["300"])
                .text("reason", reason),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    let after = now();
    let until = until_in(ephemeral(&reply), bob, reason);
    assert!((before + 300..=after + 300).contains(&until), "{until}");

    // What Discord (the sandbox) was asked: Bob's timeout until then, the
    // reason in the audit-log header.
    let patches = member_updates(&sandbox);
    assert_eq!(patches.len(), 1, "{patches:?}");
    let patch = &patches[0];
    assert_eq!(
        (patch.path.as_str(), patch.status),
        (
            format!("/api/v10/guilds/{guild}/members/{bob}").as_str(),
            200
        )
    );
    assert_eq!(patch.audit_log_reason.as_deref(), Some(reason));
    let sent = patch.body["communication_disabled_until"]
        .as_str()
        .and_then(|text| Timestamp::parse(text).ok())
        .expect("a timestamp");
    assert_eq!(sent.as_secs(), until);
    assert_eq!(
        sandbox
            .member(guild, bob)
            .unwrap()
            .communication_disabled_until,
        Some(sent)
    );
    assert_eq!(
        sandbox
            .member(guild, carol)
            .unwrap()
            .communication_disabled_until,
        None
    );

    // The member travels in the form's custom_id: a form opened before a
    // restart still names Carol when it is submitted after.
    let opened = open_form(&sandbox, alice, carol).await;
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
    let bot = start(&sandbox).await;
    let before = now();
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .select("duration", ["3600"])
                .text("reason", "Off-topic"),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    let until = until_in(ephemeral(&reply), carol, "Off-topic");
    assert!((before + 3600..=now() + 3600).contains(&until), "{until}");
    assert_eq!(
        sandbox
            .member(guild, carol)
            .unwrap()
            .communication_disabled_until
            .map(Timestamp::as_secs),
        Some(until)
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_for_someone_not_in_the_guild_gets_the_oops_answer() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let fixtures = sandbox.fixtures().clone();
    let bot = start(&sandbox).await;
    wait_guild_command(&sandbox, "timeout").await;

    // A form naming a user the guild does not have (one who left while it
    // was open, or a forged id): Discord answers the timeout 10007.
    let stranger = 4_242_424_242_u64;
    let label = |id: u64, component: Value| json!({"type": 18, "id": id, "component": component});
    let data = json!({"custom_id": format!("timeout:{stranger}"), "components": [
        label(1, json!({"type": 3, "id": 2, "custom_id": "duration", "values": ["60"]})),
        label(3, json!({"type": 4, "id": 4, "custom_id": "reason", "value": "Spam"})),
    ]});
    let forged = crate::forged_submission(&sandbox, alice, data);
    let id = forged.id;
    let outcome = bot.bot.router.dispatch(forged).await;
    assert!(!outcome.is_handled(), "{outcome:?}");
    let reply = sandbox.wait_reply(id, WAIT).await.expect("an answer");
    assert_eq!(ephemeral(&reply), OOPS);
    let patches = member_updates(&sandbox);
    assert_eq!(patches.len(), 1, "{patches:?}");
    assert_eq!(patches[0].status, 404);
    assert_eq!(
        patches[0].path,
        format!("/api/v10/guilds/{}/members/{stranger}", fixtures.guild_id)
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

/// `DISCORD_INTERACTIONS=http`: the command's modal goes out in the
/// response body, the submission comes back as a signed POST.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_form_works_over_http_interactions() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(&sandbox)
    };
    let key = sandbox.interactions_public_key();
    let bot = spawn_http::<TimeoutBot>(settings, &key, ([127, 0, 0, 1], 0).into())
        .await
        .expect("bot starts");
    sandbox
        .set_interactions_endpoint(&[&bot.url])
        .await
        .expect("the endpoint passes the sandbox's validation");
    wait_guild_command(&sandbox, "timeout").await;

    let opened = open_form(&sandbox, alice, bob).await;
    let submitted = sandbox
        .submit_modal_with(
            opened,
            &ModalSubmission::new()
                .select("duration", ["60"])
                .text("reason", "Spam"),
            alice,
        )
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    let until = until_in(ephemeral(&reply), bob, "Spam");
    assert_eq!(
        sandbox
            .member(sandbox.fixtures().guild_id, bob)
            .unwrap()
            .communication_disabled_until
            .map(Timestamp::as_secs),
        Some(until)
    );

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn the_walkthrough_runs_timeout_on_bob_and_submits_the_form() {
    let sandbox = support::sandbox().await;
    let bob = user(&sandbox, 1);
    let text = walkthrough::<TimeoutBot>(&sandbox);
    assert!(
        text.contains(&format!(
            r#""name":"timeout","options":{{"member":"{bob}"}}"#
        )),
        "{text}"
    );
    assert!(
        text.contains(r#""fields":{"duration":["300"],"reason":"Spamming"}"#),
        "{text}"
    );
    sandbox.shutdown().await;
}
