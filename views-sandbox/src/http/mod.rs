//! HTTP plumbing the handlers share: which requests are served at all
//! (`guard`), reading a request (`request`) and building responses
//! (`response`).

pub(crate) mod guard;
pub(crate) mod request;
pub(crate) mod response;
