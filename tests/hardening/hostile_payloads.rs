//! Hostile payloads: every fixture payload of `tests/fixtures` (Discord's
//! and twilight's component and modal interactions, message and modal
//! bodies, single components), made into a whole interaction and mutated:
//! fields dropped, types changed, huge strings, deep nesting, unknown enum
//! values, wrong ids and custom_ids, corrupt bytes. Each payload that
//! deserialises into a twilight `Interaction` is dispatched through the
//! `ViewRouter` of a bot connected to the sandbox (the sandbox's REST gets
//! every answer); the others are counted as rejected. Meanwhile real clicks
//! from the sandbox reach the same router through the gateway.
//!
//! Guarantee checked: no panic anywhere (the router's caught handler
//! panics included); every payload that parses is dispatched; every real
//! click is answered, and each counter's stored count equals the clicks on
//! it, none lost and none counted twice.
//!
//! `TWILIGHT_VIEWS_HOSTILE_PAYLOADS` sets how many payloads are tried,
//! `TWILIGHT_VIEWS_HOSTILE_SEED` repeats a run's payloads,
//! `TWILIGHT_VIEWS_HOSTILE_TRACE` finds the payload that crashes a run
//! (docs/reliability.md, "Hostile input").

use std::{
    collections::{BTreeMap, HashMap},
    fmt::Write as _,
    sync::{
        Arc, LazyLock, Mutex, Once, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Instant,
};

use serde_json::{Value, json};
use tokio::task::JoinSet;
use twilight_model::{
    application::interaction::{Interaction, InteractionChannel},
    channel::message::Component,
    guild::Role,
    id::{
        Id,
        marker::{ChannelMarker, InteractionMarker, MessageMarker, RoleMarker},
    },
    user::User,
};
use twilight_views::{
    DispatchOutcome, HandlerErrorKind, RouterError, ViewRouter, ViewRouterBuilder, prelude::*,
};
use views_sandbox::Sandbox;

use crate::{
    Rng,
    runner::{Bot, BoxError, Example, Settings, Try, spawn},
    support::{self, TempDb, WAIT},
};

const PAYLOADS_ENV: &str = "TWILIGHT_VIEWS_HOSTILE_PAYLOADS";
const SEED_ENV: &str = "TWILIGHT_VIEWS_HOSTILE_SEED";
/// Set: one payload at a time, each named on stderr and written to
/// `$TMPDIR/twilight-views-hostile-payload.json` first (to find the one
/// that crashes a run).
const TRACE_ENV: &str = "TWILIGHT_VIEWS_HOSTILE_TRACE";
/// Tried by a plain `cargo test`: about 32 s on 2 cores in a debug build.
const DEFAULT_PAYLOADS: u64 = 100_000;
/// Payloads dispatched at once: enough to keep both cores busy while some
/// wait for the sandbox's answers.
const IN_FLIGHT: usize = 16;
/// Real clicks spread over the run (one per `PAYLOADS_PER_REAL_CLICK`
/// payloads, at least `REAL_CLICKS`), on `TRACKED` counters.
const REAL_CLICKS: u64 = 200;
const PAYLOADS_PER_REAL_CLICK: u64 = 500;
const TRACKED: usize = 4;
/// Counters the hostile payloads may forge clicks on.
const DECOYS: usize = 2;
/// Names the runtime's threads, so the panic counter sees only this test.
const THREAD_NAME: &str = "hostile-payloads";
const WORKER_STACK: usize = 8 << 20;

const INCREMENTED: &str = "You have incremented this message's count to";

/// Ids of the envelope a fixture is put in (the docs' guild, channel and
/// user; a message nothing is bound to).
const GUILD_ID: &str = "290926798626357999";
const CHANNEL_ID: &str = "645027906669510667";
const USER_ID: &str = "53908232506183680";
const UNBOUND_MESSAGE_ID: u64 = 1_100_000_000_000_000_200;

// ---------------------------------------------------------------------------
// The bot: a stored counter (DESIGN.md's), items with the fixtures'
// custom_ids, a dynamic item, a started view and modals, so mutated payloads
// reach every lookup path and the argument extraction, not only "unknown".

/// How often the increment handler ran, per message: the stored count must
/// equal it.
static INCREMENT_RUNS: LazyLock<Mutex<HashMap<u64, u64>>> = LazyLock::new(Default::default);

fn increment_runs(message: Id<MessageMarker>) -> u64 {
    let runs = INCREMENT_RUNS
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    runs.get(&message.get()).copied().unwrap_or_default()
}

#[view(persistent)]
#[derive(Serialize, Deserialize, Default)]
struct Counter {
    count: u64,
}

#[view]
impl Counter {
    #[button(
        custom_id = "counter:increment",
        label = "Increment",
        style = "primary"
    )]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        if let Some(message) = ctx.message_id() {
            let mut runs = INCREMENT_RUNS
                .lock()
                .unwrap_or_else(PoisonError::into_inner);
            *runs.entry(message.get()).or_default() += 1;
        }
        ctx.respond_ephemeral(format!("{INCREMENTED} {}!", self.count))
            .await
    }
}

#[view(persistent)]
struct FixtureItems;

#[view]
impl FixtureItems {
    #[button(custom_id = "click_me", label = "Click me!")]
    async fn click_me(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("clicked").await
    }

    #[button(custom_id = "click_yes", label = "Accept")]
    async fn click_yes(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("accepted").await
    }

