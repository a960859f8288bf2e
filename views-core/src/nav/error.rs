//! [`NavError`]: why a navigator could not open or turn a page.

use std::{error::Error, fmt};

/// Why a navigator could not open or turn a page.
///
/// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#when-it-fails).
#[derive(Debug)]
pub struct NavError {
    kind: NavErrorKind,
    source: Option<Box<dyn Error + Send + Sync>>,
}

/// Kinds of [`NavError`].
#[derive(Debug)]
#[non_exhaustive]
pub enum NavErrorKind {
    /// No page source of this name is registered
    /// (`ViewRouterBuilder::navigator::<P>()` at start-up).
    UnknownSource {
        /// The stored name.
        name: String,
    },
    /// No menu screen of this name is registered
    /// (`ViewRouterBuilder::menu_screen::<S>()` at start-up).
    UnknownScreen {
        /// The stored name.
        name: String,
    },
    /// Another page source (or menu screen) type already has this name.
    NameTaken {
        /// The contested name.
        name: &'static str,
    },
    /// The source (or screen) does not serialise, or its stored form no
    /// longer deserialises into its type (the struct changed).
    BadArguments {
        /// The source's (or screen's) name.
        name: String,
    },
    /// A page has more rows of its own than fit beside the navigation
    /// buttons.
    TooManyRows {
        /// The page's rows.
        rows: usize,
        /// The rows that fit.
        room: usize,
    },
}

impl NavError {
    pub(crate) fn new(kind: NavErrorKind) -> Self {
        Self { kind, source: None }
    }

    pub(crate) fn with_source(
        kind: NavErrorKind,
        source: impl Error + Send + Sync + 'static,
    ) -> Self {
        Self {
            kind,
            source: Some(Box::new(source)),
        }
    }

    /// What went wrong.
    pub fn kind(&self) -> &NavErrorKind {
        &self.kind
    }
}

impl fmt::Display for NavError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.kind {
            NavErrorKind::UnknownSource { name } => write!(
                f,
                "no page source named {name:?} is registered: add `.navigator::<YourSource>()` to the router builder"
            ),
            NavErrorKind::UnknownScreen { name } => write!(
                f,
                "no menu screen named {name:?} is registered: add `.menu_screen::<YourScreen>()` to the router builder"
            ),
            NavErrorKind::NameTaken { name } => {
                write!(f, "two page source or menu screen types are named {name:?}")
            }
            NavErrorKind::BadArguments { name } => {
                write!(
                    f,
                    "the page source or screen {name:?} does not (de)serialise"
                )?;
                if let Some(source) = &self.source {
                    write!(f, ": {source}")?;
                }
                Ok(())
            }
            NavErrorKind::TooManyRows { rows, room } => write!(
                f,
                "{rows} rows of your own do not fit beside the navigation buttons (room for {room})"
            ),
        }
    }
}

impl Error for NavError {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source
            .as_ref()
            .map(|source| &**source as &(dyn Error + 'static))
    }
}

static_assertions::assert_impl_all!(NavError: Send, Sync);
