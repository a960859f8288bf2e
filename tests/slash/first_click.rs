//! A click can reach the bot before the reply that created its message
//! has been bound to the view: Discord shows the message as soon as it
//! exists, and the gateway event can overtake the HTTP response. Such a
//! click waits for the binding and runs; it is never answered as
//! unavailable. The store below makes the binding slow, so every click in
//! the test arrives inside that window.

use std::{sync::Arc, time::Duration};

use twilight_model::id::{
    Id,
    marker::{InteractionMarker, MessageMarker},
};
use twilight_views::{
    BoxFuture, DispatchOutcome, MemoryStore, StoreError, StoredView, ViewStore,
    store::{Lease, ScanPage},
};
use views_testkit::discord::FakeDiscord;

use crate::common::{Tally, answer, click_on, command, router};

/// How long binding a view takes: much longer than a click needs to
/// reach the router once the message exists.
const SLOW_BIND: Duration = Duration::from_millis(40);

/// A memory store whose `upsert` (the write of a bind) is slow.
struct SlowBinds(MemoryStore);

impl ViewStore for SlowBinds {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        self.0.load(message_id)
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        Box::pin(async move {
            tokio::time::sleep(SLOW_BIND).await;
            self.0.upsert(message_id, kind, state).await
        })
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        self.0.delete(message_id)
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        self.0.scan(after, limit)
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        self.0.lease(message_id)
    }

    fn backend(&self) -> &'static str {
        "slow-binds"
    }
}

/// Waits until the sandbox holds a message answering `interaction`.
async fn created_message(
    discord: &FakeDiscord,
    interaction: Id<InteractionMarker>,
) -> Id<MessageMarker> {
    for _ in 0..2_000 {
        let created = discord
            .sandbox()
            .replies_for(interaction)
            .into_iter()
            .find_map(|reply| reply.message.map(|message| message.id));
        if let Some(id) = created {
            return id;
        }
        tokio::time::sleep(Duration::from_millis(1)).await;
    }
    panic!("the reply never created its message");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_click_before_the_binding_waits_for_it_100_times_in_a_row() {
    let discord = FakeDiscord::start().await;
    let store: Arc<dyn ViewStore> = Arc::new(SlowBinds(MemoryStore::new()));
    let router = router(&discord, &store);
    for round in 0..100 {
        let interaction = command("counter");
        let sending = {
            let router = router.clone();
            let interaction = interaction.clone();
            tokio::spawn(async move {
                router
                    .respond_with_view(&interaction, "Press!", Tally::default())
                    .await
            })
        };
        let message_id = created_message(&discord, interaction.id).await;
        assert!(
            !sending.is_finished(),
            "round {round}: the binding finished before the click; the test proves nothing"
        );
        let click = click_on(&discord, message_id, "slash:tally");
        let outcome = router.dispatch(click.clone()).await;
        assert!(
            matches!(outcome, DispatchOutcome::Handled { .. }),
            "round {round}: {outcome:?}"
        );
        assert_eq!(answer(&discord, &click), "count=1", "round {round}");
        assert_eq!(sending.await.unwrap().unwrap(), message_id);
    }
}
