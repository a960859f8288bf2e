//! Macro-written stored views: `&mut self` handlers are marked mutating
//! (their state is saved, their replies held until it is), `&self` handlers
//! are not (they read the store and never write it).
#![allow(clippy::unwrap_used, missing_docs)]

// A stored view's struct changing between releases.
#[path = "persist_macros/schema_evolution.rs"]
mod schema_evolution;

use std::sync::Arc;

use twilight_model::id::Id;
use twilight_views::{MemoryStore, View, ViewStore, prelude::*};
use views_testkit::discord::{FakeDiscord, click, token_of};

#[view(persistent)]
#[derive(Serialize, Deserialize)]
struct Votes {
    yes: u64,
}

#[view]
impl Votes {
    #[button(custom_id = "votes:yes", label = "Yes")]
    async fn yes(&mut self, ctx: ViewContext) -> ViewResult {
        self.yes += 1;
        ctx.respond_ephemeral(format!("yes={}", self.yes)).await
    }

    #[button(custom_id = "votes:tally", label = "Tally")]
    async fn tally(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral(format!("tally={}", self.yes)).await
    }
}

#[test]
fn receivers_set_mutates() {
    let items = Votes::items();
    assert_eq!(
        items
            .iter()
            .map(|item| (item.name, item.mutates))
            .collect::<Vec<_>>(),
        [("yes", true), ("tally", false)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mutating_handlers_save_and_reading_handlers_do_not() {
    let discord = FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(MemoryStore::new());
    let router = discord
        .router()
        .stored_view::<Votes>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    router.bind(Id::new(900), Votes { yes: 0 }).await.unwrap();
    let yes = click("votes:yes", 900);
    let token = token_of(&yes);
    assert!(router.dispatch(yes).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("yes=1"));
    let row = store.load(900).await.unwrap().unwrap();
    assert_eq!(
        (row.version, row.state.as_slice()),
        (2, &br#"{"yes":1}"#[..])
    );

    let tally = click("votes:tally", 900);
    let token = token_of(&tally);
    assert!(router.dispatch(tally).await.is_handled());
    assert_eq!(discord.requests_for(&token)[0].content(), Some("tally=1"));
    assert_eq!(store.load(900).await.unwrap().unwrap().version, 2);
}
