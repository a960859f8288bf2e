//! `examples/counter.rs` against the sandbox: per-message counts, ephemeral
//! answers with thousands separators, counts that survive a restart, and
//! the metrics it serves for Prometheus.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/counter.rs"]
mod counter;
mod support;

use std::collections::BTreeMap;

use counter::{
    Counter, CounterBot, metrics_from_env,
    support::{RunningBot, Settings, http::spawn_http, spawn, walkthrough},
    thousands,
};
use support::{
    TempDb, WAIT, answer, bot_messages_with, buttons, click, post_and_wait,
    process::{BotProcess, READY_LINE, child_spec},
    user, wait_bound, wait_stored,
};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use twilight_views::View;
use views_sandbox::Sandbox;

const INCREMENTED: &str = "You have incremented this message's count to";

async fn start(sandbox: &Sandbox, db: &TempDb) -> RunningBot {
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(sandbox)
    };
    let bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");
    bot
}

async fn stop(sandbox: &Sandbox, bot: RunningBot) {
    bot.stop().await.expect("clean shutdown");
    sandbox.wait_connected(0, WAIT).await.expect("bot gone");
}

#[test]
fn thousands_separators() {
    assert_eq!(thousands(0), "0");
    assert_eq!(thousands(7), "7");
    assert_eq!(thousands(999), "999");
    assert_eq!(thousands(1_000), "1,000");
    assert_eq!(thousands(12_345), "12,345");
    assert_eq!(thousands(999_999), "999,999");
    assert_eq!(thousands(1_000_000), "1,000,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
    assert_eq!(thousands(u64::MAX), "18,446,744,073,709,551,615");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counts_per_message_and_across_restarts() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("counter");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    // Only messages ending with `!view` get the view.
    sandbox
        .post_user_message(support::channel(&sandbox), alice, "!view is what I type")
        .expect("posted");
    let first = post_and_wait(&sandbox, alice, "show me !view", "Hello world!").await;
    wait_bound(&bot.bot.router, first.id).await;
    assert_eq!(
        buttons(&first),
        [("counter:increment".to_owned(), "Increment".to_owned())]
    );

    for n in 1..=3 {
        let reply = click(&sandbox, first.id, "counter:increment", alice).await;
        assert_eq!(
            answer(&reply),
            (format!("{INCREMENTED} {n}!").as_str(), true)
        );
    }
    // The count belongs to the message, not to the user.
    let reply = click(&sandbox, first.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 4!").as_str(), true));

    // A second message has its own count.
    let second = post_and_wait(&sandbox, bob, "!view", "Hello world!").await;
    wait_bound(&bot.bot.router, second.id).await;
    let reply = click(&sandbox, second.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 1!").as_str(), true));

    // Restart: counts come back from DATABASE_URL.
    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    let reply = click(&sandbox, first.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 5!").as_str(), true));
    let reply = click(&sandbox, second.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 2!").as_str(), true));

    // Thousands separators on the way out: a counter sent and bound at 999
    // the way the example does it.
    let counter = Counter { count: 999 };
    let third = bot
        .bot
        .http
        .create_message(support::channel(&sandbox))
        .content("Hello world!")
        .components(&counter.components())
        .await
        .expect("sent")
        .model()
        .await
        .expect("message");
    bot.bot.router.bind(third.id, counter).await.expect("bound");
    let reply = click(&sandbox, third.id, "counter:increment", alice).await;
    assert_eq!(
        answer(&reply),
        (format!("{INCREMENTED} 1,000!").as_str(), true)
    );

    // The message that did not end with `!view` got nothing.
    assert_eq!(bot_messages_with(&sandbox, "Hello world!"), 3);

    // Deleting a message (MESSAGE_DELETE) forgets its counter, in the store too.
    let router = bot.bot.router.clone();
    assert!(
        router
            .store()
            .load(second.id.get())
            .await
            .expect("store")
            .is_some()
    );
    bot.bot
        .http
        .delete_message(support::channel(&sandbox), second.id)
        .await
        .expect("deleted");
    tokio::time::timeout(WAIT, async {
        while router
            .store()
            .load(second.id.get())
            .await
            .expect("store")
            .is_some()
        {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the deleted message's view is forgotten");
    assert!(!router.is_bound(second.id));

    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}

/// `/counter` opens the same counter as `!view`, bound to the command's
/// reply and stored: it counts on after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn slash_counter_opens_a_stored_counter() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("counter-slash");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let bot = start(&sandbox, &db).await;

    let reply = support::run_command(&sandbox, alice, "counter").await;
    assert_eq!(answer(&reply), ("Hello world!", false));
    let message = reply.message.expect("the reply is a message");
    assert_eq!(
        buttons(&message),
        [("counter:increment".to_owned(), "Increment".to_owned())]
    );
    // Clicked at once: the router holds the click until the view is bound.
    let reply = click(&sandbox, message.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 1!").as_str(), true));

    stop(&sandbox, bot).await;
    let bot = start(&sandbox, &db).await;
    let reply = click(&sandbox, message.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 2!").as_str(), true));
    stop(&sandbox, bot).await;
    sandbox.shutdown().await;
}

/// `DISCORD_INTERACTIONS=http`: the same bot answers the sandbox's signed
/// POSTs without a gateway connection; `/counter` and its clicks behave
/// as above, across a restart too; a message (`!view`) reaches nobody, and
/// the walkthrough says so.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_counter_works_over_http_interactions() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("counter-http");
    let (alice, bob) = (user(&sandbox, 0), user(&sandbox, 1));
    let start_http = || async {
        let settings = Settings {
            database_url: db.url(),
            ..Settings::sandbox(&sandbox)
        };
        let key = sandbox.interactions_public_key();
        let any_port = ([127, 0, 0, 1], 0).into();
        let bot = spawn_http::<CounterBot>(settings, &key, any_port)
            .await
            .expect("bot starts");
        sandbox
            .set_interactions_endpoint(&[&bot.url])
            .await
            .expect("the endpoint passes the sandbox's validation");
        bot
    };
    let bot = start_http().await;
    assert_eq!(sandbox.shards().len(), 0, "no gateway connection");

    let reply = support::run_command(&sandbox, alice, "counter").await;
    assert_eq!(answer(&reply), ("Hello world!", false));
    let message = reply.message.expect("the reply is a message");
    let reply = click(&sandbox, message.id, "counter:increment", bob).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 1!").as_str(), true));

    let text = walkthrough::<CounterBot>(&sandbox);
    assert!(text.contains(&bot.url), "{text}");
    assert!(text.contains("gets no message events"), "{text}");

    bot.stop().await.expect("clean shutdown");
    let bot = start_http().await;
    let reply = click(&sandbox, message.id, "counter:increment", alice).await;
    assert_eq!(answer(&reply), (format!("{INCREMENTED} 2!").as_str(), true));
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn walkthrough_names_the_sandbox_the_user_and_the_button() {
    let sandbox = support::sandbox().await;
    let text = walkthrough::<CounterBot>(&sandbox);
    let alice = user(&sandbox, 0);
    let channel = support::channel(&sandbox);
    assert!(text.contains("No DISCORD_TOKEN set"), "{text}");
    assert!(text.contains(&sandbox.web_url()), "{text}");
    assert!(
        text.contains(&format!(
            "curl -s -X POST -H 'Content-Type: application/json' {}/channels/{channel}/messages -d '{{\"author_id\":\"{alice}\",\"content\":\"!view\"}}'",
            sandbox.control_url()
        )),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "curl -s -X POST -H 'Content-Type: application/json' {}/click -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"counter:increment\",\"user_id\":\"{alice}\"}}'",
            sandbox.control_url()
        )),
        "{text}"
    );
    sandbox.shutdown().await;
}

/// Set in the child process of the metrics test:
/// `gateway URL|REST host:port|DATABASE_URL`.
const METRICS_CHILD_ENV: &str = "TWILIGHT_VIEWS_METRICS_CHILD";
const METRICS_TEST: &str = "metrics_for_prometheus_count_every_click";

/// The metrics recorder is global to a process, and the other tests of this
/// binary click too: the bot runs in a process of its own (this test's
/// binary again), with `METRICS_ADDR` set as a user would set it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_for_prometheus_count_every_click() {
    if let Ok(spec) = std::env::var(METRICS_CHILD_ENV) {
        return metrics_child(&spec).await;
    }
    const CLICKS: u64 = 5;
    let sandbox = support::sandbox().await;
    let db = TempDb::new("counter-metrics");
    let alice = user(&sandbox, 0);
    let addr = free_local_addr();
    let bot = BotProcess::start(
        &sandbox,
        &db,
        METRICS_TEST,
        METRICS_CHILD_ENV,
        &[("METRICS_ADDR", &addr)],
    )
    .await;

    let message = post_and_wait(&sandbox, alice, "!view", "Hello world!").await;
    wait_stored(&db, message.id).await;
    for n in 1..=CLICKS {
        let reply = click(&sandbox, message.id, "counter:increment", alice).await;
        assert_eq!(
            answer(&reply),
            (format!("{INCREMENTED} {n}!").as_str(), true)
        );
    }

    // The answer reaches the sandbox before `dispatch` returns and counts
    // the click: wait until the last one is counted.
    let handled = series("twilight_views_dispatches_total", &[("outcome", "handled")]);
    let metrics = tokio::time::timeout(WAIT, async {
        loop {
            let metrics = scrape(&addr).await;
            if metrics.get(&handled) == Some(&(CLICKS as f64)) {
                return metrics;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{handled} never reached {CLICKS}"));
    let count = |name: &str, labels: &[(&str, &str)]| {
        let key = series(name, labels);
        metrics
            .samples
            .get(&key)
            .copied()
            .unwrap_or_else(|| panic!("no {key} in:\n{}", metrics.text))
    };
    let clicks = CLICKS as f64;
    assert_eq!(
        count(
            "twilight_views_handler_duration_seconds_count",
            &[("view", "Counter"), ("item", "increment")]
        ),
        clicks
    );
    // Each click: acknowledged once, its lease taken, its state committed,
    // its view found in memory (`bind` put it there).
    assert_eq!(
        count("twilight_views_acknowledge_duration_seconds_count", &[]),
        clicks
    );
    assert_eq!(
        count("twilight_views_store_lease_duration_seconds_count", &[]),
        clicks
    );
    assert_eq!(
        count("twilight_views_store_commit_duration_seconds_count", &[]),
        clicks
    );
    assert_eq!(count("twilight_views_cache_hits_total", &[]), clicks);
    // No other outcome, and the handler never needed the router's defer.
    let dispatches: f64 = metrics
        .samples
        .iter()
        .filter(|(key, _)| key.starts_with("twilight_views_dispatches_total{"))
        .map(|(_, value)| value)
        .sum();
    assert_eq!(dispatches, clicks, "{}", metrics.text);
    assert!(
        !metrics.text.contains("twilight_views_auto_defers_total"),
        "{}",
        metrics.text
    );
    // `describe` gave units and descriptions; the buckets make histograms.
    assert!(
        metrics
            .text
            .contains("# HELP twilight_views_dispatches_total Interactions passed to"),
        "{}",
        metrics.text
    );
    assert!(
        metrics
            .text
            .contains("# TYPE twilight_views_acknowledge_duration_seconds histogram"),
        "{}",
        metrics.text
    );
    drop(bot);
    sandbox.shutdown().await;
}

/// The bot process: the counter example's metrics (from `METRICS_ADDR`, as
/// its `main` reads them) and its bot, until it is killed.
async fn metrics_child(spec: &str) {
    let (gateway, api, database_url) = child_spec(METRICS_CHILD_ENV, spec);
    let addr = metrics_from_env().expect("metrics exporter starts");
    assert!(addr.is_some(), "METRICS_ADDR is set");
    let settings = Settings {
        token: "sandbox-token".to_owned(),
        gateway_url: Some(gateway),
        api: Some((api, true)),
        database_url,
        guild_id: None,
    };
    let _bot = spawn::<CounterBot>(settings).await.expect("bot starts");
    println!("{READY_LINE}");
    std::future::pending::<()>().await;
}

/// `127.0.0.1:PORT` with a port free a moment ago.
fn free_local_addr() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free port");
    listener.local_addr().expect("its address").to_string()
}

/// What one `GET /metrics` returned: the text, and its samples by series.
struct Scrape {
    text: String,
    samples: BTreeMap<String, f64>,
}

impl Scrape {
    fn get(&self, series: &str) -> Option<&f64> {
        self.samples.get(series)
    }
}

/// `name{a="1",b="2"}` with the labels sorted, as [`scrape`] keys samples.
fn series(name: &str, labels: &[(&str, &str)]) -> String {
    let mut labels = labels.to_vec();
    labels.sort_unstable();
    if labels.is_empty() {
        return name.to_owned();
    }
    let labels: Vec<String> = labels
        .iter()
        .map(|(key, value)| format!("{key}=\"{value}\""))
        .collect();
    format!("{name}{{{}}}", labels.join(","))
}

/// `GET /metrics` (HTTP/1.0: the answer is the body until the connection
/// closes), parsed into samples. Label values here hold no `,` or `"`.
async fn scrape(addr: &str) -> Scrape {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .expect("the metrics endpoint accepts connections");
    stream
        .write_all(b"GET /metrics HTTP/1.0\r\n\r\n")
        .await
        .expect("request sent");
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .expect("response read");
    let (head, text) = response.split_once("\r\n\r\n").expect("an HTTP response");
    assert!(
        head.starts_with("HTTP/1.0 200") || head.starts_with("HTTP/1.1 200"),
        "{head}"
    );
    let mut samples = BTreeMap::new();
    for line in text.lines().filter(|line| !line.starts_with('#')) {
        let Some((series_text, value)) = line.rsplit_once(' ') else {
            continue;
        };
        let value: f64 = value.parse().expect("a sample value");
        let key = match series_text.split_once('{') {
            None => series_text.to_owned(),
            Some((name, labels)) => {
                let labels: Vec<(&str, &str)> = labels
                    .trim_end_matches('}')
                    .split(',')
                    .filter_map(|label| label.split_once('='))
                    .map(|(key, value)| (key, value.trim_matches('"')))
                    .collect();
                series(name, &labels)
            }
        };
        samples.insert(key, value);
    }
    Scrape {
        text: text.to_owned(),
        samples,
    }
}
