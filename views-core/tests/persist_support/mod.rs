//! Shared pieces of the persistence tests: `Score`, a hand-written stored
//! view (the macros are tested elsewhere), a store wrapper whose commits can
//! be made to fail or to wait, and the suite run against each backend.
#![allow(dead_code, clippy::unwrap_used)]

pub mod cancellation;
pub mod faults;
pub mod fingerprint;
pub mod owned;
pub mod suite;

use std::{
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use twilight_model::channel::message::{Component, component::ComponentType};
use views_core::{
    AutoDefer, BoxFuture, HandlerError, HandlerFuture, IntoHandlerResult, ItemSpec, Reply,
    SourceLocation, View, ViewContext, ViewOptions,
    render::CustomIds,
    store::{Lease, LeaseBackend, ScanPage, StoreError, StoreErrorKind, StoredView, ViewStore},
};

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

/// A stored counter: `{"count": n}`.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Score {
    pub count: u64,
}

impl ViewOptions for Score {
    const NAME: &'static str = "Score";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

/// `&mut self`: count + 1, reply with the new count.
fn add(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 1;
        ctx.respond_ephemeral(format!("count={}", view.count))
            .await
            .into_handler_result()
    }))
}

/// `&self`: reply with the count.
fn show(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.respond_ephemeral(format!("shown={}", view.count))
            .await
            .into_handler_result()
    }))
}

/// `&mut self`: changes the state, replies, then fails.
fn doomed(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 100;
        ctx.respond("doomed").await.into_handler_result()?;
        Err::<(), _>(std::io::Error::other("doomed on purpose")).into_handler_result()
    }))
}

/// `&mut self`: count + 1, shown by editing the component's message.
fn edit(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 1;
        ctx.update(Reply::new().content(format!("updated={}", view.count)))
            .await
            .into_handler_result()
    }))
}

/// `&mut self`: count + 1, a reply, then an edit of that reply.
fn reply_then_edit(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 1;
        ctx.respond("reply").await.into_handler_result()?;
        ctx.edit_original(format!("edited={}", view.count))
            .await
            .into_handler_result()
    }))
}

/// `&mut self`: count + 1, a reply, then far longer than any lease limit.
fn slow(view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.count += 1;
        ctx.respond_ephemeral(format!("slow={}", view.count))
            .await
            .into_handler_result()?;
        tokio::time::sleep(Duration::from_secs(60)).await;
        Ok(())
    }))
}

/// `&mut self` that changes nothing.
fn noop(_view: &mut Score, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.respond_ephemeral("noop").await.into_handler_result()
    }))
}

const fn item<V>(
    custom_id: &'static str,
    name: &'static str,
    mutates: bool,
    handler: views_core::Handler<V>,
) -> ItemSpec<V> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates,
        handler,
        defined_at: HERE,
    }
}

static SCORE_ITEMS: [ItemSpec<Score>; 7] = [
    item("score:add", "add", true, add),
    item("score:show", "show", false, show),
    item("score:doomed", "doomed", true, doomed),
    item("score:edit", "edit", true, edit),
    item("score:noop", "noop", true, noop),
    item("score:reply-edit", "reply_then_edit", true, reply_then_edit),
    item("score:slow", "slow", true, slow),
];

impl View for Score {
    fn items() -> &'static [ItemSpec<Self>] {
        &SCORE_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}

/// A second stored view type, bound to other messages.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct Flag {
    pub on: bool,
}

impl ViewOptions for Flag {
    const NAME: &'static str = "Flag";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn toggle(view: &mut Flag, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.on = !view.on;
        ctx.respond_ephemeral(format!("on={}", view.on))
            .await
            .into_handler_result()
    }))
}

/// `&self` that fails: its `on_error` runs on the read path.
fn peek_fail(_view: &mut Flag, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async {
        Err::<(), _>(std::io::Error::other("peek failed")).into_handler_result()
    }))
}

static FLAG_ITEMS: [ItemSpec<Flag>; 2] = [
    item("flag:toggle", "toggle", true, toggle),
    item("flag:peek-fail", "peek_fail", false, peek_fail),
];

impl View for Flag {
    fn items() -> &'static [ItemSpec<Self>] {
        &FLAG_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }

    /// Flips the flag, then apologises: a change only a successful handler
    /// may make durable, so the router must discard it.
    fn on_error<'a>(
        &'a mut self,
        ctx: &'a ViewContext,
        error: &'a HandlerError,
    ) -> BoxFuture<'a, ()> {
        Box::pin(async move {
            self.on = !self.on;
            views_core::view::default_on_error(Self::NAME, ctx, error).await;
        })
    }
}

/// What a [`Faulty`] store does on commit.
#[derive(Default)]
pub struct Faults {
    /// Commits fail with an `Io` error (nothing written).
    pub fail_commits: AtomicBool,
    /// Commits wait for `release` after signalling `entered`.
    pub gate_commits: AtomicBool,
    pub entered: Notify,
    pub release: Notify,
}

/// Wraps a store; its leases' commits obey [`Faults`].
pub struct Faulty {
    pub inner: Arc<dyn ViewStore>,
    pub faults: Arc<Faults>,
}

struct FaultyLease {
    inner: Lease,
    faults: Arc<Faults>,
}

impl LeaseBackend for FaultyLease {
    fn commit<'a>(self: Box<Self>, next: &'a StoredView) -> BoxFuture<'a, Result<(), StoreError>> {
        Box::pin(async move {
            if self.faults.gate_commits.load(Ordering::SeqCst) {
                let released = self.faults.release.notified();
                self.faults.entered.notify_one();
                released.await;
            }
            if self.faults.fail_commits.load(Ordering::SeqCst) {
                return Err(StoreError::new(
                    StoreErrorKind::Io,
                    Some("the disk is on fire (test)".into()),
                ));
            }
            self.inner.commit(next.state.clone()).await.map(drop)
        })
    }
}

impl ViewStore for Faulty {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        self.inner.load(message_id)
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        self.inner.upsert(message_id, kind, state)
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        self.inner.delete(message_id)
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        self.inner.scan(after, limit)
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        Box::pin(async move {
            let Some(inner) = self.inner.lease(message_id).await? else {
                return Ok(None);
            };
            let record = inner.record().clone();
            let backend = FaultyLease {
                inner,
                faults: Arc::clone(&self.faults),
            };
            Ok(Some(Lease::new(record, Box::new(backend))))
        })
    }

    fn backend(&self) -> &'static str {
        "faulty"
    }
}

/// The JSON state stored for `message_id`.
pub async fn stored_state(store: &dyn ViewStore, message_id: u64) -> Option<serde_json::Value> {
    let row = store.load(message_id).await.unwrap()?;
    Some(serde_json::from_slice(&row.state).unwrap())
}

/// A stored view type whose name collides with [`Flag`]'s.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct FlagTwin;

impl ViewOptions for FlagTwin {
    const NAME: &'static str = "Flag";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = SourceLocation {
        file: "tests/twin.rs",
        line: 3,
    };
}

fn twin(_view: &mut FlagTwin, _ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async { Ok(()) }))
}

static TWIN_ITEMS: [ItemSpec<FlagTwin>; 1] = [ItemSpec {
    custom_id: Some("twin:go"),
    name: "go",
    component_type: ComponentType::Button,
    auto_defer: AutoDefer::Update,
    mutates: true,
    handler: twin,
    defined_at: HERE,
}];

impl View for FlagTwin {
    fn items() -> &'static [ItemSpec<Self>] {
        &TWIN_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}
