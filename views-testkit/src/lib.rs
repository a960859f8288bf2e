//! Test-only helpers shared by the tests of the twilight-views workspace
//! (`publish = false`; a dev-dependency only). See the README for what each
//! module holds and which tests use it.

// Helpers of tests: a failed setup step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

pub mod cancel;
#[cfg(feature = "router")]
pub mod discord;
#[cfg(feature = "router")]
pub mod entry;
#[cfg(feature = "postgres")]
pub mod postgres;
pub mod temp;
#[cfg(feature = "router")]
pub mod views;
pub mod webdriver;
