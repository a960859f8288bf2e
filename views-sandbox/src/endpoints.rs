//! Where the sandbox listens, and the URLs it gives out for it.

use std::net::SocketAddr;

/// The two listeners' addresses.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Endpoints {
    /// Gateway, REST, control API (and the page): what bots connect to.
    pub(crate) main: SocketAddr,
    /// The web page's own listener (the page and the control API).
    pub(crate) web: SocketAddr,
}

impl Endpoints {
    /// `ws://127.0.0.1:PORT`.
    pub(crate) fn gateway_url(&self) -> String {
        format!("ws://{}", self.main)
    }

    /// `http://127.0.0.1:PORT`: where the main port serves files (the
    /// attachments of modal uploads).
    pub(crate) fn main_url(&self) -> String {
        format!("http://{}", self.main)
    }

    /// `http://127.0.0.1:PORT/api/v10`.
    pub(crate) fn api_url(&self) -> String {
        format!("http://{}/api/v10", self.main)
    }

    /// `http://127.0.0.1:PORT/sandbox`.
    pub(crate) fn control_url(&self) -> String {
        format!("http://{}/sandbox", self.main)
    }

    /// `http://127.0.0.1:WEB_PORT/`.
    pub(crate) fn web_url(&self) -> String {
        format!("http://{}/", self.web)
    }
}
