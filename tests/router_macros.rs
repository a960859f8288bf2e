//! End to end without Discord: views written with the macros, routed by
//! `ViewRouter`, replying to a local stand-in for Discord's REST API
//! (views-testkit's `FakeDiscord`, shared with views-core's router tests).
#![allow(clippy::unwrap_used, missing_docs)]

use std::{
    collections::BTreeSet,
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use twilight_model::{guild::Role, id::Id};
use twilight_views::{DispatchOutcome, HandlerError, prelude::*};
use views_testkit::discord::{
    BLOCKED_USER_ID, FakeDiscord, USER_ID, button_data, click, custom_ids_of, fixture_data,
    interaction_json, parse, token_of,
};

/// The counter of DESIGN.md.
#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Counter {
    count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        let count = self.count;
        tokio::task::yield_now().await;
        self.count = count + 1;
        ctx.respond_ephemeral(format!(
            "You have incremented this message's count to {}!",
            self.count
        ))
        .await
    }
}

/// A role picker only its owner may use, with its own error handler.
#[view(persistent)]
struct RolePicker {
    owner: u64,
    errors: Arc<AtomicUsize>,
}

#[view]
impl RolePicker {
    #[select(
        kind = "role",
        custom_id = "role_ids",
        max_values = 5,
        defer = "ephemeral"
    )]
    async fn pick(&mut self, ctx: ViewContext, roles: Vec<Role>) -> ViewResult {
        let names: Vec<_> = roles.iter().map(|role| role.name.as_str()).collect();
        ctx.respond(format!("picked {}", names.join(","))).await
    }

    #[button(custom_id = "picker:broken", label = "Broken")]
    async fn broken(&self, _ctx: ViewContext) {
        panic!("broken button");
    }

    async fn interaction_check(&self, ctx: &ViewContext) -> bool {
        ctx.user_id().map(Id::get) == Some(self.owner)
    }

    async fn on_error(&mut self, ctx: &ViewContext, error: &HandlerError) {
        self.errors.fetch_add(1, Ordering::SeqCst);
        let _ = ctx
            .respond_ephemeral(format!("picker failed: {error}"))
            .await;
    }
}

/// A non-persistent confirmation.
#[view(timeout = 60)]
struct Confirm {
    closed: bool,
}

#[view]
impl Confirm {
    #[button(label = "Yes", style = "success")]
    async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
        ctx.update("Confirmed.").await
    }

    async fn on_timeout(&mut self) {
        self.closed = true;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn design_counter_counts_per_bound_message_without_lost_updates() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().stored_view::<Counter>().build().unwrap();
    router
        .bind(Id::new(900), Counter { count: 0 })
        .await
        .unwrap();
    router
        .bind(Id::new(901), Counter { count: 10 })
        .await
        .unwrap();

    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let router = router.clone();
            tokio::spawn(async move { router.dispatch(click("counter:increment", 900)).await })
        })
        .collect();
    for task in tasks {
        let outcome = task.await.unwrap();
        assert!(
            matches!(
                outcome,
                DispatchOutcome::Handled {
                    view: "Counter",
                    item: "increment"
                }
            ),
            "{outcome:?}"
        );
    }
    let other = click("counter:increment", 901);
    let token = token_of(&other);
    assert!(router.dispatch(other).await.is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("You have incremented this message's count to 11!")
    );

    let counts: BTreeSet<u64> = discord
        .requests()
        .iter()
        .filter_map(|request| {
            request
                .content()?
                .strip_prefix("You have incremented this message's count to ")?
                .strip_suffix('!')?
                .parse()
                .ok()
        })
        .collect();
    let mut expected: BTreeSet<u64> = (1..=50).collect();
    expected.insert(11);
    assert_eq!(counts, expected);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn macro_hooks_and_extractors_run_through_the_router() {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .view::<RolePicker>()
        .auto_defer_after(Duration::from_secs(60))
        .build()
        .unwrap();
    let errors = Arc::new(AtomicUsize::new(0));
    router
        .add_view(RolePicker {
            owner: USER_ID,
            errors: errors.clone(),
        })
        .unwrap();

    let data = fixture_data("role-select-message-interaction-data-example.json");
    let pick = parse(interaction_json(data.clone(), Some(900), USER_ID));
    let token = token_of(&pick);
    assert!(router.dispatch(pick).await.is_handled());
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("picked Developer")
    );

    // interaction_check: another user is rejected.
    let stranger = parse(interaction_json(data, Some(900), BLOCKED_USER_ID));
    assert!(matches!(
        router.dispatch(stranger).await,
        DispatchOutcome::Rejected {
            view: "RolePicker",
            item: "pick"
        }
    ));

    // A panic reaches the macro-defined on_error.
    let broken = parse(interaction_json(
        button_data("picker:broken"),
        Some(900),
        USER_ID,
    ));
    let token = token_of(&broken);
    assert!(matches!(
        router.dispatch(broken).await,
        DispatchOutcome::Failed { .. }
    ));
    assert_eq!(errors.load(Ordering::SeqCst), 1);
    assert_eq!(
        discord.requests_for(&token)[0].content(),
        Some("picker failed: handler panicked: broken button")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn macro_non_persistent_view_gets_generated_ids_and_stops() {
    let discord = FakeDiscord::start().await;
    let router = discord.router().build().unwrap();
    let handle = router.start(Confirm { closed: false });
    let ids = custom_ids_of(&handle.components().await);
    assert_eq!(ids.len(), 1);
    assert!(ids[0].starts_with(twilight_views::router::INSTANCE_PREFIX));

    let yes = click(&ids[0], 960);
    let token = token_of(&yes);
    assert!(router.dispatch(yes).await.is_handled());
    let sent = discord.requests_for(&token);
    assert_eq!(sent[0].callback_type(), Some(7));
    assert_eq!(sent[0].content(), Some("Confirmed."));

    handle.stop().await;
    assert!(handle.with_view(|confirm| confirm.closed).await);
    assert!(matches!(
        router.dispatch(click(&ids[0], 960)).await,
        DispatchOutcome::Expired { .. }
    ));
}