    #[select(
        custom_id = "favorite_bug",
        options = [
            option(label = "Ant", value = "ant"),
            option(label = "Butterfly", value = "butterfly"),
            option(label = "Caterpillar", value = "caterpillar"),
        ]
    )]
    async fn favorite_bug(&self, ctx: ViewContext, bugs: Vec<String>) -> ViewResult {
        ctx.respond_ephemeral(bugs.join(",")).await
    }

    #[select(kind = "role", custom_id = "role_ids", max_values = 3)]
    async fn roles(&self, ctx: ViewContext, roles: Vec<Role>) -> ViewResult {
        ctx.respond_ephemeral(format!("{} roles", roles.len()))
            .await
    }

    #[select(kind = "user", custom_id = "user_select")]
    async fn users(&self, ctx: ViewContext, users: Vec<User>) -> ViewResult {
        ctx.respond_ephemeral(format!("{} users", users.len()))
            .await
    }
}

#[view(persistent)]
struct EntitySelects;

#[view]
impl EntitySelects {
    #[select(kind = "channel", custom_id = "notification_channel")]
    async fn channels(&self, ctx: ViewContext, channels: Vec<InteractionChannel>) -> ViewResult {
        ctx.respond_ephemeral(format!("{} channels", channels.len()))
            .await
    }

    #[select(kind = "mentionable", custom_id = "who_to_ping", max_values = 5)]
    async fn mentionables(&self, ctx: ViewContext, users: Vec<User>) -> ViewResult {
        ctx.respond_ephemeral(format!("{} users", users.len()))
            .await
    }
}

#[view(persistent)]
struct RoleToggle {
    role_id: Id<RoleMarker>,
}

#[view]
impl RoleToggle {
    #[button(custom_id = "role:{role_id}", label = "Toggle role")]
    async fn toggle(&self, ctx: ViewContext, role_id: Id<RoleMarker>) -> ViewResult {
        ctx.respond_ephemeral(format!("Toggled <@&{role_id}>"))
            .await
    }
}

/// A started (non-persistent) view: generated custom_ids.
#[view(timeout = 600)]
struct Confirm;

#[view]
impl Confirm {
    #[button(label = "Yes")]
    async fn yes(&self, ctx: ViewContext) -> ViewResult {
        ctx.respond_ephemeral("confirmed").await
    }
}

#[modal(title = "Game Feedback", custom_id = "game_feedback_modal")]
struct GameFeedback {
    #[text_input(label = "What did you find interesting?", style = "paragraph")]
    game_feedback: String,
}

#[modal(title = "Secret Note", custom_id = "secret_note_modal")]
struct SecretNote {
    #[checkbox(label = "Do you like me?")]
    like_checkbox: bool,
}

#[modal(title = "Bug Survey", custom_id = "bug_modal")]
struct BugSurvey {
    #[select(
        label = "Favorite bug?",
        options = [
            option(label = "Ant", value = "ant"),
            option(label = "Butterfly", value = "butterfly"),
        ]
    )]
    favorite_bug: String,
}

#[modal(title = "Role Select", custom_id = "role_modal")]
struct RoleChoice {
    #[select(kind = "role", label = "Which roles?", max_values = 10)]
    roles_selected: Vec<Id<RoleMarker>>,
}

#[modal(title = "Lockdown", custom_id = "channel_modal")]
struct Lockdown {
    #[select(kind = "channel", label = "Which channel?")]
    channel_selected: Id<ChannelMarker>,
}

#[modal(title = "Study Days", custom_id = "day_selection_modal")]
struct StudyDays {
    #[checkbox_group(
        label = "Which days are you free?",
        options = [
            option(label = "March 5", value = "march-5"),
            option(label = "March 6", value = "march-6"),
        ],
        required = false
    )]
    event_checkbox: Vec<String>,
}

#[modal(title = "Close ticket", custom_id = "close:{ticket}:why")]
struct CloseTicket {
    #[id_field]
    ticket: u64,
    #[text_input(label = "Reason")]
    reason: String,
}

async fn submitted(ctx: ViewContext, what: String) -> ViewResult {
    ctx.respond_ephemeral(what).await
}

struct HostileBot;

