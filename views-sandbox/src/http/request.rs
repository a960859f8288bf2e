//! Reading a request: the whole body (bounded), as JSON, and the path
//! segments and headers the handlers look at.

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use hyper::http::request::Parts;
use serde_json::Value;

/// Largest request body accepted (Discord's own limit is in this range).
const MAX_BODY: usize = 8 * 1024 * 1024;

/// A request to the REST or control API, read whole.
pub(crate) struct Req {
    pub(crate) method: hyper::Method,
    /// The whole path as sent (prefix included, not decoded, no query).
    pub(crate) path: String,
    /// Path segments after the API prefix, percent-decoded.
    pub(crate) segments: Vec<String>,
    pub(crate) query: String,
    /// Whether it carries `Authorization: Bot <token>`.
    pub(crate) authorized: bool,
    /// The body as JSON (`None` when empty or not JSON).
    pub(crate) body: Option<Value>,
    /// Whether a body was sent that is not JSON.
    pub(crate) body_error: bool,
}

impl Req {
    /// `route` is the path after the API's prefix.
    pub(crate) fn new(parts: &Parts, route: &str, bytes: &[u8]) -> Self {
        let (body, body_error) = if bytes.is_empty() {
            (None, false)
        } else {
            match serde_json::from_slice::<Value>(bytes) {
                Ok(value) => (Some(value), false),
                Err(_) => (None, true),
            }
        };
        let authorized = parts
            .headers
            .get(hyper::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bot ") && v.len() > 4);
        Self {
            method: parts.method.clone(),
            path: parts.uri.path().to_owned(),
            segments: route
                .split('/')
                .filter(|s| !s.is_empty())
                .map(percent_decode)
                .collect(),
            query: parts.uri.query().unwrap_or_default().to_owned(),
            authorized,
            body,
            body_error,
        }
    }
}

/// The whole body, or `None` when it is larger than [`MAX_BODY`] (or the
/// connection fails while sending it).
pub(crate) async fn read_body(body: Incoming) -> Option<Bytes> {
    http_body_util::Limited::new(body, MAX_BODY)
        .collect()
        .await
        .ok()
        .map(|collected| collected.to_bytes())
}

/// Decodes `%XX` escapes (tokens and `@original` may be escaped).
fn percent_decode(segment: &str) -> String {
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
