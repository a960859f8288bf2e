//! The persistence suite: every function gets a fresh, empty store and
//! checks one behaviour of stored bound views through the router.

use std::sync::{Arc, atomic::Ordering};

use serde_json::json;
use twilight_model::id::Id;
use views_core::{
    DispatchOutcome, RouterErrorKind, ViewRouter,
    router::{DEFAULT_NOT_SAVED_MESSAGE, DEFAULT_UNAVAILABLE_MESSAGE},
    store::ViewStore,
};
use views_testkit::discord::{FakeDiscord, click, token_of};
use views_testkit::entry::entry;

use super::{Faults, Faulty, Flag, Score, stored_state};

/// Clicks `custom_id` on `message_id`; returns the outcome and the contents
/// Discord received for that interaction.
pub async fn press(
    discord: &FakeDiscord,
    router: &ViewRouter,
    custom_id: &str,
    message_id: u64,
) -> (DispatchOutcome, Vec<String>) {
    let interaction = click(custom_id, message_id);
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    let contents = discord
        .requests_for(&token)
        .iter()
        .filter_map(|request| request.content().map(str::to_owned))
        .collect();
    (outcome, contents)
}

fn router(discord: &FakeDiscord, store: &Arc<dyn ViewStore>) -> ViewRouter {
    discord
        .router()
        .stored_view::<Score>()
        .stored_view::<Flag>()
        .store(Arc::clone(store))
        .build()
        .unwrap()
}

/// Runs every function of the suite, each on a fresh store.
pub async fn run_all<F, Fut>(fresh: F)
where
    F: Fn(&'static str) -> Fut,
    Fut: Future<Output = Arc<dyn ViewStore>>,
{
    bind_stores_and_a_new_router_restores_lazily(fresh("restart").await).await;
    self_handlers_read_and_never_write(fresh("read").await).await;
    unchanged_state_is_not_written(fresh("noop").await).await;
    failed_handler_is_rolled_back(fresh("doomed").await).await;
    held_replies_wait_for_the_commit(fresh("gate").await).await;
    failed_commit_rolls_back_and_says_so(fresh("commit").await).await;
    undecodable_state_is_unavailable_and_others_work(fresh("corrupt").await).await;
    migration_hook_upgrades_old_state(fresh("migrate").await).await;
    eviction_keeps_the_cache_bounded(fresh("evict").await).await;
    restore_all_reports_counts_and_failures(fresh("restore").await).await;
    unbind_and_message_deleted_remove_from_the_store(fresh("unbind").await).await;
    a_click_before_bind_is_answered_as_unavailable(fresh("early").await).await;
    unknown_message_on_edit_unbinds(fresh("unknown").await).await;
    bind_needs_stored_view(fresh("not-stored").await).await;
    another_writer_is_seen_through_the_version(fresh("version").await).await;
    on_error_changes_are_never_saved(fresh("on-error").await).await;
    overrunning_handlers_and_commits_are_not_saved(fresh("limits").await).await;
    a_message_id_beyond_the_key_range_is_unavailable(fresh("key-range").await).await;
}

/// A click on a message id no store can key (above `i64::MAX`; no Discord
/// snowflake is) is a forged click: answered as unavailable, not reported
/// as a store failure.
pub async fn a_message_id_beyond_the_key_range_is_unavailable(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    let (outcome, replies) = press(&discord, &router, "score:add", u64::MAX).await;
    assert!(
        matches!(outcome, DispatchOutcome::Unavailable { .. }),
        "{outcome:?}"
    );
    assert_eq!(replies, [DEFAULT_UNAVAILABLE_MESSAGE]);
}

/// A handler that holds the lease past the router's `lease_timeout`, and a
/// commit that overruns its `store_timeout`, are given up: the user is told
/// "not saved", nothing is written, no reply of the handler is sent, and
/// the next click starts from the stored state.
pub async fn overrunning_handlers_and_commits_are_not_saved(store: Arc<dyn ViewStore>) {
    let faults = Arc::new(Faults::default());
    let store: Arc<dyn ViewStore> = Arc::new(Faulty {
        inner: store,
        faults: Arc::clone(&faults),
    });
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .lease_timeout(std::time::Duration::from_millis(200))
        .store_timeout(std::time::Duration::from_millis(300))
        .build()
        .unwrap();
    router.bind(Id::new(930), Score { count: 5 }).await.unwrap();

    let (outcome, replies) = press(&discord, &router, "score:slow", 930).await;
    let DispatchOutcome::NotSaved { item, error, .. } = &outcome else {
        panic!("{outcome:?}");
    };
    assert_eq!(*item, "slow");
    assert!(error.to_string().contains("lease_timeout"), "{error}");
    assert_eq!(replies, [DEFAULT_NOT_SAVED_MESSAGE]);
    assert_eq!(stored_state(&*store, 930).await, Some(json!({"count": 5})));
    let (_, replies) = press(&discord, &router, "score:add", 930).await;
    assert_eq!(
        replies,
        ["count=6"],
        "the overrunning handler's change was kept"
    );

    faults.gate_commits.store(true, Ordering::SeqCst);
    let (outcome, replies) = press(&discord, &router, "score:add", 930).await;
    assert!(
        matches!(outcome, DispatchOutcome::NotSaved { item: "add", .. }),
        "{outcome:?}"
    );
    assert_eq!(replies, [DEFAULT_NOT_SAVED_MESSAGE]);
    faults.gate_commits.store(false, Ordering::SeqCst);
    assert_eq!(stored_state(&*store, 930).await, Some(json!({"count": 6})));
    let (outcome, replies) = press(&discord, &router, "score:add", 930).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=7"]);
}

/// `on_error` may change the view (`&mut self`), but only a successful
/// handler's state is saved: after a failed `&self` handler, and after a
/// commit whose reply could not be sent, the next click starts from the
/// stored state, not from what `on_error` left in memory.
pub async fn on_error_changes_are_never_saved(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);

    // Read path: a `&self` handler fails, on_error flips the flag.
    router.bind(Id::new(920), Flag { on: false }).await.unwrap();
    let (outcome, _) = press(&discord, &router, "flag:peek-fail", 920).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Failed {
                item: "peek_fail",
                ..
            }
        ),
        "{outcome:?}"
    );
    let (outcome, replies) = press(&discord, &router, "flag:toggle", 920).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        replies,
        ["on=true"],
        "on_error's flip leaked into the next click"
    );
    assert_eq!(stored_state(&*store, 920).await, Some(json!({"on": true})));

    // Held-reply path: the commit lands, sending its reply fails, on_error
    // flips the flag in memory.
    router.bind(Id::new(921), Flag { on: false }).await.unwrap();
    discord.fail_next(
        "/callback",
        500,
        json!({ "message": "500: Internal Server Error", "code": 0 }),
    );
    let (outcome, _) = press(&discord, &router, "flag:toggle", 921).await;
    assert!(
        matches!(outcome, DispatchOutcome::Failed { item: "toggle", .. }),
        "{outcome:?}"
    );
    assert_eq!(stored_state(&*store, 921).await, Some(json!({"on": true})));
    let (outcome, replies) = press(&discord, &router, "flag:toggle", 921).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        replies,
        ["on=false"],
        "on_error's flip leaked into the next click"
    );
    assert_eq!(stored_state(&*store, 921).await, Some(json!({"on": false})));
}

