//! Clicks whose `dispatch` is cancelled at random points (a `timeout`
//! around `dispatch`, an aborted task), interleaved with clicks that run to
//! the end: nothing committed is lost, nothing stays locked, and the stored
//! count equals the number of increments the user saw acknowledged.

use std::{sync::Arc, time::Duration};

use serde_json::json;
use twilight_model::id::Id;
use views_core::{DispatchOutcome, store::ViewStore};
use views_testkit::{
    cancel::cancel_after,
    discord::{FakeDiscord, click},
    entry::entry,
};

use super::{Score, stored_state};

/// Clicks per backend in `cargo test`; `TWILIGHT_VIEWS_CANCELLED_CLICKS`
/// runs more.
const DEFAULT_CLICKS: u64 = 1_000;
/// Seeds the cancellation points; printed, so a failure can be replayed
/// with `TWILIGHT_VIEWS_CANCEL_SEED`.
const DEFAULT_SEED: u64 = 0x7477_7663_616e_6365;

/// What one run did, for the report in docs/reliability.md.
#[derive(Debug, Default)]
pub struct CancellationReport {
    pub clicks: u64,
    pub cancelled: u64,
    pub completed: u64,
    pub acknowledged: u64,
    pub stored: u64,
}

/// A small, seedable generator: the test needs repeatable choices, not
/// statistical quality.
struct SplitMix(u64);

impl SplitMix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

fn env_u64(name: &str) -> Option<u64> {
    std::env::var(name)
        .ok()
        .and_then(|value| value.parse().ok())
}

/// Runs the clicks on `store` (`label` names the backend in the output).
pub async fn random_cancellations_lose_nothing(
    label: &str,
    store: Arc<dyn ViewStore>,
) -> CancellationReport {
    let clicks = env_u64("TWILIGHT_VIEWS_CANCELLED_CLICKS").unwrap_or(DEFAULT_CLICKS);
    let seed = env_u64("TWILIGHT_VIEWS_CANCEL_SEED").unwrap_or(DEFAULT_SEED);
    eprintln!("cancellation run on {label}: {clicks} clicks, seed {seed}");
    let mut rng = SplitMix(seed);
    let discord = FakeDiscord::start().await;
    let router = discord
        .router()
        .stored_view::<Score>()
        .store(Arc::clone(&store))
        .build()
        .unwrap();
    const MESSAGE: u64 = 940;
    router
        .bind(Id::new(MESSAGE), Score { count: 0 })
        .await
        .unwrap();

    let mut report = CancellationReport {
        clicks,
        ..CancellationReport::default()
    };
    for click_number in 0..clicks {
        let interaction = click("score:add", MESSAGE);
        // One click in four runs to the end. The others are cancelled
        // either after a few polls (1 to 40, mostly few, which spans every
        // await point from the lease to the reply) or after a few
        // milliseconds of wall time (wherever the click happens to be).
        let dispatch = router.dispatch(entry(interaction));
        let ran = match rng.below(4) {
            0 => Some(dispatch.await),
            1 => {
                let within = Duration::from_micros(rng.below(4_000));
                tokio::time::timeout(within, dispatch).await.ok()
            }
            _ => {
                let spread = 1 + rng.below(40);
                cancel_after(1 + rng.below(spread), dispatch).await
            }
        };
        match ran {
            Some(outcome) => {
                // Nothing may be left locked or half-written by the
                // cancellations before it: every click that runs to its
                // end is handled.
                assert!(
                    matches!(outcome, DispatchOutcome::Handled { item: "add", .. }),
                    "click {click_number} (seed {seed}): {outcome:?}"
                );
                report.completed += 1;
            }
            None => report.cancelled += 1,
        }
    }

    // A cancelled click that got its lease finishes on its own task: wait
    // until the last one has committed and answered.
    let settled = tokio::time::timeout(Duration::from_secs(20), async {
        while acknowledged_counts(&discord).len() as u64 != stored_count(&*store, MESSAGE).await {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    })
    .await;
    let stored = stored_count(&*store, MESSAGE).await;
    let acknowledged = acknowledged_counts(&discord);
    assert!(
        settled.is_ok(),
        "{label} (seed {seed}): stored count {stored} but {} increments acknowledged",
        acknowledged.len()
    );
    // Every acknowledged increment is in the store, once: the replies
    // carry the counts 1..=stored, each exactly once.
    assert_eq!(
        acknowledged,
        (1..=stored).collect::<Vec<_>>(),
        "{label} (seed {seed}): acknowledged counts do not match the stored count {stored}"
    );
    assert!(
        stored >= report.completed,
        "{label} (seed {seed}): a completed click was lost"
    );
    // And the message is free: one more click goes through.
    let outcome = router.dispatch(entry(click("score:add", MESSAGE))).await;
    assert!(outcome.is_handled(), "{label} (seed {seed}): {outcome:?}");
    assert_eq!(
        stored_state(&*store, MESSAGE).await,
        Some(json!({ "count": stored + 1 }))
    );
    report.acknowledged = acknowledged.len() as u64;
    report.stored = stored;
    eprintln!("cancellation run on {label}: {report:?}");
    report
}

async fn stored_count(store: &dyn ViewStore, message_id: u64) -> u64 {
    stored_state(store, message_id)
        .await
        .and_then(|state| state["count"].as_u64())
        .expect("the counter's row")
}

/// The counts the user was shown ("count=N" replies of `score:add`),
/// sorted, duplicates kept.
fn acknowledged_counts(discord: &FakeDiscord) -> Vec<u64> {
    let mut counts: Vec<u64> = discord
        .requests()
        .iter()
        .filter_map(|request| request.content()?.strip_prefix("count=")?.parse().ok())
        .collect();
    counts.sort_unstable();
    counts
}
