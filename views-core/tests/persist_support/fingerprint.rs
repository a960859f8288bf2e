//! `StateFingerprint`: a `&mut self` click that leaves the fingerprint
//! equal is neither serialised nor written; one that changes it is both.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::json;
use twilight_model::{
    channel::message::{Component, component::ComponentType},
    id::Id,
};
use views_core::{
    AutoDefer, HandlerFuture, IntoHandlerResult, ItemSpec, SourceLocation, View, ViewContext,
    ViewOptions, render::CustomIds, store::ViewStore, view::StateFingerprint,
};
use views_testkit::discord::FakeDiscord;

use super::{stored_state, suite::press};

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

/// How many times a `Ledger` was serialised. Only the one test below
/// uses `Ledger`, so nothing else moves it.
static SERIALISED: AtomicUsize = AtomicUsize::new(0);

/// A stored view with a fingerprint: its revision, bumped by every handler
/// that changes the entries as it should.
#[derive(Debug, Default, Deserialize)]
pub struct Ledger {
    entries: Vec<u64>,
    revision: u64,
}

/// What is stored; `Ledger`'s own `Serialize` counts its calls.
#[derive(Serialize)]
struct LedgerState<'a> {
    entries: &'a [u64],
    revision: u64,
}

impl Serialize for Ledger {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SERIALISED.fetch_add(1, Ordering::SeqCst);
        LedgerState {
            entries: &self.entries,
            revision: self.revision,
        }
        .serialize(serializer)
    }
}

impl StateFingerprint for Ledger {
    fn fingerprint(&self) -> u64 {
        self.revision
    }
}

impl ViewOptions for Ledger {
    const NAME: &'static str = "Ledger";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
    const FINGERPRINT: Option<fn(&Self) -> u64> = Some(<Self as StateFingerprint>::fingerprint);
}

/// `&mut self`: adds an entry and bumps the revision.
fn add(view: &mut Ledger, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.entries.push(7);
        view.revision += 1;
        ctx.respond_ephemeral(format!("entries={}", view.entries.len()))
            .await
            .into_handler_result()
    }))
}

/// `&mut self` that changes nothing.
fn same(view: &mut Ledger, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        ctx.respond_ephemeral(format!("entries={}", view.entries.len()))
            .await
            .into_handler_result()
    }))
}

/// `&mut self` that changes the entries without bumping the revision:
/// breaks the fingerprint's rule, so its change is not saved.
fn sneak(view: &mut Ledger, ctx: ViewContext) -> HandlerFuture<'_> {
    HandlerFuture::boxed(Box::pin(async move {
        view.entries.push(99);
        ctx.respond_ephemeral("sneaked").await.into_handler_result()
    }))
}

const fn item(
    custom_id: &'static str,
    name: &'static str,
    handler: views_core::Handler<Ledger>,
) -> ItemSpec<Ledger> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler,
        defined_at: HERE,
    }
}

static LEDGER_ITEMS: [ItemSpec<Ledger>; 3] = [
    item("ledger:add", "add", add),
    item("ledger:same", "same", same),
    item("ledger:sneak", "sneak", sneak),
];

impl View for Ledger {
    fn items() -> &'static [ItemSpec<Self>] {
        &LEDGER_ITEMS
    }

    fn render(&self, _ids: &CustomIds) -> Vec<Component> {
        Vec::new()
    }
}

/// An unchanged fingerprint: no serialisation, no write, the reply sent. A
/// changed one: serialised once and committed.
pub async fn unchanged_fingerprint_skips_the_serialisation(store: Arc<dyn ViewStore>) {
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .stored_view::<Ledger>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    router.bind(Id::new(960), Ledger::default()).await.unwrap();
    let version = store.load(960).await.unwrap().unwrap().version;
    SERIALISED.store(0, Ordering::SeqCst);

    let (outcome, replies) = press(&discord, &router, "ledger:same", 960).await;
    assert!(outcome.is_handled(), "{outcome:?}");
    assert_eq!(replies, ["entries=0"]);
    assert_eq!(SERIALISED.load(Ordering::SeqCst), 0);
    assert_eq!(store.load(960).await.unwrap().unwrap().version, version);

    let (_, replies) = press(&discord, &router, "ledger:add", 960).await;
    assert_eq!(replies, ["entries=1"]);
    assert_eq!(SERIALISED.swap(0, Ordering::SeqCst), 1);
    assert_eq!(store.load(960).await.unwrap().unwrap().version, version + 1);
    assert_eq!(
        stored_state(&*store, 960).await,
        Some(json!({"entries": [7], "revision": 1}))
    );

    // The documented rule, pinned: a change the fingerprint does not show
    // is not saved.
    let (_, replies) = press(&discord, &router, "ledger:sneak", 960).await;
    assert_eq!(replies, ["sneaked"]);
    assert_eq!(SERIALISED.load(Ordering::SeqCst), 0);
    assert_eq!(store.load(960).await.unwrap().unwrap().version, version + 1);
}
