//! Errors of replies ([`ViewError`]) and of handlers ([`HandlerError`]).

use std::{error::Error, fmt};

/// The result of a reply method, and the usual handler return type.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
pub type ViewResult<T = ()> = Result<T, ViewError>;

/// A reply to Discord failed.
///
/// ```
/// use views_core::{ViewContext, ViewErrorKind, ViewResult};
///
/// async fn answer(ctx: ViewContext) -> ViewResult {
///     match ctx.followup("Done.").await {
///         // The message was deleted meanwhile: nothing left to tell.
///         Err(error) if matches!(error.kind(), ViewErrorKind::UnknownMessage) => Ok(()),
///         other => other,
///     }
/// }
/// ```
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
#[derive(Debug)]
pub struct ViewError {
    pub(crate) kind: ViewErrorKind,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(ViewError: Send, Sync);

impl ViewError {
    /// What went wrong.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
    pub const fn kind(&self) -> &ViewErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
    pub fn into_parts(self) -> (ViewErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }

    pub(crate) fn new(kind: ViewErrorKind, source: Option<Box<dyn Error + Send + Sync>>) -> Self {
        Self { kind, source }
    }

    /// A layout refused before it was sent.
    pub(crate) fn layout(error: crate::layout::LayoutError) -> Self {
        Self::new(ViewErrorKind::Layout, Some(Box::new(error)))
    }

    /// Maps a twilight-http error to a typed kind: Discord's JSON error codes
    /// 40060, 10062 and 10008 get their own kinds, other API errors keep
    /// their status and code, everything else is [`ViewErrorKind::Request`].
    pub(crate) fn from_http(error: twilight_http::Error) -> Self {
        use twilight_http::{api_error::ApiError, error::ErrorType};
        let kind = match error.kind() {
            ErrorType::Response {
                error: api, status, ..
            } => {
                let code = match api {
                    ApiError::General(general) => Some(general.code),
                    _ => None,
                };
                match code {
                    Some(40060) => ViewErrorKind::AlreadyAcknowledged,
                    Some(10062) => ViewErrorKind::UnknownInteraction,
                    Some(10008) => ViewErrorKind::UnknownMessage,
                    _ => ViewErrorKind::Discord {
                        status: status.get(),
                        code,
                    },
                }
            }
            _ => ViewErrorKind::Request,
        };
        Self::new(kind, Some(Box::new(error)))
    }
}

/// Kinds of [`ViewError`].
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
#[derive(Debug)]
#[non_exhaustive]
pub enum ViewErrorKind {
    /// The interaction was already acknowledged (Discord code 40060).
    AlreadyAcknowledged,
    /// Discord does not know the interaction: its token expired or its
    /// 3-second window passed (Discord code 10062).
    UnknownInteraction,
    /// The message no longer exists (Discord code 10008).
    UnknownMessage,
    /// Discord answered with another error.
    Discord {
        /// HTTP status.
        status: u16,
        /// Discord's JSON error code, when it gave one.
        code: Option<u64>,
    },
    /// The request could not be built or sent (network, validation).
    Request,
    /// The reply needs a message but the interaction has none.
    NoMessage,
    /// The reply carrying a view was sent, but the view could not be bound
    /// to its message (the source is the `RouterError`: the store failed,
    /// or the view type is not registered as it is sent). Clicks on that
    /// message are answered as unavailable.
    Bind,
    /// The context was not built by a router (`ViewContext::new`), so it
    /// cannot send a view that the router would then route.
    NoRouter,
    /// The reply is a layout (Components V2) that breaks one of Discord's
    /// rules, e.g. a text from the view's state longer than a message
    /// allows; the source is the [`LayoutError`](crate::LayoutError).
    /// Nothing was sent.
    Layout,
}

impl fmt::Display for ViewError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            ViewErrorKind::AlreadyAcknowledged => f.write_str("interaction already acknowledged"),
            ViewErrorKind::UnknownInteraction => {
                f.write_str("unknown interaction (expired token or missed 3-second deadline)")
            }
            ViewErrorKind::UnknownMessage => f.write_str("unknown message"),
            ViewErrorKind::Discord {
                status,
                code: Some(code),
            } => {
                write!(f, "discord answered {status} with code {code}")
            }
            ViewErrorKind::Discord { status, code: None } => write!(f, "discord answered {status}"),
            ViewErrorKind::Request => f.write_str("request to discord failed"),
            ViewErrorKind::NoMessage => f.write_str("the interaction carries no message"),
            ViewErrorKind::Bind => {
                f.write_str("the reply was sent, but its view could not be bound to the message")
            }
            ViewErrorKind::NoRouter => f.write_str(
                "the context has no router to bind a view with (built by ViewContext::new)",
            ),
            ViewErrorKind::Layout => {
                f.write_str("the layout breaks Discord's rules, so nothing was sent")
            }
        }
    }
}

impl Error for ViewError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}

/// Why a handler did not complete: what a view's `on_error` receives.
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#when-a-handler-fails-on_error).
#[derive(Debug)]
pub struct HandlerError {
    pub(crate) kind: HandlerErrorKind,
    pub(crate) source: Option<Box<dyn Error + Send + Sync>>,
}

// Errors cross task boundaries (spawned handlers, `Box<dyn Error + Send + Sync>` sources).
static_assertions::assert_impl_all!(HandlerError: Send, Sync);

/// Kinds of [`HandlerError`].
///
/// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#when-a-handler-fails-on_error).
#[derive(Debug)]
#[non_exhaustive]
pub enum HandlerErrorKind {
    /// The handler returned an error (the source).
    Returned,
    /// The handler panicked, with this message.
    Panicked {
        /// The panic payload when it was a string.
        message: String,
    },
    /// A handler argument could not be taken from the interaction.
    Extract {
        /// What was missing or malformed.
        reason: String,
    },
}

impl HandlerError {
    /// What went wrong.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
    pub const fn kind(&self) -> &HandlerErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#errors-of-replies-viewerror).
    pub fn into_parts(self) -> (HandlerErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }

    /// A handler returned `error`.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#return-types).
    pub fn returned(error: impl Error + Send + Sync + 'static) -> Self {
        Self {
            kind: HandlerErrorKind::Returned,
            source: Some(Box::new(error)),
        }
    }

    /// A handler returned `error`, already boxed.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#return-types).
    pub fn returned_boxed(error: Box<dyn Error + Send + Sync>) -> Self {
        Self {
            kind: HandlerErrorKind::Returned,
            source: Some(error),
        }
    }

    /// A handler argument could not be extracted.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#return-types).
    pub fn extract(reason: impl Into<String>) -> Self {
        Self {
            kind: HandlerErrorKind::Extract {
                reason: reason.into(),
            },
            source: None,
        }
    }

    /// A handler panicked.
    ///
    /// See [the errors guide](https://github.com/twilight-views/twilight-views/blob/main/docs/checks-and-errors.md#return-types).
    pub fn panicked(message: impl Into<String>) -> Self {
        Self {
            kind: HandlerErrorKind::Panicked {
                message: message.into(),
            },
            source: None,
        }
    }
}

impl fmt::Display for HandlerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            HandlerErrorKind::Returned => f.write_str("handler returned an error"),
            HandlerErrorKind::Panicked { message } => write!(f, "handler panicked: {message}"),
            HandlerErrorKind::Extract { reason } => {
                write!(f, "handler argument unavailable: {reason}")
            }
        }
    }
}

impl Error for HandlerError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}
