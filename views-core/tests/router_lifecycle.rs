//! Non-persistent views: generated ids, timeout, `on_timeout`, `stop`,
//! clicks on expired views.
#![allow(clippy::unwrap_used)]

use std::{sync::atomic::Ordering, time::Duration};

use twilight_model::id::Id;
use views_core::{DispatchOutcome, render::CustomIds, router::DEFAULT_EXPIRED_MESSAGE};
use views_testkit::entry::entry;
use views_testkit::{discord::*, views::*};

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

// Handles move into tasks and are shared between them.
static_assertions::assert_impl_all!(views_core::ViewHandle<Tally>: Send, Sync, Clone);

async fn wait_for_timeout(probe: &PollProbe) {
    tokio::time::timeout(Duration::from_secs(10), probe.timed_out.notified())
        .await
        .expect("on_timeout did not run");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn started_views_get_unique_ids_and_expire_after_their_timeout() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let probe = PollProbe::default();
    let handle = router.start(Poll {
        probe: probe.clone(),
    });
    let other = router.start(Poll {
        probe: PollProbe::default(),
    });

    let ids = custom_ids_of(&handle.components().await);
    let other_ids = custom_ids_of(&other.components().await);
    assert_eq!(ids.len(), 2);
    assert!(
        ids.iter()
            .all(|id| id.starts_with(views_core::router::INSTANCE_PREFIX))
    );
    assert!(
        ids.iter().all(|id| !other_ids.contains(id)),
        "{ids:?} {other_ids:?}"
    );
    match handle.custom_ids() {
        CustomIds::Instance { prefix } => assert!(ids[0].starts_with(prefix.as_str())),
        other => panic!("unexpected {other:?}"),
    }

    // After TIMEOUT without clicks the view ends and on_timeout runs once.
    wait_for_timeout(&probe).await;
    assert!(handle.is_finished());
    assert_eq!(probe.timeouts.load(Ordering::SeqCst), 1);

    let late = click(&ids[1], 950);
    let token = token_of(&late);
    match router.dispatch(entry(late)).await {
        DispatchOutcome::Expired { custom_id } => assert_eq!(custom_id, ids[1]),
        other => panic!("unexpected {other:?}"),
    }
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some(DEFAULT_EXPIRED_MESSAGE));
    assert!(sent[0].is_ephemeral());
    assert_eq!(probe.votes.load(Ordering::SeqCst), 0);
    // Stopping an ended view does not run on_timeout again.
    handle.stop().await;
    assert_eq!(probe.timeouts.load(Ordering::SeqCst), 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn stop_ends_the_view_unbinds_it_and_runs_on_timeout_once() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .expired_message("This poll is closed.")
        .build()
        .unwrap();
    let tally = Tally::new();
    let timeouts = tally.timeouts.clone();
    let handle = router.start(tally);
    let ids = custom_ids_of(&handle.components().await);
    handle.bind(Id::new(951));
    assert!(router.is_bound(Id::new(951)));

    // The bound lookup finds the started instance.
    assert!(
        router
            .dispatch(entry(click(&ids[0], 951)))
            .await
            .is_handled()
    );

    handle.stop().await;
    assert!(handle.is_finished());
    assert_eq!(timeouts.load(Ordering::SeqCst), 1);
    assert!(!router.is_bound(Id::new(951)));
    handle.stop().await;
    assert_eq!(timeouts.load(Ordering::SeqCst), 1);

    let late = click(&ids[0], 951);
    let token = token_of(&late);
    assert!(matches!(
        router.dispatch(entry(late)).await,
        DispatchOutcome::Expired { .. }
    ));
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("This poll is closed.")
    );
    // Binding a finished view does nothing.
    handle.bind(Id::new(952));
    assert!(!router.is_bound(Id::new(952)));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ids_from_another_router_run_are_answered_as_expired() {
    let discord = FakeDiscord::start().await;
    let before_restart = discord.router().build().unwrap();
    let handle = before_restart.start(Poll {
        probe: PollProbe::default(),
    });
    let ids = custom_ids_of(&handle.components().await);

    let after_restart = discord.router().build().unwrap();
    let click = click(&ids[0], 953);
    let token = token_of(&click);
    assert!(matches!(
        after_restart.dispatch(entry(click)).await,
        DispatchOutcome::Expired { .. }
    ));
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some(DEFAULT_EXPIRED_MESSAGE)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_started_view_keeps_its_state_across_clicks() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let handle = router.start(Tally::new());
    let ids = custom_ids_of(&handle.components().await);
    // Declared ids of non-persistent views are replaced by generated ones.
    assert!(!ids.contains(&"tally:declared-but-ignored".to_owned()));
    for expected in 1..=3 {
        let vote = click(&ids[0], 954);
        let token = token_of(&vote);
        let outcome = router.dispatch(entry(vote)).await;
        assert!(
            matches!(
                outcome,
                DispatchOutcome::Handled {
                    view: "Tally",
                    item: "tally"
                }
            ),
            "{outcome:?}"
        );
        assert_eq!(
            discord.requests_for(&token)[0].content(),
            Some(format!("votes:{expected}").as_str())
        );
    }
    // with_view sees the same instance.
    assert_eq!(handle.with_view(|tally| tally.votes).await, 3);
    // An item index the view does not have is malformed, not a panic.
    let CustomIds::Instance { prefix } = handle.custom_ids() else {
        panic!("a started view has instance ids");
    };
    let bogus = router
        .dispatch(entry(click(&format!("{prefix}7"), 954)))
        .await;
    assert!(
        matches!(bogus, DispatchOutcome::Malformed { .. }),
        "{bogus:?}"
    );
    handle.stop().await;
    let late = click(&ids[0], 954);
    assert!(matches!(
        router.dispatch(entry(late)).await,
        DispatchOutcome::Expired { .. }
    ));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edit_on_end_rerenders_the_message_after_on_timeout() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let handle = router.start(Tally::new());
    let ids = custom_ids_of(&handle.components().await);
    handle.edit_on_end(Id::new(CHANNEL_ID), Id::new(955));
    assert!(router.is_bound(Id::new(955)));
    assert!(
        router
            .dispatch(entry(click(&ids[0], 955)))
            .await
            .is_handled()
    );

    handle.stop().await;
    let edits: Vec<_> = discord
        .requests()
        .into_iter()
        .filter(|request| request.method == "PATCH")
        .collect();
    assert_eq!(edits.len(), 1, "{edits:?}");
    assert_eq!(
        edits[0].path,
        format!("/api/v10/channels/{CHANNEL_ID}/messages/955")
    );
    let button = &edits[0].body["components"][0]["components"][0];
    // The state on_timeout left: disabled, with the final count.
    assert_eq!(button["disabled"], serde_json::json!(true));
    assert_eq!(button["label"], serde_json::json!("votes 1"));
    assert_eq!(button["custom_id"], serde_json::json!(ids[0]));
    assert!(!router.is_bound(Id::new(955)));
}

