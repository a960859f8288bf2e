//! A `&mut self` handler of a stored view answering with a view: like every
//! reply of such a handler it is held until the new state is saved, then
//! sent and bound.

use std::sync::Arc;

use twilight_views::{MemoryStore, ViewStore, prelude::*};
use views_testkit::discord::FakeDiscord;

use crate::common::{Tally, answer, click_on, command};

/// Counts the counters it opened, in its stored state.
#[view(persistent)]
#[derive(Default, Serialize, Deserialize)]
struct Dispenser {
    opened: u64,
}

#[view]
impl Dispenser {
    #[button(custom_id = "slash:dispense", label = "Another")]
    async fn dispense(&mut self, ctx: ViewContext) -> ViewResult {
        self.opened += 1;
        let sent = ctx
            .respond_with_view(format!("counter #{}", self.opened), Tally::default())
            .await?;
        assert_eq!(sent, None, "held until the new state is saved");
        Ok(())
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_view_sent_by_a_mutating_handler_goes_out_after_the_commit() {
    let discord = FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(MemoryStore::new());
    let router = discord
        .router()
        .stored_view::<Dispenser>()
        .stored_view::<Tally>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    let dispenser = router
        .respond_with_view(&command("dispenser"), "Take one:", Dispenser::default())
        .await
        .unwrap();

    let click = click_on(&discord, dispenser, "slash:dispense");
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "counter #1");
    let state = store.load(dispenser.get()).await.unwrap().unwrap().state;
    assert_eq!(state, br#"{"opened":1}"#);

    // The counter it sent is bound and stored like any other.
    let counter = discord
        .sandbox()
        .replies_for(click.id)
        .into_iter()
        .find_map(|reply| reply.message)
        .expect("the reply created a message");
    assert!(router.is_bound(counter.id));
    let click = click_on(&discord, counter.id, "slash:tally");
    assert!(router.dispatch(click.clone()).await.is_handled());
    assert_eq!(answer(&discord, &click), "count=1");
}
