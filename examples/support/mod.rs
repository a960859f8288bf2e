//! The bot runner every example shares: configuration from the environment,
//! the embedded sandbox when no token is given, the twilight shard and HTTP
//! client, the event loop, and a clean shutdown on Ctrl-C.
//!
//! An example implements [`Example`] (its views and its message handler) and
//! calls [`main`]. The integration tests (`tests/example_*.rs`) include the
//! example file and drive the same code through [`spawn`].
//!
//! Environment:
//!
//! | variable | meaning |
//! | --- | --- |
//! | `DISCORD_TOKEN` | the bot token; unset: run against the embedded sandbox |
//! | `DISCORD_GATEWAY_URL` | gateway URL (a proxy, a standalone sandbox): `wss://proxy.example`, `ws://127.0.0.1:4000` |
//! | `DISCORD_API_URL` | REST host: `https://proxy.example`; `http://127.0.0.1:4000` and a bare `127.0.0.1:4000` (what a sandbox prints) speak plain HTTP |
//! | `DATABASE_URL` | where bound views are kept (default `sqlite://twilight-views.db`) |
//! | `DISCORD_SHARDS` | how many shards this process runs, all of them (default 1) |
//! | `RUST_LOG` | log filter (default `info`) |
//! | `VIEWS_SANDBOX_PORT` | port of the embedded sandbox (default: a free one) |
//! | `VIEWS_SANDBOX_STATE_FILE` | where the embedded sandbox keeps its messages (default `twilight-views-sandbox.json`) |
//!
//! With a `DISCORD_TOKEN`, plain HTTP and `ws://` are refused unless their
//! host is this machine (127.0.0.0/8, `::1`, `localhost`): the token would
//! cross the network unencrypted. A sandbox, which gets no real token, may
//! be anywhere.

use std::{
    fmt,
    future::Future,
    net::{IpAddr, SocketAddr},
    process::ExitCode,
    sync::Arc,
    time::Duration,
};

use tokio::{sync::watch, task::JoinHandle, task::JoinSet};
use twilight_gateway::{
    CloseFrame, ConfigBuilder, Event, EventTypeFlags, Intents, Shard, ShardId, StreamExt,
    queue::InMemoryQueue,
};
use twilight_http::Client;
use twilight_model::{
    channel::message::Message,
    id::{
        Id,
        marker::{ApplicationMarker, UserMarker},
    },
};
use twilight_views::{DEFAULT_STORE_URL, RouterError, ViewRouter, ViewRouterBuilder, open_store};
use views_sandbox::{Sandbox, SandboxConfig};

/// Errors of the examples: anything, with a readable message.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the bot listens to: guild and DM messages with their content.
pub const INTENTS: Intents = Intents::GUILD_MESSAGES
    .union(Intents::MESSAGE_CONTENT)
    .union(Intents::DIRECT_MESSAGES);

/// The token sent to the sandbox, which accepts any; not a secret.
pub const SANDBOX_TOKEN: &str = "sandbox-token";

/// How long shutdown waits for the gateway's close and running handlers.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// One example bot: its views and what it does with user messages.
pub trait Example: Send + Sync + 'static {
    /// Shown at start-up, e.g. `counter`.
    const NAME: &'static str;

    /// What to try in the sandbox, printed as curl commands.
    const TRY: &'static [Try];

    /// Registers the example's view types with the router (`stored_view`
    /// for the types it binds to messages, `view` for the others).
    fn views(builder: ViewRouterBuilder) -> ViewRouterBuilder;

    /// Adds the unbound persistent views (they answer on every message,
    /// including messages sent before a restart).
    fn add_views(router: &ViewRouter) -> Result<(), RouterError> {
        let _ = router;
        Ok(())
    }

    /// Handles a message written by a user (never by a bot).
    fn on_message(bot: Bot, message: Message) -> impl Future<Output = Result<(), BoxError>> + Send;
}

