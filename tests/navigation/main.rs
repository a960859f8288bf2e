//! Navigators (`views_core::nav`): paging at both ends, the "Jump to page"
//! modal, the owner lock, stop and expiry, a million pages, and a restart
//! in the middle of a navigation (a new router on the same store).
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod common;
mod jump;
mod paging;
