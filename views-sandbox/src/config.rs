//! Sandbox settings.

use std::path::PathBuf;
use std::time::Duration;

/// Environment variable read by [`SandboxConfig::from_env`] for a fixed port.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
pub const PORT_ENV: &str = "VIEWS_SANDBOX_PORT";

/// Environment variable read by [`SandboxConfig::from_env`] for a fixed web page port.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
pub const WEB_PORT_ENV: &str = "VIEWS_SANDBOX_WEB_PORT";

/// Environment variable read by [`SandboxConfig::from_env`] for a state file.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#state-file).
pub const STATE_FILE_ENV: &str = "VIEWS_SANDBOX_STATE_FILE";

/// Settings of a [`Sandbox`](crate::Sandbox).
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct SandboxConfig {
    /// Port on 127.0.0.1; `0` picks a free one.
    pub port: u16,
    /// Heartbeat interval announced in HELLO.
    pub heartbeat_interval: Duration,
    /// Application (and bot user) id announced in READY.
    pub application_id: u64,
    /// Shard count recommended by `GET /gateway/bot`.
    pub recommended_shards: u32,
    /// Optional REST rate limit per route bucket.
    pub rate_limit: Option<RateLimit>,
    /// Time to acknowledge an interaction (Discord: 3 s).
    pub ack_deadline: Duration,
    /// Lifetime of an interaction token (Discord: 15 min).
    pub token_lifetime: Duration,
    /// Port of the web page on 127.0.0.1 (a second listener); `0` picks a free one.
    pub web_port: u16,
    /// JSON file keeping channels, users and messages across restarts
    /// (`None`: everything is forgotten when the sandbox stops).
    pub state_file: Option<PathBuf>,
    /// Deal interactions round-robin over every connected session of the
    /// shard instead of sending them to the newest one, like a load
    /// balancer in front of several HTTP-interaction workers (or several
    /// bot processes on one shard). Off by default.
    pub spread_interactions: bool,
}

/// A fixed-window rate limit applied to every REST route bucket.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
#[derive(Clone, Copy, Debug)]
pub struct RateLimit {
    /// Requests allowed per window.
    pub limit: u32,
    /// Window length.
    pub window: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            port: 0,
            heartbeat_interval: Duration::from_millis(41_250),
            application_id: 1_100_000_000_000_000_001,
            recommended_shards: 1,
            rate_limit: None,
            ack_deadline: Duration::from_secs(3),
            token_lifetime: Duration::from_secs(15 * 60),
            web_port: 0,
            state_file: None,
            spread_interactions: false,
        }
    }
}

impl SandboxConfig {
    /// Defaults, with the ports taken from `VIEWS_SANDBOX_PORT` and
    /// `VIEWS_SANDBOX_WEB_PORT` when set and valid, and the state file from
    /// `VIEWS_SANDBOX_STATE_FILE` when set and not empty.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn from_env() -> Self {
        let mut config = Self::default();
        let port = |name: &str| std::env::var(name).ok().and_then(|p| p.trim().parse().ok());
        if let Some(port) = port(PORT_ENV) {
            config.port = port;
        }
        if let Some(port) = port(WEB_PORT_ENV) {
            config.web_port = port;
        }
        if let Some(path) = std::env::var_os(STATE_FILE_ENV).filter(|p| !p.is_empty()) {
            config.state_file = Some(path.into());
        }
        config
    }

    /// Sets the port of the web page (`0` = any free port).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#web-page).
    #[must_use]
    pub const fn web_port(mut self, port: u16) -> Self {
        self.web_port = port;
        self
    }

    /// Keeps channels, users and messages (with their components) in this
    /// JSON file: loaded at start when it exists, rewritten after every
    /// change. A restarted sandbox then shows the same messages, and their
    /// buttons still reach the bot. Interactions and replies are not kept.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#state-file).
    #[must_use]
    pub fn state_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.state_file = Some(path.into());
        self
    }

    /// Deals interactions round-robin over the shard's connected sessions
    /// (the `spread_interactions` field).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    #[must_use]
    pub const fn spread_interactions(mut self, spread: bool) -> Self {
        self.spread_interactions = spread;
        self
    }

    /// Sets the port (`0` = any free port).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    #[must_use]
    pub const fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Sets the heartbeat interval announced in HELLO.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    #[must_use]
    pub const fn heartbeat_interval(mut self, interval: Duration) -> Self {
        self.heartbeat_interval = interval;
        self
    }

    /// Sets the shard count recommended by `GET /gateway/bot`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    #[must_use]
    pub const fn recommended_shards(mut self, shards: u32) -> Self {
        self.recommended_shards = shards;
        self
    }

    /// Enables REST rate limiting: `limit` requests per `window` per route.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    #[must_use]
    pub const fn rate_limit(mut self, limit: u32, window: Duration) -> Self {
        self.rate_limit = Some(RateLimit { limit, window });
        self
    }
}
