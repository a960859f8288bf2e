//! `examples/modal_basic.rs`: `/feedback` and the panel's button open the
//! "Feedback" modal as the original declares it; submissions with and
//! without the optional paragraph, and a forged one without the required
//! name.

#[allow(dead_code)]
#[path = "../../examples/modal_basic.rs"]
pub mod example;

use example::{
    FeedbackBot, OOPS, PANEL_TEXT,
    support::{RunningBot, Settings, spawn},
};
use serde_json::json;
use twilight_model::channel::message::component::ButtonStyle;
use views_sandbox::Sandbox;

use crate::{button_states, ephemeral, is_modal, support};
use support::{WAIT, click, post_and_wait, user};

async fn start(sandbox: &Sandbox) -> RunningBot {
    let settings = Settings {
        database_url: "memory:".to_owned(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<FeedbackBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn feedback_form_opens_and_thanks_the_sender() {
    let sandbox = support::sandbox().await;
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox).await;

    let panel = post_and_wait(&sandbox, alice, "$feedback", PANEL_TEXT).await;
    let buttons = button_states(&panel);
    assert_eq!(buttons.len(), 1);
    assert_eq!(
        (
            buttons[0].label.as_str(),
            buttons[0].style,
            buttons[0].disabled
        ),
        ("Feedback", ButtonStyle::Primary, false)
    );

    let opened = click(&sandbox, panel.id, "feedback", alice).await;
    assert!(is_modal(&opened), "{opened:?}");
    let opened = opened.interaction_id.expect("an interaction");
    let modal = sandbox.modal(opened).expect("a modal is open");
    assert_eq!(modal.title, "Feedback");
    assert_eq!(
        modal.components,
        json!([
            {"type": 18, "label": "Name", "component": {
                "type": 4, "custom_id": "name", "style": 1,
                "placeholder": "Your name here...", "required": true}},
            {"type": 18, "label": "What do you think of this new feature?", "component": {
                "type": 4, "custom_id": "feedback", "style": 2,
                "placeholder": "Type your feedback here...", "required": false,
                "max_length": 300}},
        ])
    );

    let submitted = sandbox
        .submit_modal(opened, &[("name", "Alice"), ("feedback", "Nice!")], alice)
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), "Thanks for your feedback, Alice!");

    // The paragraph is optional; the Discord client holds back 301
    // characters (the sandbox does too).
    let opened = click(&sandbox, panel.id, "feedback", bob).await;
    let opened = opened.interaction_id.expect("an interaction");
    let too_long = "x".repeat(301);
    assert!(
        sandbox
            .submit_modal(opened, &[("name", "Bob"), ("feedback", &too_long)], bob)
            .is_err()
    );
    let submitted = sandbox
        .submit_modal(opened, &[("name", "Bob")], bob)
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), "Thanks for your feedback, Bob!");
    // The panel is unchanged.
    assert_eq!(button_states(&crate::current(&sandbox, panel.id)), buttons);

    // A forged submission without the required name never reaches the
    // handler: the original's on_error answer.
    let data = json!({"custom_id": "feedback-form", "components": [
        {"type": 18, "id": 2, "component": {"type": 4, "id": 3, "custom_id": "feedback", "value": "hi"}},
    ]});
    let mut forged = views_testkit::discord::interaction_json(data, None, bob.get());
    forged["type"] = json!(5);
    forged["application_id"] = json!(sandbox.application_id().to_string());
    forged["guild_id"] = json!(panel.guild_id.map(|id| id.to_string()));
    forged["channel_id"] = json!(panel.channel_id.to_string());
    let forged: twilight_model::application::interaction::Interaction =
        serde_json::from_value(forged).expect("an interaction");
    sandbox.adopt_interaction(&forged).expect("adopted");
    let id = forged.id;
    let outcome = bot.bot.router.dispatch(forged).await;
    assert!(!outcome.is_handled(), "{outcome:?}");
    let reply = sandbox.wait_reply(id, WAIT).await.expect("an answer");
    assert_eq!(ephemeral(&reply), OOPS);

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

/// `/feedback`, the original's trigger, opens the same form.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_slash_command_opens_the_form() {
    let sandbox = support::sandbox().await;
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox).await;

    let opened = support::run_command(&sandbox, alice, "feedback").await;
    assert!(is_modal(&opened), "{opened:?}");
    let opened = opened.interaction_id.expect("an interaction");
    assert_eq!(sandbox.modal(opened).expect("a modal").title, "Feedback");
    let submitted = sandbox
        .submit_modal(opened, &[("name", "Alice")], alice)
        .expect("submitted");
    let reply = sandbox.wait_reply(submitted, WAIT).await.expect("answer");
    assert_eq!(ephemeral(&reply), "Thanks for your feedback, Alice!");

    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
