//! End to end: the counter example and the sandbox in one process.

use std::time::{Duration, Instant};

use views_sandbox::{ReplyKind, Sandbox, SandboxConfig};

use crate::{
    Report, counter,
    machine::{per_second, target_dir, thousands},
};

pub(crate) fn e2e_section(report: &mut Report, quick: bool) {
    eprintln!("end to end (counter example on the sandbox)...");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let clicks = if quick { 500 } else { 5_000 };
    let messages = 16;
    let (rate, answered) = runtime.block_on(e2e(clicks, messages));
    report.row(
        format!("end to end, counter bot on the sandbox ({messages} messages, SQLite)"),
        format!("{}/s ({answered}/{clicks} answered)", thousands(rate)),
        "",
        "",
    );
    report.notes.push(
        "end to end: examples/counter.rs (gateway in, ephemeral callback out, state saved in a \
         SQLite WAL store per click) and the sandbox share the 2 cores and the bench's process"
            .to_owned(),
    );
    let (rate, answered) = runtime.block_on(e2e_gateway_windowed(clicks, messages));
    report.row(
        format!(
            "end to end, gateway, {WINDOW} clicks in flight ({messages} counters from /counter)"
        ),
        format!("{}/s ({answered}/{clicks} answered)", thousands(rate)),
        "",
        "",
    );
    let (rate, answered) = runtime.block_on(e2e_http(clicks, messages));
    report.row(
        format!("end to end, HTTP interactions, {WINDOW} clicks in flight (same)"),
        format!("{}/s ({answered}/{clicks} answered)", thousands(rate)),
        "",
        "",
    );
    report.notes.push(
        "end to end over HTTP: the same counter as an InteractionsEndpoint (DISCORD_INTERACTIONS=http); \
         the sandbox signs each click with Ed25519, POSTs it over loopback (a new connection each) \
         and applies the response body as the callback; both windowed rows keep 64 clicks \
         unanswered at most, the gateway one through the callback REST request"
            .to_owned(),
    );
    let current = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let (n, clicks) = if quick {
        (100_000, 10_000)
    } else {
        (crate::MILLION, 100_000)
    };
    let (rate, verify) = endpoint_throughput(&current, n, clicks);
    report.row(
        format!(
            "HTTP endpoint: verified &self click, N={} (one thread)",
            thousands(n as f64)
        ),
        format!("{}/s", thousands(rate)),
        ">= 20,000/s per core",
        "",
    );
    report.row(
        "  of which Ed25519 verification alone (ed25519-dalek)",
        format!("{}/s", thousands(verify)),
        "",
        "",
    );
    report.notes.push(
        "HTTP endpoint: InteractionsEndpoint::handle on a current-thread runtime: headers and \
         timestamp read, signature verified, body parsed, the click dispatched to a stored view \
         (MemoryStore, all cached) whose handler answers nothing, the router's acknowledgement \
         (type 6) returned as the body; requests signed before timing"
            .to_owned(),
    );
}

