//! The server: two listeners on 127.0.0.1, each connection handed to the
//! gateway or to HTTP, each HTTP request routed to its handler.

mod listeners;
mod routing;

pub(crate) use listeners::run;
