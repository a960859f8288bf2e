//! Reading a request: the whole body, bounded by the router's
//! [`DefaultBodyLimit`](axum::extract::DefaultBodyLimit) of [`MAX_BODY`],
//! as JSON, and the path segments the REST API's bookkeeping looks at.

use axum::body::{Body, Bytes};
use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::http::header::CONTENT_LENGTH;
use axum::http::request::Parts;
use serde_json::Value;

use super::response::{HttpResponse, discord_error};

/// Largest request body accepted (Discord's own limit is in this range).
pub(crate) const MAX_BODY: usize = 8 * 1024 * 1024;

/// A body read whole, handed on to the handlers as JSON.
#[derive(Clone, Debug)]
pub(crate) struct JsonBody(pub(crate) Value);

/// Reads the whole body; `Err` is Discord's 413 when it is larger than the
/// limit (or the connection fails while sending it).
pub(crate) async fn buffered(request: Request) -> Result<(Parts, Bytes), HttpResponse> {
    let too_large = || {
        discord_error(
            StatusCode::PAYLOAD_TOO_LARGE,
            40005,
            "Request entity too large",
        )
    };
    // An announced length over the limit is answered before the body is
    // sent (the extractor below would wait for the limit to be reached).
    let announced = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok()?.parse::<u64>().ok());
    if announced.is_some_and(|length| length > MAX_BODY as u64) {
        return Err(too_large());
    }
    let (parts, body) = request.into_parts();
    // The limit travels in the request's extensions, so read it through
    // axum's own extractor.
    let whole = Request::from_parts(parts.clone(), body);
    let bytes = Bytes::from_request(whole, &())
        .await
        .map_err(|_| too_large())?;
    Ok((parts, bytes))
}

/// The request again, its body put back.
pub(crate) fn rebuilt(parts: Parts, bytes: Bytes) -> Request {
    Request::from_parts(parts, Body::from(bytes))
}

/// The body as JSON: `Ok(None)` when empty, `Err` when not JSON.
pub(crate) fn json(bytes: &[u8]) -> Result<Option<Value>, serde_json::Error> {
    if bytes.is_empty() {
        return Ok(None);
    }
    serde_json::from_slice(bytes).map(Some)
}

/// The route under the REST API's prefix (`/api/v10`, `/api/v9` or
/// `/api`), if `path` is a REST path.
pub(crate) fn api_route(path: &str) -> Option<&str> {
    API_PREFIXES
        .iter()
        .find_map(|prefix| path.strip_prefix(prefix))
        .filter(|route| route.is_empty() || route.starts_with('/'))
}

/// Where the REST API is served, most specific first.
pub(crate) const API_PREFIXES: [&str; 3] = ["/api/v10", "/api/v9", "/api"];

/// Path segments, percent-decoded (tokens and `@original` may be escaped).
pub(crate) fn segments(route: &str) -> Vec<String> {
    route
        .split('/')
        .filter(|s| !s.is_empty())
        .map(percent_decode)
        .collect()
}

/// Decodes `%XX` escapes.
pub(crate) fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = |b: u8| (b as char).to_digit(16);
            if let (Some(hi), Some(lo)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push(u8::try_from(hi * 16 + lo).unwrap_or(b'?'));
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The REST body as the handlers take it: the JSON the bookkeeping read,
/// `{}` when there was none.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for JsonBody {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .remove::<Self>()
            .unwrap_or_else(|| Self(Value::Object(serde_json::Map::new()))))
    }
}
