//! Navigators: memory per cached navigator and its stored row
//! (`memory.rs`), and what a page click costs against an ordinary stored
//! click on the same store (`clicks.rs`).
//!
//! Memory is measured as the startup section measures a cached view: a
//! fresh child process, `restore_all` of stored navigators, RSS growth
//! divided by their number. The source's arguments are measured alone in
//! another child, so the figure beside them is the difference.
//!
//! The clicks answer through a `RecordingTransport`, so the update each one
//! sends is built in full and no HTTP request is timed.

mod clicks;
mod memory;

use std::sync::Arc;

use twilight_model::id::Id;
use twilight_views::{
    Reply, View, ViewRouter, ViewStore,
    nav::{Navigator, Page, Pages},
    prelude::*,
};
use views_core::respond::RecordingTransport;

pub(crate) use self::memory::child;
use crate::{
    Report,
    common::{self, APPLICATION_ID},
};

/// The paginator example's `/numbers` source: the numbers from 1 to
/// `count`, ten per page (the same code, so the bench needs no example).
#[derive(Serialize, Deserialize)]
pub(crate) struct Numbers {
    count: u64,
}

impl Pages for Numbers {
    const NAME: &'static str = "numbers";

    async fn page_count(&self) -> usize {
        usize::try_from(self.count.div_ceil(10)).unwrap_or(usize::MAX)
    }

    async fn page(&self, index: usize) -> Page {
        let first = u64::try_from(index).unwrap_or(u64::MAX).saturating_mul(10) + 1;
        let last = first.saturating_add(9).min(self.count);
        let lines: Vec<String> = (first..=last).map(|n| n.to_string()).collect();
        Page::new().content(lines.join("\n"))
    }
}

/// The ordinary stored click the page click is held against: a persistent
/// view whose mutating button counts and updates its message with a text
/// and its buttons, as a counter bot does. Its second button does the same
/// plus one page render, as a navigator would produce it: what "one page
/// render more" costs inside a click.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub(crate) struct Counted {
    count: u64,
}

#[view]
impl Counted {
    #[button(custom_id = "bench:count", label = "Count")]
    async fn count(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let reply = Reply::new()
            .content(format!("Count: {}", self.count))
            .components(self.render(ctx.custom_ids()));
        ctx.update(reply).await
    }

    #[button(custom_id = "bench:count-and-page", label = "Count and page")]
    async fn count_and_page(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        let (page, mut components) = render_page(self.count).await;
        components.extend(self.render(ctx.custom_ids()));
        ctx.update(Reply::from(page).components(components)).await
    }
}

const COUNT: &str = "bench:count";
const COUNT_AND_PAGE: &str = "bench:count-and-page";
const NEXT: &str = "tvn:next";

/// The bench navigators' source, as its stored arguments.
const NUMBERS_ARGS: &str = r#"{"count":10000000}"#;

/// A navigator to render the navigation buttons of, for the page render
/// outside a navigator.
static BUTTONS: std::sync::OnceLock<Navigator> = std::sync::OnceLock::new();

/// One page render as a navigator does it: its source read from the
/// arguments' JSON text, the page count, page `i`, the navigation buttons.
async fn render_page(i: u64) -> (Page, Vec<twilight_model::channel::message::Component>) {
    let source: Numbers = serde_json::from_str(NUMBERS_ARGS).expect("arguments");
    let pages = source.page_count().await;
    let page = source.page(i as usize % pages).await;
    let buttons = BUTTONS.get().expect("made before the clicks").components();
    (page, buttons)
}

async fn make_buttons() {
    let source: Numbers = serde_json::from_str(NUMBERS_ARGS).expect("arguments");
    let (_, navigator) = Navigator::open(source).await.expect("opens");
    let _ = BUTTONS.set(navigator);
}

/// The numbers source of stored navigator `i`: a few hundred numbers.
fn numbers_of(i: u64) -> Numbers {
    Numbers {
        count: 45 + i % 1000,
    }
}

fn current_thread() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
}

/// A router for navigators on `Numbers` and `Counted` views on `store`,
/// answering through `recorder`.
fn router(store: Arc<dyn ViewStore>, capacity: usize, recorder: &RecordingTransport) -> ViewRouter {
    ViewRouter::builder(common::http(), Id::new(APPLICATION_ID))
        .store(store)
        .cache_capacity(capacity)
        .reply_transport(Arc::new(recorder.clone()))
        .navigator::<Numbers>()
        .stored_view::<Counted>()
        .build()
        .expect("router builds")
}

pub(crate) fn navigation_section(report: &mut Report, quick: bool) {
    eprintln!("navigators (memory, page clicks)...");
    memory::memory_rows(report, quick);
    clicks::click_rows(report, quick);
}
