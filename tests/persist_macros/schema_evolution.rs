//! A stored view's struct changes between releases. Release 1's `Poll`
//! writes a row through its router on a SQLite file and the process ends;
//! the next release opens the same file with a changed struct and the user
//! clicks the buttons of the message release 1 sent (the same custom_ids).
//! Each test checks the answer, the outcome, the log and the row.

use std::{
    io::Write,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
};

use serde_json::json;
use twilight_model::id::Id;
use twilight_views::{
    DispatchOutcome, ViewOptions, ViewRouter, ViewStore,
    router::DEFAULT_UNAVAILABLE_MESSAGE,
    store::{SqliteStore, StoreError, StoredView},
};

use views_testkit::{
    discord::{FakeDiscord, Recorded, click, token_of},
    temp::TempDir,
};

/// The message release 1 bound its poll to.
const POLL: u64 = 900;

/// Release 1: a poll of yes votes. Every later release keeps its custom_ids:
/// messages already sent carry them.
mod release1 {
    use twilight_views::prelude::*;

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Poll {
        pub yes: u64,
    }

    #[view]
    impl Poll {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.yes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }
}

/// Release 2 adds `no` with `#[serde(default)]`.
mod default_added {
    use twilight_views::prelude::*;

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Poll {
        pub yes: u64,
        #[serde(default)]
        pub no: u64,
    }

    #[view]
    impl Poll {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.yes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:no", label = "No")]
        async fn no(&mut self, ctx: ViewContext) -> ViewResult {
            self.no += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }
}

/// Release 2 adds `no` without a default: release 1's rows lack it.
mod required_added {
    use twilight_views::prelude::*;

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Poll {
        pub yes: u64,
        pub no: u64,
    }

    #[view]
    impl Poll {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.yes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }
}

/// Release 2 renames `yes` to `ayes`, reading the old name as an alias.
mod alias_renamed {
    use twilight_views::prelude::*;

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Poll {
        #[serde(alias = "yes")]
        pub ayes: u64,
    }

    #[view]
    impl Poll {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.ayes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }
}

/// Release 2 renames the struct `Poll` to `Ballot`: the stored kind is the
/// struct's name, so release 1's rows say `Poll`.
mod struct_renamed {
    use twilight_views::prelude::*;

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Ballot {
        pub yes: u64,
    }

    #[view]
    impl Ballot {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.yes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }
}

/// Release 2 nests the counts: only a migration hook can read release 1's
/// rows.
mod restructured {
    use twilight_views::prelude::*;

    #[derive(Debug, Serialize, Deserialize)]
    pub struct Counts {
        pub yes: u64,
        pub no: u64,
    }

    #[view(persistent)]
    #[derive(Debug, Serialize, Deserialize)]
    pub struct Poll {
        pub counts: Counts,
    }

    #[view]
    impl Poll {
        #[button(custom_id = "poll:yes", label = "Yes")]
        async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
            self.counts.yes += 1;
            ctx.respond_ephemeral(format!("{self:?}")).await
        }

        #[button(custom_id = "poll:show", label = "Show")]
        async fn show(&self, ctx: ViewContext) -> ViewResult {
            ctx.respond_ephemeral(format!("{self:?}")).await
        }
    }

    /// Release 1's `{"yes": n}` as `{"counts": {"yes": n, "no": 0}}`.
    pub fn upgrade(
        old: serde_json::Value,
    ) -> Result<serde_json::Value, twilight_views::router::MigrationError> {
        let yes = old.get("yes").ok_or("release 1 poll without `yes`")?;
        Ok(serde_json::json!({ "counts": { "yes": yes, "no": 0 } }))
    }
}

/// A fake Discord and one SQLite file that outlives each release's router
/// and store, as the database outlives the bot's process.
struct Deployment {
    discord: FakeDiscord,
    dir: TempDir,
}

impl Deployment {
    async fn new(tag: &str) -> Self {
        Self {
            discord: FakeDiscord::start().await,
            dir: TempDir::new(tag),
        }
    }

    /// Opens the store, as a release does when it starts.
    async fn open(&self) -> Arc<dyn ViewStore> {
        Arc::new(
            SqliteStore::open(self.dir.path().join("views.db"))
                .await
                .unwrap(),
        )
    }

    /// The poll's row as it is on disk now.
    async fn row(&self) -> StoredView {
        self.open().await.load(POLL).await.unwrap().unwrap()
    }

