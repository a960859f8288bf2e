#![doc = include_str!("../README.md")]

mod clock;
mod config;
mod control;
mod driver;
mod endpoints;
mod error;
mod events;
mod gateway;
mod http;
mod ids;
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
mod shutdown;
mod state;

pub use clock::Clock;
pub use config::{PORT_ENV, RateLimit, STATE_FILE_ENV, SandboxConfig, WEB_PORT_ENV};
pub use error::{SandboxError, SandboxErrorKind};
pub use modal_submit::{ModalSubmission, ModalValue};
pub use sandbox::{Fixtures, Sandbox};
pub use state::{ChannelInfo, OpenModal, Reply, ReplyKind, ShardInfo, StoredMessage};
