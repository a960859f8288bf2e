//! [`EndpointError`]: what can go wrong setting up or serving the endpoint.

use std::{error::Error, fmt};

/// Setting up or serving the interactions endpoint failed.
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#errors).
#[derive(Debug)]
pub struct EndpointError {
    kind: EndpointErrorKind,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// The kinds of [`EndpointError`].
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#errors).
#[derive(Clone, Copy, Debug, Eq, PartialEq)]
#[non_exhaustive]
pub enum EndpointErrorKind {
    /// The public key is not the 64 hex digits of an Ed25519 key (the
    /// Developer Portal shows it under General Information).
    PublicKey,
    /// The server could not listen, or accepting connections failed.
    Io,
}

impl EndpointError {
    pub(crate) fn new(
        kind: EndpointErrorKind,
        source: Option<Box<dyn Error + Send + Sync>>,
    ) -> Self {
        Self { kind, source }
    }

    /// What went wrong.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#errors).
    pub const fn kind(&self) -> &EndpointErrorKind {
        &self.kind
    }

    /// Consumes the error, returning its kind and source.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#errors).
    pub fn into_parts(self) -> (EndpointErrorKind, Option<Box<dyn Error + Send + Sync>>) {
        (self.kind, self.source)
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EndpointErrorKind::PublicKey => {
                f.write_str("the public key is not 64 hex digits of an Ed25519 public key")
            }
            EndpointErrorKind::Io => f.write_str("the interactions server failed"),
        }
    }
}

impl Error for EndpointError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}

static_assertions::assert_impl_all!(EndpointError: Send, Sync);