/// One step of the printed sandbox walkthrough.
#[derive(Clone, Copy, Debug)]
pub enum Try {
    /// Alice posts this text in `#general`; `{bot}` becomes a mention of the bot.
    Post(&'static str),
    /// Alice clicks the button with this custom_id and label on the bot's message.
    Click(&'static str, &'static str),
}

/// What message handlers get: the HTTP client, the router, the bot's user id.
#[derive(Clone, Debug)]
pub struct Bot {
    /// The twilight HTTP client (pointed at the sandbox, a proxy or Discord).
    pub http: Arc<Client>,
    /// The router that dispatches every interaction.
    pub router: ViewRouter,
    /// The bot's own user id, to recognise mentions.
    pub user_id: Id<UserMarker>,
}

impl Bot {
    /// Whether `message` mentions the bot.
    pub fn is_mentioned(&self, message: &Message) -> bool {
        message.mentions.iter().any(|user| user.id == self.user_id)
            || message.content.contains(&format!("<@{}>", self.user_id))
            || message.content.contains(&format!("<@!{}>", self.user_id))
    }
}

/// Where the bot connects and what it stores.
#[derive(Clone)]
pub struct Settings {
    /// The bot token.
    pub token: String,
    /// `None`: Discord's gateway.
    pub gateway_url: Option<String>,
    /// `None`: Discord's REST API. Otherwise `(host:port, plain http)`.
    pub api: Option<(String, bool)>,
    /// The store URL of bound views.
    pub database_url: String,
}

impl Settings {
    /// Settings for a sandbox on this machine.
    pub fn sandbox(sandbox: &Sandbox) -> Self {
        Self {
            token: SANDBOX_TOKEN.to_owned(),
            gateway_url: Some(sandbox.gateway_url()),
            api: Some((sandbox.api_host_port(), true)),
            database_url: database_url(),
        }
    }

    /// Refuses to send a real token (any but the sandbox's) unencrypted
    /// over the network: plain HTTP or `ws://` only to this machine.
    pub fn reject_cleartext_token(&self) -> Result<(), BoxError> {
        if self.token == SANDBOX_TOKEN {
            return Ok(());
        }
        if let Some((host, true)) = &self.api
            && !is_loopback(host)
        {
            return Err(format!(
                "DISCORD_API_URL: plain HTTP to {host} would send the bot token unencrypted; \
                 use https://{host} (plain HTTP only to 127.0.0.1, ::1 or localhost)"
            )
            .into());
        }
        if let Some(url) = &self.gateway_url
            && !has_scheme(url, "wss")
            && !is_loopback(authority(url))
        {
            return Err(format!(
                "DISCORD_GATEWAY_URL={} would send the bot token unencrypted; use wss:// \
                 (ws:// only to 127.0.0.1, ::1 or localhost)",
                redact(url)
            )
            .into());
        }
        Ok(())
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("token", &format_args!("<redacted>"))
            .field("gateway_url", &self.gateway_url.as_deref().map(redact))
            .field("api", &self.api)
            .field("database_url", &redact(&self.database_url))
            .finish()
    }
}

/// Whether `url` starts with `scheme://` (in any case).
fn has_scheme(url: &str, scheme: &str) -> bool {
    url.split_once("://")
        .is_some_and(|(found, _)| found.eq_ignore_ascii_case(scheme))
}

/// The `host[:port]` of `url`: after its `scheme://`, up to the path.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest)
}

/// Whether `authority` (`host`, `host:port`, `[v6]:port`) is this machine:
/// 127.0.0.0/8, `::1` or `localhost`. Anything else, including user info
/// or odd characters that could make a client see another host, is not.
fn is_loopback(authority: &str) -> bool {
    if let Ok(address) = authority.parse::<SocketAddr>() {
        return address.ip().is_loopback();
    }
    let bracketless = authority
        .strip_prefix('[')
        .and_then(|inner| inner.strip_suffix(']'))
        .unwrap_or(authority);
    if let Ok(ip) = bracketless.parse::<IpAddr>() {
        return ip.is_loopback();
    }
    let host = match authority.split_once(':') {
        Some((host, port)) if port.parse::<u16>().is_ok() => host,
        Some(_) => return false,
        None => authority,
    };
    host.eq_ignore_ascii_case("localhost")
}

/// `DATABASE_URL`, or the default SQLite file.
fn database_url() -> String {
    non_empty_env("DATABASE_URL").unwrap_or_else(|| DEFAULT_STORE_URL.to_owned())
}

fn non_empty_env(name: &str) -> Option<String> {
    std::env::var(name)
        .ok()
        .map(|value| value.trim().to_owned())
        .filter(|value| !value.is_empty())
}

/// `DISCORD_API_URL` as `ClientBuilder::proxy` wants it: host:port without
/// scheme or path, and whether to speak plain HTTP. Without a scheme it is
/// plain HTTP, the way a sandbox prints its address (`127.0.0.1:4000`);
/// [`Settings::reject_cleartext_token`] keeps a real token off it unless
/// the host is this machine.
pub fn parse_api_url(url: &str) -> (String, bool) {
    let (rest, plain) = if let Some(rest) = url.strip_prefix("https://") {
        (rest, false)
    } else if let Some(rest) = url.strip_prefix("http://") {
        (rest, true)
    } else {
        (url, true)
    };
    let host = rest.split('/').next().unwrap_or(rest);
    (host.to_owned(), plain)
}

