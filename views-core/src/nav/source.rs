//! The page sources a navigator can find again by name after a restart:
//! one process-wide table from [`Pages::NAME`] to the code that
//! deserialises that source type. Process-wide rather than per router
//! because a source type is code: two routers of one process agree on what
//! `"numbers"` means.

use std::{
    any::TypeId,
    collections::HashMap,
    sync::{LazyLock, PoisonError, RwLock},
};

use serde_json::value::RawValue;

use super::{NavError, NavErrorKind, Page, Pages};
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

static SOURCES: LazyLock<RwLock<HashMap<&'static str, (TypeId, Load)>>> =
    LazyLock::new(RwLock::default);

/// Makes `P` findable by its name. A second type with the same name is
/// refused (and logged): its navigators could not tell the two apart.
pub(crate) fn register<P: Pages>() -> Result<(), NavError> {
    let mut sources = SOURCES.write().unwrap_or_else(PoisonError::into_inner);
    match sources.get(P::NAME) {
        Some((type_id, _)) if *type_id != TypeId::of::<P>() => {
            tracing::error!(
                name = P::NAME,
                source = std::any::type_name::<P>(),
                "two page sources have the same Pages::NAME; the second is ignored"
            );
            Err(NavError::new(NavErrorKind::NameTaken { name: P::NAME }))
        }
        Some(_) => Ok(()),
        None => {
            sources.insert(P::NAME, (TypeId::of::<P>(), load::<P>));
            Ok(())
        }
    }
}

/// The source `name` with `args`, deserialised.
pub(crate) fn find(name: &str, args: &RawValue) -> Result<Box<dyn ErasedSource>, NavError> {
    let load = SOURCES
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(name)
        .map(|(_, load)| *load)
        .ok_or_else(|| {
            NavError::new(NavErrorKind::UnknownSource {
                name: name.to_owned(),
            })
        })?;
    load(args).map_err(|error| {
        NavError::with_source(
            NavErrorKind::BadArguments {
                name: name.to_owned(),
            },
            error,
        )
    })
}
