//! Shared by `tests/example_*.rs`: the sandbox, its users, a throwaway
//! SQLite file, and waits for what the bot sends (all with timeouts).

#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod process;

use std::{
    path::PathBuf,
    sync::atomic::{AtomicU32, Ordering},
    time::Duration,
};

use twilight_model::{
    channel::message::{Component, Message},
    id::{
        Id,
        marker::{ChannelMarker, MessageMarker, UserMarker},
    },
};
use views_sandbox::{Reply, ReplyKind, Sandbox, SandboxConfig};

/// Upper bound for anything the bot does in reaction to a step.
pub const WAIT: Duration = Duration::from_secs(10);

/// A sandbox on a free port.
pub async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxConfig::default().port(0))
        .await
        .expect("sandbox starts")
}

/// The fixture user `index` (0 = alice, 1 = bob, 2 = carol).
pub fn user(sandbox: &Sandbox, index: usize) -> Id<UserMarker> {
    sandbox.fixtures().users[index].id
}

/// `#general`.
pub fn channel(sandbox: &Sandbox) -> Id<ChannelMarker> {
    sandbox.fixtures().channel_id
}

/// Sequence number of the latest reply so far (`None`: no reply yet).
pub fn last_seq(sandbox: &Sandbox) -> Option<u64> {
    sandbox.replies().last().map(|reply| reply.seq)
}

/// `user` posts `content` in `#general`; waits for the bot's message with
/// `expected` content created after it.
pub async fn post_and_wait(
    sandbox: &Sandbox,
    user: Id<UserMarker>,
    content: &str,
    expected: &str,
) -> Message {
    let after = last_seq(sandbox);
    sandbox
        .post_user_message(channel(sandbox), user, content)
        .expect("message posted");
    let reply = sandbox
        .wait_reply_matching(WAIT, |reply| {
            reply.kind == ReplyKind::CreateMessage
                && after.is_none_or(|after| reply.seq > after)
                && reply
                    .message
                    .as_ref()
                    .is_some_and(|message| message.content == expected)
        })
        .await
        .unwrap_or_else(|error| panic!("no bot message {expected:?} after {content:?}: {error}"));
    reply.message.expect("created message")
}

/// `user` clicks `custom_id` on `message`; returns the first answer.
pub async fn click(
    sandbox: &Sandbox,
    message: Id<MessageMarker>,
    custom_id: &str,
    user: Id<UserMarker>,
) -> Reply {
    let interaction = sandbox
        .click(message, custom_id, user)
        .expect("click accepted");
    sandbox
        .wait_reply(interaction, WAIT)
        .await
        .unwrap_or_else(|error| panic!("no answer to a click on {custom_id}: {error}"))
}

/// The content of an interaction answer sent as a new message (callback
/// type 4), and whether only the clicker sees it.
pub fn answer(reply: &Reply) -> (&str, bool) {
    assert_eq!(
        reply.kind,
        ReplyKind::Callback { response_type: 4 },
        "answered with a message: {reply:?}"
    );
    let content = reply
        .message
        .as_ref()
        .map(|message| message.content.as_str())
        .expect("answer message");
    (content, reply.ephemeral)
}

/// `(custom_id, label)` of every button of `message`, row by row.
pub fn buttons(message: &Message) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for row in &message.components {
        let Component::ActionRow(row) = row else {
            panic!("top-level component is not an action row: {row:?}");
        };
        for component in &row.components {
            let Component::Button(button) = component else {
                panic!("not a button: {component:?}");
            };
            out.push((
                button.custom_id.clone().unwrap_or_default(),
                button.label.clone().unwrap_or_default(),
            ));
        }
    }
    out
}

/// Bot messages created in `#general` with `content`.
pub fn bot_messages_with(sandbox: &Sandbox, content: &str) -> usize {
    sandbox
        .replies()
        .iter()
        .filter(|reply| {
            reply.kind == ReplyKind::CreateMessage
                && reply
                    .message
                    .as_ref()
                    .is_some_and(|message| message.content == content)
        })
        .count()
}

/// A SQLite file in the temp dir, removed (with its WAL files) on drop.
pub struct TempDb(PathBuf);

impl TempDb {
    /// A fresh path for test `name`.
    pub fn new(name: &str) -> Self {
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let path = std::env::temp_dir().join(format!(
            "twilight-views-{name}-{}-{}.db",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        let db = Self(path);
        db.remove();
        db
    }

    /// `sqlite://PATH` for `DATABASE_URL`.
    pub fn url(&self) -> String {
        format!("sqlite://{}", self.0.display())
    }

    fn remove(&self) {
        for suffix in ["", "-wal", "-shm", "-journal"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Drop for TempDb {
    fn drop(&mut self) {
        self.remove();
    }
}

/// Waits until the bot has bound a view to `message`. The bot binds right
/// after Discord (here the sandbox) returns the sent message, so a test
/// clicking faster than a person could would otherwise race the binding.
pub async fn wait_bound(router: &twilight_views::ViewRouter, message: Id<MessageMarker>) {
    tokio::time::timeout(WAIT, async {
        while !router.is_bound(message) {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("no view bound to message {message}"));
}

/// Waits until the store at `db` holds a row for `message`: a bot in
/// another process binds the view right after the message is sent, so a
/// first click could otherwise race the binding.
pub async fn wait_stored(db: &TempDb, message: Id<MessageMarker>) {
    let store = twilight_views::open_store(&db.url()).await.expect("store");
    tokio::time::timeout(WAIT, async {
        while store.load(message.get()).await.expect("load").is_none() {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the view of message {message} was never stored"));
}

/// Waits until the bot has registered the global command `name` (examples
/// register theirs at start-up).
pub async fn wait_command(sandbox: &Sandbox, name: &str) {
    wait_registered(sandbox, None, name).await;
}

/// Waits until the bot has registered `name` in the sandbox's guild (the
/// examples whose command is a guild's, as their originals' are).
pub async fn wait_guild_command(sandbox: &Sandbox, name: &str) {
    wait_registered(sandbox, Some(sandbox.fixtures().guild_id), name).await;
}

async fn wait_registered(
    sandbox: &Sandbox,
    guild: Option<Id<twilight_model::id::marker::GuildMarker>>,
    name: &str,
) {
    tokio::time::timeout(WAIT, async {
        while !sandbox
            .commands(guild)
            .iter()
            .any(|command| command.name == name)
        {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("the bot never registered /{name}"));
}

/// `user` runs `/name` (no options) in `#general`; returns the bot's first
/// answer.
pub async fn run_command(sandbox: &Sandbox, user: Id<UserMarker>, name: &str) -> Reply {
    wait_command(sandbox, name).await;
    let interaction = sandbox
        .run_command(user, channel(sandbox), name, serde_json::Value::Null)
        .unwrap_or_else(|error| panic!("/{name} refused: {error}"));
    sandbox
        .wait_reply(interaction, WAIT)
        .await
        .unwrap_or_else(|error| panic!("no answer to /{name}: {error}"))
}
