//! Navigators and menus: a message that pages through a source of pages
//! (hikari-miru's `ext.nav`), and one that shows a stack of nested screens
//! (`ext.menu`), both persistent by default: they keep working after a
//! restart, where the user left them.
//!
//! A [`Pages`] source produces pages on demand; a [`Navigator`] is an
//! ordinary stored view (its own buttons, checks and store, nothing special
//! in the router) that keeps only its position and its source's arguments.
//! `source.rs` finds source types again by name after a restart,
//! `jump.rs` is the "Jump to page" modal. A [`Menu`] (`menu/`) is a stored
//! view holding a stack of [`Screen`]s.
//!
//! See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md).

mod error;
mod jump;
mod menu;
mod names;
mod navigator;
mod pages;
mod shared;
mod source;

pub use self::{
    error::{NavError, NavErrorKind},
    menu::{Action, MAX_SCREEN_BUTTONS, Menu, MenuButton, Screen, StoredScreen},
    navigator::{NavButtons, Navigator},
    pages::{Page, Pages},
};
use crate::router::ViewRouterBuilder;

impl ViewRouterBuilder {
    /// Registers page source `P` for navigators (and the [`Navigator`]
    /// view itself, once), so navigators on `P` page on after a restart.
    /// A second source type with `P`'s name is logged as an error and
    /// ignored.
    ///
    /// See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md#registering).
    pub fn navigator<P: Pages>(self) -> Self {
        // Logged there; the navigators of the first type keep working.
        let _ = source::register::<P>();
        self.stored_view::<Navigator>()
    }
}