async fn e2e(clicks: usize, messages: usize) -> (f64, usize) {
    use counter::{
        CounterBot,
        support::{Settings, spawn},
    };
    const WAIT: Duration = Duration::from_secs(30);
    let sandbox = Sandbox::start(SandboxConfig::default().port(0))
        .await
        .expect("sandbox");
    let dir = target_dir().join("bench-data");
    let db = dir.join("e2e.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let settings = Settings {
        database_url: format!("sqlite://{}", db.display()),
        ..Settings::sandbox(&sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    let fixtures = sandbox.fixtures();
    let (channel, users) = (fixtures.channel_id, fixtures.users.clone());
    let mut ids = Vec::new();
    for _ in 0..messages {
        let after = sandbox.replies().last().map(|reply| reply.seq);
        sandbox
            .post_user_message(channel, users[0].id, "!view")
            .expect("post");
        let reply = sandbox
            .wait_reply_matching(WAIT, |reply| {
                reply.kind == ReplyKind::CreateMessage
                    && after.is_none_or(|after| reply.seq > after)
            })
            .await
            .expect("the bot sends the view");
        let id = reply.message_id.expect("message id");
        while !bot.bot.router.is_bound(id) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        ids.push(id);
    }
    let start = Instant::now();
    let mut interactions = Vec::with_capacity(clicks);
    for i in 0..clicks {
        let user = users[i % users.len()].id;
        interactions.push(
            sandbox
                .click(ids[i % messages], "counter:increment", user)
                .expect("click"),
        );
    }
    let mut answered = 0;
    for interaction in interactions {
        if sandbox.wait_reply(interaction, WAIT).await.is_ok() {
            answered += 1;
        }
    }
    let elapsed = start.elapsed();
    bot.stop().await.expect("bot stops");
    sandbox.shutdown().await;
    (per_second(answered, elapsed), answered)
}

// ------------------------------------------------------------ persistence

// ------------------------------------------------------ HTTP interactions

/// How many clicks are in flight at once in the gateway-vs-HTTP rows: a
/// steady crowd rather than one burst, which over HTTP would be thousands
/// of connections opened at once.
const WINDOW: usize = 64;

/// Clicks `clicks` times round-robin over `ids` with at most `WINDOW`
/// unanswered; the rate of answered clicks.
async fn windowed_clicks(
    sandbox: &Sandbox,
    ids: &[twilight_model::id::Id<twilight_model::id::marker::MessageMarker>],
    clicks: usize,
) -> (f64, usize) {
    const WAIT: Duration = Duration::from_secs(30);
    let users = sandbox.fixtures().users.clone();
    let start = Instant::now();
    let mut in_flight = std::collections::VecDeque::with_capacity(WINDOW);
    let mut answered = 0;
    for i in 0..clicks {
        if in_flight.len() == WINDOW {
            let oldest = in_flight.pop_front().expect("a click in flight");
            answered += usize::from(sandbox.wait_reply(oldest, WAIT).await.is_ok());
        }
        let user = users[i % users.len()].id;
        in_flight.push_back(
            sandbox
                .click(ids[i % ids.len()], "counter:increment", user)
                .expect("click"),
        );
    }
    for interaction in in_flight {
        answered += usize::from(sandbox.wait_reply(interaction, WAIT).await.is_ok());
    }
    (per_second(answered, start.elapsed()), answered)
}

/// The gateway counter bot's rate under the same windowed clicks.
async fn e2e_gateway_windowed(clicks: usize, messages: usize) -> (f64, usize) {
    use counter::{
        CounterBot,
        support::{Settings, spawn},
    };
    const WAIT: Duration = Duration::from_secs(30);
    let sandbox = Sandbox::start(SandboxConfig::default().port(0))
        .await
        .expect("sandbox");
    let db = target_dir().join("bench-data").join("e2e-gateway.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let settings = Settings {
        database_url: format!("sqlite://{}", db.display()),
        ..Settings::sandbox(&sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    let ids = open_counters(&sandbox, &bot.bot.router, messages).await;
    let result = windowed_clicks(&sandbox, &ids, clicks).await;
    bot.stop().await.expect("bot stops");
    sandbox.shutdown().await;
    result
}

/// `/counter` `messages` times; the counters' message ids, once bound.
async fn open_counters(
    sandbox: &Sandbox,
    router: &twilight_views::ViewRouter,
    messages: usize,
) -> Vec<twilight_model::id::Id<twilight_model::id::marker::MessageMarker>> {
    const WAIT: Duration = Duration::from_secs(30);
    let fixtures = sandbox.fixtures();
    let (channel, user) = (fixtures.channel_id, fixtures.users[0].id);
    let mut ids = Vec::new();
    for _ in 0..messages {
        let command = sandbox
            .run_command(user, channel, "counter", serde_json::json!({}))
            .expect("run /counter");
        let reply = sandbox.wait_reply(command, WAIT).await.expect("answered");
        let id = reply.message_id.expect("message id");
        while !router.is_bound(id) {
            tokio::time::sleep(Duration::from_millis(2)).await;
        }
        ids.push(id);
    }
    ids
}

/// The same walk over HTTP interactions: the sandbox signs each click and
/// POSTs it to the counter's endpoint, then applies the response body.
async fn e2e_http(clicks: usize, messages: usize) -> (f64, usize) {
    use counter::{
        CounterBot,
        support::{Settings, http::spawn_http},
    };
    let sandbox = Sandbox::start(SandboxConfig::default().port(0))
        .await
        .expect("sandbox");
    let dir = target_dir().join("bench-data");
    let db = dir.join("e2e-http.sqlite");
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", db.display()));
    }
    let settings = Settings {
        database_url: format!("sqlite://{}", db.display()),
        ..Settings::sandbox(&sandbox)
    };
    let key = sandbox.interactions_public_key();
    let bot = spawn_http::<CounterBot>(settings, &key, ([127, 0, 0, 1], 0).into())
        .await
        .expect("bot starts");
    sandbox
        .set_interactions_endpoint(&[&bot.url])
        .await
        .expect("the endpoint passes validation");
    let ids = open_counters(&sandbox, &bot.bot.router, messages).await;
    let result = windowed_clicks(&sandbox, &ids, clicks).await;
    bot.stop().await.expect("bot stops");
    sandbox.shutdown().await;
    result
}

/// Verified interactions per second through `InteractionsEndpoint::handle`
/// on one thread: signature check, parse, dispatch of a read-only click on
/// one of `n` stored views, the router's acknowledgement as the body. The
/// requests are signed before the clock starts (Discord's side).
fn endpoint_throughput(runtime: &tokio::runtime::Runtime, n: u64, clicks: usize) -> (f64, f64) {
    use ed25519_dalek::{Signer as _, SigningKey, Verifier as _};
    use twilight_views::endpoint::InteractionsEndpoint;

    use crate::common::{self, ACK, Rng};

    let key = SigningKey::from_bytes(&[3; 32]);
    let public: String = key
        .verifying_key()
        .as_bytes()
        .iter()
        .map(|byte| format!("{byte:02x}"))
        .collect();
    let router = runtime.block_on(common::memory_router(n));
    let endpoint = InteractionsEndpoint::new(router, &public).expect("endpoint");
    let timestamp = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("clock")
        .as_secs()
        .to_string();
    let mut rng = Rng::new(n ^ 0x5151);
    let requests: Vec<(http::HeaderMap, Vec<u8>)> = (0..clicks)
        .map(|i| {
            let (message, _) = rng.click(n, ACK);
            let body = common::interaction_json(i as u64 + 1, message, ACK).into_bytes();
            let mut signed = timestamp.as_bytes().to_vec();
            signed.extend_from_slice(&body);
            let signature: String = key
                .sign(&signed)
                .to_bytes()
                .iter()
                .map(|byte| format!("{byte:02x}"))
                .collect();
            let mut headers = http::HeaderMap::new();
            headers.insert("x-signature-ed25519", signature.parse().expect("header"));
            headers.insert("x-signature-timestamp", timestamp.parse().expect("header"));
            (headers, body)
        })
        .collect();
    // The floor: one Ed25519 verification, as every endpoint pays it.
    let (headers, body) = &requests[0];
    let signature =
        ed25519_dalek::Signature::from_bytes(&hex_bytes(headers["x-signature-ed25519"].as_bytes()));
    let mut signed = timestamp.as_bytes().to_vec();
    signed.extend_from_slice(body);
    let verifying = key.verifying_key();
    let rounds = clicks.min(20_000);
    let start = Instant::now();
    for _ in 0..rounds {
        std::hint::black_box(verifying.verify(&signed, &signature)).expect("verifies");
    }
    let verify_rate = per_second(rounds, start.elapsed());
    let ok = runtime.block_on(async {
        let start = Instant::now();
        let mut ok = 0;
        for (headers, body) in &requests {
            if endpoint.handle(headers, body).await.status() == 200 {
                ok += 1;
            }
        }
        (ok, start.elapsed())
    });
    let (answered, elapsed) = ok;
    assert!(
        answered * 10 >= clicks * 8,
        "{answered}/{clicks} answered 200"
    );
    (per_second(answered, elapsed), verify_rate)
}

fn hex_bytes(text: &[u8]) -> [u8; 64] {
    let mut out = [0; 64];
    for (byte, pair) in out.iter_mut().zip(text.chunks_exact(2)) {
        let digit = |d: u8| (d as char).to_digit(16).expect("hex") as u8;
        *byte = digit(pair[0]) << 4 | digit(pair[1]);
    }
    out
}
