//! Types found again by name after a restart: page sources and menu
//! screens are stored as a name and their state, and a process-wide table
//! turns the name back into the code that deserialises the state.
//! Process-wide rather than per router because a type is code: two routers
//! of one process agree on what `"numbers"` means.
//!
//! In memory a navigator or a menu screen keeps its name as a [`NameId`],
//! the name's place in the table (2 bytes instead of a 24-byte `String`
//! and its heap block): a million navigators share one copy of each name.

use std::{
    any::TypeId,
    collections::BTreeMap,
    sync::{PoisonError, RwLock},
};

use super::{NavError, NavErrorKind};

/// A name's place in its table. Only the table it came from reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameId(u16);

impl NameId {
    pub(crate) const fn to_bytes(self) -> [u8; 2] {
        self.0.to_le_bytes()
    }

    pub(crate) const fn from_bytes(bytes: [u8; 2]) -> Self {
        Self(u16::from_le_bytes(bytes))
    }
}

/// Names to the loader of the type registered under each.
pub(crate) struct Names<L> {
    /// `kind` of type, for the log ("page source", "menu screen").
    kind: &'static str,
    /// The error for a name no type is registered under.
    unknown: fn(String) -> NavErrorKind,
    table: RwLock<Table<L>>,
}

struct Table<L> {
    by_name: BTreeMap<&'static str, NameId>,
    /// Indexed by [`NameId`]; never shrinks, so an id stays valid.
    entries: Vec<Entry<L>>,
}

struct Entry<L> {
    name: &'static str,
    /// `None` for a name read from the store whose type is not registered
    /// (yet): kept so the state stays readable and is written back as it
    /// was; loading it fails with `UnknownSource`.
    loader: Option<(TypeId, L)>,
}

impl<L: Copy> Names<L> {
    pub(crate) const fn new(kind: &'static str, unknown: fn(String) -> NavErrorKind) -> Self {
        Self {
            kind,
            unknown,
            table: RwLock::new(Table {
                by_name: BTreeMap::new(),
                entries: Vec::new(),
            }),
        }
    }

    /// Registers `T` (loaded by `load`) as `name`. A second type with the
    /// same name is refused and logged: what was stored under the name
    /// could not tell the two apart.
    pub(crate) fn register<T: 'static>(
        &self,
        name: &'static str,
        load: L,
    ) -> Result<NameId, NavError> {
        let type_id = TypeId::of::<T>();
        // Every navigator opened registers its source: the common case,
        // already registered, takes only the read lock.
        {
            let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
            if let Some(&id) = table.by_name.get(name)
                && table.entries[usize::from(id.0)]
                    .loader
                    .is_some_and(|(registered, _)| registered == type_id)
            {
                return Ok(id);
            }
        }
        let mut table = self.table.write().unwrap_or_else(PoisonError::into_inner);
        let Some(id) = table.intern(name, || name) else {
            return Err(NavError::new((self.unknown)(name.to_owned())));
        };
        let entry = &mut table.entries[usize::from(id.0)];
        match entry.loader {
            Some((registered, _)) if registered != type_id => {
                tracing::error!(
                    name,
                    kind = self.kind,
                    second = std::any::type_name::<T>(),
                    "two types have the same name; the second is ignored"
                );
                Err(NavError::new(NavErrorKind::NameTaken { name }))
            }
            _ => {
                entry.loader = Some((type_id, load));
                Ok(id)
            }
        }
    }

    /// The id of `name`, read from a stored state. A name no type is
    /// registered under is kept (one copy per distinct name), so the state
    /// still loads and is written back unchanged.
    pub(crate) fn id(&self, name: &str) -> Result<NameId, NavError> {
        let full = || NavError::new((self.unknown)(name.to_owned()));
        if let Some(&id) = self
            .table
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .by_name
            .get(name)
        {
            return Ok(id);
        }
        self.table
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .intern(name, || Box::leak(name.to_owned().into_boxed_str()))
            .ok_or_else(full)
    }

    /// The name `id` stands for.
    pub(crate) fn name(&self, id: NameId) -> &'static str {
        self.table
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .entries[usize::from(id.0)]
        .name
    }

    /// The loader of the type registered as `id`'s name.
    pub(crate) fn find(&self, id: NameId) -> Result<L, NavError> {
        let table = self.table.read().unwrap_or_else(PoisonError::into_inner);
        let entry = &table.entries[usize::from(id.0)];
        entry
            .loader
            .map(|(_, load)| load)
            .ok_or_else(|| NavError::new((self.unknown)(entry.name.to_owned())))
    }
}

impl<L> Table<L> {
    /// The id of `name`, added (as `owned()` makes it) when new; `None`
    /// when the table is full: 65,536 distinct names, far more types than
    /// a bot has (a store holding more was not written by this bot).
    fn intern(&mut self, name: &str, owned: impl FnOnce() -> &'static str) -> Option<NameId> {
        if let Some(&id) = self.by_name.get(name) {
            return Some(id);
        }
        let id = NameId(u16::try_from(self.entries.len()).ok()?);
        let name = owned();
        self.entries.push(Entry { name, loader: None });
        self.by_name.insert(name, id);
        Some(id)
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    struct First;
    struct Second;

    #[test]
    fn a_stored_name_registered_later_gets_its_loader() {
        let names: Names<u8> = Names::new("test", |name| NavErrorKind::UnknownSource { name });
        let stored = names.id("later").unwrap();
        assert!(names.find(stored).is_err(), "no type yet");
        assert_eq!(names.register::<First>("later", 7).unwrap(), stored);
        assert_eq!(names.find(stored).unwrap(), 7);
        assert_eq!(names.name(stored), "later");
    }

    #[test]
    fn a_second_type_of_the_same_name_is_refused() {
        let names: Names<u8> = Names::new("test", |name| NavErrorKind::UnknownSource { name });
        let id = names.register::<First>("one", 1).unwrap();
        assert_eq!(names.register::<First>("one", 1).unwrap(), id);
        assert!(matches!(
            names.register::<Second>("one", 2).unwrap_err().kind(),
            NavErrorKind::NameTaken { name: "one" }
        ));
        assert_eq!(names.find(id).unwrap(), 1, "the first type stays");
        assert_eq!(names.id("one").unwrap(), id);
    }
}
