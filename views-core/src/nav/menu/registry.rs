//! The screen types a menu can find again by name after a restart (as
//! `nav/source.rs` does for page sources).

use std::{
    any::TypeId,
    collections::HashMap,
    sync::{LazyLock, PoisonError, RwLock},
};

use super::screen::{Action, ErasedScreen, Screen, StoredScreen};
use crate::nav::{NavError, NavErrorKind};

type Load = fn(serde_json::Value) -> Result<Box<dyn ErasedScreen>, serde_json::Error>;

fn load<S: Screen>(state: serde_json::Value) -> Result<Box<dyn ErasedScreen>, serde_json::Error> {
    Ok(Box::new(serde_json::from_value::<S>(state)?))
}

static SCREENS: LazyLock<RwLock<HashMap<&'static str, (TypeId, Load)>>> =
    LazyLock::new(RwLock::default);

/// Makes `S` findable by its name; a second type with the same name is
/// refused and logged.
pub(crate) fn register<S: Screen>() -> Result<(), NavError> {
    let mut screens = SCREENS.write().unwrap_or_else(PoisonError::into_inner);
    match screens.get(S::NAME) {
        Some((type_id, _)) if *type_id != TypeId::of::<S>() => {
            tracing::error!(
                name = S::NAME,
                screen = std::any::type_name::<S>(),
                "two menu screens have the same Screen::NAME; the second is ignored"
            );
            Err(NavError::new(NavErrorKind::NameTaken { name: S::NAME }))
        }
        Some(_) => Ok(()),
        None => {
            screens.insert(S::NAME, (TypeId::of::<S>(), load::<S>));
            Ok(())
        }
    }
}

/// `screen`, registered and serialised.
pub(crate) fn store<S: Screen>(screen: &S) -> Result<StoredScreen, NavError> {
    register::<S>()?;
    let state = serde_json::to_value(screen).map_err(|error| {
        NavError::with_source(
            NavErrorKind::BadArguments {
                name: S::NAME.to_owned(),
            },
            error,
        )
    })?;
    Ok(StoredScreen {
        name: S::NAME.to_owned(),
        state,
    })
}

/// The stored screen, deserialised into its type.
pub(crate) fn find(stored: &StoredScreen) -> Result<Box<dyn ErasedScreen>, NavError> {
    let load = SCREENS
        .read()
        .unwrap_or_else(PoisonError::into_inner)
        .get(stored.name.as_str())
        .map(|(_, load)| *load)
        .ok_or_else(|| {
            NavError::new(NavErrorKind::UnknownSource {
                name: stored.name.clone(),
            })
        })?;
    load(stored.state.clone()).map_err(|error| {
        NavError::with_source(
            NavErrorKind::BadArguments {
                name: stored.name.clone(),
            },
            error,
        )
    })
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
