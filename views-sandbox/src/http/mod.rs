//! HTTP, on axum: the plumbing every handler shares (`guard`, the
//! middleware deciding which requests are served at all, `request` to
//! read one, `response` to answer), and the handlers, each an axum router
//! depending on the state and the plumbing only: `rest` (Discord's REST
//! API), `control` (the sandbox's own JSON API), `web` (the page and its
//! event stream) and `files` (the files users uploaded in modals). `server::routing` puts them together per port.

pub(crate) mod control;
pub(crate) mod files;
pub(crate) mod guard;
pub(crate) mod request;
pub(crate) mod response;
pub(crate) mod rest;
pub(crate) mod web;
