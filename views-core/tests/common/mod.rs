//! Shared pieces of the router tests: a local stand-in for Discord's REST
//! API, interactions built from the real payloads in the fixtures, and
//! hand-written views (the macros are tested elsewhere).
#![allow(dead_code, clippy::unwrap_used)]

use std::{
    collections::VecDeque,
    convert::Infallible,
    net::SocketAddr,
    path::PathBuf,
    sync::{
        Arc, Mutex,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
    time::Duration,
};

use http_body_util::{BodyExt, Full};
use hyper::{Request, Response, body::Bytes, server::conn::http1, service::service_fn};
use hyper_util::rt::TokioIo;
use serde_json::{Value, json};
use tokio::{net::TcpListener, sync::Notify};
use twilight_http::Client;
use twilight_model::{
    application::interaction::Interaction,
    channel::message::{Component, component::ComponentType},
    id::{Id, marker::ApplicationMarker},
};
use views_core::{
    AutoDefer, BoxFuture, HandlerError, IntoHandlerResult, ItemSpec, SourceLocation, View,
    ViewContext, ViewOptions, ViewRouter, ViewRouterBuilder,
    render::{self, CustomIds, Placed},
};

pub const APPLICATION_ID: u64 = 100_000_000_000_000_001;
pub const GUILD_ID: u64 = 290_926_798_626_357_999;
pub const CHANNEL_ID: u64 = 645_027_906_669_510_667;
pub const USER_ID: u64 = 53_908_232_506_183_680;
/// A user every `Counter` rejects in `interaction_check`.
pub const BLOCKED_USER_ID: u64 = 666_666_666_666_666_666;

/// One request the fake Discord received.
#[derive(Clone, Debug)]
pub struct Recorded {
    pub method: String,
    pub path: String,
    pub body: Value,
}

impl Recorded {
    /// The interaction callback type of a `POST .../callback`.
    pub fn callback_type(&self) -> Option<u64> {
        self.path
            .ends_with("/callback")
            .then(|| self.body["type"].as_u64())
            .flatten()
    }

    pub fn is_followup(&self) -> bool {
        self.method == "POST" && self.path.starts_with("/api/v10/webhooks/")
    }

    pub fn is_edit_original(&self) -> bool {
        self.method == "PATCH" && self.path.ends_with("/messages/@original")
    }

    /// The message content, wherever the request carries it.
    pub fn content(&self) -> Option<&str> {
        self.body["data"]["content"]
            .as_str()
            .or_else(|| self.body["content"].as_str())
    }

    /// The message flags, wherever the request carries them.
    pub fn flags(&self) -> Option<u64> {
        self.body["data"]["flags"]
            .as_u64()
            .or_else(|| self.body["flags"].as_u64())
    }

    pub fn is_ephemeral(&self) -> bool {
        self.flags().is_some_and(|flags| flags & 64 != 0)
    }

    /// The interaction token in the path.
    pub fn token(&self) -> Option<&str> {
        self.path
            .strip_prefix("/api/v10/interactions/")
            .map(|rest| rest.split('/').nth(1))
            .or_else(|| {
                self.path
                    .strip_prefix("/api/v10/webhooks/")
                    .map(|rest| rest.split('/').nth(1))
            })?
    }
}

/// A local HTTP server standing in for Discord's REST API: records every
/// request and answers 204/200, or a queued error.
#[derive(Clone)]
pub struct FakeDiscord {
    pub addr: SocketAddr,
    requests: Arc<Mutex<Vec<Recorded>>>,
    failures: Arc<Mutex<VecDeque<(String, u16, Value)>>>,
    arrived: Arc<Notify>,
}

impl FakeDiscord {
    pub async fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let server = Self {
            addr,
            requests: Arc::default(),
            failures: Arc::default(),
            arrived: Arc::default(),
        };
        let state = server.clone();
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                let state = state.clone();
                tokio::spawn(async move {
                    let service = service_fn(move |request| {
                        let state = state.clone();
                        async move { Ok::<_, Infallible>(state.answer(request).await) }
                    });
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service)
                        .await;
                });
            }
        });
        server
    }

    async fn answer(&self, request: Request<hyper::body::Incoming>) -> Response<Full<Bytes>> {
        let method = request.method().to_string();
        let path = request.uri().path().to_owned();
        let bytes = request.into_body().collect().await.unwrap().to_bytes();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        let failure = {
            let mut failures = self.failures.lock().unwrap();
            let position = failures
                .iter()
                .position(|(part, _, _)| path.contains(part.as_str()));
            position.and_then(|position| failures.remove(position))
        };
        self.requests.lock().unwrap().push(Recorded {
            method: method.clone(),
            path,
            body,
        });
        self.arrived.notify_waiters();
        let (status, body) = match failure {
            Some((_, status, body)) => (status, body.to_string()),
            None if method == "DELETE" || method == "POST" && bytes.is_empty() => {
                (204, String::new())
            }
            None => (200, message_json(1, Vec::new()).to_string()),
        };
        let mut response = Response::new(Full::new(Bytes::from(body)));
        *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap();
        response
            .headers_mut()
            .insert("content-type", "application/json".parse().unwrap());
        response
    }

    /// The next request whose path contains `path_part` gets this answer.
    pub fn fail_next(&self, path_part: &str, status: u16, body: Value) {
        self.failures
            .lock()
            .unwrap()
            .push_back((path_part.to_owned(), status, body));
    }

    pub fn requests(&self) -> Vec<Recorded> {
        self.requests.lock().unwrap().clone()
    }

    /// Requests made for one interaction token.
    pub fn requests_for(&self, token: &str) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|request| request.token() == Some(token))
            .collect()
    }

    /// Waits (at most 10 s) until `count` requests were recorded.
    pub async fn wait_for(&self, count: usize) -> Vec<Recorded> {
        tokio::time::timeout(Duration::from_secs(10), async {
            loop {
                let notified = self.arrived.notified();
                let requests = self.requests();
                if requests.len() >= count {
                    return requests;
                }
                notified.await;
            }
        })
        .await
        .expect("the fake Discord did not receive the expected requests")
    }

    pub fn client(&self) -> Arc<Client> {
        Arc::new(
            Client::builder()
                .proxy(self.addr.to_string(), true)
                .ratelimiter(None)
                .build(),
        )
    }

    pub fn router(&self) -> ViewRouterBuilder {
        ViewRouter::builder(self.client(), application_id())
    }
}

