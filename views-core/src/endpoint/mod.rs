//! Discord's HTTP interactions: instead of the gateway, Discord POSTs each
//! interaction, signed with the application's key, to the app's
//! Interactions Endpoint URL, and reads the first answer from the HTTP
//! response body. [`InteractionsEndpoint`] turns one such request into its
//! response: it checks the signature (401 before anything is parsed),
//! answers PING, hands components and modal submissions to the
//! [`ViewRouter`] and everything else to the bot's command handler, and
//! returns the first answer they send (or the auto-defer's) as the body.
//! What they send afterwards goes through REST as on the gateway.
//!
//! It is a `tower::Service` (`service.rs`), so it mounts in axum or any
//! tower stack; [`InteractionsEndpoint::handle`] serves a request already
//! read (a serverless function); with the `http-server` feature,
//! [`InteractionsEndpoint::serve`] runs a small hyper server of its own.
//!
//! `signature.rs` checks requests, `body.rs` is the response body as a
//! reply transport, `answer.rs` runs an interaction and waits for its first
//! answer.

mod answer;
mod body;
mod error;
#[cfg(feature = "http-server")]
mod server;
mod service;
mod signature;

use std::{fmt, sync::Arc, time::Duration};

use bytes::Bytes;
use http::{HeaderMap, StatusCode};
use http_body_util::Full;
use twilight_model::application::interaction::Interaction;

pub(crate) use self::body::{BodySlots, BodyTransport};
pub use self::error::{EndpointError, EndpointErrorKind};
use self::{answer::CommandHook, signature::Verifier};
use crate::{RawInteraction, ViewRouter, context::ViewContext, extract::IntoHandlerResult};

/// The response the endpoint gives: JSON for an answer, a short text for a
/// refusal.
pub type EndpointResponse = http::Response<Full<Bytes>>;

/// Default cap on a request body: Discord's largest interactions (a
/// message command with the message resolved, a modal with many fields)
/// are a few tens of KiB.
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
pub const DEFAULT_MAX_BODY_BYTES: usize = 256 * 1024;

/// Default age a signature's timestamp may have, either way from this
/// machine's clock. Discord signs each request as it sends it; a request
/// older than this is a replay.
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
pub const DEFAULT_MAX_SIGNATURE_AGE: Duration = Duration::from_secs(60);

/// Default time the endpoint waits for an interaction's first answer:
/// Discord's 3 seconds. The router's auto-defer (2.5 s by default) answers
/// a slow handler well before; past this, Discord no longer listens, and
/// the request is answered 500.
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
pub const DEFAULT_RESPONSE_DEADLINE: Duration = Duration::from_secs(3);

/// Answers Discord's HTTP interactions with a [`ViewRouter`].
///
/// Cheap to clone (one `Arc`). Build it from the router and the
/// application's public key (hex, from the Developer Portal), then mount it:
///
/// ```no_run
/// # async fn example(router: views_core::ViewRouter) -> Result<(), Box<dyn std::error::Error>> {
/// use views_core::endpoint::InteractionsEndpoint;
///
/// let endpoint = InteractionsEndpoint::builder(router, "PUBLIC_KEY_HEX")
///     // Commands (and anything else the router does not route).
///     .on_command(|ctx| async move { ctx.respond("Pong!").await })
///     .build()?;
/// // axum: Router::new().route_service("/interactions", endpoint)
/// # Ok(()) }
/// ```
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
#[derive(Clone)]
pub struct InteractionsEndpoint {
    inner: Arc<EndpointInner>,
}

struct EndpointInner {
    router: ViewRouter,
    verifier: Verifier,
    max_body_bytes: usize,
    response_deadline: Duration,
    on_command: Option<Arc<CommandHook>>,
    ephemeral_command_defer: bool,
}

impl fmt::Debug for InteractionsEndpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InteractionsEndpoint")
            .field("router", &self.inner.router)
            .field("max_body_bytes", &self.inner.max_body_bytes)
            .field("response_deadline", &self.inner.response_deadline)
            .field("on_command", &self.inner.on_command.is_some())
            .finish_non_exhaustive()
    }
}

static_assertions::assert_impl_all!(InteractionsEndpoint: Send, Sync, Clone);

