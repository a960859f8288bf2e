//! The `views-sandbox` binary on its own: started as a process on free
//! ports, it prints the URLs a bot needs; the control API, the REST API and
//! the gateway it names all answer.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::mpsc,
    time::Duration,
};

use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twilight_gateway::{ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt};
use twilight_http::Client;

const WAIT: Duration = Duration::from_secs(10);

/// The sandbox process, killed when dropped (also when the test fails).
struct Standalone {
    child: Child,
    /// `127.0.0.1:PORT` of gateway, REST and control API.
    addr: String,
    gateway_url: String,
    api_url: String,
    web_url: String,
}

impl Drop for Standalone {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts the binary on free ports and reads what it prints.
fn start() -> Standalone {
    let mut child = Command::new(env!("CARGO_BIN_EXE_views-sandbox"))
        .env("VIEWS_SANDBOX_PORT", "0")
        .env("VIEWS_SANDBOX_WEB_PORT", "0")
        .env_remove("VIEWS_SANDBOX_STATE_FILE")
        .stdout(Stdio::piped())
        .spawn()
        .expect("spawn views-sandbox");
    let stdout = child.stdout.take().expect("stdout");
    let (lines, printed) = mpsc::channel();
    // Keeps draining, so the process never blocks on a full pipe.
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = lines.send(line);
        }
    });
    let mut text = String::new();
    let field = |text: &str, prefix: &str| {
        text.lines()
            .find_map(|line| line.trim().strip_prefix(prefix).map(str::to_owned))
    };
    loop {
        let line = printed
            .recv_timeout(WAIT)
            .unwrap_or_else(|_| panic!("views-sandbox printed no URLs; so far:\n{text}"));
        text.push_str(&line);
        text.push('\n');
        if line.trim() == "try:" {
            break;
        }
    }
    let standalone = Standalone {
        child,
        addr: field(&text, "views-sandbox on ").expect("address"),
        gateway_url: field(&text, "DISCORD_GATEWAY_URL=").expect("gateway URL"),
        api_url: field(&text, "DISCORD_API_URL=").expect("API URL"),
        web_url: field(&text, "web page: ").expect("web page URL"),
    };
    assert!(
        standalone.addr.starts_with("127.0.0.1:") && !standalone.addr.ends_with(":0"),
        "{text}"
    );
    assert_eq!(standalone.gateway_url, format!("ws://{}", standalone.addr));
    assert_eq!(standalone.api_url, standalone.addr);
    assert!(
        standalone.web_url.starts_with("http://127.0.0.1:"),
        "{text}"
    );
    standalone
}

/// One HTTP/1.0 request (the response ends when the server closes).
async fn request(addr: &str, method: &str, path: &str, body: Option<Value>) -> (u16, Value) {
    let mut stream = tokio::time::timeout(WAIT, tokio::net::TcpStream::connect(addr))
        .await
        .expect("connect in time")
        .expect("connect");
    let body = body.map(|body| body.to_string()).unwrap_or_default();
    let head = format!(
        "{method} {path} HTTP/1.0\r\nHost: {addr}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.expect("write");
    stream.write_all(body.as_bytes()).await.expect("write");
    let mut response = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut response))
        .await
        .expect("response in time")
        .expect("read");
    let response = String::from_utf8(response).expect("utf-8");
    let (head, body) = response.split_once("\r\n\r\n").expect("head and body");
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|status| status.parse().ok())
        .unwrap_or_else(|| panic!("no status in {head}"));
    let body = serde_json::from_str(body).unwrap_or_else(|_| panic!("not JSON: {body}"));
    (status, body)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn binary_prints_its_urls_and_serves_them() {
    let sandbox = start();
    let addr = sandbox.addr.clone();

    // Control API: the fixtures.
    let (status, info) = request(&addr, "GET", "/sandbox", None).await;
    assert_eq!(status, 200, "{info}");
    assert_eq!(info["gateway_url"], sandbox.gateway_url.as_str());
    let (status, channels) = request(&addr, "GET", "/sandbox/channels", None).await;
    assert_eq!(status, 200, "{channels}");
    let channels = channels.as_array().expect("a list of channels");
    let general = channels
        .iter()
        .find(|channel| channel["name"] == "general")
        .unwrap_or_else(|| panic!("no #general in {channels:?}"));
    assert_eq!(general["id"], info["channel_id"]);
    let channel = general["id"].as_str().expect("id string").to_owned();
    let alice = info["users"][0]["id"].as_str().expect("alice").to_owned();
    let (status, error) = request(
        &addr,
        "POST",
        "/sandbox/channels/1/messages",
        Some(json!({"author_id": alice, "content": "lost"})),
    )
    .await;
    assert_eq!(status, 404, "unknown channel: {error}");
    assert!(error["error"].is_string(), "{error}");

    // The REST API it prints, through twilight-http.
    let http = Client::builder()
        .token("any-token".to_owned())
        .proxy(sandbox.api_url.clone(), true)
        .timeout(WAIT)
        .build();
    let application = http
        .current_user_application()
        .await
        .expect("application")
        .model()
        .await
        .expect("application model");
    assert_eq!(
        Value::from(application.id.to_string()),
        info["application_id"]
    );

    // The gateway it prints, through a twilight shard: a user's message
    // posted through the control API arrives as MESSAGE_CREATE.
    let config = ConfigBuilder::new(
        "any-token".to_owned(),
        Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT,
    )
    .proxy_url(sandbox.gateway_url.clone())
    .build();
    let mut shard = Shard::with_config(ShardId::ONE, config);
    let ready = tokio::time::timeout(WAIT, shard.next_event(EventTypeFlags::READY))
        .await
        .expect("READY in time");
    assert!(matches!(ready, Some(Ok(Event::Ready(_)))), "{ready:?}");
    let (status, posted) = request(
        &addr,
        "POST",
        &format!("/sandbox/channels/{channel}/messages"),
        Some(json!({"author_id": alice, "content": "hello standalone"})),
    )
    .await;
    assert!((200..300).contains(&status), "{status} {posted}");
    let event = tokio::time::timeout(WAIT, shard.next_event(EventTypeFlags::MESSAGE_CREATE))
        .await
        .expect("MESSAGE_CREATE in time");
    let Some(Ok(Event::MessageCreate(message))) = event else {
        panic!("not a MESSAGE_CREATE: {event:?}");
    };
    assert_eq!(message.content, "hello standalone");
    assert_eq!(message.author.id.to_string(), alice);

    // The control API sees the shard and the message.
    let (_, shards) = request(&addr, "GET", "/sandbox/shards", None).await;
    assert_eq!(shards.as_array().map(Vec::len), Some(1), "{shards}");
    assert_eq!(shards[0]["connected"], true, "{shards}");
    let (_, messages) = request(
        &addr,
        "GET",
        &format!("/sandbox/channels/{channel}/messages"),
        None,
    )
    .await;
    let contents: Vec<_> = messages
        .as_array()
        .expect("messages")
        .iter()
        .map(|stored| stored["message"]["content"].clone())
        .collect();
    assert_eq!(contents, [Value::from("hello standalone")]);
}
