//! Ending a view from its own handler (`ctx.stop()`, `ViewHandle::stop`),
//! and waiting for a view to end (`ViewHandle::wait`), in every
//! registration mode.
#![allow(clippy::unwrap_used, missing_docs)]

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use twilight_model::id::Id;
use twilight_views::{DispatchOutcome, MemoryStore, ViewHandle, ViewStore, prelude::*};
use views_testkit::discord::{FakeDiscord, click, custom_ids_of, token_of};

/// A guard against a deadlock turning into a hung test run.
async fn within<T>(what: &str, future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(10), future)
        .await
        .unwrap_or_else(|_| panic!("{what} did not finish"))
}

/// "Delete 40 messages?": one click answers and ends the view.
#[view(timeout = 3600)]
#[derive(Default)]
struct Confirm {
    closed: bool,
    ended: Arc<AtomicUsize>,
    /// The view's own handle, for the `ViewHandle::stop` variant.
    handle: Option<ViewHandle<Confirm>>,
}

#[view]
impl Confirm {
    #[button(label = "Delete", style = "danger", disabled = self.closed)]
    async fn delete(&mut self, ctx: ViewContext) -> ViewResult {
        ctx.stop();
        ctx.respond_ephemeral("Deleted.").await
    }

    #[button(label = "Cancel", disabled = self.closed)]
    async fn cancel(&mut self, ctx: ViewContext) -> ViewResult {
        // The handle's stop from inside the view's own handler: it must not
        // wait for the view this handler holds.
        let handle = self.handle.clone().expect("handle set after start");
        handle.stop().await;
        ctx.respond_ephemeral("Cancelled.").await
    }

