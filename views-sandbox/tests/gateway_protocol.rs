//! The gateway protocol at the frame level, with a raw WebSocket client:
//! what twilight never sends (bad payloads, unknown sessions, bad shards).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::WAIT;
use futures_util::{SinkExt, StreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::net::TcpStream;
use tokio_websockets::{ClientBuilder, MaybeTlsStream, Message, WebSocketStream};
use views_sandbox::{Sandbox, SandboxConfig};

type Ws = WebSocketStream<MaybeTlsStream<TcpStream>>;

async fn connect(sandbox: &Sandbox) -> Ws {
    let uri = format!("{}/?v=10&encoding=json", sandbox.gateway_url());
    let (ws, _) = ClientBuilder::new()
        .uri(&uri)
        .unwrap()
        .connect()
        .await
        .unwrap();
    ws
}

/// Next text payload, or `Err(close code)` when the server closes.
async fn next(ws: &mut Ws) -> Result<Value, u16> {
    loop {
        let frame = tokio::time::timeout(WAIT, ws.next())
            .await
            .expect("frame in time")
            .expect("stream open")
            .expect("frame ok");
        if let Some((code, _)) = frame.as_close() {
            return Err(code.into());
        }
        if let Some(text) = frame.as_text() {
            return Ok(serde_json::from_str(text).unwrap());
        }
    }
}

async fn send(ws: &mut Ws, value: Value) {
    ws.send(Message::text(value.to_string())).await.unwrap();
}

fn identify(shard: [u32; 2]) -> Value {
    json!({"op": 2, "d": {"token": "t", "intents": 0, "properties": {}, "shard": shard}})
}

#[tokio::test]
async fn hello_heartbeat_identify_and_resume_at_the_frame_level() {
    let config = SandboxConfig::default().heartbeat_interval(Duration::from_millis(1234));
    let sandbox = Sandbox::start(config).await.unwrap();
    let mut ws = connect(&sandbox).await;
    let hello = next(&mut ws).await.unwrap();
    assert_eq!(hello["op"], 10);
    assert_eq!(hello["d"]["heartbeat_interval"], 1234);

    send(&mut ws, json!({"op": 1, "d": null})).await;
    assert_eq!(next(&mut ws).await.unwrap()["op"], 11);

    send(&mut ws, identify([0, 1])).await;
    let ready = next(&mut ws).await.unwrap();
    assert_eq!(
        (ready["op"].clone(), ready["t"].clone(), ready["s"].clone()),
        (json!(0), json!("READY"), json!(1))
    );
    let session = ready["d"]["session_id"].as_str().unwrap().to_owned();
    let f = sandbox.fixtures().clone();
    sandbox
        .post_user_message(f.channel_id, f.users[0].id, "one")
        .unwrap();
    let first = next(&mut ws).await.unwrap();
    assert_eq!(
        (first["t"].clone(), first["s"].clone()),
        (json!("MESSAGE_CREATE"), json!(2))
    );
    drop(ws);
    sandbox.wait_connected(0, WAIT).await.unwrap();

    // Missed while away, replayed on RESUME; resuming from seq 0 shows that
    // READY is never replayed.
    sandbox
        .post_user_message(f.channel_id, f.users[0].id, "two")
        .unwrap();
    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    send(
        &mut ws,
        json!({"op": 6, "d": {"token": "t", "session_id": session, "seq": 0}}),
    )
    .await;
    let replayed: Vec<Value> = [
        next(&mut ws).await.unwrap(),
        next(&mut ws).await.unwrap(),
        next(&mut ws).await.unwrap(),
    ]
    .into();
    let seen: Vec<_> = replayed
        .iter()
        .map(|p| {
            (
                p["t"].as_str().unwrap().to_owned(),
                p["s"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("MESSAGE_CREATE".to_owned(), 2),
            ("MESSAGE_CREATE".to_owned(), 3),
            ("RESUMED".to_owned(), 4)
        ]
    );
    assert_eq!(replayed[1]["d"]["content"], "two");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_input_gets_discord_close_codes_and_invalid_session() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();

    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    send(
        &mut ws,
        json!({"op": 6, "d": {"token": "t", "session_id": "nope", "seq": 0}}),
    )
    .await;
    let invalid = next(&mut ws).await.unwrap();
    assert_eq!(
        (invalid["op"].clone(), invalid["d"].clone()),
        (json!(9), json!(false))
    );

    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    ws.send(Message::text("not json")).await.unwrap();
    assert_eq!(next(&mut ws).await, Err(4002));

    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    send(&mut ws, identify([2, 2])).await;
    assert_eq!(next(&mut ws).await, Err(4010));

    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    send(
        &mut ws,
        json!({"op": 2, "d": {"token": "", "intents": 0, "properties": {}}}),
    )
    .await;
    assert_eq!(next(&mut ws).await, Err(4004));

    let mut ws = connect(&sandbox).await;
    next(&mut ws).await.unwrap();
    send(&mut ws, json!({"op": 99})).await;
    assert_eq!(next(&mut ws).await, Err(4001));
    sandbox.shutdown().await;
}
