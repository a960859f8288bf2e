//! Helpers shared by the sandbox integration tests: a real twilight shard and
//! http client pointed at the sandbox, and event waits with timeouts.

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twilight_gateway::{ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt};
use twilight_http::Client;
use views_sandbox::{Sandbox, SandboxConfig};

pub const WAIT: Duration = Duration::from_secs(10);

pub async fn sandbox() -> Sandbox {
    let config = SandboxConfig::default().heartbeat_interval(Duration::from_millis(300));
    let sandbox = Sandbox::start(config).await.expect("sandbox starts");
    // A loaded CI machine must not turn the 3-second rule into flakes: time
    // moves only when a test advances it.
    sandbox.clock().pause();
    sandbox
}

pub fn shard(sandbox: &Sandbox, number: u32, total: u32) -> Shard {
    let config = ConfigBuilder::new(
        "sandbox-token".to_owned(),
        Intents::GUILD_MESSAGES | Intents::MESSAGE_CONTENT | Intents::GUILDS,
    )
    .proxy_url(sandbox.gateway_url())
    .queue(fast_queue())
    .build();
    Shard::with_config(ShardId::new(number, total), config)
}

/// twilight's identify queue spaces identifies 5 s apart (Discord's rule);
/// with max_concurrency 0 it lets them through at once, which the sandbox
/// allows, so re-identifying tests stay fast.
pub fn fast_queue() -> twilight_gateway::queue::InMemoryQueue {
    twilight_gateway::queue::InMemoryQueue::new(0, 1000, Duration::from_secs(86_400), 1000)
}

pub fn http(sandbox: &Sandbox) -> Client {
    Client::builder()
        .token("sandbox-token".to_owned())
        .proxy(sandbox.api_host_port(), true)
        .ratelimiter(None)
        .build()
}

/// Next event matching `pick` (other events are skipped), within [`WAIT`].
pub async fn wait_for<T>(shard: &mut Shard, mut pick: impl FnMut(Event) -> Option<T>) -> T {
    let fut = async {
        loop {
            match shard.next_event(EventTypeFlags::all()).await {
                Some(Ok(event)) => {
                    if let Some(found) = pick(event) {
                        return found;
                    }
                }
                Some(Err(error)) => panic!("gateway error: {error}"),
                None => panic!("shard stream ended"),
            }
        }
    };
    tokio::time::timeout(WAIT, fut)
        .await
        .expect("event in time")
}

/// A minimal HTTP/1.1 JSON request to the control API (`/sandbox` + `path`).
pub async fn control(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, serde_json::Value) {
    let (status, _, body) = raw(sandbox, method, &format!("/sandbox{path}"), body).await;
    (status, body)
}

/// A minimal HTTP/1.1 JSON request with a bot token: status, lower-cased
/// response head, JSON body (`Null` when empty).
pub async fn raw(
    sandbox: &Sandbox,
    method: &str,
    path: &str,
    body: Option<serde_json::Value>,
) -> (u16, String, serde_json::Value) {
    let host = sandbox.addr().to_string();
    let headers = [
        ("Host", host.as_str()),
        ("Content-Type", "application/json"),
        ("Authorization", "Bot sandbox-token"),
    ];
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    send(sandbox.addr(), method, path, &headers, &body).await
}

/// An HTTP/1.1 request to `addr` with exactly these headers (plus
/// Content-Length and Connection): status, lower-cased response head, JSON
/// body (`Null` when empty).
pub async fn send(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String, serde_json::Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    ));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    tokio::time::timeout(WAIT, stream.read_to_end(&mut raw))
        .await
        .expect("response in time")
        .unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    let value = if body.is_empty() {
        serde_json::Value::Null
    } else {
        // Non-JSON bodies (the web page) come back as a string.
        serde_json::from_str(body).unwrap_or_else(|_| serde_json::Value::String(body.to_owned()))
    };
    (status, head.to_ascii_lowercase(), value)
}
