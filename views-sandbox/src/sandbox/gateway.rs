//! The driver's view of the gateway: the sessions (shards) connected,
//! waiting for them, counters, and asking them to reconnect or start over.

use std::time::Duration;

use super::Sandbox;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::state::{Outgoing, ShardInfo};

impl Sandbox {
    /// Gateway sessions (one per identified shard), connected or not.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn shards(&self) -> Vec<ShardInfo> {
        self.shared.lock().gateway.shard_infos()
    }

    /// Waits until exactly `count` shards are connected and identified (or
    /// resumed); `0` waits for a bot to be gone.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Timeout`].
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub async fn wait_connected(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<(), SandboxError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let connected = self.shards().iter().filter(|s| s.connected).count();
            if connected == count {
                return Ok(());
            }
            if tokio::time::Instant::now() >= deadline {
                return Err(SandboxError::new(SandboxErrorKind::Timeout));
            }
            // Polling keeps the gateway code free of test-only signalling.
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// Counters: (connections, identifies, resumes).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn gateway_counters(&self) -> (u64, u64, u64) {
        let state = self.shared.lock();
        let gateway = &state.gateway;
        (gateway.connections, gateway.identifies, gateway.resumes)
    }

    /// Asks every connected shard to reconnect (op 7); twilight resumes.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn request_reconnect(&self) {
        self.shared.broadcast(|| Outgoing::Reconnect);
    }

    /// Sends INVALID_SESSION (op 9) to every connected shard.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn invalidate_sessions(&self, resumable: bool) {
        self.shared
            .broadcast(|| Outgoing::InvalidSession(resumable));
    }
}