pub fn application_id() -> Id<ApplicationMarker> {
    Id::new(APPLICATION_ID)
}

/// `tests/fixtures/discord-api-docs` of the repository (or
/// `$TWILIGHT_VIEWS_FIXTURES/discord-api-docs`), found from any member's
/// manifest dir.
fn fixtures_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("TWILIGHT_VIEWS_FIXTURES") {
        return PathBuf::from(dir).join("discord-api-docs");
    }
    let manifest = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    manifest
        .ancestors()
        .map(|dir| dir.join("tests/fixtures/discord-api-docs"))
        .find(|dir| dir.is_dir())
        .expect("tests/fixtures/discord-api-docs not found above the manifest dir")
}

/// A fixture of Discord's docs, parsed.
pub fn fixture(name: &str) -> Value {
    let path = fixtures_dir().join(name);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The `data` of a fixture's message-component interaction.
pub fn fixture_data(name: &str) -> Value {
    fixture(name)["data"].clone()
}

/// Button data as Discord sends it (shape of the docs' button example).
pub fn button_data(custom_id: &str) -> Value {
    let mut data = fixture_data("button-message-interaction-response-example.json");
    data["custom_id"] = json!(custom_id);
    data
}

static NEXT_ID: AtomicU64 = AtomicU64::new(1_000);

pub fn user_json(id: u64) -> Value {
    json!({
        "id": id.to_string(),
        "username": "Mason",
        "avatar": null,
        "discriminator": "1337",
        "public_flags": 131_141,
    })
}

/// A message the bot sent, carrying `components`.
pub fn message_json(id: u64, components: Vec<Component>) -> Value {
    json!({
        "id": id.to_string(),
        "channel_id": CHANNEL_ID.to_string(),
        "author": {
            "id": APPLICATION_ID.to_string(),
            "username": "ExampleBot",
            "discriminator": "9062",
            "avatar": null,
            "bot": true,
        },
        "content": "",
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

/// A full component interaction around `data`, clicked by `user_id` on
/// message `message_id` (`None`: no message field).
pub fn interaction_json(data: Value, message_id: Option<u64>, user_id: u64) -> Value {
    let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
    let mut interaction = json!({
        "id": id.to_string(),
        "application_id": APPLICATION_ID.to_string(),
        "type": 3,
        "token": format!("token-{id}"),
        "version": 1,
        "attachment_size_limit": 8_388_608,
        "authorizing_integration_owners": { "0": GUILD_ID.to_string() },
        "entitlements": [],
        "app_permissions": "442368",
        "guild_id": GUILD_ID.to_string(),
        "guild_locale": "en-US",
        "locale": "en-US",
        "channel_id": CHANNEL_ID.to_string(),
        "member": {
            "user": user_json(user_id),
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
    if let Some(message_id) = message_id {
        interaction["message"] = message_json(message_id, Vec::new());
    }
    interaction
}

pub fn parse(interaction: Value) -> Interaction {
    serde_json::from_value(interaction).expect("test interaction deserialises")
}

/// A button click on `message_id` by the default user.
pub fn click(custom_id: &str, message_id: u64) -> Interaction {
    parse(interaction_json(
        button_data(custom_id),
        Some(message_id),
        USER_ID,
    ))
}

pub fn token_of(interaction: &Interaction) -> String {
    interaction.token.clone()
}

const HERE: SourceLocation = SourceLocation {
    file: file!(),
    line: line!(),
};

// ---------------------------------------------------------------------------
// Counter: a persistent view with a handler per behaviour under test.

/// What a test can observe of a `Counter` from outside the router.
#[derive(Clone, Default)]
pub struct Probe {
    /// The count after the latest increment.
    pub seen: Arc<AtomicU64>,
    /// Released by the test to let `slow` continue.
    pub release: Arc<Notify>,
    /// Handlers that completed.
    pub completed: Arc<AtomicUsize>,
}

pub struct Counter {
    pub label: &'static str,
    pub count: u64,
    pub probe: Probe,
}

impl Counter {
    pub fn new(label: &'static str) -> Self {
        Self {
            label,
            count: 0,
            probe: Probe::default(),
        }
    }

    pub fn with_probe(label: &'static str, probe: Probe) -> Self {
        Self {
            label,
            count: 0,
            probe,
        }
    }
}

impl ViewOptions for Counter {
    const NAME: &'static str = "Counter";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = HERE;
}

fn increment(view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        // Read, yield, write: loses updates unless handlers of one
        // instance are serialised.
        let count = view.count;
        tokio::task::yield_now().await;
        view.count = count + 1;
        view.probe.seen.store(view.count, Ordering::SeqCst);
        let reply = format!("{}:{}", view.label, view.count);
        ctx.respond_ephemeral(reply).await.into_handler_result()
    })
}

fn explode(_view: &mut Counter, _ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move { panic!("the handler exploded") })
}

#[derive(Debug)]
pub struct Broken;

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("broken on purpose")
    }
}

impl std::error::Error for Broken {}

fn fail(_view: &mut Counter, _ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move { Err::<(), _>(Broken).into_handler_result() })
}

/// Answers, then fails: the apology must become a follow-up.
fn late_fail(_view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        ctx.respond("partial").await.into_handler_result()?;
        Err::<(), _>(Broken).into_handler_result()
    })
}

