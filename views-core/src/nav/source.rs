//! The page sources a navigator can find again by name after a restart
//! (`names.rs`), and a source with its type erased.

use serde_json::value::RawValue;

use super::{
    NavError, Page, Pages,
    names::{Names, bad_state},
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

type Load = fn(&RawValue) -> Result<Box<dyn ErasedSource>, serde_json::Error>;

fn load<P: Pages>(args: &RawValue) -> Result<Box<dyn ErasedSource>, serde_json::Error> {
    Ok(Box::new(serde_json::from_str::<P>(args.get())?))
}

static SOURCES: Names<Load> = Names::new("page source");

/// Makes `P` findable by its name. A second type with the same name is
/// refused (and logged): its navigators could not tell the two apart.
pub(crate) fn register<P: Pages>() -> Result<(), NavError> {
    SOURCES.register::<P>(P::NAME, load::<P>)
}

/// The source `name` with `args`, deserialised.
pub(crate) fn find(name: &str, args: &RawValue) -> Result<Box<dyn ErasedSource>, NavError> {
    SOURCES.find(name)?(args).map_err(|error| bad_state(name, error))
}