impl Example for HostileBot {
    const NAME: &'static str = "hostile";
    const TRY: &'static [Try] = &[];

    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder {
        builder
            .stored_view::<Counter>()
            .view::<FixtureItems>()
            .view::<EntitySelects>()
            .view::<RoleToggle>()
            .modal(|ctx, form: GameFeedback| submitted(ctx, form.game_feedback))
            .modal(|ctx, form: SecretNote| submitted(ctx, form.like_checkbox.to_string()))
            .modal(|ctx, form: BugSurvey| submitted(ctx, form.favorite_bug))
            .modal(|ctx, form: RoleChoice| {
                submitted(ctx, format!("{} roles", form.roles_selected.len()))
            })
            .modal(|ctx, form: Lockdown| submitted(ctx, form.channel_selected.to_string()))
            .modal(|ctx, form: StudyDays| submitted(ctx, form.event_checkbox.join(",")))
            .modal(|ctx, form: CloseTicket| {
                submitted(ctx, format!("{}: {}", form.ticket, form.reason))
            })
    }

    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        router.add_view(FixtureItems)?;
        router.add_view(EntitySelects)?;
        router.add_view(RoleToggle {
            role_id: Id::new(1),
        })
    }

    async fn on_message(
        _bot: Bot,
        _message: twilight_model::channel::Message,
    ) -> Result<(), BoxError> {
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Seeds (each fixture as a whole interaction) and what mutations aim at.

/// What mutations aim at: ids the router knows, so that mutated payloads
/// get past "unknown custom_id".
pub(crate) struct Targets {
    custom_ids: Vec<String>,
    decoys: Vec<u64>,
}

impl Targets {
    pub(crate) fn new(live_ids: Vec<String>, expired_ids: Vec<String>, decoys: Vec<u64>) -> Self {
        let mut custom_ids: Vec<String> = [
            "counter:increment",
            "click_me",
            "click_yes",
            "click_me_1",
            "favorite_bug",
            "role_ids",
            "user_select",
            "notification_channel",
            "who_to_ping",
            "role:1",
            "role:42",
            "role:",
            "role:abc",
            "role:0",
            "role:18446744073709551616",
            "role:42:extra",
            "role:{role_id}",
            "game_feedback_modal",
            "secret_note_modal",
            "bug_modal",
            "role_modal",
            "channel_modal",
            "day_selection_modal",
            "close:7:why",
            "close::why",
            "close:x:why",
            "close:7:why:more",
            "tvi:",
            "tvi:x:0",
            "tvi::0",
            "tvm:",
            "tvm:0.0",
            "",
            " ",
            "\u{0}",
            "é",
            "{",
            "}",
        ]
        .map(str::to_owned)
        .into();
        for id in live_ids.iter().chain(&expired_ids) {
            custom_ids.push(id.clone());
            let prefix = id
                .rsplit_once(':')
                .map_or(id.as_str(), |(prefix, _)| prefix);
            for index in ["1", "99", "", "-1", "+0", "00", "18446744073709551616"] {
                custom_ids.push(format!("{prefix}:{index}"));
            }
        }
        custom_ids.push("x".repeat(101));
        custom_ids.push("counter:increment".repeat(50));
        Self { custom_ids, decoys }
    }
}

fn message_json(id: u64, components: Value) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID,
        "author": {
            "id": "1100000000000000001",
            "username": "HostileBot",
            "discriminator": "0",
            "avatar": null,
            "bot": true,
        },
        "content": "Hello world!",
        "timestamp": "2025-05-16T22:51:16.692000+00:00",
        "edited_timestamp": null,
        "tts": false,
        "mention_everyone": false,
        "mentions": [],
        "mention_roles": [],
        "attachments": [],
        "embeds": [],
        "pinned": false,
        "type": 0,
        "flags": 0,
        "components": components,
    })
}

/// A whole interaction of type `kind` around `data`, as Discord sends it.
fn envelope(kind: u64, data: Value, message: Option<Value>) -> Value {
    let mut interaction = json!({
        "id": "1100000000000000100",
        "application_id": "1100000000000000001",
        "type": kind,
        "token": "hostile-token",
        "version": 1,
        "attachment_size_limit": 8_388_608,
        "authorizing_integration_owners": { "0": GUILD_ID },
        "entitlements": [],
        "app_permissions": "442368",
        "guild_id": GUILD_ID,
        "guild_locale": "en-US",
        "locale": "en-US",
        "channel_id": CHANNEL_ID,
        "member": {
            "user": {
                "id": USER_ID,
                "username": "Mason",
                "avatar": null,
                "discriminator": "1337",
                "public_flags": 131_141,
            },
            "roles": [],
            "premium_since": null,
            "permissions": "2147483647",
            "pending": false,
            "nick": null,
            "mute": false,
            "deaf": false,
            "flags": 0,
            "joined_at": "2017-03-13T19:19:14.040000+00:00",
        },
        "data": data,
    });
    if let Some(message) = message {
        interaction["message"] = message;
    }
    interaction
}

/// The data of a click on the first item with a custom_id in `components`.
fn click_on(components: &Value) -> Value {
    fn first(value: &Value) -> Option<(&str, u64)> {
        match value {
            Value::Object(map) => map
                .get("custom_id")
                .and_then(Value::as_str)
                .map(|id| (id, map.get("type").and_then(Value::as_u64).unwrap_or(2)))
                .or_else(|| map.values().find_map(first)),
            Value::Array(items) => items.iter().find_map(first),
            _ => None,
        }
    }
    let (custom_id, kind) = first(components).unwrap_or(("click_me", 2));
    json!({"component_type": kind, "custom_id": custom_id, "values": [], "id": 2})
}

/// `fixture` as a whole interaction, by its shape.
pub(crate) fn seed_interaction(fixture: &Value) -> Value {
    let on_message = |components: Value| Some(message_json(UNBOUND_MESSAGE_ID, components));
    let has = |key: &str| fixture.get(key).is_some();
    if has("application_id") && has("data") {
        // Already whole (the docs' command interactions, twilight's full one).
        fixture.clone()
    } else if has("type") && has("data") {
        let data = fixture["data"].clone();
        match fixture["type"].as_u64() {
            Some(3) => envelope(3, data, on_message(json!([]))),
            // 9 is a modal as the bot sends it: submitted back as is.
            Some(5 | 9) => envelope(5, data, None),
            // A response body where a click's data belongs.
            _ => envelope(3, data, on_message(json!([]))),
        }
    } else if has("component_type") {
        envelope(3, fixture.clone(), on_message(json!([])))
    } else if has("custom_id") && has("components") && !has("type") {
        envelope(5, fixture.clone(), None)
    } else if has("components") && !has("type") {
        // A message body: a click on its first item.
        let components = fixture["components"].clone();
        envelope(3, click_on(&components), on_message(components))
    } else if has("type") {
        // One component: in a row unless it is a row.
        let components = if fixture["type"] == 1 {
            json!([fixture])
        } else {
            json!([{"type": 1, "components": [fixture]}])
        };
        envelope(3, click_on(&components), on_message(components))
    } else {
        // Resolved data: a role select choosing its roles.
        let roles: Vec<&String> = fixture["roles"]
            .as_object()
            .map(|roles| roles.keys().collect())
            .unwrap_or_default();
        let data = json!({
            "component_type": 6, "custom_id": "role_ids", "values": roles, "resolved": fixture,
        });
        envelope(3, data, on_message(json!([])))
    }
}

