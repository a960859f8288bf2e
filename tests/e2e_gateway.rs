//! A real bot (twilight `Shard`s + twilight-http `Client` + `ViewRouter`)
//! against the sandbox, at the gateway level: a RECONNECT in the middle of
//! a session (with a click sent while the bot is away), a handler whose
//! reply Discord rejects, and a bot running two shards.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

mod support;

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use tokio::{sync::watch, task::JoinHandle};
use twilight_gateway::{
    ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt, queue::InMemoryQueue,
};
use twilight_http::Client;
use twilight_model::{
    channel::message::{
        Component,
        component::{ActionRow, Button, ButtonStyle},
    },
    id::{
        Id,
        marker::{ChannelMarker, GuildMarker, InteractionMarker, MessageMarker},
    },
};
use twilight_views::{HandlerError, Reply, ViewError, ViewErrorKind, ViewRouter, prelude::*};
use views_sandbox::{Reply as SandboxReply, ReplyKind, Sandbox};

use support::{WAIT, answer, click, user};

/// Answers every click with a pong; rejected replies are reported.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
struct Probe;

#[view]
impl Probe {
    #[button(custom_id = "e2e:ping", label = "Ping")]
    async fn ping(&self, ctx: ViewContext) -> ViewResult {
        let guild = ctx.guild_id().map_or(0, Id::get);
        ctx.respond_ephemeral(format!("pong from guild {guild}"))
            .await
    }

    /// Tries a reply Discord rejects (two buttons sharing one custom_id),
    /// then tells the clicker what the error was.
    #[button(custom_id = "e2e:invalid", label = "Invalid")]
    async fn invalid(&self, ctx: ViewContext) -> ViewResult {
        let error = ctx
            .update(Reply::new().components(duplicate_ids()))
            .await
            .expect_err("Discord rejects duplicate custom_ids");
        ctx.respond_ephemeral(format!("handler saw {}", describe(&error)))
            .await
    }

    /// Returns the rejection: `on_error` answers.
    #[button(custom_id = "e2e:invalid-rows", label = "Invalid rows")]
    async fn invalid_rows(&self, ctx: ViewContext) -> ViewResult {
        ctx.update(Reply::new().components(six_rows())).await
    }

    async fn on_error(&mut self, ctx: &ViewContext, error: &HandlerError) {
        let seen = std::error::Error::source(error)
            .and_then(|source| source.downcast_ref::<ViewError>())
            .map_or_else(|| format!("no ViewError: {error}"), describe);
        let _ = ctx.respond_ephemeral(format!("on_error saw {seen}")).await;
    }
}

/// `Discord { status, code }` of an error, in a form the test compares.
fn describe(error: &ViewError) -> String {
    match error.kind() {
        ViewErrorKind::Discord { status, code } => format!("Discord {status} {code:?}"),
        other => format!("{other:?}"),
    }
}

fn button(custom_id: &str) -> Component {
    Component::Button(Button {
        custom_id: Some(custom_id.to_owned()),
        disabled: false,
        emoji: None,
        id: None,
        label: Some("x".to_owned()),
        style: ButtonStyle::Secondary,
        url: None,
        sku_id: None,
    })
}

fn row(components: Vec<Component>) -> Component {
    Component::ActionRow(ActionRow {
        components,
        id: None,
    })
}

/// One row, two buttons, one custom_id.
fn duplicate_ids() -> Vec<Component> {
    vec![row(vec![button("e2e:same"), button("e2e:same")])]
}

/// Six action rows (Discord allows five).
fn six_rows() -> Vec<Component> {
    (0..6)
        .map(|i| row(vec![button(&format!("e2e:row-{i}"))]))
        .collect()
}

/// `(shard number, interaction)` in arrival order.
type Received = Arc<Mutex<Vec<(u32, Id<InteractionMarker>)>>>;

/// A bot of `shards` shards running [`Probe`]; records which shard received
/// each interaction.
struct TestBot {
    http: Arc<Client>,
    received: Received,
    /// `true` stops the shard loops from reading the gateway.
    paused: watch::Sender<bool>,
    /// Loops that acknowledged the pause.
    idle: watch::Receiver<u32>,
    loops: Vec<JoinHandle<()>>,
}

