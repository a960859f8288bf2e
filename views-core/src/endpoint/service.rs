//! [`InteractionsEndpoint`] as a `tower::Service` of HTTP requests: what
//! axum, hyper (through hyper-util) and tower stacks mount. The body is
//! read only after the signature headers passed their checks, up to the
//! cap, straight after the timestamp it is signed with.

use std::{
    convert::Infallible,
    task::{Context, Poll},
};

use bytes::Buf as _;
use http::{Method, Request, StatusCode};
use http_body::Body;
use http_body_util::BodyExt as _;

use super::{EndpointResponse, InteractionsEndpoint, refuse, too_large};
use crate::base::BoxFuture;

impl InteractionsEndpoint {
    /// Answers one HTTP request (any path: where it is mounted is the
    /// caller's choice).
    pub(crate) async fn serve_request<B>(&self, request: Request<B>) -> EndpointResponse
    where
        B: Body,
        B::Error: std::fmt::Display,
    {
        if request.method() != Method::POST {
            return refuse(StatusCode::METHOD_NOT_ALLOWED, "Discord POSTs interactions");
        }
        let (parts, body) = request.into_parts();
        let max = self.inner.max_body_bytes;
        let declared = parts
            .headers
            .get(http::header::CONTENT_LENGTH)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.parse::<u64>().ok());
        if declared.is_some_and(|length| length > max as u64) {
            return too_large();
        }
        let signed = match self.inner.verifier.read_headers(&parts.headers) {
            Ok(signed) => signed,
            Err(refusal) => return refuse(StatusCode::UNAUTHORIZED, refusal.reason()),
        };
        // The signature covers the timestamp, then the body: read the body
        // in after it, so verifying copies nothing.
        let body_start = signed.timestamp.len();
        let capacity = declared
            .and_then(|length| usize::try_from(length).ok())
            .unwrap_or(4096)
            .min(max);
        let mut message = Vec::with_capacity(body_start + capacity);
        message.extend_from_slice(signed.timestamp);
        let mut body = std::pin::pin!(body);
        while let Some(frame) = body.frame().await {
            let frame = match frame {
                Ok(frame) => frame,
                Err(error) => {
                    tracing::debug!(%error, "could not read a request body");
                    return refuse(StatusCode::BAD_REQUEST, "the body could not be read");
                }
            };
            let Ok(mut data) = frame.into_data() else {
                continue;
            };
            if message.len() - body_start + data.remaining() > max {
                return too_large();
            }
            while data.has_remaining() {
                let chunk = data.chunk();
                message.extend_from_slice(chunk);
                let read = chunk.len();
                data.advance(read);
            }
        }
        self.answer_signed(&signed, message, body_start).await
    }
}

/// `Service<Request<B>>` for any body type: axum's `Body`, hyper's
/// `Incoming`, `Full<Bytes>`. Never fails: every refusal is a response
/// (401 bad signature, 413 too large, 400 not an interaction, 405 not a
/// POST).
///
/// ```no_run
/// # async fn example(endpoint: views_core::endpoint::InteractionsEndpoint) {
/// use tower_service::Service as _;
///
/// let request = http::Request::post("/")
///     .header("x-signature-ed25519", "…")
///     .header("x-signature-timestamp", "…")
///     .body(http_body_util::Full::new(bytes::Bytes::from_static(b"{}")))
///     .unwrap();
/// let response = endpoint.clone().call(request).await;
/// # }
/// ```
impl<B> tower_service::Service<Request<B>> for InteractionsEndpoint
where
    B: Body + Send + 'static,
    B::Data: Send,
    B::Error: std::fmt::Display,
{
    type Response = EndpointResponse;
    type Error = Infallible;
    type Future = BoxFuture<'static, Result<EndpointResponse, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        let endpoint = self.clone();
        Box::pin(async move { Ok(endpoint.serve_request(request).await) })
    }
}
