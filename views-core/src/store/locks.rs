//! One async mutex per message id, created on demand and dropped when idle.

use std::sync::Arc;

use dashmap::DashMap;
use tokio::sync::{Mutex, OwnedMutexGuard};

/// Serialises leases of one message inside this process; the map only holds
/// messages that are leased or waited for, so it stays small.
#[derive(Debug, Default)]
pub(crate) struct KeyedLocks {
    locks: DashMap<u64, Arc<Mutex<()>>>,
}

impl KeyedLocks {
    /// Waits until no other guard of `key` is alive.
    pub(crate) async fn lock(self: &Arc<Self>, key: u64) -> KeyGuard {
        // The clone happens under the shard lock, so `release` never
        // removes a mutex somebody is about to wait on.
        let mutex = Arc::clone(&*self.locks.entry(key).or_default());
        let guard = mutex.lock_owned().await;
        KeyGuard {
            guard: Some(guard),
            locks: Arc::clone(self),
            key,
        }
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.locks.len()
    }
}

/// Holds the lock of one key until dropped.
#[derive(Debug)]
pub(crate) struct KeyGuard {
    guard: Option<OwnedMutexGuard<()>>,
    locks: Arc<KeyedLocks>,
    key: u64,
}

impl Drop for KeyGuard {
    fn drop(&mut self) {
        drop(self.guard.take());
        // Only the map's own reference left: nobody holds or waits.
        self.locks
            .locks
            .remove_if(&self.key, |_, mutex| Arc::strong_count(mutex) == 1);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn idle_locks_are_removed() {
        let locks = Arc::new(KeyedLocks::default());
        let first = locks.lock(7).await;
        assert_eq!(locks.len(), 1);
        drop(first);
        assert_eq!(locks.len(), 0);
    }

    #[tokio::test]
    async fn second_lock_waits_for_the_first() {
        let locks = Arc::new(KeyedLocks::default());
        let first = locks.lock(7).await;
        let other = locks.lock(8).await;
        let waiter = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move { locks.lock(7).await })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(first);
        let second = waiter.await.expect("waiter task");
        drop(second);
        drop(other);
        assert_eq!(locks.len(), 0);
    }
}