// ---------------------------------------------------------------------------
// Mutations.

/// Stands for a node replaced by raw text after serialisation (nesting too
/// deep to build as a `Value`, numbers JSON values cannot hold).
const SPLICE: &str = "@@hostile-splice-";

fn set(payload: &mut Value, pointer: &str, value: Value) {
    if pointer.is_empty() {
        *payload = value;
    } else if let Some(node) = payload.pointer_mut(pointer) {
        *node = value;
    }
}

/// Removes the node at `pointer` from its parent object or array.
fn remove(payload: &mut Value, pointer: &str) {
    let Some((parent, last)) = pointer.rsplit_once('/') else {
        return;
    };
    match payload.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.remove(&last.replace("~1", "/").replace("~0", "~"));
        }
        Some(Value::Array(items)) => {
            if let Ok(index) = last.parse::<usize>()
                && index < items.len()
            {
                items.remove(index);
            }
        }
        _ => {}
    }
}

/// The JSON pointer of a random node (never the root) whose key satisfies
/// `wanted`, or of any node when none does. Array items count as under
/// their array's key (the items of `values` are values).
fn pick_node(payload: &Value, rng: &mut Rng, wanted: impl Fn(&str) -> bool) -> String {
    /// Visits the nodes below `value` depth first, until `visit` says stop.
    fn walk(
        value: &Value,
        key: &str,
        pointer: &mut String,
        visit: &mut dyn FnMut(&str, &str) -> bool,
    ) -> bool {
        let len = pointer.len();
        match value {
            Value::Array(items) => {
                for (index, item) in items.iter().enumerate() {
                    let _ = write!(pointer, "/{index}");
                    if visit(pointer, key) || walk(item, key, pointer, visit) {
                        return true;
                    }
                    pointer.truncate(len);
                }
            }
            Value::Object(map) => {
                for (child, item) in map {
                    pointer.push('/');
                    if child.contains(['~', '/']) {
                        pointer.push_str(&child.replace('~', "~0").replace('/', "~1"));
                    } else {
                        pointer.push_str(child);
                    }
                    if visit(pointer, child) || walk(item, child, pointer, visit) {
                        return true;
                    }
                    pointer.truncate(len);
                }
            }
            _ => {}
        }
        false
    }
    // One pass, reservoir sampling: each node (and each wanted node) ends
    // up chosen with the same chance.
    let (mut nodes, mut matching) = (0, 0);
    let (mut any, mut found) = (String::new(), String::new());
    walk(payload, "", &mut String::new(), &mut |pointer, key| {
        nodes += 1;
        if rng.below(nodes) == 0 {
            any = pointer.to_owned();
        }
        if wanted(key) {
            matching += 1;
            if rng.below(matching) == 0 {
                found = pointer.to_owned();
            }
        }
        false
    });
    if matching > 0 { found } else { any }
}

/// A string nobody should send: long, multi-byte, escapes, template braces.
fn huge_string(rng: &mut Rng) -> String {
    // Mostly just past Discord's limits (4,000 characters for a text
    // input), sometimes far past them; rarely a megabyte, which costs more
    // than a thousand ordinary payloads in a debug build.
    let len = match rng.below(1_000) {
        0..=1 => 1_000_000,
        2..=19 => 100_000,
        20..=199 => 10_000,
        _ => 4_001,
    };
    let chunk = *rng.pick(&[
        "a", "é", "🦀", "\u{0}", "\"", "\\", "{x}", ":", "\u{202e}", "\u{ffff}", "tvi:",
    ]);
    chunk.repeat(len / chunk.len().max(1))
}

fn wrong_type(rng: &mut Rng, current: Option<&Value>) -> Value {
    let candidates = [
        Value::Null,
        json!(true),
        json!(0),
        json!(-1),
        json!(1.5),
        json!(u64::MAX),
        json!(i64::MIN),
        json!(""),
        json!("text"),
        json!("123"),
        json!([]),
        json!({}),
        json!([null]),
        json!({"": null}),
    ];
    let same_kind = |a: &Value, b: &Value| std::mem::discriminant(a) == std::mem::discriminant(b);
    loop {
        let candidate = rng.pick(&candidates);
        if current.is_none_or(|current| !same_kind(current, candidate)) {
            return candidate.clone();
        }
    }
}

/// Values for `type`-like fields: unknown ones, known ones out of place,
/// out of range, of the wrong type.
const ENUM_KEYS: &[&str] = &[
    "type",
    "component_type",
    "style",
    "channel_types",
    "locale",
    "guild_locale",
    "context",
    "permissions",
    "app_permissions",
    "flags",
];

fn enum_value(rng: &mut Rng) -> Value {
    match rng.below(4) {
        0 => json!(rng.below(30)),
        1 => rng
            .pick(&[
                json!(99),
                json!(255),
                json!(256),
                json!(65_535),
                json!(-1),
                json!(4_294_967_296u64),
                json!(u64::MAX),
                json!(3.0),
                json!(1e300),
            ])
            .clone(),
        2 => rng
            .pick(&[json!("3"), json!("button"), json!("xx-XX"), json!("")])
            .clone(),
        _ => json!(rng.next_u64()),
    }
}

