//! Modal submissions whose handler takes longer than the auto-defer delay:
//! the router acknowledges them in time, as it does a slow click, with the
//! deferral a submission allows, and the answer then goes through REST.

use std::time::{Duration, Instant};

use twilight_model::id::Id;
use twilight_views::{ViewResult, respond::Sent};

use crate::{
    answers::wait_for_sent,
    commands::{NameForm, ask_and_submit},
    common::{AUTO_DEFER, Bot, SLOW_SUBMIT, interaction_id, send, signed, submission},
};

#[tokio::test]
async fn a_slow_submission_from_a_command_gets_a_deferred_reply_then_an_edit() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let submit = submission("http-slow-form", None, "more buttons");
    let started = Instant::now();
    let answer = send(&endpoint, signed(&submit)).await;
    let waited = started.elapsed();
    // No message to update: a deferred reply, public as the handler's
    // own reply would be.
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 5, "{}", answer.text);
    assert!(!answer.is_ephemeral(), "{}", answer.text);
    assert!(waited >= AUTO_DEFER, "answered after {waited:?}");
    assert!(waited < SLOW_SUBMIT, "answered after {waited:?}");
    // The handler's reply replaces the "thinking…" message.
    let sent = wait_for_sent(&bot, Id::new(interaction_id(&submit))).await;
    assert!(
        matches!(&sent[..], [Sent::EditOriginal { data, .. }]
            if data.content.as_deref() == Some("thanks for: more buttons")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_slow_submission_from_a_message_gets_a_deferred_update_then_a_followup() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let submit = submission("http-slow-form", Some(4_101), "fewer buttons");
    let answer = send(&endpoint, signed(&submit)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 6, "{}", answer.text);
    let sent = wait_for_sent(&bot, Id::new(interaction_id(&submit))).await;
    assert!(
        matches!(&sent[..], [Sent::Followup { data, .. }]
            if data.content.as_deref() == Some("thanks for: fewer buttons")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_slow_answer_to_an_awaited_submission_is_deferred_in_time() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .on_command(|ctx| async move {
            let Some((submitted, form)) = ctx
                .ask(&NameForm::default(), Duration::from_secs(5))
                .await?
            else {
                return Ok(());
            };
            tokio::time::sleep(SLOW_SUBMIT).await;
            submitted.respond(format!("Hello, {}!", form.name)).await
        })
        .build()
        .unwrap();
    let (submit, answer) = ask_and_submit(&endpoint, "Ada").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 5, "{}", answer.text);
    let sent = wait_for_sent(&bot, Id::new(interaction_id(&submit))).await;
    assert!(
        matches!(&sent[..], [Sent::EditOriginal { data, .. }]
            if data.content.as_deref() == Some("Hello, Ada!")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn an_awaited_submission_from_a_command_dropped_unanswered_gets_no_endless_thinking() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .on_command(|ctx| async move {
            // The handler takes the submission and answers nothing.
            let _ = ctx
                .ask(&NameForm::default(), Duration::from_secs(5))
                .await?;
            ViewResult::Ok(())
        })
        // Past the auto-defer delay, so a deferral would be seen; short,
        // since nothing answers.
        .response_deadline(AUTO_DEFER * 3)
        .build()
        .unwrap();
    let (submit, answer) = ask_and_submit(&endpoint, "Ada").await;
    // A deferred reply would be a "thinking…" message nothing ever
    // replaces: the submission is left unanswered instead, which Discord
    // shows the user as a failed interaction.
    assert_eq!(answer.status, 500, "{}", answer.text);
    tokio::time::sleep(AUTO_DEFER * 2).await;
    assert!(
        bot.recorder
            .sent_for(Id::new(interaction_id(&submit)))
            .is_empty()
    );
}
