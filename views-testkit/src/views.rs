//! Hand-written views for the router tests (the macros are tested
//! elsewhere): `Counter`, persistent, with a handler per behaviour under
//! test; `Clash`, declaring one of Counter's ids; `Poll`, non-persistent
//! with a short timeout; `Tally`, non-persistent with a timeout that never
//! interferes.

use std::{
    sync::{
        Arc,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::sync::Notify;
use twilight_model::{
    channel::message::{Component, component::ComponentType},
    id::Id,
};
use views_core::{
    AutoDefer, BoxFuture, HandlerFuture, IntoHandlerResult, ItemSpec, SourceLocation, View,
    ViewContext, ViewOptions,
    render::{self, CustomIds, Placed},
};

use crate::discord::BLOCKED_USER_ID;

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

// ---------------------------------------------------------------------------
// Counter: a persistent view with a handler per behaviour under test.

/// What a test can observe of a `Counter` from outside the router.
#[derive(Clone, Default)]
pub struct Probe {
    /// The count after the latest increment.
    pub seen: Arc<AtomicU64>,
    /// Released by the test to let `slow` continue.
    pub release: Arc<Notify>,
    /// Handlers that completed.
    pub completed: Arc<AtomicUsize>,
}

/// A persistent view; its custom_ids are `counter:NAME`, one per handler.
pub struct Counter {
    /// Prefix of its replies; `counter:errors` overwrites it with what it saw.
    pub label: &'static str,
    /// Incremented by `counter:increment` and `counter:rerender`.
    pub count: u64,
    /// What the test observes.
    pub probe: Probe,
}

impl Counter {
    /// A counter at 0 with a probe of its own.
    pub fn new(label: &'static str) -> Self {
        Self {
            label,
            count: 0,
            probe: Probe::default(),
        }
    }

    /// A counter at 0 reporting to `probe`.
    pub fn with_probe(label: &'static str, probe: Probe) -> Self {
        Self {
            label,
            count: 0,
            probe,
        }
    }
}

impl ViewOptions for Counter {
    const NAME: &'static str = "Counter";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn increment(view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        // Read, yield, write: loses updates unless handlers of one
        // instance are serialised.
        let count = view.count;
        tokio::task::yield_now().await;
        view.count = count + 1;
        view.probe.seen.store(view.count, Ordering::SeqCst);
        let reply = format!("{}:{}", view.label, view.count);
        ctx.respond_ephemeral(reply).await.into_handler_result()
    }))
}

fn explode(_view: &mut Counter, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move { panic!("the handler exploded") }))
}

/// The error of the failing handlers.
#[derive(Debug)]
pub struct Broken;

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("broken on purpose")
    }
}

impl std::error::Error for Broken {}

fn fail(_view: &mut Counter, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        Err::<(), _>(Broken).into_handler_result()
    }))
}

/// Answers, then fails: the apology must become a follow-up.
fn late_fail(_view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.respond("partial").await.into_handler_result()?;
        Err::<(), _>(Broken).into_handler_result()
    }))
}

/// Waits for the test's release, then replies: a handler slower than the
/// auto-defer delay.
fn slow(view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.probe.release.notified().await;
        ctx.respond_ephemeral("slow reply")
            .await
            .into_handler_result()?;
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }))
}

/// Replies after the auto-defer by updating the message.
fn slow_update(view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.probe.release.notified().await;
        ctx.update("updated late").await.into_handler_result()?;
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }))
}

/// Returns without replying.
fn silent(view: &mut Counter, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    }))
}

/// Re-renders the view on its message.
fn rerender(view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 1;
        ctx.update_view(&*view).await.into_handler_result()
    }))
}

/// Replies twice: the second reply must become a follow-up.
fn twice(_view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.respond("first").await.into_handler_result()?;
        ctx.respond("second").await.into_handler_result()
    }))
}

/// Defers, then edits the original and sends a follow-up.
fn deferred(_view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.defer().await.into_handler_result()?;
        ctx.respond("after defer").await.into_handler_result()?;
        ctx.followup("more").await.into_handler_result()?;
        ctx.delete_original().await.into_handler_result()
    }))
}

