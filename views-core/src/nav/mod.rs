//! Navigators: a message that pages through a source of pages, persistent
//! by default (hikari-miru's `ext.nav`, kept across restarts).
//!
//! A [`Pages`] source produces pages on demand; a [`Navigator`] is an
//! ordinary stored view (its own buttons, checks and store, nothing special
//! in the router) that keeps only its position and its source's arguments.
//! `source.rs` finds source types again by name after a restart,
//! `jump.rs` is the "Jump to page" modal.
//!
//! See [the navigation guide](https://github.com/twilight-views/twilight-views/blob/main/docs/navigation.md).

mod error;
mod jump;
mod navigator;
mod pages;
mod source;

pub use self::{
    error::{NavError, NavErrorKind},
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
