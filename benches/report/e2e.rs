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
