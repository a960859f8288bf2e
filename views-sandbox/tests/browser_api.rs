//! What the web page relies on: its own port, the server-sent event stream
//! of changes, and the state file that keeps messages across restarts (so
//! old buttons still reach a restarted bot).

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{WAIT, http, shard, wait_for};
use serde_json::json;
use std::path::PathBuf;
use std::time::Duration;
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use twilight_gateway::Event;
use twilight_model::application::interaction::InteractionData;
use views_sandbox::{Sandbox, SandboxConfig, SandboxErrorKind};

/// One HTTP/1.1 request to `addr`: status and body.
async fn get(addr: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    (
        head.split(' ').nth(1).unwrap().parse().unwrap(),
        body.to_owned(),
    )
}

fn host_port(url: &str) -> String {
    url.trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned()
}

/// A fresh path in the temp dir for one test's state file.
fn temp_state(name: &str) -> PathBuf {
    let path = std::env::temp_dir().join(format!(
        "views-sandbox-{name}-{}-{:?}.json",
        std::process::id(),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos()
    ));
    let _ = std::fs::remove_file(&path);
    path
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn web_page_has_its_own_port_without_the_bot_api() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    let web = host_port(&sandbox.web_url());
    assert_ne!(web, sandbox.api_host_port(), "a port of its own");

    let (status, page) = get(&web, "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("EventSource('/sandbox/events')"), "{page}");
    // The control API is there for the page...
    let (status, users) = get(&web, "/sandbox/users").await;
    assert_eq!(status, 200);
    assert!(users.contains("alice"), "{users}");
    let (status, info) = get(&web, "/sandbox").await;
    assert_eq!(status, 200);
    let info: serde_json::Value = serde_json::from_str(&info).unwrap();
    assert_eq!(info["web_url"], sandbox.web_url());
    // ...but bots use the main port.
    let (status, _) = get(&web, "/api/v10/gateway").await;
    assert_eq!(status, 404);
    // The main port keeps serving the page too.
    let (status, page) = get(&sandbox.api_host_port(), "/").await;
    assert_eq!(status, 200);
    assert!(page.contains("views-sandbox"));
    assert!(sandbox.describe().contains(&sandbox.web_url()));
}

/// Reads the event stream up to the next `change` event; its version.
async fn next_change(lines: &mut (impl AsyncBufReadExt + Unpin)) -> u64 {
    let read = async {
        let mut event = String::new();
        loop {
            let mut line = String::new();
            assert!(
                lines.read_line(&mut line).await.unwrap() > 0,
                "stream ended"
            );
            let line = line.trim_end();
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_owned();
            } else if let Some(data) = line.strip_prefix("data: ") {
                assert_eq!(event, "change");
                let data: serde_json::Value = serde_json::from_str(data).unwrap();
                return data["version"].as_u64().unwrap();
            }
        }
    };
    tokio::time::timeout(WAIT, read)
        .await
        .expect("event in time")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_stream_reports_user_and_bot_messages() {
    let sandbox = Sandbox::start(SandboxConfig::default()).await.unwrap();
    sandbox.clock().pause();
    let web = host_port(&sandbox.web_url());
    let mut stream = TcpStream::connect(&web).await.unwrap();
    let request = format!("GET /sandbox/events HTTP/1.1\r\nHost: {web}\r\n\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut lines = BufReader::new(stream);
    let mut head = String::new();
    loop {
        let mut line = String::new();
        lines.read_line(&mut line).await.unwrap();
        if line == "\r\n" {
            break;
        }
        head.push_str(&line.to_ascii_lowercase());
    }
    assert!(head.starts_with("http/1.1 200"), "{head}");
    assert!(head.contains("content-type: text/event-stream"), "{head}");
    let first = next_change(&mut lines).await;

    let f = sandbox.fixtures().clone();
    sandbox
        .post_user_message(f.channel_id, f.users[0].id, "hello")
        .unwrap();
    let after_post = next_change(&mut lines).await;
    assert!(after_post > first);

    // A message the bot sends over REST is a change too.
    let http = http(&sandbox);
    http.create_message(f.channel_id)
        .content("from the bot")
        .await
        .unwrap();
    let after_bot = next_change(&mut lines).await;
    assert!(after_bot > after_post);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn state_file_keeps_messages_and_their_buttons_across_restarts() {
    let path = temp_state("restart");
    let config = || {
        SandboxConfig::default()
            .heartbeat_interval(Duration::from_millis(300))
            .state_file(&path)
    };

    // First run: a user, a user message, and a bot message with a button.
    let sandbox = Sandbox::start(config()).await.unwrap();
    sandbox.clock().pause();
    let f = sandbox.fixtures().clone();
    let dave = sandbox.add_user("dave").unwrap();
    sandbox
        .post_user_message(f.channel_id, dave.id, "!view")
        .unwrap();
    let row = json!({"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Increment", "custom_id": "counter:increment"}]});
    let sent = http(&sandbox)
        .create_message(f.channel_id)
        .content("Hello world!")
        .components(&[serde_json::from_value(row).unwrap()])
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert!(path.exists(), "written after changes");
    sandbox.shutdown().await;

    // Second run: same fixtures, same messages, and the old button works.
    let sandbox = Sandbox::start(config()).await.unwrap();
    sandbox.clock().pause();
    let g = sandbox.fixtures().clone();
    assert_eq!(g.guild_id, f.guild_id);
    assert_eq!(g.channel_id, f.channel_id);
    let names = |f: &views_sandbox::Fixtures| -> Vec<String> {
        f.users.iter().map(|u| u.name.clone()).collect()
    };
    assert_eq!(names(&g), names(&f));
    let messages = sandbox.messages(f.channel_id);
    let contents: Vec<&str> = messages
        .iter()
        .map(|m| m.message.content.as_str())
        .collect();
    assert_eq!(contents, ["!view", "Hello world!"]);
    assert_eq!(messages[0].message.author.id, dave.id);
    let restored = sandbox.message(sent.id).expect("bot message kept");
    assert_eq!(restored.message.components, sent.components);

    let mut shard = shard(&sandbox, 0, 1);
    wait_for(&mut shard, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    let interaction = sandbox
        .click(sent.id, "counter:increment", dave.id)
        .unwrap();
    let got = wait_for(&mut shard, |e| match e {
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    assert_eq!(got.id, interaction);
    assert_eq!(got.author_id(), Some(dave.id));
    match &got.data {
        Some(InteractionData::MessageComponent(data)) => {
            assert_eq!(data.custom_id, "counter:increment");
        }
        other => panic!("not a component interaction: {other:?}"),
    }
    // New ids never repeat the stored ones.
    let newer = sandbox
        .post_user_message(f.channel_id, dave.id, "again")
        .unwrap();
    assert!(newer.id > sent.id && newer.id != interaction.cast());
    sandbox.shutdown().await;
    let _ = std::fs::remove_file(&path);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_broken_state_file_is_a_clear_start_error() {
    let path = temp_state("broken");
    std::fs::write(&path, "{not json").unwrap();
    let error = Sandbox::start(SandboxConfig::default().state_file(&path))
        .await
        .expect_err("a broken file is refused, not overwritten");
    assert!(
        matches!(error.kind(), SandboxErrorKind::StateFile { path: p } if *p == path),
        "{error:?}"
    );
    let text = error.to_string();
    assert!(text.contains(&path.display().to_string()), "{text}");
    assert!(text.contains("delete it to start afresh"), "{text}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{not json");
    let _ = std::fs::remove_file(&path);
}
