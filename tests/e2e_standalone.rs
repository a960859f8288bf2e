//! The counter example as its own process, configured only by the
//! environment (`DISCORD_GATEWAY_URL`, `DISCORD_API_URL`, `DATABASE_URL`,
//! no `DISCORD_TOKEN`), against a sandbox started separately: it connects
//! there instead of starting its own, and answers a click.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../examples/counter.rs"]
mod counter;
mod support;

use std::{
    io::{BufRead, BufReader},
    process::{Child, Command, Stdio},
    sync::mpsc,
};

use counter::CounterBot;
use support::{TempDb, WAIT, answer, click, post_and_wait, user};

/// Set in the child: run the example's `main` (then the environment alone
/// says where to connect).
const CHILD_ENV: &str = "TWILIGHT_VIEWS_E2E_STANDALONE_CHILD";
const TEST_NAME: &str = "counter_example_uses_the_sandbox_named_by_the_environment";

/// The example process, killed when dropped (also when the test fails).
struct Example {
    child: Child,
    lines: mpsc::Receiver<String>,
}

impl Example {
    /// Starts the example's `main` in a process with `env` (and no
    /// `DISCORD_*` variables besides those).
    fn start(env: &[(&str, String)]) -> Self {
        let mut command = Command::new(std::env::current_exe().expect("test binary"));
        command
            .args(["--exact", TEST_NAME, "--nocapture"])
            .env(CHILD_ENV, "1")
            .env_remove("DISCORD_TOKEN")
            .env_remove("DISCORD_GATEWAY_URL")
            .env_remove("DISCORD_API_URL")
            .env_remove("VIEWS_SANDBOX_PORT")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        for (name, value) in env {
            command.env(name, value);
        }
        let mut child = command.spawn().expect("spawn the example");
        let (send, lines) = mpsc::channel();
        // Both streams, drained to the end so the child never blocks.
        let stdout = child.stdout.take().expect("stdout");
        let stderr = child.stderr.take().expect("stderr");
        let out = send.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = out.send(line);
            }
        });
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                let _ = send.send(line);
            }
        });
        Self { child, lines }
    }

    /// Everything printed up to and including the first line containing
    /// `needle`; panics with the output so far if it does not come in time.
    fn wait_line(&self, needle: &str) -> String {
        let mut seen = String::new();
        loop {
            match self.lines.recv_timeout(WAIT) {
                Ok(line) => {
                    seen.push_str(&line);
                    seen.push('\n');
                    if line.contains(needle) {
                        return seen;
                    }
                }
                Err(_) => panic!("the example never printed {needle:?}; it printed:\n{seen}"),
            }
        }
    }
}

impl Drop for Example {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counter_example_uses_the_sandbox_named_by_the_environment() {
    if std::env::var_os(CHILD_ENV).is_some() {
        let code = counter::support::main::<CounterBot>().await;
        std::process::exit(if code == std::process::ExitCode::SUCCESS {
            0
        } else {
            1
        });
    }
    let sandbox = support::sandbox().await;
    let db = TempDb::new("e2e-standalone");
    let alice = user(&sandbox, 0);

    let example = Example::start(&[
        ("DISCORD_GATEWAY_URL", sandbox.gateway_url()),
        // The URL form a user copies (scheme and path are accepted).
        ("DISCORD_API_URL", sandbox.api_url()),
        ("DATABASE_URL", db.url()),
    ]);
    let printed = example.wait_line("Connecting to gateway");
    assert!(
        printed.contains(&format!(
            "Connecting to gateway {} and REST {}.",
            sandbox.gateway_url(),
            sandbox.api_host_port()
        )),
        "{printed}"
    );
    assert!(!printed.contains("No DISCORD_TOKEN set"), "{printed}");
    sandbox
        .wait_connected(1, WAIT)
        .await
        .expect("the example connects to this sandbox");

