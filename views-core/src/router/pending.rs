//! Bindings under way: a reply carrying a view has been (or is being) sent,
//! and the router has not bound the view to the new message yet. Discord
//! shows the message as soon as it exists, and the gateway can deliver a
//! click on it before the reply's HTTP response reaches the bot; such a
//! click waits here for the binding instead of being answered as
//! unavailable.
//!
//! Keyed by the interaction the reply answers: Discord names it in the
//! clicked message's `interaction_metadata`, for the callback's message
//! and for follow-ups alike.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use dashmap::DashMap;
use tokio::{sync::watch, time::Instant};
use twilight_model::id::{Id, marker::InteractionMarker};

use crate::id_hash::IdHashBuilder;

/// The bindings under way, by the interaction whose reply carries the view.
#[derive(Debug, Default)]
pub(crate) struct PendingBindings {
    /// How many bindings of each interaction are under way, and the sender
    /// whose drop wakes the clicks waiting for them.
    by_interaction: DashMap<Id<InteractionMarker>, (usize, watch::Sender<()>), IdHashBuilder>,
    /// Bindings under way in all: lets a click skip the map when it is zero
    /// (nearly always).
    under_way: AtomicUsize,
}

impl PendingBindings {
    /// Registers a binding for a reply to `interaction`; it is under way
    /// until the guard drops.
    pub(crate) fn begin(self: &Arc<Self>, interaction: Id<InteractionMarker>) -> PendingGuard {
        self.under_way.fetch_add(1, Ordering::AcqRel);
        self.by_interaction
            .entry(interaction)
            .and_modify(|(count, _)| *count += 1)
            .or_insert_with(|| (1, watch::channel(()).0));
        PendingGuard {
            pending: Arc::clone(self),
            interaction,
        }
    }

    /// Waits until no binding for a reply to `interaction` is under way, or
    /// until `deadline`. Returns whether it waited for one that completed.
    pub(crate) async fn wait(&self, interaction: Id<InteractionMarker>, deadline: Instant) -> bool {
        if self.under_way.load(Ordering::Acquire) == 0 {
            return false;
        }
        let Some(mut receiver) = self
            .by_interaction
            .get(&interaction)
            .map(|entry| entry.1.subscribe())
        else {
            return false;
        };
        // The sender only ever drops (no value is sent): `changed` ends
        // with an error exactly when the last binding finished.
        match tokio::time::timeout_at(deadline, receiver.changed()).await {
            Ok(_) => true,
            Err(_) => {
                tracing::warn!(
                    %interaction,
                    "a click waited for its view to be bound to the new message and the binding \
                     did not finish in time; routing it without"
                );
                false
            }
        }
    }

    fn end(&self, interaction: Id<InteractionMarker>) {
        self.by_interaction
            .remove_if_mut(&interaction, |_, (count, _)| {
                *count -= 1;
                *count == 0
            });
        self.under_way.fetch_sub(1, Ordering::AcqRel);
    }
}

/// One binding under way; dropping it (bound, or the send failed) ends it.
#[derive(Debug)]
pub(crate) struct PendingGuard {
    pending: Arc<PendingBindings>,
    interaction: Id<InteractionMarker>,
}

impl Drop for PendingGuard {
    fn drop(&mut self) {
        self.pending.end(self.interaction);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[tokio::test(start_paused = true)]
    async fn a_click_waits_until_the_last_binding_of_its_interaction_ends() {
        let pending = Arc::new(PendingBindings::default());
        let interaction = Id::new(7);
        let first = pending.begin(interaction);
        let second = pending.begin(interaction);
        let waiter = {
            let pending = Arc::clone(&pending);
            tokio::spawn(async move {
                pending
                    .wait(interaction, Instant::now() + Duration::from_secs(2))
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(10)).await;
        drop(first);
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert!(!waiter.is_finished(), "one binding is still under way");
        drop(second);
        assert!(waiter.await.unwrap(), "the wait ended with the binding");
        assert_eq!(pending.under_way.load(Ordering::Acquire), 0);
        assert!(pending.by_interaction.is_empty());
    }

    #[tokio::test(start_paused = true)]
    async fn a_click_for_another_interaction_does_not_wait() {
        let pending = Arc::new(PendingBindings::default());
        let _guard = pending.begin(Id::new(1));
        let started = Instant::now();
        let waited = pending
            .wait(Id::new(2), started + Duration::from_secs(2))
            .await;
        assert!(!waited);
        assert_eq!(started.elapsed(), Duration::ZERO);
    }

    #[tokio::test(start_paused = true)]
    async fn a_binding_that_never_ends_is_given_up_at_the_deadline() {
        let pending = Arc::new(PendingBindings::default());
        let _guard = pending.begin(Id::new(3));
        let started = Instant::now();
        let waited = pending
            .wait(Id::new(3), started + Duration::from_millis(500))
            .await;
        assert!(!waited);
        assert_eq!(started.elapsed(), Duration::from_millis(500));
    }
}
