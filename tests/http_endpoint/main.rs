//! The HTTP interactions endpoint (`twilight_views::endpoint`): requests
//! signed as Discord signs them, sent to the endpoint as a tower Service,
//! through an axum router and through its own server. Refusals reach
//! nothing; answers come back in the response body, and what follows them
//! goes through the router's REST transport (a recorder here).

// A failed setup step is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod answers;
mod commands;
mod common;
mod mounting;
mod refusals;
mod sandbox;
mod scale_out;
mod slow_submissions;

// The counter example, run as the worker processes of `scale_out`.
#[allow(dead_code)]
#[path = "../../examples/counter.rs"]
mod counter;
