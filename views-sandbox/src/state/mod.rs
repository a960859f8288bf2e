//! The sandbox's model: guilds, channels, users, messages, interactions,
//! replies and gateway sessions (`world`, `records`, `sessions`), the
//! fixtures it starts with, the clock behind Discord's deadlines, the state
//! file, and the checks a Discord client makes before a user's input
//! becomes an interaction (`selection`, `modal_submit`).

mod clock;
pub(crate) mod fixtures;
pub(crate) mod modal_submit;
pub(crate) mod persist;
mod records;
pub(crate) mod selection;
mod sessions;
mod world;

pub use clock::Clock;
pub use fixtures::Fixtures;
pub use modal_submit::{ModalSubmission, ModalValue};
pub use records::{ChannelInfo, OpenModal, Reply, ReplyKind, StoredMessage};
pub use sessions::ShardInfo;

pub(crate) use records::InteractionRecord;
pub(crate) use sessions::{Outgoing, Session};
pub(crate) use world::World;