    let message = post_and_wait(&sandbox, alice, "!view", "Hello world!").await;
    // The example binds after the message is sent: wait for the stored row
    // so the click does not race the bind.
    let store = twilight_views::open_store(&db.url()).await.expect("store");
    tokio::time::timeout(WAIT, async {
        while store.load(message.id.get()).await.expect("load").is_none() {
            tokio::time::sleep(std::time::Duration::from_millis(5)).await;
        }
    })
    .await
    .expect("the view is bound");
    for n in 1..=2 {
        let reply = click(&sandbox, message.id, "counter:increment", alice).await;
        assert_eq!(
            answer(&reply),
            (
                format!("You have incremented this message's count to {n}!").as_str(),
                true
            )
        );
    }
    drop(example);
    sandbox.wait_connected(0, WAIT).await.expect("example gone");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_gateway_url_without_an_api_url_is_refused() {
    let sandbox = support::sandbox().await;
    let mut example = Example::start(&[("DISCORD_GATEWAY_URL", sandbox.gateway_url())]);
    let printed = example.wait_line("DISCORD_GATEWAY_URL and DISCORD_API_URL go together");
    assert!(printed.contains("counter: "), "{printed}");
    let status = example.child.wait().expect("exit status");
    assert!(!status.success(), "{status}");
    // It neither started a sandbox of its own nor connected to this one.
    assert!(!printed.contains("No DISCORD_TOKEN set"), "{printed}");
    assert_eq!(sandbox.gateway_counters().0, 0);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn discord_shards_runs_that_many_shards_and_each_answers_its_guilds() {
    let sandbox = support::sandbox().await;
    let db = TempDb::new("e2e-standalone-shards");
    let alice = user(&sandbox, 0);
    // One channel per shard: a guild's events go to `(guild_id >> 22) % 2`.
    let fixtures = sandbox.fixtures();
    let mut by_shard = [None, None];
    by_shard[((fixtures.guild_id.get() >> 22) % 2) as usize] = Some(fixtures.channel_id);
    for n in 0..8 {
        if by_shard.iter().all(Option::is_some) {
            break;
        }
        let (guild, channel) = sandbox.add_guild(&format!("guild-{n}"));
        by_shard[((guild.get() >> 22) % 2) as usize].get_or_insert(channel);
    }
    let by_shard = by_shard.map(|channel| channel.expect("a guild on each shard"));

    // The two lines the standalone sandbox prints, as a user copies them.
    let described = sandbox.describe();
    let printed = |name: &str| {
        described
            .lines()
            .find_map(|line| line.trim().strip_prefix(name)?.strip_prefix('='))
            .unwrap_or_else(|| panic!("no {name} in:\n{described}"))
            .to_owned()
    };
    let example = Example::start(&[
        ("DISCORD_GATEWAY_URL", printed("DISCORD_GATEWAY_URL")),
        ("DISCORD_API_URL", printed("DISCORD_API_URL")),
        ("DATABASE_URL", db.url()),
        ("DISCORD_SHARDS", "2".to_owned()),
    ]);
    example.wait_line("Connecting to gateway");
    sandbox
        .wait_connected(2, WAIT)
        .await
        .expect("the example connects two shards");
    let mut shards: Vec<_> = sandbox
        .shards()
        .iter()
        .map(|shard| (shard.shard, shard.total))
        .collect();
    shards.sort_unstable();
    assert_eq!(shards, [(0, 2), (1, 2)]);

    let store = twilight_views::open_store(&db.url()).await.expect("store");
    for channel in by_shard {
        // The message reaches the bot through one shard, the click through
        // the same one: both answered means both shards work.
        let after = support::last_seq(&sandbox);
        sandbox
            .post_user_message(channel, alice, "!view")
            .expect("posted");
        let reply = sandbox
            .wait_reply_matching(WAIT, |reply| {
                reply.kind == views_sandbox::ReplyKind::CreateMessage
                    && reply.channel_id == Some(channel)
                    && after.is_none_or(|after| reply.seq > after)
            })
            .await
            .unwrap_or_else(|error| panic!("no view in channel {channel}: {error}"));
        let message = reply.message.expect("created message").id;
        tokio::time::timeout(WAIT, async {
            while store.load(message.get()).await.expect("load").is_none() {
                tokio::time::sleep(std::time::Duration::from_millis(5)).await;
            }
        })
        .await
        .expect("the view is bound");
        let reply = click(&sandbox, message, "counter:increment", alice).await;
        assert_eq!(
            answer(&reply),
            ("You have incremented this message's count to 1!", true)
        );
    }
    drop(example);
    sandbox.wait_connected(0, WAIT).await.expect("example gone");
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn zero_shards_is_refused() {
    let sandbox = support::sandbox().await;
    let mut example = Example::start(&[
        ("DISCORD_GATEWAY_URL", sandbox.gateway_url()),
        ("DISCORD_API_URL", sandbox.api_host_port()),
        ("DISCORD_SHARDS", "0".to_owned()),
    ]);
    example.wait_line("DISCORD_SHARDS must be a number of shards (1 or more), not \"0\"");
    assert!(!example.child.wait().expect("exit status").success());
    assert_eq!(sandbox.gateway_counters().0, 0);
    sandbox.shutdown().await;
}
