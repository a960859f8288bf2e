//! Views sent in interaction replies (`respond_with_view` and friends):
//! every way a reply can create the message (callback, completed
//! deferral, follow-up, ephemeral), for stored, unbound and started views,
//! across a restart; context-menu commands; a view sent by a stored view's
//! mutating handler (held until its commit); the first click that arrives
//! before the binding; and what is refused before anything is sent.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
mod context_menu;
mod errors;
mod first_click;
mod held;
mod paths;
mod router_of_context;
mod started;