/// How the environment asks the bot to run.
enum Mode {
    /// No token and no URLs: start the embedded sandbox.
    EmbeddedSandbox,
    /// Connect with these settings.
    Connect(Settings),
}

/// `DISCORD_SHARDS`: how many shards to run (default 1).
fn shards_from_env() -> Result<u32, BoxError> {
    match non_empty_env("DISCORD_SHARDS") {
        None => Ok(1),
        Some(value) => match value.parse::<u32>() {
            Ok(shards) if shards > 0 => Ok(shards),
            _ => Err(format!(
                "DISCORD_SHARDS must be a number of shards (1 or more), not {value:?}"
            )
            .into()),
        },
    }
}

fn mode_from_env() -> Result<Mode, BoxError> {
    let token = non_empty_env("DISCORD_TOKEN");
    let gateway_url = non_empty_env("DISCORD_GATEWAY_URL");
    let api = non_empty_env("DISCORD_API_URL").map(|url| parse_api_url(&url));
    let database_url = database_url();
    match (token, gateway_url, api) {
        (None, None, None) => Ok(Mode::EmbeddedSandbox),
        (None, Some(gateway_url), Some(api)) => Ok(Mode::Connect(Settings {
            // A standalone sandbox accepts any token.
            token: SANDBOX_TOKEN.to_owned(),
            gateway_url: Some(gateway_url),
            api: Some(api),
            database_url,
        })),
        (None, _, _) => Err(
            "DISCORD_GATEWAY_URL and DISCORD_API_URL go together without a \
             DISCORD_TOKEN (a standalone sandbox); set both, or neither to start the embedded \
             sandbox, or set DISCORD_TOKEN for Discord"
                .into(),
        ),
        (Some(token), gateway_url, api) => Ok(Mode::Connect(Settings {
            token,
            gateway_url,
            api,
            database_url,
        })),
    }
}

/// Logs to stderr, filtered by `RUST_LOG` (default `info`).
fn init_tracing() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // A second init (tests running several bots) keeps the first subscriber.
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .try_init();
}

/// Picks rustls's crypto provider (ring) for the process. twilight's TLS
/// needs one installed; doing it explicitly keeps working if another crate
/// also compiles in aws-lc-rs, where rustls cannot choose by itself.
fn install_crypto_provider() {
    // `Err` only when one is installed already, which is as good.
    let _ = rustls::crypto::ring::default_provider().install_default();
}

/// The whole program of an example: `#[tokio::main] async fn main() -> ExitCode { support::main::<MyExample>().await }`.
pub async fn main<E: Example>() -> ExitCode {
    init_tracing();
    match run_until_ctrl_c::<E>().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}: {error}", E::NAME);
            ExitCode::FAILURE
        }
    }
}

/// Where the embedded sandbox keeps its channels and messages.
const SANDBOX_STATE_FILE: &str = "twilight-views-sandbox.json";

async fn run_until_ctrl_c<E: Example>() -> Result<(), BoxError> {
    let shards = shards_from_env()?;
    let (settings, sandbox) = match mode_from_env()? {
        Mode::EmbeddedSandbox => {
            // Keep the sandbox's channels and messages next to the bot's
            // store, so after a restart the old buttons are still there to
            // click (VIEWS_SANDBOX_STATE_FILE overrides the file).
            let mut config = SandboxConfig::from_env();
            if config.state_file.is_none() {
                config = config.state_file(SANDBOX_STATE_FILE);
            }
            let sandbox = Sandbox::start(config).await?;
            println!("{}", walkthrough::<E>(&sandbox));
            (Settings::sandbox(&sandbox), Some(sandbox))
        }
        Mode::Connect(settings) => (settings, None),
    };
    match (&settings.gateway_url, &settings.api) {
        (None, None) => println!("Connecting to Discord as the bot of DISCORD_TOKEN."),
        (gateway, api) => println!(
            "Connecting to gateway {} and REST {}.",
            gateway.as_deref().unwrap_or("(Discord)"),
            api.as_ref().map_or("(Discord)", |(host, _)| host.as_str())
        ),
    }
    let mut bot = spawn_sharded::<E>(settings, shards).await?;
    tokio::select! {
        signal = tokio::signal::ctrl_c() => {
            signal?;
            println!("Ctrl-C: closing the gateway connection");
        }
        ended = bot.finished() => ended?,
    }
    bot.stop().await?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
}

