//! The page sources a navigator can find again by name after a restart
//! (`names.rs`), a source with its type erased, and [`SourceKey`]: which
//! source a navigator pages through, as it keeps it.

use std::fmt;

use serde_json::value::RawValue;

use super::{
    NavError, NavErrorKind, Page, Pages,
    names::{NameId, Names, bad_state},
};
use crate::base::BoxFuture;

/// A page source with its type erased.
pub(crate) trait ErasedSource: Send + Sync {
    fn page_count(&self) -> BoxFuture<'_, usize>;
    fn page(&self, index: usize) -> BoxFuture<'_, Page>;
}

impl<P: Pages> ErasedSource for P {
    fn page_count(&self) -> BoxFuture<'_, usize> {
        Box::pin(Pages::page_count(self))
    }

    fn page(&self, index: usize) -> BoxFuture<'_, Page> {
        Box::pin(Pages::page(self, index))
    }
}

type Load = fn(&str) -> Result<Box<dyn ErasedSource>, serde_json::Error>;

fn load<P: Pages>(args: &str) -> Result<Box<dyn ErasedSource>, serde_json::Error> {
    Ok(Box::new(serde_json::from_str::<P>(args)?))
}

static SOURCES: Names<Load> =
    Names::new("page source", |name| NavErrorKind::UnknownSource { name });

/// Makes `P` findable by its name. A second type with the same name is
/// refused (and logged): its navigators could not tell the two apart.
pub(crate) fn register<P: Pages>() -> Result<NameId, NavError> {
    SOURCES.register::<P>(P::NAME, load::<P>)
}

/// A navigator's source: the source type (its name's id) and the source's
/// arguments as JSON text, in one heap block, `[id: 2 bytes][JSON]`. One
/// block behind a 16-byte pointer rather than a name field beside an
/// arguments box: the navigator's 2 bytes of name ride in the arguments'
/// allocation, which the allocator rounds up anyway (to 32 bytes for up to
/// 24 bytes of content), so small arguments carry them for free.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct SourceKey(Box<[u8]>);

impl SourceKey {
    /// The key of the source type named `name` with `args`, its
    /// serialised arguments.
    pub(crate) fn new(name: NameId, args: &str) -> Self {
        let mut bytes = Vec::with_capacity(2 + args.len());
        bytes.extend_from_slice(&name.to_bytes());
        bytes.extend_from_slice(args.as_bytes());
        Self(bytes.into_boxed_slice())
    }

    /// The key of `P` serialised.
    pub(crate) fn of<P: Pages>(source: &P) -> Result<Self, NavError> {
        let name = register::<P>()?;
        let args = serde_json::to_string(source).map_err(|error| bad_state(P::NAME, error))?;
        Ok(Self::new(name, &args))
    }

    /// The key as read from a stored navigator: the source type's name and
    /// the arguments. An unregistered name is kept: the navigator loads,
    /// and says which source is missing when clicked.
    pub(crate) fn stored(name: &str, args: &RawValue) -> Result<Self, NavError> {
        Ok(Self::new(SOURCES.id(name)?, args.get()))
    }

    fn name_id(&self) -> NameId {
        NameId::from_bytes([self.0[0], self.0[1]])
    }

    /// The source type's [`Pages::NAME`].
    pub(crate) fn name(&self) -> &'static str {
        SOURCES.name(self.name_id())
    }

    /// The arguments' JSON text.
    pub(crate) fn args(&self) -> &str {
        // Always UTF-8: written from a `&str` in `new`.
        std::str::from_utf8(&self.0[2..]).unwrap_or_default()
    }

    /// The source, deserialised from the arguments.
    pub(crate) fn load(&self) -> Result<Box<dyn ErasedSource>, NavError> {
        SOURCES.find(self.name_id())?(self.args()).map_err(|error| bad_state(self.name(), error))
    }
}

impl fmt::Debug for SourceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SourceKey")
            .field("name", &self.name())
            .field("args", &self.args())
            .finish()
    }
}