/// Sends one reply and records the typed error Discord's answer became.
fn reply_and_record(view: &mut Counter, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        match ctx.respond("hello").await {
            Ok(()) => view.label = "ok",
            Err(error) => {
                view.label = match error.kind() {
                    views_core::ViewErrorKind::AlreadyAcknowledged => "already-acknowledged",
                    views_core::ViewErrorKind::UnknownInteraction => "unknown-interaction",
                    views_core::ViewErrorKind::UnknownMessage => "unknown-message",
                    views_core::ViewErrorKind::Discord {
                        status: 500,
                        code: None,
                    } => "discord-500",
                    views_core::ViewErrorKind::Discord {
                        status: 400,
                        code: Some(50035),
                    } => "discord-400-50035",
                    _ => "other",
                };
            }
        }
        // Report the label through a follow-up the test can read.
        let _ = ctx.followup(format!("label={}", view.label)).await;
        Ok(())
    }))
}

const fn item(
    custom_id: &'static str,
    name: &'static str,
    auto_defer: AutoDefer,
    handler: views_core::Handler<Counter>,
) -> ItemSpec<Counter> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type: ComponentType::Button,
        auto_defer,
        mutates: true,
        handler,
        defined_at: HERE,
    }
}

static COUNTER_ITEMS: [ItemSpec<Counter>; 12] = [
    item(
        "counter:increment",
        "increment",
        AutoDefer::Update,
        increment,
    ),
    item("counter:explode", "explode", AutoDefer::Update, explode),
    item("counter:fail", "fail", AutoDefer::Update, fail),
    item("counter:slow", "slow", AutoDefer::Update, slow),
    item(
        "counter:slow-ephemeral",
        "slow_ephemeral",
        AutoDefer::Ephemeral,
        slow,
    ),
    item(
        "counter:slow-update",
        "slow_update",
        AutoDefer::Update,
        slow_update,
    ),
    item("counter:silent", "silent", AutoDefer::Update, silent),
    item("counter:rerender", "rerender", AutoDefer::Update, rerender),
    item("counter:twice", "twice", AutoDefer::Off, twice),
    item("counter:deferred", "deferred", AutoDefer::Off, deferred),
    item(
        "counter:errors",
        "reply_and_record",
        AutoDefer::Off,
        reply_and_record,
    ),
    item(
        "counter:late-fail",
        "late_fail",
        AutoDefer::Update,
        late_fail,
    ),
];

fn render_buttons<V>(items: &[ItemSpec<V>], ids: &CustomIds, label: &str) -> Vec<Component> {
    render::rows(
        items
            .iter()
            .enumerate()
            .take(5)
            .map(|(index, item)| Placed {
                row: 0,
                component: render::button(
                    ids.custom_id(index, item.custom_id),
                    Some(format!("{label} {}", item.name)),
                    None,
                    twilight_model::channel::message::component::ButtonStyle::Primary,
                    false,
                ),
            })
            .collect(),
    )
}

impl View for Counter {
    fn items() -> &'static [ItemSpec<Self>] {
        &COUNTER_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, &self.count.to_string())
    }

    fn interaction_check<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        let allowed = ctx.user_id() != Some(Id::new(BLOCKED_USER_ID));
        Box::pin(async move { allowed })
    }
}

// ---------------------------------------------------------------------------
// Clash: a second persistent view declaring one of Counter's ids.

/// A persistent view declaring `counter:increment` too (at `tests/clash.rs`).
pub struct Clash;

impl ViewOptions for Clash {
    const NAME: &'static str = "Clash";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = SourceLocation {
        file: "tests/clash.rs",
        line: 7,
    };
}

fn clash_handler(_view: &mut Clash, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async { Ok(()) }))
}

