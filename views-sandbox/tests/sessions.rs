//! Gateway sessions: RESUME after a reconnect loses nothing, a bot that
//! crashes and restarts identifies again against unchanged state, and two
//! shards receive the interactions of their own guilds.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{WAIT, http, sandbox, shard, wait_for};
use twilight_gateway::Event;
use twilight_model::channel::message::Component;

fn button_row(custom_id: &str) -> Vec<Component> {
    let row = serde_json::json!({"type": 1, "components": [
        {"type": 2, "style": 1, "label": "b", "custom_id": custom_id}]});
    vec![serde_json::from_value(row).unwrap()]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resume_after_reconnect_replays_missed_interactions() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let mut shard = shard(&sandbox, 0, 1);
    let ready = wait_for(&mut shard, |e| match e {
        Event::Ready(r) => Some(r),
        _ => None,
    })
    .await;
    let message = http(&sandbox)
        .create_message(f.channel_id)
        .content("m")
        .components(&button_row("r:go"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();

    // Ask for a reconnect, and click while the shard is away.
    sandbox.request_reconnect();
    wait_for(&mut shard, |e| {
        matches!(e, Event::GatewayReconnect).then_some(())
    })
    .await;
    let clicked = sandbox.click(message.id, "r:go", f.users[0].id).unwrap();

    let mut resumed = false;
    let interaction = wait_for(&mut shard, |e| match e {
        Event::Resumed => {
            resumed = true;
            None
        }
        Event::InteractionCreate(i) => Some(i),
        _ => None,
    })
    .await;
    assert_eq!(interaction.id, clicked);
    // Discord replays missed events first and then sends RESUMED.
    assert!(!resumed, "the missed interaction must come before RESUMED");
    wait_for(&mut shard, |e| matches!(e, Event::Resumed).then_some(())).await;
    let (connections, identifies, resumes) = sandbox.gateway_counters();
    assert_eq!((connections, identifies, resumes), (2, 1, 1));
    let shards = sandbox.shards();
    assert_eq!(shards.len(), 1);
    assert_eq!(shards[0].session_id, ready.session_id);
    assert!(shards[0].connected);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bot_restart_keeps_messages_and_serves_new_clicks() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let mut first = shard(&sandbox, 0, 1);
    wait_for(&mut first, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    let message = http(&sandbox)
        .create_message(f.channel_id)
        .content("persistent")
        .components(&button_row("p:go"))
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    // The bot "crashes": its shard disappears without a goodbye.
    drop(first);
    sandbox.wait_connected(0, WAIT).await.unwrap();
    // A user clicks the old message; then the bot restarts and identifies.
    let clicked = sandbox.click(message.id, "p:go", f.users[2].id).unwrap();
    let mut second = shard(&sandbox, 0, 1);
    wait_for(&mut second, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    // As on Discord, the click made while the bot was down went to the dead
    // session and is never answered; new clicks reach the restarted bot.
    let again = sandbox.click(message.id, "p:go", f.users[2].id).unwrap();
    let interaction = wait_for(&mut second, |e| match e {
        Event::InteractionCreate(i) if i.id == again => Some(i),
        _ => None,
    })
    .await;
    assert_ne!(clicked, again);
    assert!(sandbox.replies_for(clicked).is_empty());
    assert_eq!(interaction.message.as_ref().unwrap().content, "persistent");
    assert_eq!(sandbox.gateway_counters().1, 2);
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_shards_receive_their_own_guilds() {
    let sandbox = sandbox().await;
    let f = sandbox.fixtures().clone();
    let (guild_b, channel_b) = sandbox.add_guild("other");
    let guild_a = f.guild_id;
    assert_ne!(
        (guild_a.get() >> 22) % 2,
        (guild_b.get() >> 22) % 2,
        "fixtures on both shards"
    );
    let mut shards = [shard(&sandbox, 0, 2), shard(&sandbox, 1, 2)];
    for s in &mut shards {
        wait_for(s, |e| matches!(e, Event::Ready(_)).then_some(())).await;
    }
    let http = http(&sandbox);
    for (channel, name) in [(f.channel_id, "a:go"), (channel_b, "b:go")] {
        let message = http
            .create_message(channel)
            .content(name)
            .components(&button_row(name))
            .await
            .unwrap()
            .model()
            .await
            .unwrap();
        let guild = message.guild_id.unwrap();
        let expected = usize::try_from((guild.get() >> 22) % 2).unwrap();
        let sequences = |sandbox: &views_sandbox::Sandbox| -> Vec<u64> {
            let mut shards = sandbox.shards();
            shards.sort_by_key(|s| s.shard);
            shards.iter().map(|s| s.sequence).collect()
        };
        let before = sequences(&sandbox);
        let id = sandbox.click(message.id, name, f.users[0].id).unwrap();
        let after = sequences(&sandbox);
        // Exactly one dispatch, on the shard of the guild.
        assert_eq!(after[expected], before[expected] + 1);
        assert_eq!(after[1 - expected], before[1 - expected]);
        let interaction = wait_for(&mut shards[expected], |e| match e {
            Event::InteractionCreate(i) => Some(i),
            _ => None,
        })
        .await;
        assert_eq!(interaction.id, id);
        assert_eq!(interaction.guild_id, Some(guild));
    }
    sandbox.shutdown().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn gateway_bot_advertises_the_configured_shards() {
    let config = views_sandbox::SandboxConfig::default().recommended_shards(2);
    let sandbox = views_sandbox::Sandbox::start(config).await.unwrap();
    let info = http(&sandbox)
        .gateway()
        .authed()
        .await
        .unwrap()
        .model()
        .await
        .unwrap();
    assert_eq!(info.shards, 2);
    assert!(info.session_start_limit.max_concurrency >= 1);
    for number in 0..info.shards {
        let mut shard = shard(&sandbox, number, info.shards);
        let ready = wait_for(&mut shard, |e| match e {
            Event::Ready(r) => Some(r),
            _ => None,
        })
        .await;
        assert_eq!(ready.shard.unwrap().total(), 2);
    }
    let mut numbers: Vec<_> = sandbox
        .shards()
        .iter()
        .map(|s| (s.shard, s.total))
        .collect();
    numbers.sort_unstable();
    assert_eq!(numbers, [(0, 2), (1, 2)]);
    sandbox.shutdown().await;
}