fn wrong_id(rng: &mut Rng, targets: &Targets) -> Value {
    match rng.below(5) {
        0 => json!(rng.pick(&targets.decoys).to_string()),
        1 => json!(rng.next_u64().to_string()),
        _ => rng
            .pick(&[
                json!("0"),
                json!("-1"),
                json!("1"),
                json!("18446744073709551615"),
                json!("18446744073709551616"),
                json!("9223372036854775807"),
                json!("9223372036854775808"),
                json!(""),
                json!("abc"),
                json!(" 42"),
                json!("42 "),
                json!("0x2a"),
                json!("1e3"),
                json!("٣"),
                json!(0),
                json!(42),
                json!(-1),
                json!(1.5),
                json!(u64::MAX),
                Value::Null,
            ])
            .clone(),
    }
}

fn hostile_custom_id(rng: &mut Rng, targets: &Targets) -> Value {
    if rng.chance(75) {
        return json!(rng.pick(&targets.custom_ids));
    }
    let len = rng.below(120);
    let text: String = (0..len)
        .map(|_| {
            *rng.pick(&[
                'a', 'z', '0', '9', ':', '{', '}', '.', '-', '_', 'é', '🦀', '\u{0}', ' ',
            ])
        })
        .collect();
    json!(text)
}

/// Raw JSON text of `inner` nested `depth` times.
fn nested(inner: &str, depth: usize, rng: &mut Rng) -> String {
    let (open, close) = if depth > 200 {
        ("[", "]")
    } else {
        *rng.pick(&[
            ("[", "]"),
            ("{\"a\":", "}"),
            ("{\"type\":1,\"id\":1,\"components\":[", "]}"),
            ("{\"type\":18,\"id\":1,\"component\":", "}"),
        ])
    };
    let mut text = open.repeat(depth);
    text.push_str(inner);
    text.push_str(&close.repeat(depth));
    text
}

/// One mutation of `payload`.
fn mutate(payload: &mut Value, rng: &mut Rng, targets: &Targets, splices: &mut Vec<String>) {
    match rng.below(100) {
        // Drop a field (often one the router relies on).
        0..=14 => {
            let pointer = if rng.chance(40) {
                (*rng.pick(&[
                    "/type",
                    "/data",
                    "/data/custom_id",
                    "/data/component_type",
                    "/data/components",
                    "/data/values",
                    "/data/resolved",
                    "/id",
                    "/token",
                    "/message",
                    "/message/id",
                    "/member",
                    "/member/user",
                    "/channel_id",
                    "/application_id",
                ]))
                .to_owned()
            } else {
                pick_node(payload, rng, |_| false)
            };
            remove(payload, &pointer);
        }
        // Change a value's type.
        15..=29 => {
            let pointer = pick_node(payload, rng, |_| false);
            let value = wrong_type(rng, payload.pointer(&pointer));
            set(payload, &pointer, value);
        }
        // A huge string.
        30..=35 => {
            let pointer = pick_node(payload, rng, |key| {
                [
                    "custom_id",
                    "token",
                    "value",
                    "values",
                    "content",
                    "username",
                ]
                .contains(&key)
            });
            set(payload, &pointer, json!(huge_string(rng)));
        }
        // Deep nesting, from well within serde_json's limit of 128 to far
        // beyond it.
        36..=41 => {
            let pointer = pick_node(payload, rng, |key| {
                ["components", "component", "data", "resolved", "values"].contains(&key)
            });
            let inner = payload
                .pointer(&pointer)
                .map_or_else(|| "null".to_owned(), Value::to_string);
            let depth = *rng.pick(&[8, 32, 60, 64, 100, 127, 128, 200, 10_000, 100_000]);
            splices.push(nested(&inner, depth, rng));
            set(
                payload,
                &pointer,
                json!(format!("{SPLICE}{}", splices.len() - 1)),
            );
        }
        // Unknown or misplaced enum values.
        42..=53 => {
            let pointer = pick_node(payload, rng, |key| ENUM_KEYS.contains(&key));
            set(payload, &pointer, enum_value(rng));
        }
        // Wrong ids.
        54..=67 => {
            let pointer = pick_node(payload, rng, |key| {
                key == "id" || key.ends_with("_id") || key == "values"
            });
            set(payload, &pointer, wrong_id(rng, targets));
        }
        // Custom_ids the router knows, almost knows, or cannot know.
        68..=84 => {
            let pointer = pick_node(payload, rng, |key| key == "custom_id");
            set(payload, &pointer, hostile_custom_id(rng, targets));
        }
        // A subtree where another belongs.
        85..=89 => {
            let from = pick_node(payload, rng, |_| false);
            let to = pick_node(payload, rng, |_| false);
            if let Some(value) = payload.pointer(&from).cloned() {
                set(payload, &to, value);
            }
        }
        // Many copies of an array's first item.
        90..=95 => {
            let times = *rng.pick(&[2, 25, 26, 100, 1_000]);
            let pointer = pick_node(payload, rng, |key| {
                ["components", "values", "roles", "options"].contains(&key)
            });
            if let Some(Value::Array(items)) = payload.pointer_mut(&pointer)
                && let Some(first) = items.first().cloned()
            {
                items.extend(std::iter::repeat_n(first, times));
            }
        }
        // A forged click on a bound counter: the router cannot tell it from a
        // real one (Discord's signature or gateway vouch for payloads), so it
        // counts; the check is that it counts exactly once.
        96..=97 => {
            let decoy = *rng.pick(&targets.decoys);
            set(payload, "/type", json!(3));
            set(
                payload,
                "/data",
                json!({"component_type": 2, "custom_id": "counter:increment", "id": 2}),
            );
            set(payload, "/message", message_json(decoy, json!([])));
        }
        // Numbers no JSON value holds.
        _ => {
            let pointer = pick_node(payload, rng, |key| ENUM_KEYS.contains(&key));
            let raw = *rng.pick(&[
                "1e999",
                "-0",
                "18446744073709551616",
                "-9223372036854775809",
            ]);
            splices.push(raw.to_owned());
            set(
                payload,
                &pointer,
                json!(format!("{SPLICE}{}", splices.len() - 1)),
            );
        }
    }
}

