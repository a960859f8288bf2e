//! One async mutex per message id, created on demand and dropped when idle.

use std::sync::Arc;

use dashmap::DashMap;
use tokio::sync::{Mutex, OwnedMutexGuard};

use super::{StoreError, StoreErrorKind};

/// How many leases of one message may be held or waited for at once in
/// this process. A burst beyond it is shed with [`StoreErrorKind::Busy`]
/// (the click is answered "not saved") rather than queued without limit:
/// clicks that wait this long behind one message would miss Discord's
/// deadlines anyway.
pub(crate) const MAX_WAITERS_PER_MESSAGE: usize = 1024;

/// Serialises leases of one message inside this process; the map only holds
/// messages that are leased or waited for, so it stays small.
#[derive(Debug)]
pub(crate) struct KeyedLocks {
    locks: DashMap<u64, Entry>,
    max_waiters: usize,
}

/// One key's mutex and how many holders and waiters want it. Counted
/// explicitly, under the map's shard lock, so that the entry goes away with
/// the last of them whatever order a cancelled waiter's parts drop in.
#[derive(Debug, Default)]
struct Entry {
    mutex: Arc<Mutex<()>>,
    interested: usize,
}

impl Default for KeyedLocks {
    fn default() -> Self {
        Self::with_max_waiters(MAX_WAITERS_PER_MESSAGE)
    }
}

impl KeyedLocks {
    pub(crate) fn with_max_waiters(max_waiters: usize) -> Self {
        Self {
            locks: DashMap::new(),
            max_waiters: max_waiters.max(1),
        }
    }

    /// Waits until no other guard of `key` is alive; fails at once when
    /// the key already has its maximum of holders and waiters.
    pub(crate) async fn lock(self: &Arc<Self>, key: u64) -> Result<KeyGuard, StoreError> {
        let mutex = {
            let mut entry = self.locks.entry(key).or_default();
            if entry.interested >= self.max_waiters {
                return Err(StoreError::bare(StoreErrorKind::Busy {
                    queue: "the queue of clicks waiting for this message",
                }));
            }
            entry.interested += 1;
            Arc::clone(&entry.mutex)
        };
        // Created before the first await: a waiter cancelled at any point
        // (even after it was handed the lock) gives its interest back.
        let claim = Claim {
            locks: Arc::clone(self),
            key,
        };
        let guard = mutex.lock_owned().await;
        Ok(KeyGuard {
            _guard: guard,
            _claim: claim,
        })
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.locks.len()
    }
}

/// Interest in one key: removes the key's entry when dropped as the last.
#[derive(Debug)]
struct Claim {
    locks: Arc<KeyedLocks>,
    key: u64,
}

impl Drop for Claim {
    fn drop(&mut self) {
        if let dashmap::Entry::Occupied(mut entry) = self.locks.locks.entry(self.key) {
            let interest = &mut entry.get_mut().interested;
            *interest = interest.saturating_sub(1);
            if *interest == 0 {
                entry.remove();
            }
        }
    }
}

/// Holds the lock of one key until dropped.
#[derive(Debug)]
pub(crate) struct KeyGuard {
    // Fields drop in declaration order: the mutex is released before the
    // claim gives up its interest.
    _guard: OwnedMutexGuard<()>,
    _claim: Claim,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn idle_locks_are_removed() {
        let locks = Arc::new(KeyedLocks::default());
        let first = locks.lock(7).await.expect("lock");
        assert_eq!(locks.len(), 1);
        drop(first);
        assert_eq!(locks.len(), 0);
    }

    #[tokio::test]
    async fn second_lock_waits_for_the_first() {
        let locks = Arc::new(KeyedLocks::default());
        let first = locks.lock(7).await.expect("lock");
        let other = locks.lock(8).await.expect("lock");
        let waiter = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move { locks.lock(7).await })
        };
        tokio::task::yield_now().await;
        assert!(!waiter.is_finished());
        drop(first);
        let second = waiter.await.expect("waiter task").expect("lock");
        drop(second);
        drop(other);
        assert_eq!(locks.len(), 0);
    }

    /// A waiter woken (handed the mutex) and then cancelled before it ran
    /// must not leave its key's entry behind.
    #[tokio::test]
    async fn a_waiter_cancelled_after_its_wake_leaves_no_entry() {
        let locks = Arc::new(KeyedLocks::default());
        let first = locks.lock(7).await.expect("lock");
        let waiter = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move { locks.lock(7).await })
        };
        tokio::task::yield_now().await;
        // Hands the mutex to the waiter, which has not run since.
        drop(first);
        waiter.abort();
        assert!(waiter.await.expect_err("aborted").is_cancelled());
        assert_eq!(locks.len(), 0);
        // And the key still works.
        drop(locks.lock(7).await.expect("lock again"));
        assert_eq!(locks.len(), 0);
    }

    #[tokio::test]
    async fn a_full_queue_is_refused_and_recovers() {
        let locks = Arc::new(KeyedLocks::with_max_waiters(2));
        let first = locks.lock(7).await.expect("lock");
        let waiter = {
            let locks = Arc::clone(&locks);
            tokio::spawn(async move { locks.lock(7).await.map(drop) })
        };
        tokio::task::yield_now().await;
        let refused = locks.lock(7).await.expect_err("third must be refused");
        assert!(
            matches!(refused.kind(), StoreErrorKind::Busy { .. }),
            "{refused}"
        );
        // Other keys are not affected.
        drop(locks.lock(8).await.expect("other key"));
        drop(first);
        waiter
            .await
            .expect("waiter task")
            .expect("waiter got the lock");
        drop(locks.lock(7).await.expect("room again"));
        assert_eq!(locks.len(), 0);
    }
}
