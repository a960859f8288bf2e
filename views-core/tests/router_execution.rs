//! Execution: checks, failures and panics, serialised handlers per
//! instance, parallel instances, auto-defer.
#![allow(clippy::unwrap_used)]

use std::{collections::BTreeSet, sync::atomic::Ordering, time::Duration};

use twilight_model::id::Id;
use views_core::{
    DispatchOutcome, HandlerErrorKind,
    context::DEFAULT_ERROR_MESSAGE,
    router::{DEFAULT_AUTO_DEFER_AFTER, DEFAULT_REJECTED_MESSAGE},
};
use views_testkit::entry::entry;
use views_testkit::{discord::*, views::*};

/// Every test of this suite again, each interaction read from its JSON text
/// by the routing-only parse (`RawInteraction`) instead of dispatched
/// parsed.
#[test]
fn through_the_raw_entry() {
    views_testkit::entry::rerun_through_raw_entry("through_the_raw_entry");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn interaction_check_rejects_with_an_ephemeral_message() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord.router().view::<Counter>().build().unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let blocked = parse(interaction_json(
        button_data("counter:increment"),
        Some(900),
        BLOCKED_USER_ID,
    ));
    let token = token_of(&blocked);
    let outcome = router.dispatch(entry(blocked)).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Rejected {
                view: "Counter",
                item: "increment"
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(
        probe.seen.load(Ordering::SeqCst),
        0,
        "the handler must not run"
    );
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some(DEFAULT_REJECTED_MESSAGE));
    assert!(sent[0].is_ephemeral());

    // The text is configurable.
    let router = discord
        .router()
        .view::<Counter>()
        .rejected_message("Not your poll.")
        .build()
        .unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    let blocked = parse(interaction_json(
        button_data("counter:increment"),
        Some(900),
        BLOCKED_USER_ID,
    ));
    let token = token_of(&blocked);
    router.dispatch(entry(blocked)).await;
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("Not your poll.")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn panic_goes_to_on_error_and_the_router_keeps_working() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();

    let boom = click("counter:explode", 900);
    let token = token_of(&boom);
    match router.dispatch(entry(boom)).await {
        DispatchOutcome::Failed { view, item, error } => {
            assert_eq!((view, item), ("Counter", "explode"));
            match error.kind() {
                HandlerErrorKind::Panicked { message } => {
                    assert_eq!(message, "the handler exploded")
                }
                other => panic!("unexpected {other:?}"),
            }
        }
        other => panic!("unexpected {other:?}"),
    }
    // The default on_error apologised ephemerally, as the first response.
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some(DEFAULT_ERROR_MESSAGE));
    assert!(sent[0].is_ephemeral());

    // The instance's lock was released and its state kept.
    let next = click("counter:increment", 900);
    let token = token_of(&next);
    assert!(router.dispatch(entry(next)).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("unbound:1"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn returned_errors_reach_on_error_with_their_source() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Counter>()
        .error_message("Oops, try again.")
        .build()
        .unwrap();
    router.add_view(Counter::new("unbound")).unwrap();

    let failing = click("counter:fail", 900);
    let token = token_of(&failing);
    match router.dispatch(entry(failing)).await {
        DispatchOutcome::Failed { error, .. } => {
            assert!(matches!(error.kind(), HandlerErrorKind::Returned));
            let source = std::error::Error::source(&error).unwrap();
            assert_eq!(source.to_string(), "broken on purpose");
        }
        other => panic!("unexpected {other:?}"),
    }
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("Oops, try again.")
    );

    // After a reply, the apology is an ephemeral follow-up.
    let late = click("counter:late-fail", 900);
    let token = token_of(&late);
    assert!(matches!(
        router.dispatch(entry(late)).await,
        DispatchOutcome::Failed { .. }
    ));
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some("partial"));
    assert!(sent[1].is_followup(), "{:?}", sent[1]);
    assert_eq!(sent[1].content(), Some("Oops, try again."));
    assert!(sent[1].is_ephemeral());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn concurrent_clicks_on_one_instance_lose_no_update() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord.router().view::<Counter>().build().unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let tasks: Vec<_> = (0..200)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move {
                router
                    .dispatch(entry(click("counter:increment", 900)))
                    .await
            })
        })
        .collect();
    for task in tasks {
        assert!(task.await.unwrap().is_handled());
    }
    assert_eq!(probe.seen.load(Ordering::SeqCst), 200);
    // Every click saw a distinct count: 1..=200.
    let counts: BTreeSet<u64> = discord
        .requests()
        .iter()
        .filter_map(|request| request.content()?.strip_prefix("unbound:")?.parse().ok())
        .collect();
    assert_eq!(counts, (1..=200).collect());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn different_instances_run_in_parallel() {
    let discord = FakeDiscord::start().await;
    let bound_probe = Probe::default();
    let router = discord.router().view::<Counter>().build().unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    router
        .bind_in_memory(
            Id::new(900),
            Counter::with_probe("bound", bound_probe.clone()),
        )
        .unwrap();

    // The bound instance is stuck in a slow handler...
    let slow = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(click("counter:slow", 900))).await }
    });
    // ...while the unbound one still answers.
    let fast = click("counter:increment", 901);
    let token = token_of(&fast);
    assert!(router.dispatch(entry(fast)).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("unbound:1"));
    assert!(!slow.is_finished());
    bound_probe.release.notify_one();
    assert!(slow.await.unwrap().is_handled());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_defer_update_then_reply_becomes_a_followup() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord
        .router()
        .view::<Counter>()
        .auto_defer_after(Duration::from_millis(20))
        .build()
        .unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let interaction = click("counter:slow", 900);
    let token = token_of(&interaction);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(interaction)).await }
    });
    // The handler is blocked until released: the router must defer for it.
    let sent = discord.wait_for(1).await;
    assert_eq!(sent[0].callback_type(), Some(6), "{sent:?}");
    assert_eq!(probe.completed.load(Ordering::SeqCst), 0);
    probe.release.notify_one();
    assert!(task.await.unwrap().is_handled());

    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].is_followup(), "{:?}", sent[1]);
    assert_eq!(sent[1].content(), Some("slow reply"));
    assert!(sent[1].is_ephemeral());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_defer_ephemeral_then_reply_edits_the_original() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord
        .router()
        .view::<Counter>()
        .auto_defer_after(Duration::from_millis(20))
        .build()
        .unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let interaction = click("counter:slow-ephemeral", 900);
    let token = token_of(&interaction);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(interaction)).await }
    });
    let sent = discord.wait_for(1).await;
    assert_eq!(sent[0].callback_type(), Some(5), "{sent:?}");
    assert!(sent[0].is_ephemeral());
    probe.release.notify_one();
    assert!(task.await.unwrap().is_handled());

    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].is_edit_original(), "{:?}", sent[1]);
    assert_eq!(sent[1].content(), Some("slow reply"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_defer_then_update_edits_the_components_message() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord
        .router()
        .view::<Counter>()
        .auto_defer_after(Duration::from_millis(20))
        .build()
        .unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let interaction = click("counter:slow-update", 900);
    let token = token_of(&interaction);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(interaction)).await }
    });
    assert_eq!(discord.wait_for(1).await[0].callback_type(), Some(6));
    probe.release.notify_one();
    assert!(task.await.unwrap().is_handled());
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].is_edit_original());
    assert_eq!(sent[1].content(), Some("updated late"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_handler_that_never_answers_is_acknowledged_when_it_returns() {
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    // Default delay (2.5 s): the acknowledgement must come from the return,
    // not from the timer.
    let router = discord.router().view::<Counter>().build().unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();

    let interaction = click("counter:silent", 900);
    let token = token_of(&interaction);
    assert!(router.dispatch(entry(interaction)).await.is_handled());
    assert_eq!(probe.completed.load(Ordering::SeqCst), 1);
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(6));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fast_reply_is_never_doubled_by_the_auto_defer() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Counter>()
        .auto_defer_after(Duration::ZERO)
        .build()
        .unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    // The timer fires at once and races every handler's reply: exactly one
    // callback per interaction, whichever wins.
    for _ in 0..20 {
        let interaction = click("counter:increment", 900);
        let token = token_of(&interaction);
        assert!(router.dispatch(entry(interaction)).await.is_handled());
        let sent = discord.requests_for(&token);
        let callbacks = sent
            .iter()
            .filter(|request| request.callback_type().is_some())
            .count();
        assert_eq!(callbacks, 1, "{sent:?}");
        let reply = sent
            .iter()
            .find(|request| request.content().is_some())
            .unwrap();
        assert!(reply.content().unwrap().starts_with("unbound:"));
    }
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
async fn the_default_auto_defer_fires_at_two_and_a_half_seconds() {
    assert_eq!(DEFAULT_AUTO_DEFER_AFTER, Duration::from_millis(2500));
    // The fake Discord and the client come up in real time; only then is
    // the clock paused, so the auto-defer timer is the only timer in play.
    let discord = FakeDiscord::start().await;
    let probe = Probe::default();
    let router = discord.router().view::<Counter>().build().unwrap();
    router
        .add_view(Counter::with_probe("unbound", probe.clone()))
        .unwrap();
    tokio::time::pause();

    let interaction = click("counter:slow", 900);
    let token = token_of(&interaction);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(interaction)).await }
    });
    // Let the dispatch start (its arrival time is the clock's zero here)
    // and its handler park on `release`.
    spin_until(Duration::from_millis(50), || false).await;
    // 2.4 s later nothing was sent, even with real time for a request to
    // arrive.
    tokio::time::advance(Duration::from_millis(2400)).await;
    let early = spin_until(Duration::from_millis(300), || {
        !discord.requests_for(&token).is_empty()
    })
    .await;
    assert!(!early, "{:?}", discord.requests_for(&token));
    assert!(!task.is_finished());

    // Past 2.5 s the router acknowledges with a deferred update (type 6).
    tokio::time::advance(Duration::from_millis(200)).await;
    let deferred = spin_until(Duration::from_secs(10), || {
        !discord.requests_for(&token).is_empty()
    })
    .await;
    assert!(deferred, "no auto-defer after 2.5 s");
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(6));
    assert_eq!(probe.completed.load(Ordering::SeqCst), 0);

    // The rest runs in real time: the late reply becomes a follow-up.
    tokio::time::resume();
    probe.release.notify_one();
    assert!(task.await.unwrap().is_handled());
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 2, "{sent:?}");
    assert!(sent[1].is_followup(), "{:?}", sent[1]);
}

/// Delays too long to add to a clock reading are capped by the builder, so
/// a click on a router built with them is handled, not a panic.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn extreme_delays_are_capped_not_a_panic() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Counter>()
        .auto_defer_after(Duration::MAX)
        .lease_timeout(Duration::MAX)
        .store_timeout(Duration::MAX)
        .build()
        .unwrap();
    router.add_view(Counter::new("unbound")).unwrap();
    let interaction = click("counter:increment", 900);
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(discord.requests_for(&token).len(), 1);
}
