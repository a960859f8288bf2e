//! The screen types a menu can find again by name after a restart
//! (`nav/names.rs`).

use super::screen::{Action, ErasedScreen, Screen, StoredScreen};
use crate::nav::{
    NavError, NavErrorKind,
    names::{Names, bad_state},
};

type Load = fn(serde_json::Value) -> Result<Box<dyn ErasedScreen>, serde_json::Error>;

fn load<S: Screen>(state: serde_json::Value) -> Result<Box<dyn ErasedScreen>, serde_json::Error> {
    Ok(Box::new(serde_json::from_value::<S>(state)?))
}

static SCREENS: Names<Load> =
    Names::new("menu screen", |name| NavErrorKind::UnknownScreen { name });

/// Makes `S` findable by its name; a second type with the same name is
/// refused and logged.
pub(crate) fn register<S: Screen>() -> Result<(), NavError> {
    SCREENS.register::<S>(S::NAME, load::<S>).map(drop)
}

/// `screen`, registered and serialised.
pub(crate) fn store<S: Screen>(screen: &S) -> Result<StoredScreen, NavError> {
    register::<S>()?;
    let state = serde_json::to_value(screen).map_err(|error| bad_state(S::NAME, error))?;
    Ok(StoredScreen {
        name: S::NAME.to_owned(),
        state,
    })
}

/// The stored screen, deserialised into its type.
pub(crate) fn find(stored: &StoredScreen) -> Result<Box<dyn ErasedScreen>, NavError> {
    SCREENS.find(SCREENS.id(&stored.name)?)?(stored.state.clone())
        .map_err(|error| bad_state(&stored.name, error))
}

impl Action {
    /// Open `screen` on top of this one.
    ///
    /// # Errors
    ///
    /// The screen does not serialise, or another screen type has its name.
    pub fn push<S: Screen>(screen: &S) -> Result<Self, NavError> {
        store(screen).map(Self::Push)
    }
}
