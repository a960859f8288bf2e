//! What the examples share besides their bots: the settings from the
//! environment, the embedded sandbox when no token is given (with its
//! printed walkthrough), the shards, and a clean shutdown on Ctrl-C.
//!
//! An example writes its bot as a [`GatewayBot`]: how it connects (the REST
//! client and the router) and its event loop, which runs once per shard.
//! Its `main` calls [`main`]; the tests (`tests/example_*.rs`) include the
//! example file and start the same bot with [`spawn`].
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

pub mod settings;
mod test_bot;

use std::{future::Future, process::ExitCode, sync::Arc, time::Duration};

use tokio::{
    sync::watch,
    task::{JoinHandle, JoinSet},
};
use twilight_gateway::{CloseFrame, Intents, MessageSender, Shard, ShardId};
use twilight_http::Client;
use twilight_views::ViewRouter;
use views_sandbox::{Sandbox, SandboxConfig};

pub use settings::Settings;
pub use test_bot::Example;

/// Errors of the examples: anything, with a readable message.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// What the bots listen to: guild and DM messages with their content.
pub const INTENTS: Intents = Intents::GUILD_MESSAGES
    .union(Intents::MESSAGE_CONTENT)
    .union(Intents::DIRECT_MESSAGES);

/// How long shutdown waits for each shard's close to be acknowledged, and
/// then for its running handlers.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Where the embedded sandbox keeps its channels and messages.
const SANDBOX_STATE_FILE: &str = "twilight-views-sandbox.json";

/// An example's bot, as [`main`] and the tests run it.
pub trait GatewayBot: Send + Sync + 'static {
    /// Shown at start-up and before errors, e.g. `counter`.
    const NAME: &'static str;

    /// What to try in the sandbox, printed as curl commands.
    const TRY: &'static [Try];

    /// Creates the REST client and the router.
    fn connect(settings: &Settings) -> impl Future<Output = Result<Bot, BoxError>> + Send;

    /// One shard's event loop. It ends with [`Shutdown::finish`] once the
    /// shard stops giving events, or at the `GatewayClose` that answers
    /// our own close when [`Shutdown::is_requested`].
    fn run_shard(
        shard: Shard,
        bot: Bot,
        shutdown: Shutdown,
    ) -> impl Future<Output = Result<(), BoxError>> + Send;
}

/// What a bot's event loops and handlers share.
#[derive(Clone, Debug)]
pub struct Bot {
    /// The twilight REST client (pointed at the sandbox, a proxy or Discord).
    pub http: Arc<Client>,
    /// The router that dispatches every interaction.
    pub router: ViewRouter,
}

/// One step of the printed sandbox walkthrough.
#[derive(Clone, Copy, Debug)]
pub enum Try {
    /// Alice posts this text in `#general`; `{bot}` becomes a mention of the bot.
    Post(&'static str),
    /// Alice clicks the button with this custom_id and label on the bot's message.
    Click(&'static str, &'static str),
}

/// The whole program of an example: `#[tokio::main] async fn main() -> ExitCode { support::main::<MyBot>().await }`.
pub async fn main<E: GatewayBot>() -> ExitCode {
    init_tracing();
    match run_until_ctrl_c::<E>().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}: {error}", E::NAME);
            ExitCode::FAILURE
        }
    }
}

