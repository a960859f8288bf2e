//! Which requests the sandbox serves. It listens on loopback only, yet any
//! web page the developer has open can send requests there: a cross-site
//! form, fetch or WebSocket carries that site's `Origin`, and a DNS
//! rebinding page (the attacker's host name pointed at 127.0.0.1) carries
//! that name in `Host`. So `Host` must name the listener itself, `Origin`
//! (when present) must be the listener's own page, and control-API bodies
//! must be declared JSON: another site cannot send that type without a
//! CORS preflight, which the sandbox never grants.
//!
//! Both rules are axum middleware: [`same_site`] around every route of a
//! port, [`json_bodies`] around the control API's.

use axum::extract::{Request, State};
use axum::http::header::{CONTENT_TYPE, HOST, HeaderName, HeaderValue, ORIGIN};
use axum::http::{HeaderMap, StatusCode};
use axum::middleware::Next;
use std::net::SocketAddr;

use super::request::{api_route, buffered, rebuilt};
use super::response::{HttpResponse, control_error, discord_error};

/// The listener a guard stands at.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Site {
    /// Its address: the only `Host` (and `Origin`) accepted.
    pub(crate) own: SocketAddr,
    /// Whether it serves the REST API (the main port), whose refusals
    /// are in Discord's error shape.
    pub(crate) rest: bool,
}

/// Middleware: refuses a request whose `Host` or `Origin` is not this
/// listener's own.
pub(crate) async fn same_site(
    State(site): State<Site>,
    request: Request,
    next: Next,
) -> HttpResponse {
    if let Err(refusal) = check_site(site.own, request.headers()) {
        let headers = request.headers();
        let path = request.uri().path();
        tracing::info!(
            host = ?headers.get(HOST),
            origin = ?headers.get(ORIGIN),
            path,
            "sandbox refused a request from another site"
        );
        let rest = site.rest && api_route(path).is_some();
        return refusal.response(site.own, rest);
    }
    next.run(request).await
}

/// Middleware: refuses a control-API request whose body is not declared
/// JSON (the body is read whole here, within the router's limit).
pub(crate) async fn json_bodies(
    State(site): State<Site>,
    request: Request,
    next: Next,
) -> HttpResponse {
    let (parts, bytes) = match buffered(request).await {
        Ok(read) => read,
        Err(too_large) => return too_large,
    };
    if let Err(refusal) = check_json_body(&parts.headers, &bytes) {
        return refusal.response(site.own, false);
    }
    next.run(rebuilt(parts, bytes)).await
}

/// Why a request is refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `Host` is missing, repeated or not one of the listener's own names.
    ForeignHost,
    /// `Origin` is another site's (or `null`).
    ForeignOrigin,
    /// A control-API body not declared `application/json`.
    NotJson,
}

impl Refusal {
    pub(crate) const fn status(self) -> StatusCode {
        match self {
            Self::ForeignHost | Self::ForeignOrigin => StatusCode::FORBIDDEN,
            Self::NotJson => StatusCode::UNSUPPORTED_MEDIA_TYPE,
        }
    }

    /// What to tell the client; `own` is the listener's address.
    pub(crate) fn message(self, own: SocketAddr) -> String {
        let [ip, localhost] = own_authorities(own);
        match self {
            Self::ForeignHost => format!(
                "Host must be this sandbox's own address ({ip} or {localhost}); \
                 requests under other host names are refused"
            ),
            Self::ForeignOrigin => format!(
                "Origin must be this sandbox's own page (http://{ip} or http://{localhost}); \
                 requests from other sites are refused"
            ),
            Self::NotJson => {
                "control API requests with a body must have Content-Type: application/json"
                    .to_owned()
            }
        }
    }

    /// The answer: Discord's error shape on REST (so twilight-http reports
    /// the message), the control API's elsewhere.
    pub(crate) fn response(self, own: SocketAddr, rest: bool) -> HttpResponse {
        let message = self.message(own);
        if rest {
            discord_error(self.status(), 0, &message)
        } else {
            control_error(self.status(), &message)
        }
    }
}

/// Checks `Host` and `Origin` against the listener at `own`.
pub(crate) fn check_site(own: SocketAddr, headers: &HeaderMap) -> Result<(), Refusal> {
    let mut hosts = headers.get_all(HOST).iter();
    let host = match (hosts.next(), hosts.next()) {
        (Some(host), None) => host,
        _ => return Err(Refusal::ForeignHost),
    };
    if !host.to_str().is_ok_and(|host| names_listener(own, host)) {
        return Err(Refusal::ForeignHost);
    }
    for origin in headers.get_all(ORIGIN) {
        let own_page = origin
            .to_str()
            .ok()
            .and_then(|origin| origin.strip_prefix("http://"))
            .is_some_and(|authority| names_listener(own, authority));
        if !own_page {
            return Err(Refusal::ForeignOrigin);
        }
    }
    Ok(())
}

/// Checks that a control-API body is declared JSON (parameters such as
/// `charset` allowed).
pub(crate) fn check_json_body(headers: &HeaderMap, body: &[u8]) -> Result<(), Refusal> {
    if body.is_empty() {
        return Ok(());
    }
    let declared_json = headers
        .get(CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
    if declared_json {
        Ok(())
    } else {
        Err(Refusal::NotJson)
    }
}

/// The `host:port` names of the listener: its IP and `localhost`.
fn own_authorities(own: SocketAddr) -> [String; 2] {
    // SocketAddr writes IPv6 in brackets, as Host does.
    [own.to_string(), format!("localhost:{}", own.port())]
}

/// Whether `authority` (`host[:port]`) names the listener. Clients leave
/// the port out when it is 80.
fn names_listener(own: SocketAddr, authority: &str) -> bool {
    let default_port = own.port() == 80;
    own_authorities(own).iter().any(|name| {
        name.eq_ignore_ascii_case(authority)
            || (default_port
                && name
                    .strip_suffix(":80")
                    .is_some_and(|bare| bare.eq_ignore_ascii_case(authority)))
    })
}

/// The headers of a request head peeked off the socket (before it is
/// handed to the WebSocket or HTTP server); lines that do not parse are
/// skipped.
pub(crate) fn parse_head(head: &[u8]) -> HeaderMap {
    let text = String::from_utf8_lossy(head);
    let mut headers = HeaderMap::new();
    for line in text
        .split("\r\n")
        .skip(1)
        .take_while(|line| !line.is_empty())
    {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        if let (Ok(name), Ok(value)) = (
            HeaderName::from_bytes(name.trim().as_bytes()),
            HeaderValue::from_str(value.trim()),
        ) {
            headers.append(name, value);
        }
    }
    headers
}
