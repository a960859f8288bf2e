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

use crate::{id_hash::IdHashBuilder, observe, store::WriteWatcher};
use twilight_model::id::{Id, marker::MessageMarker};

use super::{erased::ErasedStoredView, stored::StoredInstance};

/// The default number of stored bound views kept in memory.
///
/// See [the persistence guide](https://github.com/twilight-views/twilight-views/blob/main/docs/persistence.md#the-cache-and-eviction).
pub const DEFAULT_CACHE_CAPACITY: usize = 10_000;

/// A stored view of any view type: what the cache holds.
pub(crate) type SharedStored = Arc<StoredInstance<dyn ErasedStoredView>>;

pub(crate) struct Cache {
    map: DashMap<Id<MessageMarker>, SharedStored, IdHashBuilder>,
    /// Insertion order; may hold ids removed since (skipped when met).
    order: Mutex<VecDeque<Id<MessageMarker>>>,
    capacity: usize,
}

impl Cache {
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            map: DashMap::with_hasher(IdHashBuilder),
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
                observe::cache_evicted();
                tracing::trace!(%message_id, "evicted a stored view from the cache");
                return true;
            }
        }
        false
    }

    pub(crate) fn remove(&self, message_id: Id<MessageMarker>) -> Option<SharedStored> {
        self.map.remove(&message_id).map(|(_, instance)| instance)
    }

    /// Caches `instance` unless another click cached the message first;
    /// returns the instance to use. A concurrent restore must not replace
    /// an instance that a commit has moved past the restored record.
    pub(crate) fn insert_or_get(
        &self,
        message_id: Id<MessageMarker>,
        instance: SharedStored,
    ) -> SharedStored {
        if let Some(cached) = self.get(message_id)
            && cached.view_type() == instance.view_type()
        {
            return cached;
        }
        self.insert(message_id, Arc::clone(&instance));
        instance
    }

    fn order(&self) -> MutexGuard<'_, VecDeque<Id<MessageMarker>>> {
        // Only push/pop/retain happen under the lock: never half-changed.
        self.order.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// An owned store's write: the cached copy may be behind the row now, so
/// its next click reads the row again.
impl WriteWatcher for Cache {
    fn written(&self, message_id: u64) {
        if let Some(message_id) = Id::new_checked(message_id)
            && let Some(entry) = self.map.get(&message_id)
        {
            entry.mark_stale();
        }
    }
}

#[cfg(test)]
mod tests {
    use std::mem::size_of;

    use super::*;

    /// The framework's memory per cached view, beyond the view's own state:
    /// the `Arc` allocation around the instance, the map slot (at
    /// hashbrown's worst load factor of 7/8, plus its control byte) and the
    /// queue slot (at `VecDeque`'s worst 2x growth). Issue 8 targets at
    /// most 200 bytes.
    #[test]
    fn per_entry_overhead_is_small() {
        let arc = 2 * size_of::<usize>() + size_of::<StoredInstance<()>>();
        let slot = size_of::<(Id<MessageMarker>, SharedStored)>();
        let map = slot * 8 / 7 + 1;
        let queue = 2 * size_of::<Id<MessageMarker>>();
        let total = arc + map + queue;
        assert!(total <= 200, "{total} bytes per cached view");
    }

    #[test]
    fn second_chance_evicts_the_entry_unused_longest() {
        let cache = Cache::new(2);
        let one = Id::new(1);
        let two = Id::new(2);
        cache.insert(one, Arc::new(StoredInstance::new(Unit, 1)));
        cache.insert(two, Arc::new(StoredInstance::new(Unit, 1)));
        assert!(cache.get(one).is_some());
        cache.insert(Id::new(3), Arc::new(StoredInstance::new(Unit, 1)));
        assert_eq!(cache.len(), 2);
        assert!(cache.contains(one) && !cache.contains(two));
    }

    #[test]
    fn removed_ids_do_not_grow_the_queue_forever() {
        let cache = Cache::new(4);
        for round in 0..1_000u64 {
            let id = Id::new(round % 3 + 1);
            cache.insert(id, Arc::new(StoredInstance::new(Unit, 1)));
            cache.remove(id);
        }
        assert!(cache.order().len() <= 64 + 1, "{}", cache.order().len());
    }

    /// The smallest view there is.
    #[derive(serde::Serialize, serde::Deserialize)]
    struct Unit;

    impl crate::view::ViewOptions for Unit {
        const NAME: &'static str = "Unit";
        const PERSISTENT: bool = true;
        const TIMEOUT: Option<std::time::Duration> = None;
        const DEFINED_AT: crate::view::SourceLocation = crate::view::SourceLocation {
            file: file!(),
            line: line!(),
        };
    }

    impl crate::view::View for Unit {
        fn items() -> &'static [crate::item::ItemSpec<Self>] {
            &[]
        }

        fn render(
            &self,
            _ids: &crate::render::CustomIds,
        ) -> Vec<twilight_model::channel::message::Component> {
            Vec::new()
        }
    }
}