/// bind -> clicks -> a second router on the same store (a restart) restores
/// the view on its first click and continues the count.
pub async fn bind_stores_and_a_new_router_restores_lazily(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let first = router(&discord, &store);
    first.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 0})));
    for expected in 1..=3 {
        let (outcome, replies) = press(&discord, &first, "score:add", 900).await;
        assert!(outcome.is_handled(), "{outcome:?}");
        assert_eq!(replies, [format!("count={expected}")]);
    }
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 3})));
    drop(first);

    let second = router(&discord, &store);
    assert_eq!(second.cached_views(), 0, "nothing is loaded at start-up");
    let (outcome, replies) = press(&discord, &second, "score:add", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=4"]);
    assert_eq!(second.cached_views(), 1);
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 4})));
}

/// `&self` handlers see the stored state and write nothing.
pub async fn self_handlers_read_and_never_write(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 7 }).await.unwrap();
    let version = store.load(900).await.unwrap().unwrap().version;
    let (outcome, replies) = press(&discord, &router, "score:show", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["shown=7"]);
    assert_eq!(store.load(900).await.unwrap().unwrap().version, version);
}

/// A `&mut self` handler that changed nothing commits nothing, and its
/// replies are still sent.
pub async fn unchanged_state_is_not_written(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 2 }).await.unwrap();
    let version = store.load(900).await.unwrap().unwrap().version;
    let (outcome, replies) = press(&discord, &router, "score:noop", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["noop"]);
    assert_eq!(store.load(900).await.unwrap().unwrap().version, version);
}