/// Runs the runtime's other tasks (and its socket I/O) for up to `limit`
/// of real time, or until `done` holds, without letting paused time
/// auto-advance: a yielding task keeps the runtime from parking, and only a
/// parked runtime advances a paused clock.
async fn spin_until(limit: Duration, mut done: impl FnMut() -> bool) -> bool {
    let started = std::time::Instant::now();
    loop {
        if done() {
            return true;
        }
        if started.elapsed() >= limit {
            return false;
        }
        std::thread::sleep(Duration::from_millis(2));
        tokio::task::yield_now().await;
    }
}

#[tokio::test(flavor = "current_thread")]
async fn a_click_resets_the_inactivity_timeout() {
    // Poll::TIMEOUT is 150 ms. The clock is paused once the fake Discord is
    // up and only moves by explicit `advance`, so the margins are exact.
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    tokio::time::pause();
    let probe = PollProbe::default();
    let handle = router.start(Poll {
        probe: probe.clone(),
    });
    let ids = custom_ids_of(&handle.components().await);
    // Let the expiry task arm its timer at t = 0 + 150 ms.
    spin_until(Duration::from_millis(50), || false).await;

    // A click at t = 100 ms...
    tokio::time::advance(Duration::from_millis(100)).await;
    let vote = click(&ids[0], 960);
    let token = token_of(&vote);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(vote)).await }
    });
    assert!(spin_until(Duration::from_secs(10), || task.is_finished()).await);
    assert!(task.await.unwrap().is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("votes:1"));

    // ...keeps the view alive past the original deadline (150 ms), up to
    // 100 + 150 ms.
    tokio::time::advance(Duration::from_millis(100)).await;
    let ended = spin_until(Duration::from_millis(100), || handle.is_finished()).await;
    assert!(!ended, "the view expired at t = 200 ms despite the click");
    tokio::time::advance(Duration::from_millis(40)).await;
    let ended = spin_until(Duration::from_millis(100), || handle.is_finished()).await;
    assert!(!ended, "the view expired at t = 240 ms despite the click");
    assert_eq!(probe.timeouts.load(Ordering::SeqCst), 0);

    // After 150 ms without clicks it ends, and on_timeout runs once.
    tokio::time::advance(Duration::from_millis(20)).await;
    assert!(
        spin_until(Duration::from_secs(10), || {
            probe.timeouts.load(Ordering::SeqCst) == 1
        })
        .await,
        "the view did not expire at t = 260 ms"
    );
    assert!(handle.is_finished());
    tokio::time::advance(Duration::from_secs(1)).await;
    spin_until(Duration::from_millis(50), || false).await;
    assert_eq!(probe.timeouts.load(Ordering::SeqCst), 1);
    assert_eq!(probe.votes.load(Ordering::SeqCst), 1);
}
