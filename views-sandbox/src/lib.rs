//! A local Discord for twilight-views: the gateway WebSocket, the REST API
//! under `/api/v10` and a JSON control API under `/sandbox`, all on one
//! port of 127.0.0.1. The unmodified twilight-gateway and twilight-http
//! clients connect to it with `ConfigBuilder::proxy_url` and
//! `ClientBuilder::proxy(host_port, true)`; tests act as Discord users
//! through [`Sandbox`]'s driver methods. People do the same in a browser:
//! [`Sandbox::web_url`] serves a Discord-like page on a second port, and
//! [`SandboxConfig::state_file`] keeps its messages across restarts. See
//! `docs/sandbox.md`.
//!
//! ```no_run
//! # async fn run() -> Result<(), views_sandbox::SandboxError> {
//! use views_sandbox::{Sandbox, SandboxConfig};
//! let sandbox = Sandbox::start(SandboxConfig::default()).await?;
//! println!("gateway: {}  api: {}", sandbox.gateway_url(), sandbox.api_host_port());
//! sandbox.shutdown().await;
//! # Ok(()) }
//! ```

mod clock;
mod config;
mod control;
mod driver;
mod error;
mod events;
mod gateway;
mod http;
mod layout;
mod modal_submit;
mod model;
mod persist;
mod ratelimit;
mod rest;
mod sandbox;
mod schema;
mod selection;
mod server;
mod state;

pub use clock::Clock;
pub use config::{PORT_ENV, RateLimit, STATE_FILE_ENV, SandboxConfig, WEB_PORT_ENV};
pub use error::{SandboxError, SandboxErrorKind};
pub use modal_submit::{ModalSubmission, ModalValue};
pub use sandbox::{Fixtures, Sandbox};
pub use state::{ChannelInfo, OpenModal, Reply, ReplyKind, ShardInfo, StoredMessage};
