//! What the endpoint tests share: the application's key pair and requests
//! signed with it, the views, and a router replying through a recorder.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::{Duration, SystemTime, UNIX_EPOCH},
};

use bytes::Bytes;
use ed25519_dalek::{Signer as _, SigningKey};
use http_body_util::{BodyExt as _, Full};
use serde_json::{Value, json};
use tokio::sync::Notify;
use tower_service::Service as _;
use twilight_http::Client;
use twilight_views::{
    BoxFuture, MemoryStore, StoreError, StoreErrorKind, StoredView, ViewRouter, ViewStore,
    endpoint::{EndpointResponse, InteractionsEndpoint, InteractionsEndpointBuilder},
    prelude::*,
    respond::RecordingTransport,
    store::{Lease, ScanPage},
};
use views_testkit::discord::{USER_ID, application_id, button_data, interaction_json};

/// The application's signing key (Discord holds it; the tests play Discord).
pub fn signing_key() -> SigningKey {
    SigningKey::from_bytes(&[7; 32])
}

/// Another key: what an impostor signs with.
pub fn impostor_key() -> SigningKey {
    SigningKey::from_bytes(&[9; 32])
}

/// The public key, as the Developer Portal shows it.
pub fn public_key_hex() -> String {
    hex(signing_key().verifying_key().as_bytes())
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// Now, in Unix seconds, as Discord puts it in `X-Signature-Timestamp`.
pub fn now() -> String {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
        .to_string()
}

/// The signature `key` makes over `timestamp` then `body`, in hex.
pub fn signature(key: &SigningKey, timestamp: &str, body: &[u8]) -> String {
    let mut message = timestamp.as_bytes().to_vec();
    message.extend_from_slice(body);
    hex(&key.sign(&message).to_bytes())
}

/// A POST with the given headers (`None`: header left out).
pub fn request(
    signature: Option<&str>,
    timestamp: Option<&str>,
    body: impl Into<Bytes>,
) -> http::Request<Full<Bytes>> {
    let mut request = http::Request::post("/interactions");
    if let Some(signature) = signature {
        request = request.header("X-Signature-Ed25519", signature);
    }
    if let Some(timestamp) = timestamp {
        request = request.header("X-Signature-Timestamp", timestamp);
    }
    request.body(Full::new(body.into())).unwrap()
}

/// A POST of `body` signed now with the application's key.
pub fn signed(body: &Value) -> http::Request<Full<Bytes>> {
    let body = serde_json::to_vec(body).unwrap();
    let timestamp = now();
    let signature = signature(&signing_key(), &timestamp, &body);
    request(Some(&signature), Some(&timestamp), body)
}

/// What the endpoint answered: the status and the body (JSON when it is).
pub struct Answer {
    pub status: u16,
    pub text: String,
}

impl Answer {
    pub async fn of(response: EndpointResponse) -> Self {
        let status = response.status().as_u16();
        let body = response.into_body().collect().await.unwrap().to_bytes();
        Self {
            status,
            text: String::from_utf8(body.to_vec()).unwrap(),
        }
    }

    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text)
            .unwrap_or_else(|error| panic!("not JSON ({error}): {} {}", self.status, self.text))
    }

    /// The callback type of the body.
    pub fn kind(&self) -> u64 {
        self.json()["type"].as_u64().unwrap()
    }

    /// The message content of the body.
    pub fn content(&self) -> String {
        self.json()["data"]["content"]
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    pub fn is_ephemeral(&self) -> bool {
        self.json()["data"]["flags"].as_u64().unwrap_or(0) & 64 != 0
    }
}

/// Sends `request` to the endpoint as a tower Service.
pub async fn send(endpoint: &InteractionsEndpoint, request: http::Request<Full<Bytes>>) -> Answer {
    let response = endpoint.clone().call(request).await.unwrap();
    Answer::of(response).await
}

/// A click on `custom_id` of message `message_id`, as Discord POSTs it.
pub fn click(custom_id: &str, message_id: u64) -> Value {
    interaction_json(button_data(custom_id), Some(message_id), USER_ID)
}

/// A slash command `/name`, as Discord POSTs it.
pub fn command(name: &str) -> Value {
    let mut interaction = interaction_json(Value::Null, None, USER_ID);
    interaction["type"] = json!(2);
    interaction["data"] = json!({"id": "7001", "name": name, "type": 1});
    interaction
}

/// The id of the interaction `json` carries.
pub fn interaction_id(json: &Value) -> u64 {
    json["id"].as_str().unwrap().parse().unwrap()
}

/// One message's count, stored.
#[view(persistent)]
#[derive(Serialize, Deserialize, Default, Debug)]
pub struct Counter {
    pub count: u64,
}

#[view]
impl Counter {
    #[button(custom_id = "http:increment", label = "Increment")]
    async fn increment(&mut self, ctx: ViewContext) -> ViewResult {
        self.count += 1;
        ctx.respond_ephemeral(format!("count {}", self.count)).await
    }
}

/// Handlers for the endpoint's own paths: slow ones, a panicking one.
#[view(persistent)]
pub struct Probes {
    /// Handlers that started.
    pub ran: Arc<AtomicUsize>,
    /// Released by a test to let `slow` answer.
    pub release: Arc<Notify>,
}

