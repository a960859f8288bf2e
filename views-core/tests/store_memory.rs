//! The store suite on `MemoryStore`.
#![allow(clippy::unwrap_used)]

mod store_suite;

use std::sync::Arc;

use views_core::store::{MemoryStore, ViewStore};

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn memory_store_suite() {
    store_suite::run_all(|_| async { Arc::new(MemoryStore::new()) as Arc<dyn ViewStore> }).await;
}