/// Waits for the test's release, then replies: a handler slower than the
/// auto-defer delay.
fn slow(view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        view.probe.release.notified().await;
        ctx.respond_ephemeral("slow reply")
            .await
            .into_handler_result()?;
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    })
}

/// Replies after the auto-defer by updating the message.
fn slow_update(view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        view.probe.release.notified().await;
        ctx.update("updated late").await.into_handler_result()?;
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    })
}

/// Returns without replying.
fn silent(view: &mut Counter, _ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        view.probe.completed.fetch_add(1, Ordering::SeqCst);
        Ok(())
    })
}

/// Re-renders the view on its message.
fn rerender(view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        view.count += 1;
        ctx.update_view(&*view).await.into_handler_result()
    })
}

/// Replies twice: the second reply must become a follow-up.
fn twice(_view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        ctx.respond("first").await.into_handler_result()?;
        ctx.respond("second").await.into_handler_result()
    })
}

/// Defers, then edits the original and sends a follow-up.
fn deferred(_view: &mut Counter, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        ctx.defer().await.into_handler_result()?;
        ctx.respond("after defer").await.into_handler_result()?;
        ctx.followup("more").await.into_handler_result()?;
        ctx.delete_original().await.into_handler_result()
    })
}

/// Sends one reply and records the typed error Discord's answer became.
fn reply_and_record(
    view: &mut Counter,
    ctx: ViewContext,
) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        match ctx.respond("hello").await {
            Ok(()) => view.label = "ok",
            Err(error) => {
                view.label = match error.kind() {
                    views_core::ViewErrorKind::AlreadyAcknowledged => "already-acknowledged",
                    views_core::ViewErrorKind::UnknownInteraction => "unknown-interaction",
                    views_core::ViewErrorKind::UnknownMessage => "unknown-message",
                    views_core::ViewErrorKind::Discord {
                        status: 500,
                        code: None,
                    } => "discord-500",
                    views_core::ViewErrorKind::Discord {
                        status: 400,
                        code: Some(50035),
                    } => "discord-400-50035",
                    _ => "other",
                };
            }
        }
        // Report the label through a follow-up the test can read.
        let _ = ctx.followup(format!("label={}", view.label)).await;
        Ok(())
    })
}

