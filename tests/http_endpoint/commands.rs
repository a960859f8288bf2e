//! Commands: what the router does not route goes to the endpoint's
//! command handler as a context of the router, whose first answer is the
//! response body; a view it answers with is bound to the message.

use std::time::Duration;

use serde_json::Value;
use twilight_model::id::Id;
use twilight_views::{
    context::DEFAULT_ERROR_MESSAGE, endpoint::InteractionsEndpoint, respond::RecordingTransport,
    respond::Sent,
};

use crate::{
    answers::wait_for_sent,
    common::{
        AUTO_DEFER, Answer, Bot, Counter, click, command, interaction_id, send, signed, submission,
    },
};

#[tokio::test]
async fn a_slash_command_answered_with_a_view_binds_it_to_the_new_message() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .on_command(|ctx| async move {
            ctx.respond_with_view("Press!", Counter { count: 10 })
                .await
                .map(drop)
        })
        .build()
        .unwrap();
    let answer = send(&endpoint, signed(&command("counter"))).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 4);
    assert_eq!(answer.content(), "Press!");
    let button = &answer.json()["data"]["components"][0]["components"][0];
    assert_eq!(button["custom_id"], "http:increment");
    // The message id comes from `@original` (the recorder counts ids from
    // its first); the view is bound and stored there.
    let message_id = RecordingTransport::FIRST_MESSAGE_ID;
    let stored = wait_for_row(&bot, message_id).await;
    assert_eq!(stored, br#"{"count":10}"#);
    // A click on that message goes on from the view's state.
    let answer = send(&endpoint, signed(&click("http:increment", message_id))).await;
    assert_eq!(answer.content(), "count 11");
}

/// Waits (at most 5 s) for the stored state of `message_id`.
async fn wait_for_row(bot: &Bot, message_id: u64) -> Vec<u8> {
    for _ in 0..500 {
        if let Some(row) = bot.router.store().load(message_id).await.unwrap() {
            return row.state;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    panic!("message {message_id} was never bound");
}

#[tokio::test]
async fn a_slow_command_is_deferred_in_the_body_and_completed_through_rest() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .ephemeral_command_defer(true)
        .on_command(|ctx| async move {
            tokio::time::sleep(AUTO_DEFER * 2).await;
            ctx.respond("worth the wait").await
        })
        .build()
        .unwrap();
    let interaction = command("slow");
    let answer = send(&endpoint, signed(&interaction)).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.kind(), 5);
    assert!(answer.is_ephemeral());
    let sent = wait_for_sent(&bot, Id::new(interaction_id(&interaction))).await;
    assert!(
        matches!(&sent[..], [Sent::EditOriginal { data, .. }] if data.content.as_deref() == Some("worth the wait")),
        "{sent:?}"
    );
}

#[tokio::test]
async fn a_failing_command_gets_the_apology() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .on_command(|ctx| async move {
            if ctx.interaction().data.is_some() {
                panic!("the command exploded");
            }
            Ok::<(), String>(())
        })
        .build()
        .unwrap();
    let answer = send(&endpoint, signed(&command("boom"))).await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.content(), DEFAULT_ERROR_MESSAGE);
    assert!(answer.is_ephemeral());
    // An error returned is apologised for the same way.
    let endpoint = bot
        .endpoint()
        .on_command(|_ctx| async move { Err::<(), _>("no such thing") })
        .build()
        .unwrap();
    let answer = send(&endpoint, signed(&command("missing"))).await;
    assert_eq!(answer.content(), DEFAULT_ERROR_MESSAGE);
}

#[tokio::test]
async fn without_a_command_handler_a_command_is_not_answered() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let answer = send(&endpoint, signed(&command("counter"))).await;
    assert_eq!(answer.status, 500, "{}", answer.text);
    assert!(bot.recorder.sent().is_empty());
}

/// The form `/ask` opens.
#[twilight_views::modal(title = "Name", custom_id = "http-ask")]
#[derive(Default)]
pub struct NameForm {
    #[text_input(label = "Name")]
    pub name: String,
}

/// Runs `/ask` on `endpoint`, whose command handler asks for a
/// [`NameForm`], and submits the form it opened with `name`: the
/// submission as sent, and the endpoint's answer to it.
pub async fn ask_and_submit(endpoint: &InteractionsEndpoint, name: &str) -> (Value, Answer) {
    let answer = send(endpoint, signed(&command("ask"))).await;
    assert_eq!(answer.kind(), 9, "{}", answer.text);
    let custom_id = answer.json()["data"]["custom_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let mut submit = submission(&custom_id, None, name);
    submit["data"]["components"][0]["component"]["custom_id"] = "name".into();
    let answer = send(endpoint, signed(&submit)).await;
    (submit, answer)
}

#[tokio::test]
async fn a_handler_waiting_in_ask_answers_the_submission_in_its_body() {
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
            submitted
                .respond_ephemeral(format!("Hello, {}!", form.name))
                .await
        })
        .build()
        .unwrap();
    // The modal is the command's answer, in its body; the waiting handler
    // answers the submission after the router's dispatch of it has
    // returned, and the answer is still its body.
    let (_, answer) = ask_and_submit(&endpoint, "Ada").await;
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.content(), "Hello, Ada!");
}