/// Corrupts the bytes themselves: most of these cannot parse.
fn corrupt(bytes: &mut Vec<u8>, rng: &mut Rng) {
    if bytes.is_empty() {
        return;
    }
    let at = rng.below(bytes.len());
    let insert = |bytes: &mut Vec<u8>, at: usize, token: &[u8]| {
        let tail = bytes.split_off(at);
        bytes.extend_from_slice(token);
        bytes.extend(tail);
    };
    match rng.below(6) {
        0 => bytes.truncate(at),
        1 => bytes[at] = rng.next_u64() as u8,
        2 => {
            let token = *rng.pick::<&[u8]>(&[
                b"\0",
                b"\\",
                b"\"",
                b"}",
                b"]",
                b",",
                b"NaN",
                b"1e999",
                b"-",
                b"\xff\xfe",
                "\u{feff}".as_bytes(),
            ]);
            insert(bytes, at, token);
        }
        // Duplicate keys.
        3 => {
            let duplicate =
                *rng.pick::<&[u8]>(&[b"\"type\":5,", b"\"data\":null,", b"\"id\":\"1\","]);
            insert(bytes, 1, duplicate);
        }
        4 => insert(bytes, 0, "\u{feff}".as_bytes()),
        _ => bytes.extend_from_slice(b"}"),
    }
}

/// Payload `index` of a run: the seed as is for the first round, then
/// mutated 1 to 3 times, sometimes with its bytes corrupted.
pub(crate) fn hostile(seed: &Value, mutated: bool, rng: &mut Rng, targets: &Targets) -> Vec<u8> {
    let mut payload = seed.clone();
    let mut splices = Vec::new();
    if mutated {
        for _ in 0..1 + rng.below(3) {
            mutate(&mut payload, rng, targets, &mut splices);
        }
    }
    let mut text = payload.to_string();
    // Last first: a later splice may have wrapped an earlier one's mark.
    for (index, raw) in splices.iter().enumerate().rev() {
        text = text.replacen(&format!("\"{SPLICE}{index}\""), raw, 1);
    }
    let mut bytes = text.into_bytes();
    if mutated && rng.chance(8) {
        corrupt(&mut bytes, rng);
    }
    bytes
}

// ---------------------------------------------------------------------------
// The run.

/// Counts of one run, shared by the dispatching tasks.
#[derive(Default)]
struct Tally {
    tried: AtomicU64,
    rejected: AtomicU64,
    parsed: AtomicU64,
    dispatched: AtomicU64,
    handler_panics: AtomicU64,
    /// Per outcome: how many, and the first one (shortened).
    outcomes: Mutex<BTreeMap<&'static str, (u64, String)>>,
    /// Fixtures that do not parse even unmutated.
    unparsed_seeds: Mutex<Vec<String>>,
}

impl Tally {
    fn record(&self, outcome: &DispatchOutcome) {
        let name = match outcome {
            DispatchOutcome::Handled { .. } => "handled",
            DispatchOutcome::NotComponent { .. } => "not a component (handed back)",
            DispatchOutcome::Malformed { .. } => "malformed",
            DispatchOutcome::UnknownCustomId { .. } => "unknown custom_id (handed back)",
            DispatchOutcome::Expired { .. } => "expired",
            DispatchOutcome::Rejected { .. } => "rejected by interaction_check",
            DispatchOutcome::Failed { error, .. } => {
                if matches!(error.kind(), HandlerErrorKind::Panicked { .. }) {
                    self.handler_panics.fetch_add(1, Ordering::Relaxed);
                    "failed: handler panicked"
                } else if matches!(error.kind(), HandlerErrorKind::Extract { .. }) {
                    "failed: bad handler argument"
                } else {
                    "failed: handler error (the sandbox refused the answer)"
                }
            }
            DispatchOutcome::Unavailable { .. } => "unavailable",
            DispatchOutcome::NotSaved { .. } => "not saved",
            DispatchOutcome::StoreFailed { .. } => "store failed",
            _ => "other",
        };
        let mut outcomes = self.outcomes.lock().unwrap_or_else(PoisonError::into_inner);
        let (count, example) = outcomes.entry(name).or_default();
        *count += 1;
        if example.is_empty() {
            // The first one, shortened: what the router said about it.
            *example = format!("{outcome:?}").chars().take(300).collect();
        }
    }

    fn get(counter: &AtomicU64) -> u64 {
        counter.load(Ordering::Relaxed)
    }
}

/// Panics on this test's threads (its runtime's workers and blocking
/// threads, and the test thread), including those the router catches.
static PANICS: AtomicU64 = AtomicU64::new(0);
static FIRST_PANICS: Mutex<Vec<String>> = Mutex::new(Vec::new());

fn count_panics() {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if std::thread::current()
                .name()
                .is_some_and(|name| name.contains(THREAD_NAME) || name.contains("hostile_payloads"))
            {
                PANICS.fetch_add(1, Ordering::SeqCst);
                let mut first = FIRST_PANICS.lock().unwrap_or_else(PoisonError::into_inner);
                if first.len() < 5 {
                    first.push(info.to_string());
                }
            }
            previous(info);
        }));
    });
}

struct Run {
    /// One payload at a time, each written to a file before it is parsed.
    trace: bool,
    seed: u64,
    seeds: Vec<(String, Value)>,
    targets: Targets,
    router: ViewRouter,
    tally: Tally,
}