/// A handler that fails changes nothing: no commit, its replies are
/// dropped, on_error apologises, and the in-memory state is rolled back.
pub async fn failed_handler_is_rolled_back(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 1 }).await.unwrap();
    let (outcome, replies) = press(&discord, &router, "score:doomed", 900).await;
    assert!(
        matches!(outcome, DispatchOutcome::Failed { item: "doomed", .. }),
        "{outcome:?}"
    );
    assert_eq!(replies, [views_core::context::DEFAULT_ERROR_MESSAGE]);
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 1})));
    let (_, replies) = press(&discord, &router, "score:add", 900).await;
    assert_eq!(replies, ["count=2"], "the failed change was rolled back");
}

/// The reply of a mutating handler reaches Discord only after the commit
/// returned.
pub async fn held_replies_wait_for_the_commit(store: Arc<dyn ViewStore>) {
    let faults = Arc::new(Faults::default());
    let store: Arc<dyn ViewStore> = Arc::new(Faulty {
        inner: store,
        faults: Arc::clone(&faults),
    });
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    faults.gate_commits.store(true, Ordering::SeqCst);
    let entered = faults.entered.notified();
    let interaction = click("score:add", 900);
    let token = token_of(&interaction);
    let task = tokio::spawn({
        let router = router.clone();
        async move { router.dispatch(entry(interaction)).await }
    });
    // The handler ran and the commit started: nothing may have been sent.
    entered.await;
    assert!(
        discord.requests_for(&token).is_empty(),
        "a reply was sent before the state was durable: {:?}",
        discord.requests_for(&token)
    );
    faults.release.notify_one();
    let outcome = task.await.unwrap();
    assert!(outcome.is_handled(), "{outcome:?}");
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].content(), Some("count=1"));
    assert!(sent[0].is_ephemeral());
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 1})));
}

/// A failed commit: nothing written, the handler's reply never sent, the
/// user told ephemerally, the in-memory state rolled back.
pub async fn failed_commit_rolls_back_and_says_so(store: Arc<dyn ViewStore>) {
    let faults = Arc::new(Faults::default());
    let store: Arc<dyn ViewStore> = Arc::new(Faulty {
        inner: store,
        faults: Arc::clone(&faults),
    });
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    let (_, replies) = press(&discord, &router, "score:add", 900).await;
    assert_eq!(replies, ["count=1"]);

    faults.fail_commits.store(true, Ordering::SeqCst);
    let interaction = click("score:add", 900);
    let token = token_of(&interaction);
    let outcome = router.dispatch(entry(interaction)).await;
    match &outcome {
        DispatchOutcome::NotSaved {
            view: "Score",
            item: "add",
            message_id,
            error,
        } => {
            assert_eq!(message_id.get(), 900);
            assert!(error.to_string().contains("on fire"), "{error}");
        }
        other => panic!("expected NotSaved, got {other:?}"),
    }
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].content(), Some(DEFAULT_NOT_SAVED_MESSAGE));
    assert!(sent[0].is_ephemeral());
    assert!(
        discord
            .requests()
            .iter()
            .all(|request| request.content() != Some("count=2")),
        "the unsaved count was shown"
    );
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 1})));

    faults.fail_commits.store(false, Ordering::SeqCst);
    let (outcome, replies) = press(&discord, &router, "score:add", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=2"], "in-memory state was rolled back");
}

