//! Navigators (`views_core::nav`): paging at both ends, the "Jump to page"
//! modal, the owner lock, stop and expiry, a million pages, and a restart
//! in the middle of a navigation (a new router on the same store); menus:
//! push, pop and pop-to-root across restarts, a screen's own state; both
//! on SQLite and PostgreSQL too; and `examples/help_menu.rs`, a menu three
//! screens deep, through the sandbox.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]
// The example is a whole program with its own `#[path]` include of
// examples/support, included here as it is.
#![allow(clippy::duplicate_mod)]

#[path = "../support/mod.rs"]
mod support;

mod common;
mod help_menu;
mod jump;
mod menu;
mod paging;
mod stores;
