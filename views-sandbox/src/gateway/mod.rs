//! The gateway: Discord's WebSocket protocol (HELLO, IDENTIFY/READY,
//! RESUME/RESUMED, heartbeats, dispatches, RECONNECT and INVALID_SESSION
//! on request) over the sessions kept in the state.

mod connection;
mod protocol;

pub(crate) use connection::serve;
