//! The application's Interactions Endpoint URL: with one set, the sandbox
//! POSTs interactions to the bot, signed with its own key pair, instead of
//! sending them over the gateway (see `crate::interactions_http`).

use super::Sandbox;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::interactions_http::EndpointValidation;

impl Sandbox {
    /// The Ed25519 public key (64 hex digits) the sandbox signs HTTP
    /// interactions with: what a bot checks them against, as it checks
    /// Discord's with the application's key (`DISCORD_PUBLIC_KEY`). A new
    /// pair is made at each start.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-interactions).
    pub fn interactions_public_key(&self) -> String {
        self.shared.interactions_http.public_key_hex()
    }

    /// Sets the application's Interactions Endpoint URL (`http://host:port/path`):
    /// from then on every interaction is POSTed there instead of going over
    /// the gateway, and the response body is applied as its callback.
    /// Several URLs are dealt round-robin, like a load balancer in front of
    /// several workers. Each URL is validated first, as Discord does when
    /// the URL is saved: a signed PING must be answered PONG, and a request
    /// with a bad signature must get 401.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::EndpointRefused`] when a URL fails validation;
    /// the URLs in use are unchanged.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-interactions).
    pub async fn set_interactions_endpoint<S: AsRef<str>>(
        &self,
        urls: &[S],
    ) -> Result<EndpointValidation, SandboxError> {
        let urls: Vec<String> = urls.iter().map(|url| url.as_ref().to_owned()).collect();
        self.shared
            .interactions_http
            .set_urls(&urls)
            .await
            .map_err(|refused| {
                SandboxError::new(SandboxErrorKind::EndpointRefused {
                    url: refused.url,
                    detail: refused.detail,
                })
            })
    }

    /// Removes the Interactions Endpoint URL: interactions go over the
    /// gateway again.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-interactions).
    pub async fn clear_interactions_endpoint(&self) {
        // Nothing to validate: it cannot fail.
        let _ = self.shared.interactions_http.set_urls(&[]).await;
    }

    /// The last validation of an Interactions Endpoint URL, passed or not.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#http-interactions).
    pub fn interactions_endpoint_validation(&self) -> Option<EndpointValidation> {
        self.shared.interactions_http.status().validation
    }
}
