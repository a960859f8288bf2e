//! The baseline the router is set against: the same two buttons written by
//! hand with twilight alone, as a bot author would without a framework.
//!
//! A `match` on the custom_id, each message's count in a `HashMap` behind a
//! lock, one plain `async fn` per button. It keeps its state in memory only
//! and checks nothing else (no view type, no interaction check, no panic
//! guard, no deadline), so it is the floor for a click: what the parse, the
//! lookup and dropping the interaction cost before any framework work.

use std::{collections::HashMap, sync::Mutex};

use twilight_model::{
    application::interaction::{Interaction, InteractionData},
    gateway::payload::incoming::InteractionCreate,
    id::{Id, marker::MessageMarker},
};

use crate::common::{CLICKS, FIRST_MESSAGE, READ, WRITE};

/// The hand-written bot: each bound message's count.
pub(crate) struct HandWrittenBot {
    counts: Mutex<HashMap<Id<MessageMarker>, u64>>,
}

impl HandWrittenBot {
    /// A bot with `n` messages bound (`FIRST_MESSAGE..FIRST_MESSAGE + n`).
    pub(crate) fn new(n: u64) -> Self {
        let counts = (0..n).map(|i| (Id::new(FIRST_MESSAGE + i), 0)).collect();
        Self {
            counts: Mutex::new(counts),
        }
    }

    /// The bot's event loop arm for INTERACTION_CREATE.
    pub(crate) async fn on_event(&self, event: Box<InteractionCreate>) -> bool {
        self.on_interaction(&event.0).await
    }

    /// Whether a handler ran: `false` for a custom_id the bot does not know
    /// or a message it has no count for.
    pub(crate) async fn on_interaction(&self, interaction: &Interaction) -> bool {
        let Some(InteractionData::MessageComponent(data)) = &interaction.data else {
            return false;
        };
        let Some(message) = &interaction.message else {
            return false;
        };
        match data.custom_id.as_str() {
            READ => self.read(message.id).await,
            WRITE => self.write(message.id).await,
            _ => false,
        }
    }

    async fn read(&self, message: Id<MessageMarker>) -> bool {
        let count = self.lock().get(&message).copied();
        count.is_some_and(|count| {
            std::hint::black_box(count);
            CLICKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            true
        })
    }

    async fn write(&self, message: Id<MessageMarker>) -> bool {
        let mut counts = self.lock();
        let Some(count) = counts.get_mut(&message) else {
            return false;
        };
        *count += 1;
        CLICKS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        true
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<Id<MessageMarker>, u64>> {
        self.counts
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
