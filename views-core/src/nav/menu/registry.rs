//! The screen types a menu can find again by name after a restart
//! (`nav/names.rs`), and a held screen read and written in its stored
//! form, `{"s": name, "v": the screen's own serialisation}`.

use serde::{Deserialize, Serialize, de, ser};
use serde_json::value::RawValue;

use super::screen::{Action, ErasedScreen, Screen, StoredScreen};
use crate::nav::{
    NavError, NavErrorKind,
    names::{NameId, Names, bad_state},
};

type Load = fn(&str) -> Result<Box<dyn ErasedScreen>, serde_json::Error>;

fn load<S: Screen>(state: &str) -> Result<Box<dyn ErasedScreen>, serde_json::Error> {
    Ok(Box::new(serde_json::from_str::<S>(state)?))
}

static SCREENS: Names<Load> =
    Names::new("menu screen", |name| NavErrorKind::UnknownScreen { name });

/// Makes `S` findable by its name; a second type with the same name is
/// refused and logged.
pub(crate) fn register<S: Screen>() -> Result<NameId, NavError> {
    SCREENS.register::<S>(S::NAME, load::<S>)
}

/// The name `id` stands for.
pub(crate) fn name(id: NameId) -> &'static str {
    SCREENS.name(id)
}

/// `screen`, its type registered, as a menu holds it.
pub(crate) fn hold<S: Screen>(screen: S) -> Result<StoredScreen, NavError> {
    Ok(StoredScreen {
        name: register::<S>()?,
        screen: Box::new(screen),
    })
}

/// A screen as stored, written from borrowed parts.
#[derive(Serialize)]
struct StoredRef<'a> {
    s: &'static str,
    v: &'a RawValue,
}

/// [`StoredRef`] read back.
#[derive(Deserialize)]
struct StoredOwned {
    s: String,
    v: Box<RawValue>,
}

// Here, beside its stored form, because its name is read from the table.
impl std::fmt::Debug for StoredScreen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StoredScreen")
            .field("name", &name(self.name))
            .finish_non_exhaustive()
    }
}

impl Serialize for StoredScreen {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let name = name(self.name);
        let state = self
            .screen
            .state()
            .map_err(|error| ser::Error::custom(bad_state(name, error)))?;
        StoredRef { s: name, v: &state }.serialize(serializer)
    }
}

/// A stored screen is read straight into its type: the screen's type must
/// be registered before (the router builder's `menu_screen`), or the menu
/// does not load and its row stays in the store as it was.
impl<'de> Deserialize<'de> for StoredScreen {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = StoredOwned::deserialize(deserializer)?;
        let found = SCREENS
            .id(&stored.s)
            .and_then(|id| Ok((id, SCREENS.find(id)?)))
            .map_err(de::Error::custom)?;
        let (id, load) = found;
        let screen =
            load(stored.v.get()).map_err(|error| de::Error::custom(bad_state(&stored.s, error)))?;
        Ok(Self { name: id, screen })
    }
}

impl Action {
    /// Open `screen` on top of this one.
    ///
    /// # Errors
    ///
    /// Another screen type has its name.
    pub fn push<S: Screen>(screen: S) -> Result<Self, NavError> {
        hold(screen).map(Self::Push)
    }
}
