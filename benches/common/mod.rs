//! What the benches share: the benchmarked view, interaction payloads
//! (parsed and as raw gateway frames) and router set-up.
//!
//! The view's handlers answer nothing and have `defer = "off"`, so a click
//! sends no HTTP request: the figures are the framework's own cost (lookup,
//! context, lock, handler, store access), not hyper's; docs/performance.md
//! says what a reply adds.

#![allow(dead_code)]

use std::sync::{
    Arc,
    atomic::{AtomicU64, Ordering},
};

use twilight_gateway::{EventTypeFlags, parse as parse_frame};
use twilight_http::Client;
use twilight_model::{
    application::interaction::Interaction,
    gateway::{
        event::{DispatchEvent, GatewayEvent},
        payload::incoming::InteractionCreate,
    },
    id::Id,
};
use twilight_views::{MemoryStore, ViewRouter, ViewStore, prelude::*};

pub const APPLICATION_ID: u64 = 100_000_000_000_000_001;
pub const GUILD_ID: u64 = 290_926_798_626_357_999;
pub const CHANNEL_ID: u64 = 645_027_906_669_510_667;
pub const USER_ID: u64 = 53_908_232_506_183_680;
/// Bound message ids are `FIRST_MESSAGE..FIRST_MESSAGE + n`.
pub const FIRST_MESSAGE: u64 = 1_000_000_000_000_000;

/// Handler completions, to check that every timed click ran its handler.
pub static CLICKS: AtomicU64 = AtomicU64::new(0);

/// One bound view: a counter with a read-only and a mutating button.
#[view(persistent)]
#[derive(Serialize, Deserialize, Debug, Default)]
pub struct Tally {
    /// Clicks on the mutating button of this message.
    pub count: u64,
}

#[view]
impl Tally {
    #[button(custom_id = "bench:read", label = "Read", defer = "off")]
    async fn read(&self, _ctx: ViewContext) -> ViewResult {
        CLICKS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    /// Answers nothing itself: the router acknowledges it (type 6), which
    /// an HTTP interactions endpoint returns as its response body.
    #[button(custom_id = "bench:ack", label = "Ack")]
    async fn ack(&self, _ctx: ViewContext) -> ViewResult {
        CLICKS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }

    #[button(custom_id = "bench:write", label = "Write", defer = "off")]
    async fn write(&mut self, _ctx: ViewContext) -> ViewResult {
        self.count += 1;
        CLICKS.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

/// The read-only (`&self`) button.
pub const READ: &str = "bench:read";
/// The read-only button the router acknowledges (the endpoint's click).
pub const ACK: &str = "bench:ack";
/// The mutating (`&mut self`) button: the state is written to the store.
pub const WRITE: &str = "bench:write";

/// A twilight http client that is never reached (nothing is answered).
pub fn http() -> Arc<Client> {
    Arc::new(
        Client::builder()
            .proxy("127.0.0.1:9".to_owned(), true)
            .build(),
    )
}

/// A router for `Tally` on `store`, caching up to `capacity` views.
pub fn router(store: Arc<dyn ViewStore>, capacity: usize) -> ViewRouter {
    ViewRouter::builder(http(), Id::new(APPLICATION_ID))
        .store(store)
        .cache_capacity(capacity)
        .stored_view::<Tally>()
        .build()
        .expect("router builds")
}

/// A router on a `MemoryStore` with `n` bound views, all cached.
pub async fn memory_router(n: u64) -> ViewRouter {
    let router = router(Arc::new(MemoryStore::new()), n as usize);
    for i in 0..n {
        router
            .bind(Id::new(FIRST_MESSAGE + i), Tally::default())
            .await
            .expect("bind");
    }
    router
}

/// The JSON of a button click on message `message_id` (a full component
/// interaction as Discord sends it, message included).
pub fn interaction_json(id: u64, message_id: u64, custom_id: &str) -> String {
    format!(
        r#"{{"id":"{id}","application_id":"{APPLICATION_ID}","type":3,"token":"token-{id}","version":1,"attachment_size_limit":8388608,"authorizing_integration_owners":{{"0":"{GUILD_ID}"}},"entitlements":[],"app_permissions":"442368","guild_id":"{GUILD_ID}","guild_locale":"en-US","locale":"en-US","channel_id":"{CHANNEL_ID}","member":{{"user":{{"id":"{USER_ID}","username":"Mason","avatar":null,"discriminator":"1337","public_flags":131141}},"roles":[],"premium_since":null,"permissions":"2147483647","pending":false,"nick":null,"mute":false,"deaf":false,"flags":0,"joined_at":"2017-03-13T19:19:14.040000+00:00"}},"data":{{"component_type":2,"id":2,"custom_id":"{custom_id}"}},"message":{{"id":"{message_id}","channel_id":"{CHANNEL_ID}","author":{{"id":"{APPLICATION_ID}","username":"ExampleBot","discriminator":"9062","avatar":null,"bot":true}},"content":"","timestamp":"2025-05-16T22:51:16.692000+00:00","edited_timestamp":null,"tts":false,"mention_everyone":false,"mentions":[],"mention_roles":[],"attachments":[],"embeds":[],"pinned":false,"type":0,"flags":0,"components":[{{"type":1,"id":1,"components":[{{"type":2,"id":2,"style":1,"label":"Read","custom_id":"bench:read"}},{{"type":2,"id":3,"style":1,"label":"Write","custom_id":"bench:write"}}]}}]}}}}"#
    )
}

/// The raw gateway frame of that click (opcode 0, INTERACTION_CREATE).
pub fn frame(seq: u64, message_id: u64, custom_id: &str) -> String {
    format!(
        r#"{{"op":0,"s":{seq},"t":"INTERACTION_CREATE","d":{}}}"#,
        interaction_json(seq, message_id, custom_id)
    )
}

/// Parses an interaction payload.
pub fn parse(json: &str) -> Interaction {
    serde_json::from_str(json).expect("bench interaction deserialises")
}

/// Parses an interaction payload onto the heap, where twilight delivers
/// interactions (the dispatch benches' "parsed interaction").
pub fn parse_boxed(json: &str) -> Box<Interaction> {
    serde_json::from_str(json).expect("bench interaction deserialises")
}

/// The event of a raw INTERACTION_CREATE frame, exactly as a bot's event
/// loop gets it from twilight-gateway: `Event::InteractionCreate(Box<_>)`.
pub fn event_of(frame: String) -> Box<InteractionCreate> {
    let event = parse_frame(frame, EventTypeFlags::INTERACTION_CREATE)
        .expect("frame parses")
        .expect("INTERACTION_CREATE is wanted");
    match event {
        GatewayEvent::Dispatch(_, DispatchEvent::InteractionCreate(event)) => event,
        _ => panic!("not an INTERACTION_CREATE dispatch"),
    }
}

/// A custom_id that no bench view declares.
pub const UNKNOWN_CUSTOM_ID: &str = "bench:unknown";

/// A tiny deterministic generator (xorshift), so runs click the same ids.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    /// The next click among `n` bound views: its message and custom_id. One
    /// click in ten carries a custom_id no view declares (the issue's "10%
    /// unknown ids"): the router looks it up, finds nothing, and answers
    /// nothing.
    pub fn click<'a>(&mut self, n: u64, custom_id: &'a str) -> (u64, &'a str) {
        let r = self.next();
        let message = FIRST_MESSAGE + (r >> 8) % n.max(1);
        if r.is_multiple_of(10) {
            (message, UNKNOWN_CUSTOM_ID)
        } else {
            (message, custom_id)
        }
    }
}