const fn item(
    custom_id: &'static str,
    name: &'static str,
    auto_defer: AutoDefer,
    handler: views_core::Handler<Counter>,
) -> ItemSpec<Counter> {
    ItemSpec {
        custom_id: Some(custom_id),
        name,
        component_type: ComponentType::Button,
        auto_defer,
        mutates: true,
        handler,
        defined_at: HERE,
    }
}

static COUNTER_ITEMS: [ItemSpec<Counter>; 12] = [
    item(
        "counter:increment",
        "increment",
        AutoDefer::Update,
        increment,
    ),
    item("counter:explode", "explode", AutoDefer::Update, explode),
    item("counter:fail", "fail", AutoDefer::Update, fail),
    item("counter:slow", "slow", AutoDefer::Update, slow),
    item(
        "counter:slow-ephemeral",
        "slow_ephemeral",
        AutoDefer::Ephemeral,
        slow,
    ),
    item(
        "counter:slow-update",
        "slow_update",
        AutoDefer::Update,
        slow_update,
    ),
    item("counter:silent", "silent", AutoDefer::Update, silent),
    item("counter:rerender", "rerender", AutoDefer::Update, rerender),
    item("counter:twice", "twice", AutoDefer::Off, twice),
    item("counter:deferred", "deferred", AutoDefer::Off, deferred),
    item(
        "counter:errors",
        "reply_and_record",
        AutoDefer::Off,
        reply_and_record,
    ),
    item(
        "counter:late-fail",
        "late_fail",
        AutoDefer::Update,
        late_fail,
    ),
];

fn render_buttons<V>(items: &[ItemSpec<V>], ids: &CustomIds, label: &str) -> Vec<Component> {
    render::rows(
        items
            .iter()
            .enumerate()
            .take(5)
            .map(|(index, item)| Placed {
                row: 0,
                component: render::button(
                    ids.custom_id(index, item.custom_id),
                    Some(format!("{label} {}", item.name)),
                    None,
                    twilight_model::channel::message::component::ButtonStyle::Primary,
                    false,
                ),
            })
            .collect(),
    )
}

impl View for Counter {
    fn items() -> &'static [ItemSpec<Self>] {
        &COUNTER_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, &self.count.to_string())
    }

    fn interaction_check<'a>(&'a self, ctx: &'a ViewContext) -> BoxFuture<'a, bool> {
        let allowed = ctx.user_id() != Some(Id::new(BLOCKED_USER_ID));
        Box::pin(async move { allowed })
    }
}

// ---------------------------------------------------------------------------
// Clash: a second persistent view declaring one of Counter's ids.

pub struct Clash;

impl ViewOptions for Clash {
    const NAME: &'static str = "Clash";
    const PERSISTENT: bool = true;
    const TIMEOUT: Option<Duration> = None;
    const DEFINED_AT: SourceLocation = SourceLocation {
        file: "tests/clash.rs",
        line: 7,
    };
}

fn clash_handler(_view: &mut Clash, _ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async { Ok(()) })
}

static CLASH_ITEMS: [ItemSpec<Clash>; 1] = [ItemSpec {
    custom_id: Some("counter:increment"),
    name: "also_increment",
    component_type: ComponentType::Button,
    auto_defer: AutoDefer::Update,
    mutates: true,
    handler: clash_handler,
    defined_at: SourceLocation {
        file: "tests/clash.rs",
        line: 12,
    },
}];