    /// Release 1 binds its poll and takes three votes; then its process
    /// ends. Returns the row it left: `{"yes":3}` at version 4.
    async fn release1_leaves_a_poll(&self) -> StoredView {
        let store = self.open().await;
        let router = self
            .discord
            .router()
            .stored_view::<release1::Poll>()
            .store(Arc::clone(&store))
            .build()
            .unwrap();
        router
            .bind(Id::new(POLL), release1::Poll { yes: 0 })
            .await
            .unwrap();
        for _ in 0..3 {
            let (outcome, _) = press(&self.discord, &router, "poll:yes").await;
            assert!(outcome.is_handled(), "{outcome:?}");
        }
        drop((router, store));
        let row = self.row().await;
        assert_eq!(
            (row.kind.as_str(), row.state.as_slice(), row.version),
            ("Poll", &br#"{"yes":3}"#[..], 4)
        );
        row
    }
}

/// Clicks `custom_id` on the poll's message; returns the outcome and what
/// Discord received for that interaction.
async fn press(
    discord: &FakeDiscord,
    router: &ViewRouter,
    custom_id: &str,
) -> (DispatchOutcome, Vec<Recorded>) {
    let interaction = click(custom_id, POLL);
    let token = token_of(&interaction);
    let outcome = router.dispatch(interaction).await;
    (outcome, discord.requests_for(&token))
}

fn contents(sent: &[Recorded]) -> Vec<&str> {
    sent.iter().filter_map(Recorded::content).collect()
}

/// Asserts the click was answered with only the ephemeral unavailable
/// message and reported as `Unavailable` for `view` with a reason
/// containing `why`.
fn assert_unavailable(outcome: &DispatchOutcome, sent: &[Recorded], view: &str, why: &str) {
    match outcome {
        DispatchOutcome::Unavailable {
            view: got,
            message_id,
            reason,
        } => {
            assert_eq!((got.as_str(), message_id.get()), (view, POLL));
            assert!(reason.contains(why), "{reason}");
        }
        other => panic!("expected Unavailable, got {other:?}"),
    }
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0].content(), Some(DEFAULT_UNAVAILABLE_MESSAGE));
    assert!(sent[0].is_ephemeral());
}

/// Warnings and errors logged on this thread while the guard lives (the
/// tests run on a current-thread runtime, so the router's logs land here).
///
/// tracing caches each callsite's interest globally, and while a single
/// dispatcher exists it asks the registering thread's default: a test on
/// another thread registering a router callsite would cache "never" for it.
/// The second, idle dispatcher kept here makes the interest be computed
/// over every dispatcher, this one included.
#[derive(Clone)]
struct Logs {
    lines: Arc<Mutex<Vec<u8>>>,
    _second_dispatcher: tracing::Dispatch,
}

impl Logs {
    fn capture() -> (Self, tracing::subscriber::DefaultGuard) {
        let logs = Self {
            lines: Arc::default(),
            _second_dispatcher: tracing::Dispatch::new(tracing::subscriber::NoSubscriber::default()),
        };
        let writer = logs.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_ansi(false)
            .with_max_level(tracing::Level::WARN)
            .with_writer(move || writer.clone())
            .finish();
        (logs, tracing::subscriber::set_default(subscriber))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.lines.lock().unwrap()).into_owned()
    }

    /// Asserts one line says the stored view is unavailable and names the
    /// view, the message and `why`.
    fn assert_unavailable_logged(&self, view: &str, why: &str) {
        let text = self.text();
        assert!(
            text.lines()
                .any(|line| line.contains("stored view unavailable")
                    && line.contains(&format!("view=\"{view}\""))
                    && line.contains(&format!("message_id={POLL}"))
                    && line.contains(why)),
            "no unavailable warning for {view} on {POLL} ({why}) in:\n{text}"
        );
    }
}

impl Write for Logs {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.lines.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Gives every stored row of view type `from` the name `to`: what an author
/// who renamed a view struct runs at start-up, before the router serves
/// clicks. Returns how many rows were renamed.
async fn rename_stored_views(
    store: &dyn ViewStore,
    from: &str,
    to: &str,
) -> Result<usize, StoreError> {
    let mut renamed = 0;
    let mut after = None;
    loop {
        let page = store.scan(after, 500).await?;
        for row in page.views.into_iter().filter(|row| row.kind == from) {
            store.upsert(row.message_id, to, row.state).await?;
            renamed += 1;
        }
        match page.next {
            Some(next) => after = Some(next),
            None => return Ok(renamed),
        }
    }
}

/// A field added with `#[serde(default)]`: release 1's row loads with the
/// default, reading it writes nothing, and the next change stores the field.
#[tokio::test]
async fn a_field_added_with_serde_default_loads_old_rows() {
    let deployment = Deployment::new("evolve-default").await;
    let old = deployment.release1_leaves_a_poll().await;

    let router = deployment
        .discord
        .router()
        .stored_view::<default_added::Poll>()
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:show").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { yes: 3, no: 0 }"]);
    assert_eq!(deployment.row().await, old, "a `&self` click wrote");

    let (outcome, sent) = press(&deployment.discord, &router, "poll:no").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { yes: 3, no: 1 }"]);
    let row = deployment.row().await;
    assert_eq!(
        (row.state.as_slice(), row.version),
        (&br#"{"yes":3,"no":1}"#[..], 5)
    );
}