impl InteractionsEndpoint {
    /// An endpoint with the default settings and no command handler
    /// (commands are then left unanswered: Discord tells the user the
    /// application did not respond).
    ///
    /// # Errors
    ///
    /// `public_key` is not the hex of an Ed25519 public key
    /// ([`EndpointErrorKind::PublicKey`]).
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
    pub fn new(router: ViewRouter, public_key: &str) -> Result<Self, EndpointError> {
        Self::builder(router, public_key).build()
    }

    /// Starts building an endpoint for `router`, checking requests against
    /// `public_key` (64 hex digits, the Developer Portal's "Public Key").
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
    pub fn builder(router: ViewRouter, public_key: &str) -> InteractionsEndpointBuilder {
        InteractionsEndpointBuilder {
            router,
            public_key: public_key.to_owned(),
            max_body_bytes: DEFAULT_MAX_BODY_BYTES,
            max_signature_age: DEFAULT_MAX_SIGNATURE_AGE,
            response_deadline: DEFAULT_RESPONSE_DEADLINE,
            on_command: None,
            ephemeral_command_defer: false,
        }
    }

    /// The router the endpoint dispatches to.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
    pub fn router(&self) -> &ViewRouter {
        &self.inner.router
    }

    /// Answers one request whose body is already read, as a serverless
    /// function gets it: `headers` must carry Discord's
    /// `X-Signature-Ed25519` and `X-Signature-Timestamp`. The method and
    /// path are the caller's to check. The response is ready once the
    /// interaction's first answer is (what its handler sends afterwards
    /// goes through REST, from a task of its own: keep the runtime alive).
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#a-serverless-function).
    pub async fn handle(&self, headers: &HeaderMap, body: &[u8]) -> EndpointResponse {
        let signed = match self.inner.verifier.read_headers(headers) {
            Ok(signed) => signed,
            Err(refusal) => return refuse(StatusCode::UNAUTHORIZED, refusal.reason()),
        };
        if body.len() > self.inner.max_body_bytes {
            return too_large();
        }
        let mut message = Vec::with_capacity(signed.timestamp.len() + body.len());
        message.extend_from_slice(signed.timestamp);
        message.extend_from_slice(body);
        let timestamp_len = signed.timestamp.len();
        self.answer_signed(&signed, message, timestamp_len).await
    }

    /// Verifies `message` (the timestamp, then the body from
    /// `body_start`), parses the body and answers it.
    async fn answer_signed(
        &self,
        signed: &signature::SignedHeaders<'_>,
        mut message: Vec<u8>,
        body_start: usize,
    ) -> EndpointResponse {
        if let Err(refusal) = self.inner.verifier.verify(signed, &message) {
            return refuse(StatusCode::UNAUTHORIZED, refusal.reason());
        }
        // The body, moved to the front of the buffer it was verified in
        // (no second buffer).
        message.drain(..body_start.min(message.len()));
        // A click or a modal submission is routed from the fields routing
        // reads (the gateway's frame entry, on the bare object); anything
        // else is parsed in full, as before.
        let body = match RawInteraction::from_body(message) {
            Ok(raw) => return answer::answer(&self.inner, raw.into()).await,
            Err(body) => body,
        };
        let body = body.as_slice();
        match serde_json::from_slice::<Interaction>(body) {
            Ok(interaction) => answer::answer(&self.inner, interaction.into()).await,
            // Discord's validation PING carries less than twilight's model
            // of an interaction requires; its type is all it needs.
            Err(_) if answer::is_ping(body) => answer::pong(),
            Err(error) => {
                tracing::debug!(%error, "a signed request whose body is not an interaction");
                refuse(StatusCode::BAD_REQUEST, "the body is not an interaction")
            }
        }
    }
}

/// Builds an [`InteractionsEndpoint`]: `InteractionsEndpoint::builder(router, public_key)`.
///
/// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
#[must_use = "call `build` to get the endpoint"]
pub struct InteractionsEndpointBuilder {
    router: ViewRouter,
    public_key: String,
    max_body_bytes: usize,
    max_signature_age: Duration,
    response_deadline: Duration,
    on_command: Option<Arc<CommandHook>>,
    ephemeral_command_defer: bool,
}