async fn run_until_ctrl_c<E: GatewayBot>() -> Result<(), BoxError> {
    let shards = shards_from_env()?;
    let (settings, sandbox) = match Settings::from_env()? {
        Some(settings) => (settings, None),
        None => {
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

/// `DISCORD_SHARDS`: how many shards to run (default 1).
fn shards_from_env() -> Result<u32, BoxError> {
    match settings::non_empty_env("DISCORD_SHARDS") {
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

/// What `cargo run --example NAME` prints when it starts the sandbox.
pub fn walkthrough<E: GatewayBot>(sandbox: &Sandbox) -> String {
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
    /// The bot's REST client and router.
    pub bot: Bot,
    shutdown: Shutdown,
    task: JoinHandle<Result<(), BoxError>>,
}

impl RunningBot {
    /// Closes the gateway connections (close code 1000), lets running
    /// handlers finish, and returns the event loops' result.
    pub async fn stop(mut self) -> Result<(), BoxError> {
        self.shutdown.request();
        (&mut self.task).await?
    }

    /// Resolves if the event loops end on their own (a fatal gateway error).
    pub async fn finished(&mut self) -> Result<(), BoxError> {
        (&mut self.task).await??;
        Err("the gateway connection ended".into())
    }
}

/// Connects the bot `E` with one shard and runs its event loop in a task.
pub async fn spawn<E: GatewayBot>(settings: Settings) -> Result<RunningBot, BoxError> {
    spawn_sharded::<E>(settings, 1).await
}

/// [`spawn`] with `shards` shards (all of them, in this process), sharing
/// one router; each shard runs its own event loop.
pub async fn spawn_sharded<E: GatewayBot>(
    settings: Settings,
    shards: u32,
) -> Result<RunningBot, BoxError> {
    if shards == 0 {
        return Err("a bot needs at least one shard".into());
    }
    settings.reject_cleartext_token()?;
    install_crypto_provider();
    let bot = E::connect(&settings).await?;
    let config = settings.gateway_config(INTENTS);
    let shards: Vec<Shard> = (0..shards)
        .map(|index| Shard::with_config(ShardId::new(index, shards), config.clone()))
        .collect();
    let shutdown = Shutdown {
        requested: Arc::new(watch::Sender::new(false)),
        shards: shards.iter().map(Shard::sender).collect(),
    };
    let mut loops = JoinSet::new();
    for shard in shards {
        loops.spawn(E::run_shard(shard, bot.clone(), shutdown.clone()));
    }
    let task = tokio::spawn(supervise(loops, shutdown.clone()));
    Ok(RunningBot {
        bot,
        shutdown,
        task,
    })
}

/// Waits for every shard's event loop. The first to fail closes the others,
/// so the bot ends as a whole; once closing, a loop that outlasts both
/// grace periods (no close acknowledgement) is dropped.
async fn supervise(
    mut loops: JoinSet<Result<(), BoxError>>,
    shutdown: Shutdown,
) -> Result<(), BoxError> {
    let mut result = Ok(());
    let mut record = |joined: Result<Result<(), BoxError>, _>| {
        if let Err(error) = joined.map_err(BoxError::from).and_then(|ended| ended) {
            shutdown.request();
            if result.is_ok() {
                result = Err(error);
            }
        }
    };
    tokio::select! {
        () = shutdown.requested() => {}
        () = async {
            while let Some(joined) = loops.join_next().await {
                record(joined);
            }
        } => {}
    }
    let closed = tokio::time::timeout(2 * SHUTDOWN_GRACE, async {
        while let Some(joined) = loops.join_next().await {
            record(joined);
        }
    })
    .await;
    if closed.is_err() {
        tracing::warn!("gateway: no close acknowledgement; dropping the connection");
    }
    result
}

/// Closing the bot: asked for by Ctrl-C or [`RunningBot::stop`], or by a
/// shard that failed.
#[derive(Clone, Debug)]
pub struct Shutdown {
    requested: Arc<watch::Sender<bool>>,
    shards: Arc<[MessageSender]>,
}

impl Shutdown {
    /// Whether the bot is closing: a `GatewayClose` is then the answer to
    /// our own close, and the event loop ends there.
    pub fn is_requested(&self) -> bool {
        *self.requested.borrow()
    }

    /// Ends a shard's event loop. When closing, it lets the handlers still
    /// running finish (each saves its view before it answers), for a
    /// bounded time. Otherwise the gateway refused to go on (a fatal close
    /// code), which ends the bot.
    pub async fn finish(&self, mut handlers: JoinSet<()>) -> Result<(), BoxError> {
        if !self.is_requested() {
            return Err("the gateway connection ended (fatal close code?)".into());
        }
        let finished = tokio::time::timeout(SHUTDOWN_GRACE, async {
            while handlers.join_next().await.is_some() {}
        })
        .await;
        if finished.is_err() {
            tracing::warn!(
                running = handlers.len(),
                "shutdown: handlers still running were cancelled"
            );
        }
        Ok(())
    }

    /// Closes every shard with code 1000, so Discord shows the bot offline
    /// at once; each event loop then ends at its `GatewayClose`.
    fn request(&self) {
        if self.requested.send_replace(true) {
            return;
        }
        for shard in self.shards.iter() {
            // An error means that shard is gone already.
            let _ = shard.close(CloseFrame::NORMAL);
        }
    }

    async fn requested(&self) {
        let _ = self
            .requested
            .subscribe()
            .wait_for(|closing| *closing)
            .await;
    }
}