static CLASH_ITEMS: [ItemSpec<Clash>; 1] = [ItemSpec {
    custom_id: Some("counter:increment"),
    name: "also_increment",
    component_type: ComponentType::Button,
    auto_defer: AutoDefer::Update,
    mutates: true,
    handler: clash_handler,
    defined_at: SourceLocation {
        file: "tests/clash.rs",
        line: 12,
    },
}];

impl View for Clash {
    fn items() -> &'static [ItemSpec<Self>] {
        &CLASH_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, "clash")
    }
}

// ---------------------------------------------------------------------------
// Poll: a non-persistent view with a short timeout.

/// What a test can observe of a `Poll`.
#[derive(Clone, Default)]
pub struct PollProbe {
    /// Votes so far.
    pub votes: Arc<AtomicU64>,
    /// Calls of `on_timeout`.
    pub timeouts: Arc<AtomicUsize>,
    /// Notified by `on_timeout`.
    pub timed_out: Arc<Notify>,
}

/// A non-persistent view (timeout 150 ms) with two generated-id buttons.
pub struct Poll {
    /// What the test observes.
    pub probe: PollProbe,
}

impl ViewOptions for Poll {
    const NAME: &'static str = "Poll";
    const PERSISTENT: bool = false;
    const TIMEOUT: Option<Duration> = Some(Duration::from_millis(150));
    const DEFINED_AT: SourceLocation = HERE;
}

fn vote(view: &mut Poll, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        let votes = view.probe.votes.fetch_add(1, Ordering::SeqCst) + 1;
        ctx.respond_ephemeral(format!("votes:{votes}"))
            .await
            .into_handler_result()
    }))
}

static POLL_ITEMS: [ItemSpec<Poll>; 2] = [
    ItemSpec {
        custom_id: None,
        name: "yes",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: vote,
        defined_at: HERE,
    },
    ItemSpec {
        custom_id: None,
        name: "no",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: vote,
        defined_at: HERE,
    },
];

impl View for Poll {
    fn items() -> &'static [ItemSpec<Self>] {
        &POLL_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, "poll")
    }

    fn on_timeout(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.probe.timeouts.fetch_add(1, Ordering::SeqCst);
            self.probe.timed_out.notify_one();
        })
    }
}

// ---------------------------------------------------------------------------
// Tally: a non-persistent view whose timeout never interferes with a test.

/// A non-persistent view (timeout 1 h) with one button.
#[derive(Default)]
pub struct Tally {
    /// Clicks so far.
    pub votes: u64,
    /// Calls of `on_timeout`.
    pub timeouts: Arc<AtomicUsize>,
    /// Set by on_timeout; rendered as disabled buttons.
    pub closed: bool,
}

impl Tally {
    /// A tally at 0.
    pub fn new() -> Self {
        Self::default()
    }
}

impl ViewOptions for Tally {
    const NAME: &'static str = "Tally";
    const PERSISTENT: bool = false;
    const TIMEOUT: Option<Duration> = Some(Duration::from_secs(3600));
    const DEFINED_AT: SourceLocation = HERE;
}

fn tally(view: &mut Tally, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.votes += 1;
        ctx.respond_ephemeral(format!("votes:{}", view.votes))
            .await
            .into_handler_result()
    }))
}

static TALLY_ITEMS: [ItemSpec<Tally>; 1] = [ItemSpec {
    custom_id: Some("tally:declared-but-ignored"),
    name: "tally",
    component_type: ComponentType::Button,
    auto_defer: AutoDefer::Update,
    mutates: true,
    handler: tally,
    defined_at: HERE,
}];

impl View for Tally {
    fn items() -> &'static [ItemSpec<Self>] {
        &TALLY_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render::rows(vec![Placed {
            row: 0,
            component: render::button(
                ids.custom_id(0, Self::items()[0].custom_id),
                Some(format!("votes {}", self.votes)),
                None,
                twilight_model::channel::message::component::ButtonStyle::Primary,
                self.closed,
            ),
        }])
    }

    fn on_timeout(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.closed = true;
            self.timeouts.fetch_add(1, Ordering::SeqCst);
        })
    }
}
