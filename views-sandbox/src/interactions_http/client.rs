//! One signed POST to the bot's endpoint, as Discord sends it: JSON body,
//! `X-Signature-Ed25519` (hex) over `X-Signature-Timestamp` (Unix seconds)
//! followed by the body.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use ed25519_dalek::{Signer as _, SigningKey};
use http_body_util::{BodyExt as _, Full};
use hyper::client::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpStream;

use super::hex;

/// How long the sandbox waits for an endpoint's answer: past Discord's
/// 3 seconds it is too late anyway.
const ANSWER_TIMEOUT: Duration = Duration::from_secs(5);

/// An endpoint URL, split for the request (plain HTTP: the sandbox is
/// local, and a bot's TLS proxy is the user's business).
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub(crate) url: String,
    authority: String,
    path: String,
}

impl Target {
    /// `http://host:port/path` (path optional).
    pub(crate) fn parse(url: &str) -> Result<Self, &'static str> {
        let rest = url
            .strip_prefix("http://")
            .ok_or("the sandbox POSTs to http:// URLs only")?;
        let (authority, path) = match rest.find('/') {
            Some(slash) => (&rest[..slash], &rest[slash..]),
            None => (rest, "/"),
        };
        if authority.is_empty() || authority.contains('@') {
            return Err("the URL needs a host and port");
        }
        Ok(Self {
            url: url.to_owned(),
            authority: authority.to_owned(),
            path: path.to_owned(),
        })
    }
}

/// What the endpoint answered.
#[derive(Debug)]
pub(crate) struct Answer {
    pub(crate) status: u16,
    pub(crate) body: Bytes,
}

/// How a request is signed.
pub(crate) enum Signing<'a> {
    /// With the sandbox's key, now.
    Valid(&'a SigningKey),
    /// A signature of the right shape that does not verify.
    Forged,
}

/// POSTs `body` to `target`, signed as `signing` says.
pub(crate) async fn post(
    target: &Target,
    body: Vec<u8>,
    signing: Signing<'_>,
) -> Result<Answer, String> {
    let timestamp = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |since| since.as_secs())
        .to_string();
    let signature = match signing {
        Signing::Valid(key) => {
            let mut message = timestamp.as_bytes().to_vec();
            message.extend_from_slice(&body);
            hex(&key.sign(&message).to_bytes())
        }
        Signing::Forged => "00".repeat(64),
    };
    let request = hyper::Request::post(target.path.as_str())
        .header(hyper::header::HOST, target.authority.as_str())
        .header(hyper::header::CONTENT_TYPE, "application/json")
        .header(
            hyper::header::USER_AGENT,
            "Discord-Interactions/1.0 (views-sandbox)",
        )
        .header("X-Signature-Ed25519", signature)
        .header("X-Signature-Timestamp", timestamp)
        .body(Full::new(Bytes::from(body)))
        .map_err(|error| error.to_string())?;
    tokio::time::timeout(ANSWER_TIMEOUT, async {
        let stream = TcpStream::connect(target.authority.as_str())
            .await
            .map_err(|error| format!("cannot connect to {}: {error}", target.url))?;
        let (mut sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| error.to_string())?;
        tokio::spawn(connection);
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| format!("{}: {error}", target.url))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|error| error.to_string())?
            .to_bytes();
        Ok(Answer { status, body })
    })
    .await
    .map_err(|_| format!("{} did not answer within {ANSWER_TIMEOUT:?}", target.url))?
}