/// Builds payload `index`, parses it, and dispatches it if it parses.
async fn try_payload(run: &Run, index: u64) {
    let mut rng = Rng::new(run.seed.wrapping_add(index));
    let seeds = run.seeds.len() as u64;
    let (name, seed) = &run.seeds[(index % seeds) as usize];
    let mutated = index >= seeds;
    let bytes = hostile(seed, mutated, &mut rng, &run.targets);
    if run.trace {
        // Written before parsing: after a crash, the file is the culprit.
        let path = std::env::temp_dir().join("twilight-views-hostile-payload.json");
        std::fs::write(&path, &bytes).expect("payload written");
        eprintln!("payload {index} (from {name}) in {}", path.display());
    }
    run.tally.tried.fetch_add(1, Ordering::Relaxed);
    let interaction: Interaction = match serde_json::from_slice(&bytes) {
        Ok(interaction) => interaction,
        Err(_) => {
            run.tally.rejected.fetch_add(1, Ordering::Relaxed);
            if !mutated {
                let mut unparsed = run
                    .tally
                    .unparsed_seeds
                    .lock()
                    .unwrap_or_else(PoisonError::into_inner);
                unparsed.push(name.clone());
            }
            return;
        }
    };
    run.tally.parsed.fetch_add(1, Ordering::Relaxed);
    let outcome = run.router.dispatch(interaction).await;
    run.tally.dispatched.fetch_add(1, Ordering::Relaxed);
    run.tally.record(&outcome);
}

/// The custom_ids of a view's rendered components.
fn custom_ids(components: &[Component]) -> Vec<String> {
    let mut out = Vec::new();
    for component in components {
        match component {
            Component::ActionRow(row) => out.extend(custom_ids(&row.components)),
            Component::Button(button) => out.extend(button.custom_id.clone()),
            Component::SelectMenu(select) => out.push(select.custom_id.clone()),
            _ => {}
        }
    }
    out
}

/// Sends `count` counter messages and binds a stored counter to each.
async fn send_counters(bot: &Bot, sandbox: &Sandbox, count: usize) -> Vec<Id<MessageMarker>> {
    let mut messages = Vec::new();
    for _ in 0..count {
        let counter = Counter::default();
        let sent = bot
            .http
            .create_message(support::channel(sandbox))
            .content("Hello world!")
            .components(&counter.components())
            .await
            .expect("counter message sent")
            .model()
            .await
            .expect("sent message");
        bot.router.bind(sent.id, counter).await.expect("bound");
        messages.push(sent.id);
    }
    messages
}

/// The count stored for the counter of `message`.
async fn stored_count(router: &ViewRouter, message: Id<MessageMarker>) -> u64 {
    let stored = router
        .store()
        .load(message.get())
        .await
        .expect("store readable")
        .unwrap_or_else(|| panic!("no counter stored for message {message}"));
    serde_json::from_slice::<Counter>(&stored.state)
        .expect("a counter's state")
        .count
}

/// The number a real click's answer says (its message's new count); the
/// answer may be the interaction response itself, or the edit of a
/// deferred one if the router had to defer under load.
async fn answered_count(sandbox: &Sandbox, interaction: Id<InteractionMarker>) -> u64 {
    let reply = sandbox
        .wait_reply_matching(WAIT, |reply| {
            reply.interaction_id == Some(interaction)
                && reply
                    .message
                    .as_ref()
                    .is_some_and(|message| message.content.starts_with(INCREMENTED))
        })
        .await
        .unwrap_or_else(|error| {
            panic!(
                "real click {interaction} was not answered: {error}; replies: {:?}",
                sandbox.replies_for(interaction)
            )
        });
    assert!(reply.ephemeral, "answered for everyone: {reply:?}");
    let content = reply
        .message
        .map(|message| message.content)
        .unwrap_or_default();
    content
        .strip_prefix(INCREMENTED)
        .and_then(|rest| rest.trim().strip_suffix('!'))
        .and_then(|count| count.parse().ok())
        .unwrap_or_else(|| panic!("unexpected answer {content:?}"))
}

#[test]
fn hostile_payloads_never_panic_and_real_clicks_count_exactly() {
    count_panics();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name(THREAD_NAME)
        // twilight-model's deserialiser needs about 18 KB of stack per
        // level of label components nested in `message.components` in a
        // debug build: the ~120 levels serde_json's depth limit allows
        // overflow tokio's default 2 MiB (docs/reliability.md).
        .thread_stack_size(WORKER_STACK)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(hostile_payloads());
}

