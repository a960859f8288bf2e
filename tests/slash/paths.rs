//! Each way a reply creates its message, for a stored and an unbound view:
//! the view answers a click, and answers again after a restart (a new
//! router on the same store).

use twilight_model::id::{Id, marker::MessageMarker};
use twilight_views::{Unbound, ViewRouter, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Hello, Tally, answer, click_on, command, memory_store, router};

/// How the command is answered.
#[derive(Clone, Copy, Debug)]
enum Path {
    /// The callback itself carries the view.
    Initial,
    /// "Thinking..." first, then the view completes it.
    Deferred,
    /// A first answer, then the view as a follow-up.
    Followup,
    /// The callback, visible to the user alone.
    Ephemeral,
}

/// Which view goes out.
#[derive(Clone, Copy, Debug)]
enum Kind {
    Stored,
    Unbound,
}

/// Answers `/open` along `path` with a view of `kind`; returns the message.
async fn open(router: &ViewRouter, path: Path, kind: Kind) -> Id<MessageMarker> {
    let ctx = router.context(command("open"));
    let reply = match path {
        Path::Ephemeral => Reply::new().content("Press!").ephemeral(true),
        _ => Reply::new().content("Press!"),
    };
    match path {
        Path::Deferred => ctx.defer().await.unwrap(),
        Path::Followup => ctx.respond("Here it comes:").await.unwrap(),
        Path::Initial | Path::Ephemeral => {}
    }
    let sent = match (path, kind) {
        (Path::Followup, Kind::Stored) => ctx.followup_with_view(reply, Tally::default()).await,
        (Path::Followup, Kind::Unbound) => ctx.followup_with_view(reply, Unbound(Hello)).await,
        (_, Kind::Stored) => ctx.respond_with_view(reply, Tally::default()).await,
        (_, Kind::Unbound) => ctx.respond_with_view(reply, Unbound(Hello)).await,
    };
    sent.unwrap().expect("a command's reply is not held")
}

async fn scenario(path: Path, kind: Kind) {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let first = router(&discord, &store);
    let message_id = open(&first, path, kind).await;

    // The message is the one the reply created, with the view on it.
    let message = discord
        .sandbox()
        .message(message_id)
        .expect("message exists");
    assert_eq!(message.message.content, "Press!", "{path:?}");
    assert!(
        !message.message.components.is_empty(),
        "{path:?}: no components"
    );
    let ephemeral = message
        .message
        .flags
        .is_some_and(|flags| flags.bits() & 64 != 0);
    assert_eq!(ephemeral, matches!(path, Path::Ephemeral), "{path:?}");
    if let Kind::Stored = kind {
        assert!(first.is_bound(message_id));
        assert_eq!(
            store.load(message_id.get()).await.unwrap().unwrap().kind,
            "Tally"
        );
    } else {
        assert!(!first.is_bound(message_id), "an unbound view binds nothing");
    }

    let (custom_id, answers) = match kind {
        Kind::Stored => ("slash:tally", ["count=1", "count=2"]),
        Kind::Unbound => ("slash:hello", ["hello", "hello"]),
    };
    let click = click_on(&discord, message_id, custom_id);
    assert!(
        first.dispatch(click.clone()).await.is_handled(),
        "{path:?} {kind:?}"
    );
    assert_eq!(answer(&discord, &click), answers[0]);

    // A restart: a new router on the same store.
    drop(first);
    let second = router(&discord, &store);
    let click = click_on(&discord, message_id, custom_id);
    assert!(
        second.dispatch(click.clone()).await.is_handled(),
        "{path:?} {kind:?} after a restart"
    );
    assert_eq!(answer(&discord, &click), answers[1]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initial_response_stored() {
    scenario(Path::Initial, Kind::Stored).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn initial_response_unbound() {
    scenario(Path::Initial, Kind::Unbound).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deferred_response_stored() {
    scenario(Path::Deferred, Kind::Stored).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deferred_response_unbound() {
    scenario(Path::Deferred, Kind::Unbound).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followup_stored() {
    scenario(Path::Followup, Kind::Stored).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn followup_unbound() {
    scenario(Path::Followup, Kind::Unbound).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ephemeral_response_stored() {
    scenario(Path::Ephemeral, Kind::Stored).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ephemeral_response_unbound() {
    scenario(Path::Ephemeral, Kind::Unbound).await;
}

/// The one-call form on the router answers with the view and returns the
/// message it created.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_router_answers_a_command_in_one_call() {
    let discord = FakeDiscord::start().await;
    let store = memory_store();
    let router = router(&discord, &store);
    let interaction = command("counter");
    let message_id = router
        .respond_with_view(&interaction, "Press!", Tally { count: 41 })
        .await
        .unwrap();
    assert!(router.is_bound(message_id));
    let click = click_on(&discord, message_id, "slash:tally");
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "count=42");
}
