//! The bounded cache of stored bound views: a concurrent map plus a
//! second-chance (CLOCK) queue for eviction.
//!
//! Every access sets the entry's `used` bit (one relaxed store). When the
//! cache is over capacity, the oldest entry in the queue is evicted unless
//! its bit is set, in which case the bit is cleared and it goes to the back:
//! an approximation of LRU in O(1) amortised per insert, with 8 bytes of
//! queue per entry and no lock taken on the lookup path.

use std::{
    collections::{HashSet, VecDeque},
    sync::{Arc, Mutex, MutexGuard, PoisonError},
};

use dashmap::DashMap;
use twilight_model::id::{Id, marker::MessageMarker};

use super::stored::ErasedStored;

/// The default number of stored bound views kept in memory.
pub const DEFAULT_CACHE_CAPACITY: usize = 10_000;

pub(crate) type SharedStored = Arc<dyn ErasedStored>;

pub(crate) struct Cache {
    map: DashMap<Id<MessageMarker>, SharedStored>,
    /// Insertion order; may hold ids removed since (skipped when met).
    order: Mutex<VecDeque<Id<MessageMarker>>>,
    capacity: usize,
}

impl Cache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            map: DashMap::new(),
            order: Mutex::new(VecDeque::new()),
            capacity: capacity.max(1),
        }
    }

    pub(crate) const fn capacity(&self) -> usize {
        self.capacity
    }

    pub(crate) fn len(&self) -> usize {
        self.map.len()
    }

    pub(crate) fn contains(&self, message_id: Id<MessageMarker>) -> bool {
        self.map.contains_key(&message_id)
    }

    /// The cached instance, marked as recently used.
    pub(crate) fn get(&self, message_id: Id<MessageMarker>) -> Option<SharedStored> {
        let entry = self.map.get(&message_id)?;
        entry.mark_used();
        Some(Arc::clone(entry.value()))
    }

    /// Caches `instance`, replacing an earlier one, and evicts the least
    /// recently used entries beyond the capacity.
    pub(crate) fn insert(&self, message_id: Id<MessageMarker>, instance: SharedStored) {
        // A new entry starts unmarked at the back of the queue: it is
        // evicted only after every older entry not used since.
        let fresh = self.map.insert(message_id, instance).is_none();
        let mut order = self.order();
        if fresh {
            order.push_back(message_id);
        }
        while self.map.len() > self.capacity {
            if !self.evict_one(&mut order) {
                break;
            }
        }
        // Ids removed by `remove` stay queued until met; compact now and
        // then so the queue stays proportional to the cache.
        if order.len() > 2 * self.map.len() + 64 {
            let mut seen = HashSet::with_capacity(self.map.len());
            order.retain(|id| self.map.contains_key(id) && seen.insert(*id));
        }
    }

    /// Evicts one entry; `false` when the queue ran empty.
    fn evict_one(&self, order: &mut VecDeque<Id<MessageMarker>>) -> bool {
        // Each entry gets at most one second chance per pass, so this ends
        // within two passes over the queue.
        let mut budget = 2 * order.len() + 1;
        while let Some(message_id) = order.pop_front() {
            budget -= 1;
            let second_chance = match self.map.get(&message_id) {
                None => continue,
                Some(entry) => entry.take_used() && budget > 0,
            };
            if second_chance {
                order.push_back(message_id);
                continue;
            }
            if self.map.remove(&message_id).is_some() {
                tracing::trace!(%message_id, "evicted a stored view from the cache");
                return true;
            }
        }
        false
    }

    pub(crate) fn remove(&self, message_id: Id<MessageMarker>) -> Option<SharedStored> {
        self.map.remove(&message_id).map(|(_, instance)| instance)
    }

    fn order(&self) -> MutexGuard<'_, VecDeque<Id<MessageMarker>>> {
        // Only push/pop/retain happen under the lock: never half-changed.
        self.order.lock().unwrap_or_else(PoisonError::into_inner)
    }
}