async fn hostile_payloads() {
    let seed = crate::seed("hostile_payloads", SEED_ENV);
    let payloads = crate::env_number(PAYLOADS_ENV).unwrap_or(DEFAULT_PAYLOADS);
    let sandbox = support::sandbox().await;
    // The 3-second acknowledgement rule is not under test here: on a busy
    // runner a slow answer must not become a lost click.
    sandbox.clock().pause();
    let db = TempDb::new("hostile-payloads");
    let settings = Settings {
        database_url: db.url(),
        ..Settings::sandbox(&sandbox)
    };
    let bot = spawn::<HostileBot>(settings).await.expect("bot starts");
    sandbox.wait_connected(1, WAIT).await.expect("bot connects");

    let tracked = send_counters(&bot.bot, &sandbox, TRACKED).await;
    let decoys = send_counters(&bot.bot, &sandbox, DECOYS).await;
    let live = bot.bot.router.start(Confirm);
    let ended = bot.bot.router.start(Confirm);
    let expired_ids = custom_ids(&ended.components().await);
    ended.stop().await;
    let targets = Targets::new(
        custom_ids(&live.components().await),
        expired_ids,
        decoys.iter().map(|id| id.get()).collect(),
    );
    let seeds: Vec<(String, Value)> = crate::fixture_payloads()
        .into_iter()
        .map(|(name, fixture)| (name, seed_interaction(&fixture)))
        .collect();
    assert!(seeds.len() >= 60, "only {} fixture payloads", seeds.len());
    let payloads = payloads.max(seeds.len() as u64);
    let trace = std::env::var_os(TRACE_ENV).is_some();
    let in_flight = if trace { 1 } else { IN_FLIGHT };
    let run = Arc::new(Run {
        trace,
        seed,
        seeds,
        targets,
        router: bot.bot.router.clone(),
        tally: Tally::default(),
    });

    let alice = support::user(&sandbox, 0);
    let real_clicks = (payloads / PAYLOADS_PER_REAL_CLICK).max(REAL_CLICKS);
    let click_every = (payloads / real_clicks).max(1);
    let mut clicks = Vec::new();
    let mut tasks = JoinSet::new();
    // Which payload each task tries, to name the payloads whose task died.
    let task_payloads = Mutex::new(HashMap::new());
    let crashed_payloads = Mutex::new(Vec::new());
    let joined = |joined: Option<Result<(tokio::task::Id, ()), tokio::task::JoinError>>| {
        let id = match &joined {
            Some(Ok((id, ()))) => *id,
            Some(Err(error)) => error.id(),
            None => return,
        };
        let index = task_payloads.lock().unwrap().remove(&id);
        if joined.is_some_and(|joined| joined.is_err()) {
            crashed_payloads.lock().unwrap().push(index);
        }
    };
    let started = Instant::now();
    for index in 0..payloads {
        if index % click_every == 0 && (clicks.len() as u64) < real_clicks {
            let message = tracked[clicks.len() % tracked.len()];
            let interaction = sandbox
                .click(message, "counter:increment", alice)
                .expect("real click accepted");
            clicks.push((message, interaction));
        }
        while tasks.len() >= in_flight {
            joined(tasks.join_next_with_id().await);
        }
        let run = run.clone();
        let task = tasks.spawn(async move { try_payload(&run, index).await });
        task_payloads.lock().unwrap().insert(task.id(), index);
    }
    while !tasks.is_empty() {
        joined(tasks.join_next_with_id().await);
    }
    let hostile_time = started.elapsed();
    let crashed_payloads = crashed_payloads.into_inner().unwrap();

    let mut answered: HashMap<Id<MessageMarker>, Vec<u64>> = HashMap::new();
    for (message, interaction) in &clicks {
        let count = answered_count(&sandbox, *interaction).await;
        answered.entry(*message).or_default().push(count);
    }

    let tally = &run.tally;
    let (tried, rejected, parsed, dispatched) = (
        Tally::get(&tally.tried),
        Tally::get(&tally.rejected),
        Tally::get(&tally.parsed),
        Tally::get(&tally.dispatched),
    );
    println!(
        "hostile_payloads: {tried} payloads tried in {:.1} s ({:.0}/s): {parsed} parsed and \
         dispatched ({dispatched}), {rejected} rejected by twilight's deserialiser; {} panics; \
         {} real clicks answered",
        hostile_time.as_secs_f64(),
        tried as f64 / hostile_time.as_secs_f64(),
        PANICS.load(Ordering::SeqCst),
        clicks.len(),
    );
    let outcomes = tally
        .outcomes
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    for (outcome, (count, example)) in &outcomes {
        println!("  {count:>8}  {outcome}\n            e.g. {example}");
    }
    let unparsed = tally
        .unparsed_seeds
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    println!(
        "  fixtures that do not parse even unmutated ({} of {}): {unparsed:?}",
        unparsed.len(),
        run.seeds.len()
    );

    let panics = PANICS.load(Ordering::SeqCst);
    let first_panics = FIRST_PANICS
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .clone();
    assert_eq!(
        (panics, crashed_payloads.len()),
        (0, 0),
        "panics (seed {seed:#x}; payloads whose task died: {crashed_payloads:?}): {first_panics:#?}"
    );
    assert_eq!(Tally::get(&tally.handler_panics), 0);
    assert_eq!(tried, payloads);
    assert_eq!(parsed + rejected, tried);
    assert_eq!(
        dispatched, parsed,
        "every payload that parses is dispatched"
    );
    assert!(
        parsed > 0 && rejected > 0,
        "the mutations must produce both payloads that parse and payloads that do not"
    );
    let reached_handlers: u64 = outcomes
        .iter()
        .filter(|(outcome, _)| outcome.starts_with("handled") || outcome.starts_with("failed"))
        .map(|(_, (count, _))| count)
        .sum();
    assert!(
        reached_handlers > 0,
        "no payload reached a handler: {outcomes:?}"
    );

    for message in &tracked {
        let mut counts = answered.remove(message).unwrap_or_default();
        counts.sort_unstable();
        let clicked = counts.len() as u64;
        assert_eq!(
            counts,
            (1..=clicked).collect::<Vec<_>>(),
            "the answers to the real clicks on {message} (seed {seed:#x})"
        );
        assert_eq!(
            stored_count(&run.router, *message).await,
            clicked,
            "stored count of {message}"
        );
        assert_eq!(
            increment_runs(*message),
            clicked,
            "handler runs on {message}"
        );
    }
    for message in &decoys {
        let runs = increment_runs(*message);
        println!("  forged clicks counted on decoy counter {message}: {runs}");
        assert_eq!(
            stored_count(&run.router, *message).await,
            runs,
            "a forged click on {message} was lost or counted twice (seed {seed:#x})"
        );
    }

    drop(live);
    bot.stop().await.expect("clean shutdown");
    sandbox.shutdown().await;
}
