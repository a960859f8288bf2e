//! Errors of the sandbox and its driver.

use std::error::Error as StdError;
use std::fmt::{Display, Formatter, Result as FmtResult};

/// Error of the sandbox or of a driver call.
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Debug)]
pub struct SandboxError {
    pub(crate) kind: SandboxErrorKind,
    pub(crate) source: Option<Box<dyn StdError + Send + Sync>>,
}

impl SandboxError {
    /// What went wrong.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub const fn kind(&self) -> &SandboxErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn into_parts(self) -> (SandboxErrorKind, Option<Box<dyn StdError + Send + Sync>>) {
        (self.kind, self.source)
    }

    pub(crate) const fn new(kind: SandboxErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: SandboxErrorKind,
        source: impl Into<Box<dyn StdError + Send + Sync>>,
    ) -> Self {
        Self {
            kind,
            source: Some(source.into()),
        }
    }
}

/// Kind of [`SandboxError`].
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Debug)]
#[non_exhaustive]
pub enum SandboxErrorKind {
    /// Binding the listening socket failed.
    Bind,
    /// No such channel.
    UnknownChannel {
        /// The channel id.
        id: u64,
    },
    /// No such message.
    UnknownMessage {
        /// The message id.
        id: u64,
    },
    /// No such user.
    UnknownUser {
        /// The user id.
        id: u64,
    },
    /// No such interaction (or no modal opened by it).
    UnknownInteraction {
        /// The interaction id.
        id: u64,
    },
    /// The message has no component with this custom_id.
    UnknownComponent {
        /// The custom_id asked for.
        custom_id: String,
    },
    /// The modal has no field with this custom_id.
    UnknownField {
        /// The custom_id asked for.
        custom_id: String,
    },
    /// A required modal field is left empty.
    MissingField {
        /// The field's custom_id.
        custom_id: String,
    },
    /// The component exists but is of the wrong kind (e.g. select on a
    /// button, text for a modal checkbox).
    WrongComponent {
        /// The custom_id asked for.
        custom_id: String,
    },
    /// The component is disabled; Discord clients cannot use it.
    Disabled {
        /// The custom_id asked for.
        custom_id: String,
    },
    /// Select, checkbox group or text values a Discord client would not
    /// allow.
    InvalidValues {
        /// The custom_id asked for.
        custom_id: String,
        /// What is wrong.
        reason: String,
    },
    /// The message is ephemeral and the user is not the one who sees it.
    NotVisible {
        /// The message id.
        id: u64,
        /// The user who tried to use it.
        user: u64,
    },
    /// No application command of this name (and type) can be run there:
    /// never registered, deleted, or registered in another guild (Discord's
    /// 10063 "Unknown application command").
    UnknownCommand {
        /// The name asked for.
        name: String,
    },
    /// Command options a Discord client would not send: of the wrong
    /// type, unknown, missing though required, not among the declared
    /// choices, outside the declared range or length (Discord's 50035).
    InvalidOption {
        /// The option, with its subcommand and group (`settings.set.volume`).
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// A payload could not be built from twilight-model types.
    Model,
    /// An interaction built outside the sandbox that it cannot take over
    /// ([`Sandbox::adopt_interaction`](crate::Sandbox::adopt_interaction)).
    NotAdoptable {
        /// The interaction id.
        id: u64,
        /// Why: another application, no channel or user, ...
        reason: String,
    },
    /// Waiting for a reply timed out.
    Timeout,
    /// The state file could not be read, parsed or written.
    StateFile {
        /// The file.
        path: std::path::PathBuf,
    },
    /// An Interactions Endpoint URL failed Discord's validation (a PING
    /// answered PONG, a bad signature refused with 401); the URL in use
    /// is unchanged.
    EndpointRefused {
        /// The URL checked.
        url: String,
        /// What went wrong.
        detail: String,
    },
}

impl Display for SandboxError {
    fn fmt(&self, f: &mut Formatter<'_>) -> FmtResult {
        match &self.kind {
            SandboxErrorKind::Bind => f.write_str("binding the sandbox port failed"),
            SandboxErrorKind::UnknownChannel { id } => write!(f, "unknown channel {id}"),
            SandboxErrorKind::UnknownMessage { id } => write!(f, "unknown message {id}"),
            SandboxErrorKind::UnknownUser { id } => write!(f, "unknown user {id}"),
            SandboxErrorKind::UnknownInteraction { id } => {
                write!(f, "unknown interaction {id} (or it opened no modal)")
            }
            SandboxErrorKind::UnknownComponent { custom_id } => {
                write!(
                    f,
                    "the message has no component with custom_id {custom_id:?}"
                )
            }
            SandboxErrorKind::UnknownField { custom_id } => {
                write!(f, "the modal has no field with custom_id {custom_id:?}")
            }
            SandboxErrorKind::MissingField { custom_id } => {
                write!(f, "the required field {custom_id:?} is empty")
            }
            SandboxErrorKind::WrongComponent { custom_id } => {
                write!(f, "component {custom_id:?} is not of the kind used")
            }
            SandboxErrorKind::Disabled { custom_id } => {
                write!(f, "component {custom_id:?} is disabled")
            }
            SandboxErrorKind::InvalidValues { custom_id, reason } => {
                write!(f, "invalid values for {custom_id:?}: {reason}")
            }
            SandboxErrorKind::NotVisible { id, user } => write!(
                f,
                "message {id} is ephemeral: only the user it answered sees it, not user {user}"
            ),
            SandboxErrorKind::UnknownCommand { name } => {
                write!(f, "Unknown application command {name:?}")
            }
            SandboxErrorKind::InvalidOption { name, reason } => {
                write!(f, "option {name:?}: {reason}")
            }
            SandboxErrorKind::Model => f.write_str("building a twilight-model payload failed"),
            SandboxErrorKind::NotAdoptable { id, reason } => {
                write!(f, "the sandbox cannot adopt interaction {id}: {reason}")
            }
            SandboxErrorKind::Timeout => f.write_str("timed out waiting for a reply"),
            SandboxErrorKind::StateFile { path } => {
                // Shown by examples as is, so the cause is spelled out here.
                write!(f, "sandbox state file {}", path.display())?;
                match &self.source {
                    Some(source) => write!(f, ": {source}"),
                    None => Ok(()),
                }
            }
            SandboxErrorKind::EndpointRefused { url, detail } => {
                write!(f, "interactions endpoint {url} failed validation: {detail}")
            }
        }
    }
}

impl StdError for SandboxError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn StdError + 'static))
    }
}

/// A component's submitted values refused, naming the component and why
/// (`SandboxErrorKind::InvalidValues`).
pub(crate) fn invalid_values(custom_id: &str, reason: impl Into<String>) -> SandboxError {
    SandboxError::new(SandboxErrorKind::InvalidValues {
        custom_id: custom_id.to_owned(),
        reason: reason.into(),
    })
}
