//! Layout views (Components V2) end to end: rendered, sent with
//! `IS_COMPONENTS_V2` by every reply path, refused before sending when a
//! value from state breaks Discord's rules, restored after a restart,
//! with dynamic items in sections, checks, errors and timeouts, all
//! against the embedded sandbox, which validates every body it receives
//! (Discord's OpenAPI schemas and its layout rules).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;
mod galleries;
mod hooks;
mod persistence;
mod replies;
mod rules;