impl TestBot {
    async fn start(sandbox: &Sandbox, shards: u32) -> Self {
        let http = Arc::new(
            Client::builder()
                .token("sandbox-token".to_owned())
                .proxy(sandbox.api_host_port(), true)
                .timeout(WAIT)
                .build(),
        );
        let application_id = http
            .current_user_application()
            .await
            .expect("application")
            .model()
            .await
            .expect("application model")
            .id;
        let router = ViewRouter::builder(http.clone(), application_id)
            .view::<Probe>()
            .build()
            .expect("router");
        router.add_view(Probe).expect("probe added");

        // No 5 s spacing between the shards' IDENTIFYs.
        let queue = InMemoryQueue::new(0, 1000, Duration::from_secs(86_400), 1000);
        let config = ConfigBuilder::new("sandbox-token".to_owned(), Intents::GUILD_MESSAGES)
            .proxy_url(sandbox.gateway_url())
            .queue(queue)
            .build();
        let received = Arc::new(Mutex::new(Vec::new()));
        let (paused, paused_rx) = watch::channel(false);
        let (idle_tx, idle) = watch::channel(0u32);
        let idle_tx = Arc::new(idle_tx);
        let loops = (0..shards)
            .map(|id| {
                let shard = Shard::with_config(ShardId::new(id, shards), config.clone());
                tokio::spawn(shard_loop(
                    shard,
                    router.clone(),
                    received.clone(),
                    paused_rx.clone(),
                    idle_tx.clone(),
                ))
            })
            .collect();
        sandbox
            .wait_connected(shards as usize, WAIT)
            .await
            .expect("every shard connects");
        Self {
            http,
            received,
            paused,
            idle,
            loops,
        }
    }

    /// Stops every shard loop reading the gateway; returns once they all
    /// stand still.
    async fn pause(&mut self) {
        self.paused.send_replace(true);
        let shards = self.loops.len() as u32;
        tokio::time::timeout(WAIT, self.idle.wait_for(|idle| *idle == shards))
            .await
            .expect("loops pause in time")
            .expect("loops alive");
    }

    fn unpause(&self) {
        self.paused.send_replace(false);
    }

    /// The shard that received `interaction`.
    fn shard_of(&self, interaction: Id<InteractionMarker>) -> Option<u32> {
        self.received
            .lock()
            .unwrap()
            .iter()
            .find(|(_, id)| *id == interaction)
            .map(|(shard, _)| *shard)
    }

    /// Sends a message with the probe's buttons to `channel`.
    async fn send_probe(&self, channel: Id<ChannelMarker>) -> Id<MessageMarker> {
        self.http
            .create_message(channel)
            .content("probe")
            .components(&Probe.components())
            .await
            .expect("sent")
            .model()
            .await
            .expect("message")
            .id
    }

    fn stop(self) {
        for handle in self.loops {
            handle.abort();
        }
    }
}

async fn shard_loop(
    mut shard: Shard,
    router: ViewRouter,
    received: Received,
    mut paused: watch::Receiver<bool>,
    idle: Arc<watch::Sender<u32>>,
) {
    let shard_id = shard.id().number();
    loop {
        if *paused.borrow_and_update() {
            idle.send_modify(|idle| *idle += 1);
            let _ = paused.wait_for(|paused| !*paused).await;
            idle.send_modify(|idle| *idle -= 1);
            continue;
        }
        let item = tokio::select! {
            _ = paused.changed() => continue,
            item = shard.next_event(EventTypeFlags::INTERACTION_CREATE) => item,
        };
        match item {
            Some(Ok(Event::InteractionCreate(interaction))) => {
                received.lock().unwrap().push((shard_id, interaction.id));
                let router = router.clone();
                tokio::spawn(async move {
                    router.dispatch(interaction).await;
                });
            }
            Some(_) => {}
            None => return,
        }
    }
}

fn pong(reply: &SandboxReply, guild: Id<GuildMarker>) {
    assert_eq!(
        answer(reply),
        (format!("pong from guild {guild}").as_str(), true)
    );
}

