//! Leaf types every other module uses. This module imports nothing from
//! the crate, so it can never be part of an import cycle.

use std::{fmt, future::Future, pin::Pin};

/// A boxed, sendable future borrowing for `'a`: what generated code returns.
///
/// See [the views guide](https://github.com/twilight-views/twilight-views/blob/main/docs/views.md#the-two-views).
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Where a view or item is defined, for registration errors that name both
/// sides of a collision.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-at-start-up).
#[derive(Clone, Copy, Debug, Eq, PartialEq, Hash)]
pub struct SourceLocation {
    /// `file!()` at the definition.
    pub file: &'static str,
    /// `line!()` at the definition.
    pub line: u32,
}

impl fmt::Display for SourceLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.file, self.line)
    }
}

/// What to acknowledge on a handler's behalf when it has not answered before
/// Discord's 3-second deadline.
///
/// See [the routing guide](https://github.com/twilight-views/twilight-views/blob/main/docs/routing.md#auto-defer).
#[derive(Clone, Copy, Debug, Default, Eq, PartialEq)]
#[non_exhaustive]
pub enum AutoDefer {
    /// Acknowledge with a deferred message update (type 6): the user sees no
    /// "thinking…" state. The default.
    #[default]
    Update,
    /// Acknowledge with a deferred ephemeral reply (type 5): the user sees
    /// "thinking…" and the handler's later reply replaces it.
    Ephemeral,
    /// Acknowledge with a deferred public reply (type 5): everyone in the
    /// channel sees "thinking…" until the handler's reply replaces it. The
    /// router uses it for a modal submitted from a slash command, which has
    /// no message a deferred update could stand for.
    Reply,
    /// Never acknowledge automatically.
    Off,
}