/// What `cargo run --example NAME` prints when it starts the sandbox.
pub fn walkthrough<E: Example>(sandbox: &Sandbox) -> String {
    let control = sandbox.control_url();
    let fixtures = sandbox.fixtures();
    let channel = fixtures.channel_id;
    let alice = fixtures.users.first().map_or(0, |user| user.id.get());
    let bot = sandbox.application_id();
    let mut out = format!(
        "Open {web} in a browser to write and click as alice, bob or carol.\n\
         No DISCORD_TOKEN set: the {name} example runs against the embedded sandbox (a local Discord).\n\
         Sandbox: {control}  (gateway {gateway}, REST {api})\n\
         Or act as the user alice ({alice}) in #general ({channel}) from another terminal:\n",
        name = E::NAME,
        web = sandbox.web_url(),
        gateway = sandbox.gateway_url(),
        api = sandbox.api_url(),
    );
    for step in E::TRY {
        match step {
            Try::Post(text) => {
                let text = text.replace("{bot}", &format!("<@{bot}>"));
                out.push_str(&format!(
                    "\n  # post {text:?}, then read the bot's answer (note its \"id\": MESSAGE_ID)\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/channels/{channel}/messages -d '{{\"author_id\":\"{alice}\",\"content\":\"{text}\"}}'\n  \
                     curl -s {control}/channels/{channel}/messages\n"
                ));
            }
            Try::Click(custom_id, label) => {
                out.push_str(&format!(
                    "\n  # click {label:?} on MESSAGE_ID (answers {{\"interaction_id\": ...}}), then read the reply\n  \
                     curl -s -X POST -H 'Content-Type: application/json' {control}/click -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"{custom_id}\",\"user_id\":\"{alice}\"}}'\n  \
                     curl -s \"{control}/replies/wait?interaction_id=INTERACTION_ID&timeout_ms=5000\"\n"
                ));
            }
        }
    }
    out.push_str(&format!(
        "\nOther users: curl -s {control}/users   Stop: Ctrl-C.\n"
    ));
    out
}

/// A running bot: stop it with [`RunningBot::stop`].
#[derive(Debug)]
pub struct RunningBot {
    /// The bot's HTTP client, router and user id.
    pub bot: Bot,
    stop: Arc<watch::Sender<bool>>,
    task: JoinHandle<Result<(), BoxError>>,
}

impl RunningBot {
    /// Closes the gateway connection (close code 1000), lets running
    /// handlers finish, and returns the event loop's result.
    pub async fn stop(mut self) -> Result<(), BoxError> {
        self.stop.send_replace(true);
        (&mut self.task).await?
    }

    /// Resolves if the event loop ends on its own (a fatal gateway error).
    pub async fn finished(&mut self) -> Result<(), BoxError> {
        (&mut self.task).await??;
        Err("the gateway connection ended".into())
    }
}

/// Connects the example `E`: asks the REST API who the bot is, builds the
/// router, connects one shard and runs the event loop in a task.
pub async fn spawn<E: Example>(settings: Settings) -> Result<RunningBot, BoxError> {
    spawn_sharded::<E>(settings, 1).await
}

/// [`spawn`] with `shards` shards (all of them, in this process), sharing
/// one router; each shard runs its own event loop.
pub async fn spawn_sharded<E: Example>(
    settings: Settings,
    shards: u32,
) -> Result<RunningBot, BoxError> {
    if shards == 0 {
        return Err("a bot needs at least one shard".into());
    }
    settings.reject_cleartext_token()?;
    install_crypto_provider();
    let mut http = Client::builder()
        .token(settings.token.clone())
        .timeout(Duration::from_secs(10));
    if let Some((host, plain)) = &settings.api {
        http = http.proxy(host.clone(), *plain);
    }
    let http = Arc::new(http.build());
    let application_id = http.current_user_application().await?.model().await?.id;
    let user_id = http.current_user().await?.model().await?.id;

    let router = router::<E>(http.clone(), application_id, &settings).await?;

    let mut config = ConfigBuilder::new(settings.token.clone(), INTENTS);
    if let Some(url) = &settings.gateway_url {
        config = config.proxy_url(url.clone());
    }
    if settings.token == SANDBOX_TOKEN {
        // The sandbox does not need Discord's 5 s between IDENTIFYs.
        config = config.queue(InMemoryQueue::new(
            0,
            1000,
            Duration::from_secs(86_400),
            1000,
        ));
    }
    let config = config.build();
    let bot = Bot {
        http,
        router,
        user_id,
    };
    let (stop, stopped) = watch::channel(false);
    let stop = Arc::new(stop);
    let mut loops = JoinSet::new();
    for id in 0..shards {
        let shard = Shard::with_config(ShardId::new(id, shards), config.clone());
        loops.spawn(event_loop::<E>(shard, bot.clone(), stopped.clone()));
    }
    let supervisor = stop.clone();
    let task = tokio::spawn(async move {
        // The first shard to fail stops the others: the bot ends as a whole.
        let mut result = Ok(());
        while let Some(joined) = loops.join_next().await {
            let ended = joined.map_err(BoxError::from).and_then(|ended| ended);
            if let Err(error) = ended {
                supervisor.send_replace(true);
                if result.is_ok() {
                    result = Err(error);
                }
            }
        }
        result
    });
    Ok(RunningBot { bot, stop, task })
}