/// A field added without a default: release 1's row no longer decodes. The
/// user is told the view is unavailable, the log names the view, the message
/// and the missing field, the row stays as it was, and a later release that
/// gives the field a default restores it.
#[tokio::test]
async fn a_field_added_without_default_is_unavailable_and_the_row_is_kept() {
    let deployment = Deployment::new("evolve-required").await;
    let old = deployment.release1_leaves_a_poll().await;

    let (logs, _guard) = Logs::capture();
    let router = deployment
        .discord
        .router()
        .stored_view::<required_added::Poll>()
        .store(deployment.open().await)
        .build()
        .unwrap();
    for custom_id in ["poll:yes", "poll:show"] {
        let (outcome, sent) = press(&deployment.discord, &router, custom_id).await;
        assert_unavailable(&outcome, &sent, "Poll", "missing field `no`");
    }
    logs.assert_unavailable_logged("Poll", "missing field `no`");
    assert_eq!(router.cached_views(), 0);
    let report = router.restore_all().await.unwrap();
    assert_eq!(report.restored, 0);
    assert_eq!(report.failed.len(), 1, "{:?}", report.failed);
    assert_eq!(report.failed[0].message_id, POLL);
    assert_eq!(report.failed[0].view.as_deref(), Some("Poll"));
    assert!(
        report.failed[0].reason.contains("missing field `no`"),
        "{}",
        report.failed[0].reason
    );
    drop(router);
    assert_eq!(deployment.row().await, old, "the undecodable row changed");

    // Release 3 gives `no` a default: the kept row works again.
    let router = deployment
        .discord
        .router()
        .stored_view::<default_added::Poll>()
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { yes: 4, no: 0 }"]);
}

/// A field renamed with `#[serde(alias = "yes")]`: release 1's row loads;
/// a `&self` click leaves it as it is, and the next `&mut self` click
/// stores the state under the new name.
#[tokio::test]
async fn a_field_renamed_with_serde_alias_loads_and_the_next_write_uses_the_new_name() {
    let deployment = Deployment::new("evolve-alias").await;
    let old = deployment.release1_leaves_a_poll().await;

    let router = deployment
        .discord
        .router()
        .stored_view::<alias_renamed::Poll>()
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:show").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { ayes: 3 }"]);
    assert_eq!(deployment.row().await, old, "a `&self` click wrote");

    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { ayes: 4 }"]);
    let row = deployment.row().await;
    assert_eq!(
        (row.state.as_slice(), row.version),
        (&br#"{"ayes":4}"#[..], 5)
    );
}

/// A field the struct does not have (removed by this release, or added by
/// a newer release still running beside an older one) is ignored on load
/// and gone after the next write.
#[tokio::test]
async fn an_unknown_field_is_ignored_and_dropped_by_the_next_write() {
    let deployment = Deployment::new("evolve-unknown").await;
    let store = deployment.open().await;
    let newer = store
        .upsert(POLL, "Poll", br#"{"yes":3,"no":1}"#.to_vec())
        .await
        .unwrap();

    let router = deployment
        .discord
        .router()
        .stored_view::<release1::Poll>()
        .store(store)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:show").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { yes: 3 }"]);
    assert_eq!(deployment.row().await, newer, "a `&self` click wrote");

    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Poll { yes: 4 }"]);
    assert_eq!(deployment.row().await.state, br#"{"yes":4}"#);
}

