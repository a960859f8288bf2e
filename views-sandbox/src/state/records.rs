//! What the sandbox records: channels, messages, the bot's replies, the
//! interactions the driver created (and the commands they ran) and the
//! modals they opened.

use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::sync::Arc;
use std::time::Duration;
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::Message;
use twilight_model::id::Id;
use twilight_model::id::marker::{
    ChannelMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};

/// A channel fixture.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct ChannelInfo {
    /// Channel id.
    pub id: Id<ChannelMarker>,
    /// Guild the channel belongs to.
    pub guild_id: Id<GuildMarker>,
    /// Channel name.
    pub name: String,
}

/// A message stored by the sandbox.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StoredMessage {
    /// The message as Discord would send it.
    pub message: Message,
    /// For ephemeral messages: the only user who can see it.
    pub ephemeral_for: Option<Id<UserMarker>>,
    /// Interaction whose response or follow-up created this message.
    pub interaction_id: Option<Id<InteractionMarker>>,
}

/// What the bot did, recorded for tests.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[non_exhaustive]
pub enum ReplyKind {
    /// `POST /interactions/{id}/{token}/callback` with this response type.
    Callback {
        /// Interaction response type (4, 5, 6, 7, 9, ...).
        response_type: u8,
    },
    /// `POST /webhooks/{app}/{token}` (follow-up message).
    Followup,
    /// `PATCH /webhooks/{app}/{token}/messages/{id}` (`@original` or a follow-up).
    EditResponse,
    /// `DELETE /webhooks/{app}/{token}/messages/{id}`.
    DeleteResponse,
    /// `POST /channels/{id}/messages`.
    CreateMessage,
    /// `PATCH /channels/{id}/messages/{id}`.
    EditMessage,
    /// `DELETE /channels/{id}/messages/{id}`.
    DeleteMessage,
}

/// One accepted bot request that replied to a user or changed a message.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Clone, Debug, Serialize)]
pub struct Reply {
    /// Position in the reply log (0-based).
    pub seq: u64,
    /// What kind of request it was.
    #[serde(flatten)]
    pub kind: ReplyKind,
    /// Interaction it answered, if any.
    pub interaction_id: Option<Id<InteractionMarker>>,
    /// Channel concerned.
    pub channel_id: Option<Id<ChannelMarker>>,
    /// Message created, edited or deleted, if any.
    pub message_id: Option<Id<MessageMarker>>,
    /// Whether the message is ephemeral (only the clicking user sees it).
    pub ephemeral: bool,
    /// The message after the request (None for deletions and bare acks).
    pub message: Option<Message>,
    /// The request body as sent by the bot.
    pub body: Value,
}

/// A modal opened by an interaction response of type 9.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
#[derive(Clone, Debug, Serialize)]
pub struct OpenModal {
    /// The modal's custom_id.
    pub custom_id: String,
    /// The modal's title.
    pub title: String,
    /// The modal's components as sent by the bot.
    pub components: Value,
}

/// An interaction created by the driver (or adopted).
#[derive(Clone, Debug)]
pub(crate) struct InteractionRecord {
    pub(crate) token: String,
    /// Interaction type (2 application command, 3 component, 5 modal submit).
    pub(crate) kind: u8,
    pub(crate) created: Duration,
    pub(crate) acknowledged: bool,
    /// `None` for an adopted interaction from a DM.
    pub(crate) guild_id: Option<u64>,
    pub(crate) channel_id: u64,
    pub(crate) user_id: u64,
    /// Message the component was on (for update responses).
    pub(crate) source_message: Option<u64>,
    /// Message behind `@original`.
    pub(crate) original: Option<u64>,
    pub(crate) modal: Option<OpenModal>,
    /// The command run, for an application command.
    pub(crate) command: Option<CommandCall>,
    /// The payload as delivered (or adopted).
    pub(crate) payload: Option<Arc<Interaction>>,
}

/// What an application command interaction ran: what the messages
/// answering it say about it (`interaction_metadata`, `interaction`).
#[derive(Clone, Debug)]
pub(crate) struct CommandCall {
    /// The command's name.
    pub(crate) name: String,
    /// The user a user command was run on.
    pub(crate) target_user: Option<u64>,
    /// The message a message command was run on.
    pub(crate) target_message: Option<u64>,
}
