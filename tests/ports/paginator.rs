//! `examples/paginator.rs`: miru's two navigators (`mirunav`, `mirucustom`)
//! paged, jumped, across a bot restart from the same position; the custom
//! "Page: N" button; stop; and `/numbers` over a million pages. A jump to a
//! page that does not exist is the bad input.

#[allow(dead_code)]
#[path = "../../examples/paginator.rs"]
pub mod example;

use example::{
    PaginatorBot,
    support::{RunningBot, Settings, spawn},
};
use twilight_model::{
    channel::message::{Component, EmojiReactionType, Message},
    id::{Id, marker::MessageMarker},
};
use views_sandbox::{ReplyKind, Sandbox};

use crate::{current, ephemeral, is_modal, support};
use support::{TempDb, WAIT, click, post_and_wait, user};

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<PaginatorBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

/// Each button's face (label or emoji) and whether it is disabled.
fn faces(message: &Message) -> Vec<(String, bool)> {
    let mut faces = Vec::new();
    for row in &message.components {
        let Component::ActionRow(row) = row else {
            panic!("a row")
        };
        for component in &row.components {
            let Component::Button(button) = component else {
                panic!("a button")
            };
            let face = match (&button.label, &button.emoji) {
                (Some(label), _) => label.clone(),
                (None, Some(EmojiReactionType::Unicode { name })) => name.clone(),
                other => format!("{other:?}"),
            };
            faces.push((face, button.disabled));
        }
    }
    faces
}

fn arrows(page: usize, pages: usize) -> Vec<(String, bool)> {
    let (first, last) = (page == 1, page == pages);
    vec![
        ("⏮".to_owned(), first),
        ("◀".to_owned(), first),
        (format!("{page}/{pages}"), false),
        ("▶".to_owned(), last),
        ("⏭".to_owned(), last),
    ]
}

/// What the message shows: text, the embed's title, the buttons.
fn showing(
    sandbox: &Sandbox,
    id: Id<MessageMarker>,
) -> (String, Option<String>, Vec<(String, bool)>) {
    let message = current(sandbox, id);
    let title = message.embeds.first().and_then(|embed| embed.title.clone());
    (message.content.clone(), title, faces(&message))
}

/// `alice` clicks `custom_id`; the navigator edits its message.
async fn turn(sandbox: &Sandbox, id: Id<MessageMarker>, custom_id: &str) {
    let reply = click(sandbox, id, custom_id, user(sandbox, 0)).await;
    assert_eq!(
        reply.kind,
        ReplyKind::Callback { response_type: 7 },
        "{custom_id}: {reply:?}"
    );
}

/// `alice` opens "Jump to page" and submits `typed`; returns the answer.
async fn jump(sandbox: &Sandbox, id: Id<MessageMarker>, typed: &str) -> views_sandbox::Reply {
    let alice = user(sandbox, 0);
    let opened = click(sandbox, id, "tvn:page", alice).await;
    assert!(is_modal(&opened), "the indicator opens a modal: {opened:?}");
    let modal = sandbox
        .modal(opened.interaction_id.expect("an interaction"))
        .expect("the modal");
    assert_eq!(modal.title, "Jump to page");
    let submitted = sandbox
        .submit_modal(opened.interaction_id.unwrap(), &[("page", typed)], alice)
        .expect("submitted");
    sandbox
        .wait_reply(submitted, WAIT)
        .await
        .expect("an answer")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mirunav_pages_jumps_and_pages_on_after_a_restart() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("paginator");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;

    let message = post_and_wait(&sandbox, alice, "mirunav", "I'm the first page!").await;
    support::wait_stored(&db, message.id).await;
    assert_eq!(faces(&message), arrows(1, 3));
    turn(&sandbox, message.id, "tvn:next").await;
    assert_eq!(
        showing(&sandbox, message.id),
        (
            String::new(),
            Some("I'm the second page!".to_owned()),
            arrows(2, 3)
        )
    );
    assert_eq!(
        current(&sandbox, message.id).embeds[0]
            .description
            .as_deref(),
        Some("Also an embed!")
    );

    // Restart in the middle: the navigator pages on from page 2.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    turn(&sandbox, message.id, "tvn:next").await;
    assert_eq!(
        showing(&sandbox, message.id),
        ("I'm the last page!".to_owned(), None, arrows(3, 3))
    );

    // Jump back to page 1; a page that does not exist is refused.
    let answer = jump(&sandbox, message.id, "1").await;
    assert_eq!(answer.kind, ReplyKind::Callback { response_type: 7 });
    assert_eq!(
        showing(&sandbox, message.id),
        ("I'm the first page!".to_owned(), None, arrows(1, 3))
    );
    let answer = jump(&sandbox, message.id, "4").await;
    assert_eq!(
        ephemeral(&answer),
        "There is no page 4: the pages go from 1 to 3."
    );
    assert_eq!(showing(&sandbox, message.id).2, arrows(1, 3));

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mirucustom_has_its_own_button_and_stops() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("paginator-custom");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;

    let message = post_and_wait(&sandbox, alice, "mirucustom", "I'm a customized navigator!").await;
    support::wait_stored(&db, message.id).await;
    let custom = |page: usize| {
        vec![
            ("◀".to_owned(), page == 1),
            ("▶".to_owned(), page == 3),
            ("⏹".to_owned(), false),
            (format!("Page: {page}"), false),
        ]
    };
    assert_eq!(faces(&message), custom(1));
    let reply = click(&sandbox, message.id, "paginator:page", alice).await;
    assert_eq!(ephemeral(&reply), "You clicked me!");
    turn(&sandbox, message.id, "tvn:next").await;
    assert_eq!(showing(&sandbox, message.id).2, custom(2));
    turn(&sandbox, message.id, "tvn:stop").await;
    let (_, title, buttons) = showing(&sandbox, message.id);
    assert_eq!(
        title.as_deref(),
        Some("I'm the second page!"),
        "the page stays"
    );
    assert!(buttons.is_empty(), "stop removes the buttons");

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn numbers_pages_through_a_million_pages() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("paginator-numbers");
    let alice = user(&sandbox, 0);
    let bot = start(&sandbox, &db).await;

    let reply = support::run_command(&sandbox, alice, "numbers").await;
    let message = reply.message.expect("the answer is a message");
    let first: Vec<String> = (1..=10).map(|n| n.to_string()).collect();
    assert_eq!(message.content, first.join("\n"));
    assert_eq!(faces(&message), arrows(1, 1_000_000));
    turn(&sandbox, message.id, "tvn:last").await;
    let (content, _, buttons) = showing(&sandbox, message.id);
    assert!(content.ends_with("9999999\n10000000"), "{content}");
    assert_eq!(buttons, arrows(1_000_000, 1_000_000));

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}