    async fn on_timeout(&mut self) {
        self.closed = true;
        self.ended.fetch_add(1, Ordering::SeqCst);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctx_stop_ends_a_started_view_after_its_reply_and_wait_resolves() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let ended = Arc::new(AtomicUsize::new(0));
    let handle = router.start(Confirm {
        ended: ended.clone(),
        ..Confirm::default()
    });
    let ids = custom_ids_of(&handle.components().await);
    handle.edit_on_end(Id::new(645_027_906_669_510_667), Id::new(960));
    let waiter = tokio::spawn({
        let handle = handle.clone();
        async move { handle.wait().await }
    });

    let first = click(&ids[0], 960);
    let token = token_of(&first);
    let outcome = within("the click", router.dispatch(first)).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    within("wait()", waiter).await.unwrap();

    // The handler's reply went out, then the view ended: on_timeout ran
    // once and the message was re-rendered with what it left (disabled).
    let replies = discord.requests_for(&token);
    assert_eq!(replies.len(), 1, "{replies:?}");
    assert_eq!(replies[0].content(), Some("Deleted."));
    assert!(handle.is_finished());
    assert_eq!(ended.load(Ordering::SeqCst), 1);
    let requests = discord.requests();
    let edits: Vec<_> = requests
        .iter()
        .filter(|request| request.method == "PATCH" && request.path.ends_with("/messages/960"))
        .collect();
    assert_eq!(edits.len(), 1, "{edits:?}");
    // The reply went out first, the end's edit after it.
    let reply_at = requests
        .iter()
        .position(|request| request.token() == Some(token.as_str()))
        .unwrap();
    let edit_at = requests
        .iter()
        .position(|request| request.method == "PATCH")
        .unwrap();
    assert!(reply_at < edit_at, "{requests:?}");
    let buttons = &edits[0].body["components"][0]["components"];
    assert_eq!(buttons[0]["disabled"], true, "{buttons}");
    assert_eq!(buttons[1]["disabled"], true, "{buttons}");

    // Later clicks get the expired message; the message is unbound.
    assert!(!router.is_bound(Id::new(960)));
    let late = within("a late click", router.dispatch(click(&ids[1], 960))).await;
    assert!(matches!(late, DispatchOutcome::Expired { .. }), "{late:?}");
    // wait() on an ended view returns at once, and stop() is a no-op.
    within("wait() again", handle.wait()).await;
    within("stop() again", handle.stop()).await;
    assert_eq!(ended.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn view_handle_stop_from_the_views_own_handler_does_not_deadlock() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let ended = Arc::new(AtomicUsize::new(0));
    let handle = router.start(Confirm {
        ended: ended.clone(),
        ..Confirm::default()
    });
    let own = handle.clone();
    handle.with_view(|view| view.handle = Some(own)).await;
    let ids = custom_ids_of(&handle.components().await);

    let cancel = click(&ids[1], 961);
    let token = token_of(&cancel);
    let outcome = within("the click that stops its own view", router.dispatch(cancel)).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("Cancelled.")
    );
    within("wait()", handle.wait()).await;
    assert_eq!(ended.load(Ordering::SeqCst), 1);
    let late = within("a late click", router.dispatch(click(&ids[0], 961))).await;
    assert!(matches!(late, DispatchOutcome::Expired { .. }), "{late:?}");
    // The view holds its own handle: drop that cycle.
    handle.with_view(|view| view.handle = None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_from_another_task_waits_for_the_running_handler() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let ended = Arc::new(AtomicUsize::new(0));
    let handle = router.start(Confirm {
        ended: ended.clone(),
        ..Confirm::default()
    });
    // Holding the view stands in for a long handler: stop() unroutes at
    // once but runs on_timeout only after the view is free.
    let stopping = handle.clone();
    let observer = handle.clone();
    let counted = ended.clone();
    let (stopper, ended_while_held) = handle
        .with_view(move |_| {
            let stopper = tokio::spawn(async move { stopping.stop().await });
            // The stopping task runs on the other worker thread.
            for _ in 0..10_000 {
                if observer.is_finished() {
                    break;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            assert!(observer.is_finished(), "stop() did not unroute the view");
            (stopper, counted.load(Ordering::SeqCst))
        })
        .await;
    assert_eq!(
        ended_while_held, 0,
        "on_timeout ran while the view was held"
    );
    within("stop()", stopper).await.unwrap();
    assert!(handle.is_finished());
    assert_eq!(ended.load(Ordering::SeqCst), 1);
    within("wait()", handle.wait()).await;
}

/// A persistent view whose "Close" button ends it.
#[view(persistent)]
#[derive(Serialize, Deserialize, Default)]
struct Ballot {
    votes: u64,
}

#[view]
impl Ballot {
    #[button(custom_id = "ballot:vote", label = "Vote")]
    async fn vote(&mut self, ctx: ViewContext) -> ViewResult {
        self.votes += 1;
        ctx.respond_ephemeral(format!("votes:{}", self.votes)).await
    }

    #[button(custom_id = "ballot:close-broken", label = "Close (broken)")]
    async fn close_broken(&mut self, ctx: ViewContext) -> Result<(), String> {
        self.votes += 1_000;
        ctx.stop();
        Err("the poll service is down".to_owned())
    }

    #[button(custom_id = "ballot:close", label = "Close")]
    async fn close(&mut self, ctx: ViewContext) -> ViewResult {
        self.votes += 100;
        ctx.stop();
        ctx.respond_ephemeral(format!("closed at {}", self.votes))
            .await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctx_stop_unbinds_a_view_bound_in_memory() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Ballot>().build().unwrap();
    router
        .bind_in_memory(Id::new(970), Ballot::default())
        .unwrap();
    assert!(
        router
            .dispatch(click("ballot:vote", 970))
            .await
            .is_handled()
    );
    assert!(
        router
            .dispatch(click("ballot:close", 970))
            .await
            .is_handled()
    );
    assert!(!router.is_bound(Id::new(970)));
    // Nothing serves the message any more: the click is not ours.
    let late = router.dispatch(click("ballot:vote", 970)).await;
    assert!(
        matches!(late, DispatchOutcome::UnknownCustomId { .. }),
        "{late:?}"
    );
}

/// A router storing `Ballot`s in memory, with one bound to `message` and
/// voted on once.
async fn stored_ballot_with_one_vote(
    discord: &FakeDiscord,
    message: u64,
) -> (twilight_views::ViewRouter, Arc<MemoryStore>) {
    let store = Arc::new(MemoryStore::new());
    let router = discord
        .router()
        .store(store.clone())
        .stored_view::<Ballot>()
        .build()
        .unwrap();
    router
        .bind(Id::new(message), Ballot::default())
        .await
        .unwrap();
    assert!(
        router
            .dispatch(click("ballot:vote", message))
            .await
            .is_handled()
    );
    (router, store)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctx_stop_deletes_a_stored_view_after_saving_and_replying() {
    let discord = FakeDiscord::start().await;
    let (router, store) = stored_ballot_with_one_vote(&discord, 971).await;

    let close = click("ballot:close", 971);
    let token = token_of(&close);
    assert!(router.dispatch(close).await.is_handled());
    // The reply saw the state the handler made, and the record is gone.
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("closed at 101")
    );
    assert_eq!(store.load(971).await.unwrap(), None);
    let late = router.dispatch(click("ballot:vote", 971)).await;
    assert!(
        matches!(late, DispatchOutcome::Unavailable { .. }),
        "{late:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctx_stop_leaves_an_unbound_persistent_view_serving_every_message() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Ballot>().build().unwrap();
    router.add_view(Ballot::default()).unwrap();
    assert!(
        router
            .dispatch(click("ballot:close", 972))
            .await
            .is_handled()
    );
    let next = click("ballot:vote", 973);
    let token = token_of(&next);
    assert!(router.dispatch(next).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("votes:101"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctx_stop_in_a_failing_handler_keeps_the_stored_view_and_its_state() {
    let discord = FakeDiscord::start().await;
    let (router, store) = stored_ballot_with_one_vote(&discord, 974).await;
    let outcome = router.dispatch(click("ballot:close-broken", 974)).await;
    assert!(
        matches!(outcome, DispatchOutcome::Failed { .. }),
        "{outcome:?}"
    );
    // Nothing changed: the record and its state (1 vote) are still there,
    // and the view keeps answering.
    let record = store.load(974).await.unwrap().expect("still stored");
    assert_eq!(record.state, br#"{"votes":1}"#);
    let next = click("ballot:vote", 974);
    let token = token_of(&next);
    assert!(router.dispatch(next).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("votes:2"));
}

/// A view that ends itself from `on_timeout` too, through its own handle,
/// and whose "Hang" handler never returns.
#[view(timeout = 3600)]
#[derive(Default)]
struct Selfish {
    ended: Arc<AtomicUsize>,
    handle: Option<ViewHandle<Selfish>>,
}

#[view]
impl Selfish {
    #[button(label = "Hang")]
    async fn hang(&mut self, ctx: ViewContext) -> ViewResult {
        ctx.stop();
        std::future::pending::<()>().await;
        Ok(())
    }

    async fn on_timeout(&mut self) {
        self.ended.fetch_add(1, Ordering::SeqCst);
        if let Some(handle) = self.handle.take() {
            // Both would wait for this very hook without the scope check.
            handle.stop().await;
            handle.wait().await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn on_timeout_may_stop_and_wait_on_its_own_handle() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let ended = Arc::new(AtomicUsize::new(0));
    let handle = router.start(Selfish {
        ended: ended.clone(),
        handle: None,
    });
    let own = handle.clone();
    handle.with_view(|view| view.handle = Some(own)).await;
    within("stop()", handle.stop()).await;
    within("wait()", handle.wait()).await;
    assert_eq!(ended.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cancelled_click_that_stopped_its_view_still_ends_it() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let ended = Arc::new(AtomicUsize::new(0));
    let handle = router.start(Selfish {
        ended: ended.clone(),
        handle: None,
    });
    let ids = custom_ids_of(&handle.components().await);

    // The bot gives up on the click (a timeout around dispatch, a shutdown
    // aborting its tasks) after the handler called ctx.stop().
    let click_hangs = tokio::time::timeout(
        Duration::from_millis(200),
        router.dispatch(click(&ids[0], 975)),
    )
    .await;
    assert!(click_hangs.is_err(), "the handler never returns");

    within("wait()", handle.wait()).await;
    assert!(handle.is_finished());
    assert_eq!(ended.load(Ordering::SeqCst), 1);
}

/// A view that times out after one second without clicks.
#[view(timeout = 1)]
struct Brief;

#[view]
impl Brief {
    #[button(label = "Go")]
    async fn go(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("went").await
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn timed_out_tells_a_timeout_from_a_stop() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();

    let idle = router.start(Brief);
    let stopped = router.start(Brief);
    assert!(!idle.timed_out() && !idle.is_finished());
    stopped.stop().await;
    within("wait() after stop()", stopped.wait()).await;
    within("the timeout", idle.wait()).await;

    // discord.py's `timed_out = await view.wait()`.
    assert!(idle.timed_out());
    assert!(!stopped.timed_out());
    assert!(stopped.is_finished());
}

/// A view whose timeout is too long to add to a clock reading.
#[view(timeout = 18446744073709551615)]
#[derive(Default)]
struct Forever {
    clicks: u64,
}

#[view]
impl Forever {
    #[button(label = "Again")]
    async fn again(&mut self, ctx: ViewContext) -> ViewResult {
        self.clicks += 1;
        ctx.respond_ephemeral(format!("clicks={}", self.clicks))
            .await
    }
}

/// `timeout = u64::MAX` seconds means "never": clicks keep working (each
/// one resets the inactivity deadline), and a stop still ends the view.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_timeout_too_long_for_the_clock_never_fires_and_stop_still_ends() {
    // The deadline arithmetic runs in the view's expiry task, whose panic
    // would only be printed: count overflow panics while this test runs.
    static OVERFLOW_PANICS: AtomicUsize = AtomicUsize::new(0);
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info
            .payload()
            .downcast_ref::<&str>()
            .map(|text| (*text).to_owned())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_default();
        if message.contains("overflow") {
            OVERFLOW_PANICS.fetch_add(1, Ordering::SeqCst);
        }
        previous(info);
    }));
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let handle = router.start(Forever::default());
    let ids = custom_ids_of(&handle.components().await);
    for expected in 1..=2 {
        let interaction = click(&ids[0], 963);
        let token = token_of(&interaction);
        let outcome = within("a click", router.dispatch(interaction)).await;
        assert!(outcome.is_handled(), "{outcome:?}");
        let sent = discord.requests_for(&token);
        assert_eq!(
            sent[0].content(),
            Some(format!("clicks={expected}").as_str())
        );
    }
    assert!(!handle.is_finished());
    within("stop", handle.stop()).await;
    within("wait", handle.wait()).await;
    assert!(handle.is_finished());
    assert_eq!(
        OVERFLOW_PANICS.load(Ordering::SeqCst),
        0,
        "a deadline overflowed"
    );
}
