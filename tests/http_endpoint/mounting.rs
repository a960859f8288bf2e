//! The endpoint where it lives: one line in an axum router beside the
//! bot's other routes, and its own server over a real socket.

use std::time::Duration;

use axum::{Router, routing::get};
use http_body_util::BodyExt as _;
use serde_json::json;
use tokio::{
    io::{AsyncReadExt as _, AsyncWriteExt as _},
    net::{TcpListener, TcpStream},
};
use tower_service::Service as _;
use twilight_model::id::Id;
use views_testkit::discord::APPLICATION_ID;

use crate::common::{Answer, Bot, Counter, click, now, signature, signed, signing_key};

#[tokio::test]
async fn the_endpoint_mounts_in_an_axum_router() {
    let bot = Bot::new();
    bot.router
        .bind(Id::new(6_001), Counter::default())
        .await
        .unwrap();
    let endpoint = bot.endpoint().build().unwrap();
    let mut app = Router::new()
        .route("/health", get(|| async { "ok" }))
        .route_service("/interactions", endpoint);
    let response = app
        .call(signed(&click("http:increment", 6_001)).map(axum::body::Body::new))
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    let answer = Answer {
        status,
        text: String::from_utf8(body.to_vec()).unwrap(),
    };
    assert_eq!(answer.status, 200, "{}", answer.text);
    assert_eq!(answer.content(), "count 1");
    // The other routes are the app's own.
    let health = app
        .call(
            http::Request::get("/health")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(health.status(), 200);
}

/// One HTTP/1.1 POST of `body` to `/` on `addr`; the status line and body.
async fn post(addr: std::net::SocketAddr, path: &str, body: &[u8]) -> (String, String) {
    let timestamp = now();
    let signature = signature(&signing_key(), &timestamp, body);
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         X-Signature-Ed25519: {signature}\r\nX-Signature-Timestamp: {timestamp}\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = String::new();
    tokio::time::timeout(Duration::from_secs(5), stream.read_to_string(&mut response))
        .await
        .unwrap()
        .unwrap();
    let (head, body) = response.split_once("\r\n\r\n").unwrap();
    (head.lines().next().unwrap().to_owned(), body.to_owned())
}

#[tokio::test]
async fn the_ready_made_server_answers_at_the_root() {
    let bot = Bot::new();
    let endpoint = bot.endpoint().build().unwrap();
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(endpoint.serve_until(listener, async {
        let _ = stopped.await;
    }));
    let ping = serde_json::to_vec(&json!({
        "id": "1", "application_id": APPLICATION_ID.to_string(),
        "type": 1, "token": "t", "version": 1,
    }))
    .unwrap();
    let (status, body) = post(addr, "/", &ping).await;
    assert_eq!(status, "HTTP/1.1 200 OK");
    assert_eq!(body, r#"{"type":1}"#);
    let (status, _) = post(addr, "/elsewhere", &ping).await;
    assert_eq!(status, "HTTP/1.1 404 Not Found");
    stop.send(()).unwrap();
    server.await.unwrap().unwrap();
}
