//! The sandbox's model: guilds, channels, users, messages, interactions,
//! replies and gateway sessions (`world`, `records`, `sessions`), the
//! application commands the bot registered (`commands`) and users run
//! (`command_run`, their options checked by `command_options`), the REST
//! request log and queued faults (`requests`), interactions built outside
//! the sandbox and taken over by it (`adopt`), the
//! fixtures it starts with, the clock behind Discord's deadlines, the state
//! file, what users do (`driver`) and the checks a Discord client makes
//! before a user's input becomes an interaction (`selection`,
//! `modal_submit`, with the files of its uploads in `uploads`), and guild
//! members (`members`). `SharedState` is the
//! one handle every task holds; the handlers (REST, control API, gateway,
//! web) use it, never each other.

mod adopt;
mod clock;
mod command_options;
mod command_run;
mod commands;
mod driver;
mod fixtures;
mod members;
mod modal_submit;
mod persist;
mod records;
mod requests;
mod selection;
mod sessions;
mod shared;
mod uploads;
mod world;

pub use clock::Clock;
pub use fixtures::Fixtures;
pub use modal_submit::{ModalSubmission, ModalValue};
pub use records::{ChannelInfo, OpenModal, Reply, ReplyKind, StoredMessage};
pub use requests::RestRequest;
pub use sessions::ShardInfo;
pub use uploads::Upload;

pub(crate) use command_run::Invocation;
pub(crate) use driver::opened_modal;
pub(crate) use members::MemberLookup;
pub(crate) use modal_submit::{is_checkbox_group, is_file_upload};
pub(crate) use records::InteractionRecord;
pub(crate) use requests::Fault;
pub(crate) use sessions::{Outgoing, Session};
pub(crate) use shared::{InteractionSource, SharedState};
pub(crate) use uploads::decode_base64;
pub(crate) use world::World;
