//! Types found again by name after a restart: page sources and menu
//! screens are stored as a name and their state, and a process-wide table
//! turns the name back into the code that deserialises the state.
//! Process-wide rather than per router because a type is code: two routers
//! of one process agree on what `"numbers"` means.

use std::{
    any::TypeId,
    collections::BTreeMap,
    sync::{PoisonError, RwLock},
};

use super::{NavError, NavErrorKind};

/// Names to the loader of the type registered under each.
pub(crate) struct Names<L> {
    /// `kind` of type, for the log ("page source", "menu screen").
    kind: &'static str,
    by_name: RwLock<BTreeMap<&'static str, (TypeId, L)>>,
}

impl<L: Copy> Names<L> {
    pub(crate) const fn new(kind: &'static str) -> Self {
        Self {
            kind,
            by_name: RwLock::new(BTreeMap::new()),
        }
    }

    /// Registers `T` (loaded by `load`) as `name`. A second type with the
    /// same name is refused and logged: what was stored under the name
    /// could not tell the two apart.
    pub(crate) fn register<T: 'static>(&self, name: &'static str, load: L) -> Result<(), NavError> {
        let mut by_name = self.by_name.write().unwrap_or_else(PoisonError::into_inner);
        match by_name.get(name) {
            Some((type_id, _)) if *type_id != TypeId::of::<T>() => {
                tracing::error!(
                    name,
                    kind = self.kind,
                    second = std::any::type_name::<T>(),
                    "two types have the same name; the second is ignored"
                );
                Err(NavError::new(NavErrorKind::NameTaken { name }))
            }
            Some(_) => Ok(()),
            None => {
                by_name.insert(name, (TypeId::of::<T>(), load));
                Ok(())
            }
        }
    }

    /// The loader registered as `name`.
    pub(crate) fn find(&self, name: &str) -> Result<L, NavError> {
        self.by_name
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(name)
            .map(|(_, load)| *load)
            .ok_or_else(|| {
                NavError::new(NavErrorKind::UnknownSource {
                    name: name.to_owned(),
                })
            })
    }
}

/// The error for a stored state of `name` that does not (de)serialise.
pub(crate) fn bad_state(name: &str, error: serde_json::Error) -> NavError {
    NavError::with_source(
        NavErrorKind::BadArguments {
            name: name.to_owned(),
        },
        error,
    )
}
