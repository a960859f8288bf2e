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

use dashmap::{DashMap, mapref::entry::Entry};

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
        let fresh = self.map.insert(message_id, instance).is_none();
        self.inserted(message_id, fresh);
    }

    /// Queues a new entry and evicts beyond the capacity; the map's entry
    /// is no longer held (eviction locks other entries).
    fn inserted(&self, message_id: Id<MessageMarker>, fresh: bool) {
        // A new entry starts unmarked at the back of the queue: it is
        // evicted only after every older entry not used since.
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
    ///
    /// One look at the map's entry, held while deciding: two restores that
    /// both found nothing cached cannot both insert.
    pub(crate) fn insert_or_get(
        &self,
        message_id: Id<MessageMarker>,
        instance: SharedStored,
    ) -> SharedStored {
        let fresh = match self.map.entry(message_id) {
            Entry::Occupied(cached) if cached.get().view_type() == instance.view_type() => {
                cached.get().mark_used();
                return Arc::clone(cached.get());
            }
            // Another view type bound to the message since: the restored
            // one replaces it.
            Entry::Occupied(mut other) => {
                other.insert(Arc::clone(&instance));
                false
            }
            Entry::Vacant(slot) => {
                slot.insert(Arc::clone(&instance));
                true
            }
        };
        self.inserted(message_id, fresh);
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
    /// queue slot (at `VecDeque`'s worst 2x growth). The target is at
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

    /// Two clicks restoring one message at once each decode their own copy;
    /// both must go on with one instance, or a commit through one leaves
    /// the other behind the row at a version it believes current. The two
    /// threads restore the same messages in the same order, so many of
    /// their restores meet.
    #[test]
    fn concurrent_restores_of_one_message_share_one_instance() {
        const MESSAGES: u64 = 20_000;
        let cache = Arc::new(Cache::new(2 * MESSAGES as usize));
        let start = Arc::new(std::sync::Barrier::new(2));
        let racers: Vec<_> = (0..2)
            .map(|_| {
                let (cache, start) = (Arc::clone(&cache), Arc::clone(&start));
                std::thread::spawn(move || {
                    start.wait();
                    (1..=MESSAGES)
                        .map(|id| {
                            let restored: SharedStored = Arc::new(StoredInstance::new(Unit, 1));
                            cache.insert_or_get(Id::new(id), restored)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        let kept: Vec<Vec<SharedStored>> = racers
            .into_iter()
            .map(|racer| racer.join().expect("no panic"))
            .collect();
        for (index, (first, second)) in kept[0].iter().zip(&kept[1]).enumerate() {
            let message_id = Id::new(index as u64 + 1);
            let cached = cache.get(message_id).expect("cached");
            assert!(
                Arc::ptr_eq(first, second) && Arc::ptr_eq(first, &cached),
                "message {message_id}: the two restores went on with different instances"
            );
        }
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
