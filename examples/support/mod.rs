//! What the examples share besides their bots: the settings from the
//! environment (`settings`), the embedded sandbox when no token is given
//! (`sandbox`), the shards, and a clean shutdown on Ctrl-C.
//!
//! An example writes its bot as a [`GatewayBot`]: how it connects (the REST
//! client and the router), what it does with a user's message and with a
//! slash command, and, for the examples that show one, its own event loop
//! (the default runs the discord.py ports' loop once per shard).
//! Its `main` calls [`main`]; the tests (`tests/example_*.rs`) include the
//! example file and start the same bot with [`spawn`]. The environment
//! variables are listed in the README's "Examples" section.

pub mod commands;
pub mod http;
pub mod sandbox;
pub mod settings;
// Only tests declare bots of their own; the examples write theirs out.
#[cfg(test)]
mod test_bot;

use std::{
    future::Future,
    pin::pin,
    process::ExitCode,
    sync::{
        Arc,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::{
    sync::watch,
    task::{JoinHandle, JoinSet},
};
use twilight_gateway::{CloseFrame, EventTypeFlags, Intents, MessageSender, Shard, ShardId};
use twilight_http::Client;
use twilight_model::{
    channel::message::Message,
    id::{Id, marker::UserMarker},
};
use twilight_views::{ViewContext, ViewRouter};

pub use sandbox::{Try, walkthrough};
pub use settings::Settings;
#[cfg(test)]
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

/// An example's bot, as [`main`] and the tests run it.
pub trait GatewayBot: Sized + Send + Sync + 'static {
    /// Shown at start-up and before errors, e.g. `counter`.
    const NAME: &'static str;

    /// What to try in the sandbox, printed as curl commands.
    const TRY: &'static [Try];

    /// Creates the REST client and the router.
    fn connect(settings: &Settings) -> impl Future<Output = Result<Bot, BoxError>> + Send;

    /// The gateway events the default event loop asks for (a gateway close
    /// always comes through).
    const EVENTS: EventTypeFlags = EventTypeFlags::READY
        .union(EventTypeFlags::MESSAGE_CREATE)
        .union(EventTypeFlags::INTERACTION_CREATE);

    /// A message from a user (not a bot), in the default event loop; `me`
    /// is the bot's own user once READY has arrived (for `@bot name`).
    /// The default ignores it.
    fn on_message(
        bot: &Bot,
        message: &Message,
        me: Option<Id<UserMarker>>,
    ) -> impl Future<Output = Result<(), BoxError>> + Send {
        let _ = (bot, message, me);
        std::future::ready(Ok(()))
    }

    /// A slash command (or anything else the router hands back): in HTTP
    /// interactions mode the endpoint calls it, on the gateway the default
    /// event loop does. The default answers that the example needs message
    /// events.
    fn on_command(bot: Bot, ctx: ViewContext) -> impl Future<Output = Result<(), BoxError>> + Send {
        let _ = bot;
        async move {
            ctx.respond_ephemeral(http::NEEDS_MESSAGES).await?;
            Ok(())
        }
    }

    /// One shard's event loop. It ends with [`Shutdown::finish`], at the
    /// `GatewayClose` that answers our own close (when
    /// [`Shutdown::is_requested`]) or when the shard gives no more events.
    /// The default is the discord.py ports' loop
    /// ([`commands::run_shard`]): [`Self::EVENTS`], each user message to
    /// [`Self::on_message`], clicks to the router, and what the router hands
    /// back to [`Self::on_command`].
    fn run_shard(
        shard: Shard,
        bot: Bot,
        shutdown: Shutdown,
    ) -> impl Future<Output = Result<(), BoxError>> + Send {
        commands::run_shard::<Self>(shard, bot, shutdown)
    }
}

/// What a bot's event loops and handlers share.
#[derive(Clone, Debug)]
pub struct Bot {
    /// The twilight REST client (pointed at the sandbox, a proxy or Discord).
    pub http: Arc<Client>,
    /// The router that dispatches every interaction.
    pub router: ViewRouter,
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
    let shards = settings::shards_from_env()?;
    let from_env = Settings::from_env()?;
    let http_mode = http::from_env(from_env.is_none())?;
    let (settings, sandbox) = match from_env {
        Some(settings) => (settings, None),
        None => {
            let sandbox = sandbox::start().await?;
            if http_mode.is_none() {
                println!("{}", walkthrough::<E>(&sandbox));
            }
            (Settings::sandbox(&sandbox), Some(sandbox))
        }
    };
    if let Some(mode) = http_mode {
        return run_http_until_ctrl_c::<E>(settings, mode, sandbox).await;
    }
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

/// HTTP interactions mode: the endpoint until Ctrl-C, no gateway
/// connection. With the embedded sandbox, the sandbox's key is the
/// application's and the endpoint's URL is set on it.
async fn run_http_until_ctrl_c<E: GatewayBot>(
    settings: Settings,
    mode: http::HttpMode,
    sandbox: Option<views_sandbox::Sandbox>,
) -> Result<(), BoxError> {
    let public_key = match (&mode.public_key, &sandbox) {
        (Some(key), _) => key.clone(),
        (None, Some(sandbox)) => sandbox.interactions_public_key(),
        (None, None) => return Err("HTTP interactions need DISCORD_PUBLIC_KEY".into()),
    };
    let running = http::spawn_http::<E>(settings, &public_key, mode.addr).await?;
    if let Some(sandbox) = &sandbox {
        sandbox.set_interactions_endpoint(&[&running.url]).await?;
        println!("{}", walkthrough::<E>(sandbox));
    }
    println!(
        "HTTP interactions: answering POSTs at {} (no gateway connection; \
         paths that start from a message, such as `!view`, need the gateway).",
        running.url
    );
    tokio::signal::ctrl_c().await?;
    println!("Ctrl-C: closing the interactions endpoint");
    running.stop().await?;
    if let Some(sandbox) = sandbox {
        sandbox.shutdown().await;
    }
    Ok(())
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
        finishing: Arc::default(),
    };
    let mut loops = JoinSet::new();
    for shard in shards {
        let shutdown = shutdown.for_one_shard();
        let event_loop = E::run_shard(shard, bot.clone(), shutdown.clone());
        loops.spawn(shutdown.with_close_deadline(event_loop));
    }
    let task = tokio::spawn(supervise(loops, shutdown.clone()));
    Ok(RunningBot {
        bot,
        shutdown,
        task,
    })
}

/// Waits for every shard's event loop; the first to fail closes the others,
/// so the bot ends as a whole, with that failure.
async fn supervise(
    mut loops: JoinSet<Result<(), BoxError>>,
    shutdown: Shutdown,
) -> Result<(), BoxError> {
    let mut result = Ok(());
    while let Some(joined) = loops.join_next().await {
        if let Err(error) = joined.map_err(BoxError::from).and_then(|ended| ended) {
            shutdown.request();
            result = result.and(Err(error));
        }
    }
    result
}

/// Closing the bot: asked for by Ctrl-C or [`RunningBot::stop`], or by a
/// shard that failed.
#[derive(Clone, Debug)]
pub struct Shutdown {
    requested: Arc<watch::Sender<bool>>,
    shards: Arc<[MessageSender]>,
    /// This shard's loop has reached [`Self::finish`]: its close was
    /// acknowledged, or it failed.
    finishing: Arc<AtomicBool>,
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
        self.finishing.store(true, Ordering::Release);
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

    /// The same shutdown, for a shard of its own.
    fn for_one_shard(&self) -> Self {
        Self {
            finishing: Arc::default(),
            ..self.clone()
        }
    }

    /// Runs a shard's `event_loop`. Once the bot is closing, the shard's
    /// close must be acknowledged within the grace period (its handlers
    /// then get one more in [`Self::finish`]); otherwise the loop is
    /// dropped with its connection.
    async fn with_close_deadline(
        self,
        event_loop: impl Future<Output = Result<(), BoxError>>,
    ) -> Result<(), BoxError> {
        let mut event_loop = pin!(event_loop);
        let close_deadline = async {
            let _ = self
                .requested
                .subscribe()
                .wait_for(|closing| *closing)
                .await;
            tokio::time::sleep(SHUTDOWN_GRACE).await;
        };
        tokio::select! {
            ended = &mut event_loop => return ended,
            () = close_deadline => {}
        }
        if self.finishing.load(Ordering::Acquire) {
            return event_loop.await;
        }
        tracing::warn!("gateway: no close acknowledgement; dropping the connection");
        Ok(())
    }
}