impl View for Clash {
    fn items() -> &'static [ItemSpec<Self>] {
        &CLASH_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, "clash")
    }
}

// ---------------------------------------------------------------------------
// Poll: a non-persistent view with a short timeout.

/// What a test can observe of a `Poll`.
#[derive(Clone, Default)]
pub struct PollProbe {
    pub votes: Arc<AtomicU64>,
    pub timeouts: Arc<AtomicUsize>,
    pub timed_out: Arc<Notify>,
}

pub struct Poll {
    pub probe: PollProbe,
}

impl ViewOptions for Poll {
    const NAME: &'static str = "Poll";
    const PERSISTENT: bool = false;
    const TIMEOUT: Option<Duration> = Some(Duration::from_millis(150));
    const DEFINED_AT: SourceLocation = HERE;
}

fn vote(view: &mut Poll, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        let votes = view.probe.votes.fetch_add(1, Ordering::SeqCst) + 1;
        ctx.respond_ephemeral(format!("votes:{votes}"))
            .await
            .into_handler_result()
    })
}

static POLL_ITEMS: [ItemSpec<Poll>; 2] = [
    ItemSpec {
        custom_id: None,
        name: "yes",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: vote,
        defined_at: HERE,
    },
    ItemSpec {
        custom_id: None,
        name: "no",
        component_type: ComponentType::Button,
        auto_defer: AutoDefer::Update,
        mutates: true,
        handler: vote,
        defined_at: HERE,
    },
];

impl View for Poll {
    fn items() -> &'static [ItemSpec<Self>] {
        &POLL_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render_buttons(Self::items(), ids, "poll")
    }

    fn on_timeout(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.probe.timeouts.fetch_add(1, Ordering::SeqCst);
            self.probe.timed_out.notify_one();
        })
    }
}

// ---------------------------------------------------------------------------
// Tally: a non-persistent view whose timeout never interferes with a test.

#[derive(Default)]
pub struct Tally {
    pub votes: u64,
    pub timeouts: Arc<AtomicUsize>,
    /// Set by on_timeout; rendered as disabled buttons.
    pub closed: bool,
}

impl Tally {
    pub fn new() -> Self {
        Self::default()
    }
}

impl ViewOptions for Tally {
    const NAME: &'static str = "Tally";
    const PERSISTENT: bool = false;
    const TIMEOUT: Option<Duration> = Some(Duration::from_secs(3600));
    const DEFINED_AT: SourceLocation = HERE;
}

fn tally(view: &mut Tally, ctx: ViewContext) -> BoxFuture<'_, Result<(), HandlerError>> {
    Box::pin(async move {
        view.votes += 1;
        ctx.respond_ephemeral(format!("votes:{}", view.votes))
            .await
            .into_handler_result()
    })
}

static TALLY_ITEMS: [ItemSpec<Tally>; 1] = [ItemSpec {
    custom_id: Some("tally:declared-but-ignored"),
    name: "tally",
    component_type: ComponentType::Button,
    auto_defer: AutoDefer::Update,
    mutates: true,
    handler: tally,
    defined_at: HERE,
}];

impl View for Tally {
    fn items() -> &'static [ItemSpec<Self>] {
        &TALLY_ITEMS
    }

    fn render(&self, ids: &CustomIds) -> Vec<Component> {
        render::rows(vec![Placed {
            row: 0,
            component: render::button(
                ids.custom_id(0, Self::items()[0].custom_id),
                Some(format!("votes {}", self.votes)),
                None,
                twilight_model::channel::message::component::ButtonStyle::Primary,
                self.closed,
            ),
        }])
    }

    fn on_timeout(&mut self) -> BoxFuture<'_, ()> {
        Box::pin(async move {
            self.closed = true;
            self.timeouts.fetch_add(1, Ordering::SeqCst);
        })
    }
}

/// The custom_ids of a rendering, in order.
pub fn custom_ids_of(components: &[Component]) -> Vec<String> {
    let mut ids = Vec::new();
    for component in components {
        match component {
            Component::ActionRow(row) => ids.extend(custom_ids_of(&row.components)),
            Component::Button(button) => ids.extend(button.custom_id.clone()),
            Component::SelectMenu(select) => ids.push(select.custom_id.clone()),
            _ => {}
        }
    }
    ids
}