/// The router of example `E`: its store, its view types and its unbound
/// views.
async fn router<E: Example>(
    http: Arc<Client>,
    application_id: Id<ApplicationMarker>,
    settings: &Settings,
) -> Result<ViewRouter, BoxError> {
    let store = open_store(&settings.database_url).await.map_err(|error| {
        format!(
            "cannot open the view store {}: {error}",
            redact(&settings.database_url)
        )
    })?;
    tracing::info!(database_url = %redact(&settings.database_url), "view store open");
    let builder = ViewRouter::builder(http, application_id).store(store);
    let router = E::views(builder).build()?;
    E::add_views(&router)?;
    Ok(router)
}

/// A URL without its passwords, for logs (the store's own rules).
pub use twilight_views::store::redact_url as redact;

/// The events the loop acts on (gateway closes are always reported).
const EVENTS: EventTypeFlags = EventTypeFlags::READY
    .union(EventTypeFlags::MESSAGE_CREATE)
    .union(EventTypeFlags::MESSAGE_DELETE)
    .union(EventTypeFlags::INTERACTION_CREATE);

async fn event_loop<E: Example>(
    mut shard: Shard,
    bot: Bot,
    mut stop: watch::Receiver<bool>,
) -> Result<(), BoxError> {
    // Handlers run in their own tasks so a slow one never blocks the
    // gateway; the set lets shutdown wait for them.
    let mut tasks = JoinSet::new();
    loop {
        let item = tokio::select! {
            _ = stop.wait_for(|stop| *stop) => break,
            item = shard.next_event(EVENTS) => item,
        };
        while tasks.try_join_next().is_some() {}
        let event = match item {
            Some(Ok(event)) => event,
            Some(Err(error)) => {
                tracing::warn!(%error, "gateway: could not read an event");
                continue;
            }
            None => return Err("the gateway connection ended (fatal close code?)".into()),
        };
        match event {
            Event::Ready(ready) => {
                tracing::info!(user = %ready.user.name, example = E::NAME, "connected");
            }
            Event::MessageCreate(message) if !message.author.bot => {
                let bot = bot.clone();
                tasks.spawn(async move {
                    let message = message.message;
                    let id = message.id;
                    if let Err(error) = E::on_message(bot, message).await {
                        tracing::warn!(%error, message = %id, "message handler failed");
                    }
                });
            }
            Event::InteractionCreate(interaction) => {
                let router = bot.router.clone();
                tasks.spawn(async move {
                    let outcome = router.dispatch(interaction).await;
                    tracing::debug!(?outcome, "interaction");
                });
            }
            Event::MessageDelete(deleted) => {
                // Forget the deleted message's view, in memory and in the store.
                let router = bot.router.clone();
                tasks.spawn(async move {
                    if router.message_deleted(deleted.id).await {
                        tracing::debug!(message = %deleted.id, "message deleted: view unbound");
                    }
                });
            }
            _ => {}
        }
    }

    shard.close(CloseFrame::NORMAL);
    let closed = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while let Some(item) = shard.next_event(EventTypeFlags::empty()).await {
            if matches!(item, Ok(Event::GatewayClose(_))) {
                break;
            }
        }
    })
    .await;
    if closed.is_err() {
        tracing::warn!("gateway: no close acknowledgement; dropping the connection");
    }
    let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
        while tasks.join_next().await.is_some() {}
    })
    .await;
    if finished.is_err() {
        tracing::warn!(
            running = tasks.len(),
            "shutdown: handlers still running were cancelled"
        );
    }
    Ok(())
}