/// A stored state that no longer deserialises, bytes that are not JSON and
/// a row of an unregistered view type: each click gets a clear outcome and
/// the ephemeral "unavailable" reply; other views keep working.
pub async fn undecodable_state_is_unavailable_and_others_work(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    store
        .upsert(901, "Score", br#"{"clicks": 5}"#.to_vec())
        .await
        .unwrap();
    store
        .upsert(902, "Score", b"\xff not json".to_vec())
        .await
        .unwrap();
    store
        .upsert(903, "Ghost", br#"{"count": 1}"#.to_vec())
        .await
        .unwrap();
    for (message, view, reason) in [
        (901, "Score", "missing field `count`"),
        (902, "Score", "does not deserialise"),
        (903, "Ghost", "no view type named `Ghost`"),
    ] {
        let (outcome, replies) = press(&discord, &router, "score:add", message).await;
        match &outcome {
            DispatchOutcome::Unavailable {
                view: got,
                message_id,
                reason: why,
            } => {
                assert_eq!((got.as_str(), message_id.get()), (view, message));
                assert!(why.contains(reason), "{why}");
            }
            other => panic!("message {message}: expected Unavailable, got {other:?}"),
        }
        assert_eq!(replies, [DEFAULT_UNAVAILABLE_MESSAGE]);
    }
    // The row is kept for a migration, and the router goes on.
    assert!(store.load(901).await.unwrap().is_some());
    let (outcome, replies) = press(&discord, &router, "score:add", 900).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=1"]);
}

/// `migrate` upgrades a state that no longer fits; the upgraded state is
/// written back with the next change.
pub async fn migration_hook_upgrades_old_state(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .migrate::<Score>(|mut old| {
            let clicks = old
                .get_mut("clicks")
                .map(serde_json::Value::take)
                .ok_or("no clicks field")?;
            Ok(json!({ "count": clicks }))
        })
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    store
        .upsert(901, "Score", br#"{"clicks": 5}"#.to_vec())
        .await
        .unwrap();
    let (outcome, replies) = press(&discord, &router, "score:add", 901).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=6"]);
    assert_eq!(stored_state(&*store, 901).await, Some(json!({"count": 6})));
    // A state the hook cannot upgrade stays unavailable.
    store
        .upsert(902, "Score", br#"{"taps": 1}"#.to_vec())
        .await
        .unwrap();
    let (outcome, _) = press(&discord, &router, "score:add", 902).await;
    match outcome {
        DispatchOutcome::Unavailable { reason, .. } => {
            assert!(reason.contains("no clicks field"), "{reason}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
}

/// The cache never holds more than its capacity; the least recently used
/// view goes first; evicted views reload from the store with their state.
pub async fn eviction_keeps_the_cache_bounded(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .cache_capacity(3)
        .build()
        .unwrap();
    for message in 1..=3 {
        router
            .bind(
                Id::new(message),
                Score {
                    count: message * 10,
                },
            )
            .await
            .unwrap();
    }
    let (_, replies) = press(&discord, &router, "score:add", 1).await;
    assert_eq!(replies, ["count=11"]);
    router.bind(Id::new(4), Score { count: 40 }).await.unwrap();
    assert_eq!(router.cached_views(), 3);
    assert!(
        router.is_bound(Id::new(1)),
        "recently used view was evicted"
    );
    assert!(
        !router.is_bound(Id::new(2)),
        "least recently used view stayed"
    );
    for message in 5..=20 {
        router
            .bind(
                Id::new(message),
                Score {
                    count: message * 10,
                },
            )
            .await
            .unwrap();
        assert!(router.cached_views() <= 3);
    }
    for message in 1..=20 {
        let (outcome, replies) = press(&discord, &router, "score:add", message).await;
        assert!(outcome.is_handled(), "{outcome:?}");
        let expected = if message == 1 { 12 } else { message * 10 + 1 };
        assert_eq!(replies, [format!("count={expected}")]);
        assert!(router.cached_views() <= 3);
    }
}

/// `restore_all` loads every restorable row and reports the others.
pub async fn restore_all_reports_counts_and_failures(store: Arc<dyn ViewStore>) {
    for message in [901, 902, 903] {
        store
            .upsert(message, "Score", br#"{"count": 3}"#.to_vec())
            .await
            .unwrap();
    }
    store
        .upsert(904, "Flag", br#"{"on": true}"#.to_vec())
        .await
        .unwrap();
    store.upsert(905, "Score", b"nope".to_vec()).await.unwrap();
    store.upsert(906, "Ghost", b"{}".to_vec()).await.unwrap();
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    let report = router.restore_all().await.unwrap();
    assert_eq!(report.restored, 4);
    let mut failed: Vec<_> = report
        .failed
        .iter()
        .map(|failure| (failure.message_id, failure.view.clone()))
        .collect();
    failed.sort();
    assert_eq!(
        failed,
        [
            (905, Some("Score".to_owned())),
            (906, Some("Ghost".to_owned()))
        ]
    );
    assert_eq!(router.cached_views(), 4);
    let (_, replies) = press(&discord, &router, "flag:toggle", 904).await;
    assert_eq!(replies, ["on=false"]);
}

/// `unbind` and `message_deleted` remove the view from memory and store;
/// later clicks on the message find no bound view.
pub async fn unbind_and_message_deleted_remove_from_the_store(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    router.bind(Id::new(901), Score { count: 0 }).await.unwrap();
    assert!(router.unbind(Id::new(900)).await.unwrap());
    assert!(!router.unbind(Id::new(900)).await.unwrap());
    assert!(store.load(900).await.unwrap().is_none());
    assert!(router.message_deleted(Id::new(901)).await);
    assert!(store.load(901).await.unwrap().is_none());
    assert!(!router.is_bound(Id::new(901)));
    // The message still shows the view's buttons: a click on them is
    // answered, not left to fail.
    let (outcome, replies) = press(&discord, &router, "score:add", 901).await;
    assert!(
        matches!(outcome, DispatchOutcome::Unavailable { ref view, .. } if view == "Score"),
        "{outcome:?}"
    );
    assert_eq!(replies, [DEFAULT_UNAVAILABLE_MESSAGE]);
}

/// A click on a declared id of a stored view, on a message with no record
/// (it came before `bind` finished), is answered ephemerally with the
/// unavailable message; an unbound instance still serves such clicks, and
/// ids no view declares stay unanswered.
pub async fn a_click_before_bind_is_answered_as_unavailable(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    let early = click("score:add", 910);
    let token = token_of(&early);
    match router.dispatch(entry(early)).await {
        DispatchOutcome::Unavailable {
            view,
            message_id,
            reason,
        } => {
            assert_eq!(view, "Score");
            assert_eq!(message_id, Id::new(910));
            assert!(reason.contains("no stored `Score`"), "{reason}");
        }
        other => panic!("unexpected {other:?}"),
    }
    let sent = discord.requests_for(&token);
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].callback_type(), Some(4));
    assert_eq!(sent[0].content(), Some(DEFAULT_UNAVAILABLE_MESSAGE));
    assert!(sent[0].is_ephemeral());
    assert!(
        store.load(910).await.unwrap().is_none(),
        "nothing is stored"
    );

    // Once bound, the same click runs the handler.
    router.bind(Id::new(910), Score { count: 0 }).await.unwrap();
    let (outcome, replies) = press(&discord, &router, "score:add", 910).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=1"]);

    // An id no registered view declares is not ours: no answer.
    let stranger = click("someone-else:button", 911);
    let token = token_of(&stranger);
    assert!(matches!(
        router.dispatch(entry(stranger)).await,
        DispatchOutcome::UnknownCustomId { .. }
    ));
    assert!(discord.requests_for(&token).is_empty());

    // With an unbound instance, the click on an unrecorded message is its.
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    router.add_view(Score { count: 40 }).unwrap();
    let (outcome, replies) = press(&discord, &router, "score:add", 912).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["count=41"]);
}

/// Discord answering "Unknown Message" to an edit of the bound message
/// deletes the view; the same answer to an edit of a reply does not.
pub async fn unknown_message_on_edit_unbinds(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 0 }).await.unwrap();
    discord.fail_next(
        "/messages/@original",
        404,
        json!({"code": 10008, "message": "Unknown Message"}),
    );
    let (outcome, replies) = press(&discord, &router, "score:reply-edit", 900).await;
    assert!(
        matches!(
            outcome,
            DispatchOutcome::Failed {
                item: "reply_then_edit",
                ..
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(replies[0], "reply");
    assert_eq!(stored_state(&*store, 900).await, Some(json!({"count": 1})));
    assert!(router.is_bound(Id::new(900)));

    discord.fail_next(
        "/callback",
        404,
        json!({"code": 10008, "message": "Unknown Message"}),
    );
    let (outcome, _) = press(&discord, &router, "score:edit", 900).await;
    assert!(
        matches!(outcome, DispatchOutcome::Failed { item: "edit", .. }),
        "{outcome:?}"
    );
    assert!(store.load(900).await.unwrap().is_none());
    assert!(!router.is_bound(Id::new(900)));
}

/// Binding a view type registered without `stored_view` is a clear error.
pub async fn bind_needs_stored_view(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<Score>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    let error = router
        .bind(Id::new(900), Score::default())
        .await
        .expect_err("Score is not registered with stored_view");
    assert!(
        matches!(
            error.kind(),
            RouterErrorKind::NotStored { view: "Score", .. }
        ),
        "{error:?}"
    );
    assert!(
        error.to_string().contains(".stored_view::<Score>()"),
        "{error}"
    );
    assert!(store.load(900).await.unwrap().is_none());
}

/// A write by someone else (another process) moves the record's version;
/// the cached instance is not trusted and the new state is used.
pub async fn another_writer_is_seen_through_the_version(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = router(&discord, &store);
    router.bind(Id::new(900), Score { count: 1 }).await.unwrap();
    let (_, replies) = press(&discord, &router, "score:show", 900).await;
    assert_eq!(replies, ["shown=1"]);
    let lease = store.lease(900).await.unwrap().unwrap();
    lease.commit(br#"{"count": 50}"#.to_vec()).await.unwrap();
    let (_, replies) = press(&discord, &router, "score:show", 900).await;
    assert_eq!(replies, ["shown=50"]);
    let (_, replies) = press(&discord, &router, "score:add", 900).await;
    assert_eq!(replies, ["count=51"]);
}