#[view]
impl Probes {
    #[button(custom_id = "http:slow", label = "Slow")]
    async fn slow(&self, ctx: ViewContext) -> ViewResult {
        self.ran.fetch_add(1, Ordering::SeqCst);
        self.release.notified().await;
        ctx.respond_ephemeral("done at last").await
    }

    #[button(custom_id = "http:explode", label = "Explode")]
    async fn explode(&self, _ctx: ViewContext) -> ViewResult {
        self.ran.fetch_add(1, Ordering::SeqCst);
        panic!("the handler exploded")
    }

    #[button(custom_id = "http:quick", label = "Quick")]
    async fn quick(&self, ctx: ViewContext) -> ViewResult {
        self.ran.fetch_add(1, Ordering::SeqCst);
        ctx.update("updated").await
    }
}

/// A form whose submit handler takes longer than the auto-defer delay.
#[modal(title = "Feedback", custom_id = "http-slow-form")]
#[derive(Default)]
pub struct SlowForm {
    #[text_input(label = "Feedback")]
    pub feedback: String,
}

/// How long [`SlowForm`]'s handler works before it answers.
pub const SLOW_SUBMIT: Duration = Duration::from_millis(900);

async fn submit_slowly(ctx: ViewContext, form: SlowForm) -> ViewResult {
    tokio::time::sleep(SLOW_SUBMIT).await;
    ctx.respond(format!("thanks for: {}", form.feedback)).await
}

/// A signed-to-be submission of `custom_id`'s form with one text field,
/// sent from `message_id`'s component or, with `None`, from a command.
pub fn submission(custom_id: &str, message_id: Option<u64>, value: &str) -> Value {
    let mut submit = interaction_json(
        json!({
            "custom_id": custom_id,
            "components": [{"type": 18, "id": 1, "component":
                {"type": 4, "id": 2, "custom_id": "feedback", "value": value}}],
        }),
        message_id,
        USER_ID,
    );
    submit["type"] = json!(5);
    submit
}

/// A memory store whose leases fail while `failing` is set.
pub struct FlakyStore {
    pub inner: MemoryStore,
    pub failing: std::sync::atomic::AtomicBool,
}

impl ViewStore for FlakyStore {
    fn load(&self, message_id: u64) -> BoxFuture<'_, Result<Option<StoredView>, StoreError>> {
        self.inner.load(message_id)
    }

    fn upsert<'a>(
        &'a self,
        message_id: u64,
        kind: &'a str,
        state: Vec<u8>,
    ) -> BoxFuture<'a, Result<StoredView, StoreError>> {
        self.inner.upsert(message_id, kind, state)
    }

    fn delete(&self, message_id: u64) -> BoxFuture<'_, Result<bool, StoreError>> {
        self.inner.delete(message_id)
    }

    fn scan(
        &self,
        after: Option<u64>,
        limit: usize,
    ) -> BoxFuture<'_, Result<ScanPage, StoreError>> {
        self.inner.scan(after, limit)
    }

    fn lease(&self, message_id: u64) -> BoxFuture<'_, Result<Option<Lease>, StoreError>> {
        if self.failing.load(Ordering::SeqCst) {
            return Box::pin(std::future::ready(Err(StoreError::new(
                StoreErrorKind::Backend,
                Some("the database is down".into()),
            ))));
        }
        self.inner.lease(message_id)
    }

    fn backend(&self) -> &'static str {
        "flaky"
    }
}

/// A bot behind the endpoint: its router replies through `recorder`
/// after the first answer.
pub struct Bot {
    pub router: ViewRouter,
    pub recorder: RecordingTransport,
    pub probes: Arc<AtomicUsize>,
    pub release: Arc<Notify>,
    pub store: Arc<FlakyStore>,
}

/// The auto-defer delay of the tests' routers: short, so a slow handler
/// is deferred quickly.
pub const AUTO_DEFER: Duration = Duration::from_millis(300);

impl Bot {
    pub fn new() -> Self {
        let recorder = RecordingTransport::new();
        let store = Arc::new(FlakyStore {
            inner: MemoryStore::new(),
            failing: false.into(),
        });
        let router = ViewRouter::builder(
            Arc::new(Client::new("endpoint-tests".to_owned())),
            application_id(),
        )
        .reply_transport(Arc::new(recorder.clone()))
        .store(store.clone())
        .stored_view::<Counter>()
        .view::<Probes>()
        .modal(submit_slowly)
        .auto_defer_after(AUTO_DEFER)
        .build()
        .unwrap();
        let probes = Arc::new(AtomicUsize::new(0));
        let release = Arc::new(Notify::new());
        router
            .add_view(Probes {
                ran: probes.clone(),
                release: release.clone(),
            })
            .unwrap();
        Self {
            router,
            recorder,
            probes,
            release,
            store,
        }
    }

    /// The endpoint builder for this bot, checking the tests' key.
    pub fn endpoint(&self) -> InteractionsEndpointBuilder {
        InteractionsEndpoint::builder(self.router.clone(), &public_key_hex())
    }

    /// How many handlers of [`Probes`] started.
    pub fn handlers_run(&self) -> usize {
        self.probes.load(Ordering::SeqCst)
    }
}