/// The struct renamed: release 1's rows carry the old name, which no
/// registered type has, so they are unavailable (the log and the outcome
/// name `Poll`) and kept. Renaming the rows' kind before the router serves
/// brings them back; a type alias never orphans them.
#[tokio::test]
async fn a_renamed_view_struct_orphans_its_rows_until_they_are_renamed() {
    let deployment = Deployment::new("evolve-rename").await;
    let old = deployment.release1_leaves_a_poll().await;

    let (logs, _guard) = Logs::capture();
    let router = deployment
        .discord
        .router()
        .stored_view::<struct_renamed::Ballot>()
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert_unavailable(&outcome, &sent, "Poll", "no view type named `Poll`");
    logs.assert_unavailable_logged("Poll", "no view type named `Poll`");
    drop(router);
    assert_eq!(deployment.row().await, old, "the orphaned row changed");

    // The author's fix, run at start-up: rename the rows, then serve.
    let store = deployment.open().await;
    assert_eq!(
        rename_stored_views(&*store, "Poll", "Ballot")
            .await
            .unwrap(),
        1
    );
    let router = deployment
        .discord
        .router()
        .stored_view::<struct_renamed::Ballot>()
        .store(store)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(contents(&sent), ["Ballot { yes: 4 }"]);
    let row = deployment.row().await;
    assert_eq!(
        (row.kind.as_str(), row.state.as_slice()),
        ("Ballot", &br#"{"yes":4}"#[..])
    );

    // The stored name is the identifier after `struct`, so a new name given
    // by a type alias keeps the rows.
    type Renamed = release1::Poll;
    assert_eq!(Renamed::NAME, "Poll");
}

/// A migration hook turns release 1's state into release 2's. It runs only
/// when the row does not decode directly: reading leaves the old row (the
/// hook runs again on the next restore), the next change stores the new
/// shape, and then the hook is no longer called.
#[tokio::test]
async fn a_migrate_hook_upgrades_old_rows_until_the_next_write() {
    let deployment = Deployment::new("evolve-migrate").await;
    let old = deployment.release1_leaves_a_poll().await;

    let calls = Arc::new(AtomicUsize::new(0));
    let release2 = async || {
        let calls = Arc::clone(&calls);
        deployment
            .discord
            .router()
            .migrate::<restructured::Poll>(move |old| {
                calls.fetch_add(1, Ordering::SeqCst);
                restructured::upgrade(old)
            })
            .store(deployment.open().await)
            .build()
            .unwrap()
    };

    let router = release2().await;
    let (outcome, sent) = press(&deployment.discord, &router, "poll:show").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        contents(&sent),
        ["Poll { counts: Counts { yes: 3, no: 0 } }"]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 1);
    assert_eq!(deployment.row().await, old, "a `&self` click wrote");
    drop(router);

    // Restarted: the old row is migrated again, and this change stores it.
    let router = release2().await;
    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        contents(&sent),
        ["Poll { counts: Counts { yes: 4, no: 0 } }"]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
    let row = deployment.row().await;
    assert_eq!(
        (row.state.as_slice(), row.version),
        (&br#"{"counts":{"yes":4,"no":0}}"#[..], 5)
    );
    drop(router);

    // Restarted again: the row is in the new shape, the hook is not called.
    let router = release2().await;
    let (outcome, sent) = press(&deployment.discord, &router, "poll:show").await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(
        contents(&sent),
        ["Poll { counts: Counts { yes: 4, no: 0 } }"]
    );
    assert_eq!(calls.load(Ordering::SeqCst), 2);
}

/// A hook that returns an error, or a value that still does not fit the
/// struct: unavailable, logged with the hook's reason, row kept.
#[tokio::test]
async fn a_failing_migrate_hook_is_unavailable_and_the_row_is_kept() {
    let deployment = Deployment::new("evolve-hook-fails").await;
    let old = deployment.release1_leaves_a_poll().await;

    let (logs, _guard) = Logs::capture();
    let failing = deployment
        .discord
        .router()
        .migrate::<restructured::Poll>(|_| Err("this poll predates release 2".into()))
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &failing, "poll:yes").await;
    let why = "the migration hook failed: this poll predates release 2";
    assert_unavailable(&outcome, &sent, "Poll", why);
    logs.assert_unavailable_logged("Poll", why);

    let misshapen = deployment
        .discord
        .router()
        .migrate::<restructured::Poll>(|old| Ok(json!({ "counts": old })))
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &misshapen, "poll:yes").await;
    let why = "the migrated state does not deserialise: missing field `no`";
    assert_unavailable(&outcome, &sent, "Poll", why);
    logs.assert_unavailable_logged("Poll", why);
    drop((failing, misshapen));
    assert_eq!(deployment.row().await, old, "a failed migration wrote");
}

/// A hook that panics is a failed hook: the click is answered, not lost
/// with the dispatching task, and the row is kept.
#[tokio::test]
async fn a_panicking_migrate_hook_is_unavailable_and_the_row_is_kept() {
    let deployment = Deployment::new("evolve-hook-panics").await;
    let old = deployment.release1_leaves_a_poll().await;

    let (logs, _guard) = Logs::capture();
    let router = deployment
        .discord
        .router()
        .migrate::<restructured::Poll>(|_| panic!("hook bug"))
        .store(deployment.open().await)
        .build()
        .unwrap();
    let (outcome, sent) = press(&deployment.discord, &router, "poll:yes").await;
    let why = "the migration hook failed: panicked: hook bug";
    assert_unavailable(&outcome, &sent, "Poll", why);
    logs.assert_unavailable_logged("Poll", why);
    drop(router);
    assert_eq!(deployment.row().await, old, "a panicking migration wrote");
}
