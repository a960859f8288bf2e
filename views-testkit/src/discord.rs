//! Discord for the router tests: the project's local Discord
//! (`views-sandbox`) embedded and seen as a log of the REST requests the
//! router made (`FakeDiscord`), and interactions built from the real
//! payloads in the fixtures (`tests/fixtures/discord-api-docs`), which the
//! sandbox adopts when the router answers them.

use std::{
    collections::HashMap,
    net::SocketAddr,
    path::PathBuf,
    sync::{
        Arc, Mutex, OnceLock, PoisonError,
        atomic::{AtomicU64, Ordering},
    },
    time::Duration,
};

use serde_json::{Value, json};
use twilight_http::Client;
use twilight_model::{
    application::interaction::Interaction,
    channel::message::Component,
    id::{Id, marker::ApplicationMarker},
};
use views_core::{ViewRouter, ViewRouterBuilder};
use views_sandbox::{RestRequest, Sandbox, SandboxConfig};

/// The application (bot) of every interaction.
pub const APPLICATION_ID: u64 = 100_000_000_000_000_001;
/// The guild of every interaction.
pub const GUILD_ID: u64 = 290_926_798_626_357_999;
/// The channel of every interaction and message.
pub const CHANNEL_ID: u64 = 645_027_906_669_510_667;
/// The user who clicks, unless a test says otherwise.
pub const USER_ID: u64 = 53_908_232_506_183_680;
/// A user every `Counter` rejects in `interaction_check`.
pub const BLOCKED_USER_ID: u64 = 666_666_666_666_666_666;

/// One REST request the router made.
#[derive(Clone, Debug)]
pub struct Recorded {
    /// `GET`, `POST`, `PATCH`, ...
    pub method: String,
    /// The path, without the query.
    pub path: String,
    /// The JSON body (`Null` when empty or not JSON).
    pub body: Value,
    /// The status the sandbox answered with.
    pub status: u16,
}

impl From<RestRequest> for Recorded {
    fn from(request: RestRequest) -> Self {
        Self {
            method: request.method,
            path: request.path,
            body: request.body,
            status: request.status,
        }
    }
}

impl Recorded {
    /// The interaction callback type of a `POST .../callback`.
    pub fn callback_type(&self) -> Option<u64> {
        self.path
            .ends_with("/callback")
            .then(|| self.body["type"].as_u64())
            .flatten()
    }

    /// A follow-up message (`POST /webhooks/...`).
    pub fn is_followup(&self) -> bool {
        self.method == "POST" && self.path.starts_with("/api/v10/webhooks/")
    }

    /// An edit of the original response (`PATCH .../messages/@original`).
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

    /// Whether the message flags include EPHEMERAL.
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

/// Discord's REST API for the router tests: a [`Sandbox`] on 127.0.0.1
/// (application [`APPLICATION_ID`], its clock paused so the 3-second rule
/// never fires on a slow machine) that adopts every interaction built by
/// [`parse`] (and so [`click`]) when the router answers it. Its readers
/// turn the sandbox's request log into [`Recorded`] requests. Clones share
/// the sandbox; it stops when the last one is dropped.
#[derive(Clone)]
pub struct FakeDiscord {
    /// Where it listens (127.0.0.1, a free port).
    pub addr: SocketAddr,
    sandbox: Arc<Sandbox>,
}

impl FakeDiscord {
    /// Starts the sandbox on a free port.
    pub async fn start() -> Self {
        let mut config = SandboxConfig::default();
        config.application_id = APPLICATION_ID;
        let sandbox = Sandbox::start(config)
            .await
            .expect("the sandbox starts on 127.0.0.1");
        sandbox.clock().pause();
        sandbox.adopt_interactions_from(built);
        Self {
            addr: sandbox.addr(),
            sandbox: Arc::new(sandbox),
        }
    }

    /// The sandbox behind it (its messages, replies, clock, ...).
    pub fn sandbox(&self) -> &Sandbox {
        &self.sandbox
    }

    /// The next request whose path contains `path_part` gets this answer
    /// (and is not served).
    pub fn fail_next(&self, path_part: &str, status: u16, body: Value) {
        self.sandbox.fail_next_request(path_part, status, body);
    }

    /// Every request so far, in order of arrival.
    pub fn requests(&self) -> Vec<Recorded> {
        self.sandbox
            .requests()
            .into_iter()
            .map(Recorded::from)
            .collect()
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
        self.sandbox
            .wait_requests(count, Duration::from_secs(10))
            .await
            .expect("the fake Discord did not receive the expected requests")
            .into_iter()
            .map(Recorded::from)
            .collect()
    }

    /// A twilight-http client sending to the sandbox (no rate limiter).
    pub fn client(&self) -> Arc<Client> {
        Arc::new(
            Client::builder()
                .token("fake-discord".to_owned())
                .proxy(self.sandbox.api_host_port(), true)
                .ratelimiter(None)
                .build(),
        )
    }

    /// A router builder on [`FakeDiscord::client`] and [`APPLICATION_ID`].
    pub fn router(&self) -> ViewRouterBuilder {
        ViewRouter::builder(self.client(), application_id())
    }
}

/// Interactions built by [`parse`], by token: what the sandboxes adopt.
fn built_interactions() -> &'static Mutex<HashMap<String, Interaction>> {
    static BUILT: OnceLock<Mutex<HashMap<String, Interaction>>> = OnceLock::new();
    BUILT.get_or_init(Mutex::default)
}

/// The interaction [`parse`] built with this token.
fn built(token: &str) -> Option<Interaction> {
    built_interactions()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .get(token)
        .cloned()
}

/// [`APPLICATION_ID`] as an id.
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

/// A user object as Discord sends it.
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

/// A JSON interaction parsed as twilight does (panics if it does not
/// parse); a [`FakeDiscord`] adopts it when the router answers it.
pub fn parse(interaction: Value) -> Interaction {
    let interaction: Interaction =
        serde_json::from_value(interaction).expect("test interaction deserialises");
    built_interactions()
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .insert(interaction.token.clone(), interaction.clone());
    interaction
}

/// A button click on `message_id` by the default user.
pub fn click(custom_id: &str, message_id: u64) -> Interaction {
    parse(interaction_json(
        button_data(custom_id),
        Some(message_id),
        USER_ID,
    ))
}

/// The interaction's token (to find the requests made for it).
pub fn token_of(interaction: &Interaction) -> String {
    interaction.token.clone()
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