async fn sandbox() -> Sandbox {
    let sandbox = support::sandbox().await;
    // Deadlines move only when the test says so (slow machines).
    sandbox.clock().pause();
    sandbox
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reconnect_resumes_and_replays_a_click_sent_while_away() {
    let sandbox = sandbox().await;
    let alice = user(&sandbox, 0);
    let guild = sandbox.fixtures().guild_id;
    let mut bot = TestBot::start(&sandbox, 1).await;
    let message = bot.send_probe(sandbox.fixtures().channel_id).await;
    pong(&click(&sandbox, message, "e2e:ping", alice).await, guild);
    let (_, identifies, resumes) = sandbox.gateway_counters();
    assert_eq!((identifies, resumes), (1, 0));
    let session = sandbox.shards()[0].session_id.clone();

    // The bot stops reading; the sandbox sends RECONNECT and closes.
    bot.pause().await;
    sandbox.request_reconnect();
    sandbox
        .wait_connected(0, WAIT)
        .await
        .expect("the session is disconnected");
    // A click while the bot is away is kept for the session.
    let away = sandbox
        .click(message, "e2e:ping", alice)
        .expect("click accepted");
    assert!(sandbox.replies_for(away).is_empty());

    bot.unpause();
    sandbox.wait_connected(1, WAIT).await.expect("reconnects");
    let reply = sandbox
        .wait_reply(away, WAIT)
        .await
        .expect("the click sent while away is replayed on RESUME and answered");
    pong(&reply, guild);
    let (_, identifies, resumes) = sandbox.gateway_counters();
    assert_eq!((identifies, resumes), (1, 1), "resumed, not re-identified");
    let shards = sandbox.shards();
    assert_eq!(shards.len(), 1, "{shards:?}");
    assert_eq!(shards[0].session_id, session, "same session");
    assert!(shards[0].connected);

    // And clicks after the resume are answered too, exactly once each.
    for _ in 0..3 {
        pong(&click(&sandbox, message, "e2e:ping", alice).await, guild);
    }
    let answers = sandbox
        .replies()
        .iter()
        .filter(|reply| reply.kind == ReplyKind::Callback { response_type: 4 })
        .count();
    assert_eq!(answers, 5, "every click answered once");
    bot.stop();
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rejected_reply_surfaces_as_discord_400_50035_and_the_bot_goes_on() {
    let sandbox = sandbox().await;
    let alice = user(&sandbox, 0);
    let guild = sandbox.fixtures().guild_id;
    let bot = TestBot::start(&sandbox, 1).await;
    let message = bot.send_probe(sandbox.fixtures().channel_id).await;

    let reply = click(&sandbox, message, "e2e:invalid", alice).await;
    assert_eq!(
        answer(&reply),
        ("handler saw Discord 400 Some(50035)", true)
    );
    pong(&click(&sandbox, message, "e2e:ping", alice).await, guild);

    let reply = click(&sandbox, message, "e2e:invalid-rows", alice).await;
    assert_eq!(
        answer(&reply),
        ("on_error saw Discord 400 Some(50035)", true)
    );
    pong(&click(&sandbox, message, "e2e:ping", alice).await, guild);

    // The rejected updates changed nothing.
    let stored = sandbox.message(message).expect("message");
    assert_eq!(stored.message.components, Probe.components());
    bot.stop();
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shards_each_get_their_guilds_interactions() {
    let sandbox = sandbox().await;
    let alice = user(&sandbox, 0);
    // One guild per shard: `(guild_id >> 22) % 2`.
    let fixtures = sandbox.fixtures();
    let mut by_shard: [Option<(Id<GuildMarker>, Id<ChannelMarker>)>; 2] = [None, None];
    by_shard[((fixtures.guild_id.get() >> 22) % 2) as usize] =
        Some((fixtures.guild_id, fixtures.channel_id));
    for n in 0..8 {
        if by_shard.iter().all(Option::is_some) {
            break;
        }
        let (guild, channel) = sandbox.add_guild(&format!("guild-{n}"));
        by_shard[((guild.get() >> 22) % 2) as usize].get_or_insert((guild, channel));
    }
    let by_shard = by_shard.map(|guild| guild.expect("a guild on each shard"));

    let bot = TestBot::start(&sandbox, 2).await;
    let shards = sandbox.shards();
    let mut numbers: Vec<_> = shards.iter().map(|s| (s.shard, s.total)).collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [(0, 2), (1, 2)]);

    for round in 0..2 {
        for (shard, (guild, channel)) in by_shard.iter().enumerate() {
            let message = bot.send_probe(*channel).await;
            let interaction = sandbox
                .click(message, "e2e:ping", alice)
                .expect("click accepted");
            let reply = sandbox
                .wait_reply(interaction, WAIT)
                .await
                .unwrap_or_else(|error| panic!("round {round}, shard {shard}: {error}"));
            pong(&reply, *guild);
            assert_eq!(
                bot.shard_of(interaction),
                Some(shard as u32),
                "guild {guild} belongs to shard {shard}"
            );
        }
    }
    let received = bot.received.lock().unwrap().len();
    assert_eq!(received, 4, "each interaction delivered once");
    bot.stop();
    sandbox.shutdown().await;
}
