//! Requests Discord did not sign, or that are not interactions: each is
//! refused before anything is parsed or dispatched.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use serde_json::Value;

use crate::common::{Bot, click, impostor_key, now, request, send, signature, signed, signing_key};

/// A body that would run a handler if it got through.
fn probe_click() -> Vec<u8> {
    serde_json::to_vec(&click("http:quick", 5_000)).unwrap()
}

/// Nothing of `bot` ran and nothing was sent for it.
fn untouched(bot: &Bot) {
    assert_eq!(bot.handlers_run(), 0, "a handler ran");
    assert!(bot.recorder.sent().is_empty(), "{:?}", bot.recorder.sent());
}

#[tokio::test]
async fn a_signature_by_another_key_is_refused() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let body = probe_click();
    let timestamp = now();
    let forged = signature(&impostor_key(), &timestamp, &body);
    let answer = send(&endpoint, request(Some(&forged), Some(&timestamp), body)).await;
    assert_eq!(answer.status, 401, "{}", answer.text);
    untouched(&bot);
}

#[tokio::test]
async fn a_body_changed_after_signing_is_refused() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let body = probe_click();
    let timestamp = now();
    let good = signature(&signing_key(), &timestamp, &body);
    let mut changed = body.clone();
    // The same interaction for another message.
    let at = changed.len() - 3;
    changed[at] = b' ';
    let answer = send(&endpoint, request(Some(&good), Some(&timestamp), changed)).await;
    assert_eq!(answer.status, 401);
    untouched(&bot);
}

#[tokio::test]
async fn missing_or_malformed_headers_are_refused() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let body = probe_click();
    let timestamp = now();
    let good = signature(&signing_key(), &timestamp, &body);
    let cases: [(Option<&str>, Option<&str>); 6] = [
        (None, None),
        (None, Some(&timestamp)),
        (Some(&good), None),
        (Some(&good[2..]), Some(&timestamp)),
        (Some("zz"), Some(&timestamp)),
        (Some(&good), Some("yesterday")),
    ];
    for (signature, timestamp) in cases {
        let answer = send(&endpoint, request(signature, timestamp, body.clone())).await;
        assert_eq!(
            answer.status, 401,
            "signature {signature:?}, timestamp {timestamp:?}: {}",
            answer.text
        );
    }
    untouched(&bot);
}

#[tokio::test]
async fn a_stale_or_future_timestamp_is_refused_even_when_signed() {
    let bot = Bot::new();
    let endpoint = bot
        .endpoint()
        .max_signature_age(Duration::from_secs(30))
        .build()
        .unwrap();
    let body = probe_click();
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    for timestamp in [now - 120, now + 120] {
        let timestamp = timestamp.to_string();
        let good = signature(&signing_key(), &timestamp, &body);
        let answer = send(
            &endpoint,
            request(Some(&good), Some(&timestamp), body.clone()),
        )
        .await;
        assert_eq!(answer.status, 401, "timestamp {timestamp}: {}", answer.text);
    }
    untouched(&bot);
}

#[tokio::test]
async fn a_replayed_body_with_a_new_timestamp_is_refused() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let body = probe_click();
    let then = (SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        - 10)
        .to_string();
    let captured = signature(&signing_key(), &then, &body);
    // The captured signature, replayed with a fresh timestamp.
    let answer = send(&endpoint, request(Some(&captured), Some(&now()), body)).await;
    assert_eq!(answer.status, 401);
    untouched(&bot);
}

#[tokio::test]
async fn an_oversized_body_is_refused_unread() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().max_body_bytes(1024).build().unwrap();
    let mut interaction = click("http:quick", 5_000);
    interaction["padding"] = Value::String("x".repeat(2048));
    // Signed properly: the size alone refuses it.
    let answer = send(&endpoint, signed(&interaction)).await;
    assert_eq!(answer.status, 413, "{}", answer.text);
    // Without a Content-Length (a chunked body), the cap still holds.
    let body = serde_json::to_vec(&interaction).unwrap();
    let timestamp = now();
    let good = signature(&signing_key(), &timestamp, &body);
    let chunked = Chunked(body.chunks(100).map(Bytes::copy_from_slice).collect());
    let request = http::Request::post("/")
        .header("X-Signature-Ed25519", good)
        .header("X-Signature-Timestamp", timestamp)
        .body(chunked)
        .unwrap();
    let response = tower_service::Service::call(&mut endpoint.clone(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
    untouched(&bot);
}

/// A body sent in 100-byte frames, with no length known up front.
struct Chunked(std::collections::VecDeque<Bytes>);

impl http_body::Body for Chunked {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Result<http_body::Frame<Bytes>, Self::Error>>> {
        std::task::Poll::Ready(
            self.0
                .pop_front()
                .map(|chunk| Ok(http_body::Frame::data(chunk))),
        )
    }
}

#[tokio::test]
async fn a_signed_body_that_is_not_an_interaction_is_a_bad_request() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    for body in [&b"not json at all"[..], b"{\"type\": 3}", b""] {
        let timestamp = now();
        let good = signature(&signing_key(), &timestamp, body);
        let answer = send(
            &endpoint,
            request(Some(&good), Some(&timestamp), Bytes::copy_from_slice(body)),
        )
        .await;
        assert_eq!(answer.status, 400, "{:?}: {}", body, answer.text);
    }
    untouched(&bot);
}

#[tokio::test]
async fn only_post_is_served() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let request = http::Request::get("/")
        .body(http_body_util::Full::new(Bytes::new()))
        .unwrap();
    let answer = crate::common::send(&endpoint, request).await;
    assert_eq!(answer.status, 405);
    untouched(&bot);
}

#[test]
fn a_public_key_that_is_not_one_is_refused_at_build() {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    let _entered = runtime.enter();
    let bot = Bot::new();
    for key in ["", "not hex", &"ab".repeat(31)] {
        let error = twilight_views::endpoint::InteractionsEndpoint::new(bot.router.clone(), key)
            .unwrap_err();
        assert!(matches!(
            error.kind(),
            twilight_views::endpoint::EndpointErrorKind::PublicKey
        ));
    }
}
