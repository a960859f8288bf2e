#![doc = include_str!("../README.md")]

mod command_rules;
mod components_v2;
mod config;
mod endpoints;
mod error;
mod gateway;
mod http;
mod ids;
mod interactions_http;
mod layout;
mod model;
mod sandbox;
mod schema;
mod server;
mod shutdown;
mod state;

pub use config::{PORT_ENV, RateLimit, STATE_FILE_ENV, SandboxConfig, WEB_PORT_ENV};
pub use error::{SandboxError, SandboxErrorKind};
pub use interactions_http::EndpointValidation;
pub use sandbox::Sandbox;
pub use state::{
    ChannelInfo, Clock, Fixtures, ModalSubmission, ModalValue, OpenModal, Reply, ReplyKind,
    RestRequest, ShardInfo, StoredMessage, Upload,
};
