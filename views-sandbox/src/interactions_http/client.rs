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

/// Why a POST got no answer.
#[derive(Debug)]
pub(crate) enum PostError {
    /// Nothing listens there: nothing was sent, another URL may take it.
    Connect(String),
    /// Sent, but no answer came back.
    NoAnswer(String),
}

impl std::fmt::Display for PostError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Connect(why) | Self::NoAnswer(why) => f.write_str(why),
        }
    }
}

/// POSTs `body` to `target`, signed as `signing` says; an answer later
/// than `wait` (Discord's 3 seconds) counts as none.
pub(crate) async fn post(
    target: &Target,
    body: Vec<u8>,
    signing: Signing<'_>,
    wait: Duration,
) -> Result<Answer, PostError> {
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
        .map_err(|error| PostError::Connect(error.to_string()))?;
    let stream = TcpStream::connect(target.authority.as_str())
        .await
        .map_err(|error| {
            PostError::Connect(format!("cannot connect to {}: {error}", target.url))
        })?;
    let no_answer =
        |error: &dyn std::fmt::Display| PostError::NoAnswer(format!("{}: {error}", target.url));
    tokio::time::timeout(wait, async {
        let (mut sender, connection) = http1::handshake(TokioIo::new(stream))
            .await
            .map_err(|error| no_answer(&error))?;
        tokio::spawn(connection);
        let response = sender
            .send_request(request)
            .await
            .map_err(|error| no_answer(&error))?;
        let status = response.status().as_u16();
        let body = response
            .into_body()
            .collect()
            .await
            .map_err(|error| no_answer(&error))?
            .to_bytes();
        Ok(Answer { status, body })
    })
    .await
    .map_err(|_| no_answer(&format_args!("no answer within {wait:?}")))?
}