impl fmt::Debug for InteractionsEndpointBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("InteractionsEndpointBuilder")
            .field("max_body_bytes", &self.max_body_bytes)
            .field("max_signature_age", &self.max_signature_age)
            .field("response_deadline", &self.response_deadline)
            .finish_non_exhaustive()
    }
}

impl InteractionsEndpointBuilder {
    /// Hands every interaction the router does not route (what
    /// [`DispatchOutcome::into_unhandled`](crate::DispatchOutcome::into_unhandled)
    /// gives back on the gateway: slash and context-menu commands,
    /// autocompletes, components of another library) to `handler`, as a
    /// [`ViewContext`] of the router: answer with `ctx.respond`,
    /// `ctx.respond_with_view` (the view is bound to the message the answer
    /// creates), `ctx.defer` and so on. The first answer goes in the HTTP
    /// response. A handler that has not answered after the router's
    /// auto-defer delay gets a deferred reply sent for it (public "thinking…",
    /// or ephemeral with [`Self::ephemeral_command_defer`]); its answer then
    /// completes it. An error or a panic is logged, and the user gets the
    /// router's apology.
    ///
    /// Answer through `ctx` before the handler returns, or defer first: the
    /// endpoint stops waiting for a first answer when the handler ends.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#commands).
    pub fn on_command<F, Fut>(mut self, handler: F) -> Self
    where
        F: Fn(ViewContext) -> Fut + Send + Sync + 'static,
        Fut: Future + Send + 'static,
        Fut::Output: IntoHandlerResult,
    {
        self.on_command = Some(Arc::new(move |ctx| {
            let handled = handler(ctx);
            Box::pin(async move { handled.await.into_handler_result() })
        }));
        self
    }

    /// Whether the deferred reply sent for a slow command handler is
    /// ephemeral (default `false`: the channel sees "thinking…", and the
    /// answer that completes it cannot be ephemeral). Set it when the
    /// command's answers are ephemeral.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#commands).
    pub const fn ephemeral_command_defer(mut self, ephemeral: bool) -> Self {
        self.ephemeral_command_defer = ephemeral;
        self
    }

    /// The largest body accepted (default [`DEFAULT_MAX_BODY_BYTES`]); a
    /// larger one is answered 413 without being read.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
    pub const fn max_body_bytes(mut self, limit: usize) -> Self {
        self.max_body_bytes = limit;
        self
    }

    /// How far a signature's timestamp may be from this machine's clock
    /// (default [`DEFAULT_MAX_SIGNATURE_AGE`]); farther is answered 401.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
    pub const fn max_signature_age(mut self, age: Duration) -> Self {
        self.max_signature_age = age;
        self
    }

    /// How long to wait for an interaction's first answer (default
    /// [`DEFAULT_RESPONSE_DEADLINE`]); then the request is answered 500.
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md#limits).
    pub const fn response_deadline(mut self, deadline: Duration) -> Self {
        self.response_deadline = deadline;
        self
    }

    /// Checks the public key and builds the endpoint.
    ///
    /// # Errors
    ///
    /// The public key is not the hex of an Ed25519 public key
    /// ([`EndpointErrorKind::PublicKey`]).
    ///
    /// See [the HTTP interactions guide](https://github.com/twilight-views/twilight-views/blob/main/docs/http-interactions.md).
    pub fn build(self) -> Result<InteractionsEndpoint, EndpointError> {
        let verifier = Verifier::from_hex(&self.public_key, self.max_signature_age)?;
        Ok(InteractionsEndpoint {
            inner: Arc::new(EndpointInner {
                router: self.router,
                verifier,
                max_body_bytes: self.max_body_bytes,
                response_deadline: self.response_deadline,
                on_command: self.on_command,
                ephemeral_command_defer: self.ephemeral_command_defer,
            }),
        })
    }
}

/// A refusal: `status` and a line saying why.
fn refuse(status: StatusCode, reason: &'static str) -> EndpointResponse {
    let mut response = http::Response::new(Full::new(Bytes::from_static(reason.as_bytes())));
    *response.status_mut() = status;
    response.headers_mut().insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

/// The refusal of a body over the cap.
fn too_large() -> EndpointResponse {
    refuse(
        StatusCode::PAYLOAD_TOO_LARGE,
        "the body is larger than the endpoint accepts",
    )
}
