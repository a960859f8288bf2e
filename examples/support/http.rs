//! HTTP-interactions mode (`DISCORD_INTERACTIONS=http`, or
//! `DISCORD_PUBLIC_KEY` with `DISCORD_INTERACTIONS_ADDR`): the bot answers
//! Discord's signed POSTs with an `InteractionsEndpoint` instead of
//! connecting to the gateway. REST still carries what follows each first
//! answer. Only interactions arrive: paths that start from a message
//! (`!view`) need the gateway.

use std::net::SocketAddr;

use tokio::{net::TcpListener, sync::oneshot, task::JoinHandle};
use twilight_views::endpoint::InteractionsEndpoint;

use super::{
    Bot, BoxError, GatewayBot, Settings, install_crypto_provider, settings::non_empty_env,
};

/// What the answer to a command says when the example opens its views from
/// messages only.
pub const NEEDS_MESSAGES: &str = "This example opens its views from messages, which only the \
     gateway delivers: it has no slash command for HTTP interactions mode.";

/// How the bot gets its interactions over HTTP.
#[derive(Clone, Debug)]
pub struct HttpMode {
    /// The application's public key (hex); `None`: the embedded sandbox's.
    pub public_key: Option<String>,
    /// Where the endpoint listens.
    pub addr: SocketAddr,
}

/// `DISCORD_INTERACTIONS`, `DISCORD_PUBLIC_KEY` and
/// `DISCORD_INTERACTIONS_ADDR`: `None` for the gateway (the default).
/// `embedded`: the example starts its own sandbox, whose key it uses.
pub fn from_env(embedded: bool) -> Result<Option<HttpMode>, BoxError> {
    let mode = non_empty_env("DISCORD_INTERACTIONS");
    let public_key = non_empty_env("DISCORD_PUBLIC_KEY");
    let addr = non_empty_env("DISCORD_INTERACTIONS_ADDR");
    let http = match mode.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None => public_key.is_some(),
        Some("http") => true,
        Some("gateway") => false,
        Some(other) => {
            return Err(
                format!("DISCORD_INTERACTIONS must be `http` or `gateway`, not {other:?}").into(),
            );
        }
    };
    if !http {
        return Ok(None);
    }
    if public_key.is_none() && !embedded {
        return Err(
            "HTTP interactions against Discord or a standalone sandbox need \
                    DISCORD_PUBLIC_KEY (the application's public key, hex) and \
                    DISCORD_INTERACTIONS_ADDR (where to listen, e.g. 127.0.0.1:8080)"
                .into(),
        );
    }
    let addr = match addr {
        Some(addr) => addr.parse().map_err(|error| {
            format!("DISCORD_INTERACTIONS_ADDR={addr:?} is not an IP address and port: {error}")
        })?,
        // The embedded sandbox is told the port; Discord needs a fixed one.
        None if public_key.is_none() => SocketAddr::from(([127, 0, 0, 1], 0)),
        None => {
            return Err(
                "DISCORD_PUBLIC_KEY is set: DISCORD_INTERACTIONS_ADDR says where to listen \
                 (e.g. 127.0.0.1:8080; the Interactions Endpoint URL is then https://YOUR-HOST/ \
                 through your TLS proxy)"
                    .into(),
            );
        }
    };
    Ok(Some(HttpMode { public_key, addr }))
}

/// A bot answering interactions over HTTP: stop it with [`RunningEndpoint::stop`].
#[derive(Debug)]
pub struct RunningEndpoint {
    /// The bot's REST client and router.
    pub bot: Bot,
    /// The endpoint's URL on this machine (`http://ADDR/`).
    pub url: String,
    stop: oneshot::Sender<()>,
    task: JoinHandle<Result<(), BoxError>>,
}

impl RunningEndpoint {
    /// Stops accepting interactions (those under way finish on their own).
    pub async fn stop(self) -> Result<(), BoxError> {
        let _ = self.stop.send(());
        self.task.await?
    }
}

/// Connects the bot `E` (REST and router, no gateway) and serves its
/// interactions at `addr`, checked against `public_key`.
pub async fn spawn_http<E: GatewayBot>(
    settings: Settings,
    public_key: &str,
    addr: SocketAddr,
) -> Result<RunningEndpoint, BoxError> {
    settings.reject_cleartext_token()?;
    install_crypto_provider();
    let bot = E::connect(&settings).await?;
    let commands = bot.clone();
    let endpoint = InteractionsEndpoint::builder(bot.router.clone(), public_key)
        .on_command(move |ctx| E::on_command(commands.clone(), ctx))
        .build()?;
    let listener = TcpListener::bind(addr)
        .await
        .map_err(|error| format!("DISCORD_INTERACTIONS_ADDR {addr}: {error}"))?;
    let url = format!("http://{}/", listener.local_addr()?);
    let (stop, stopped) = oneshot::channel::<()>();
    let task = tokio::spawn(async move {
        endpoint
            .serve_until(listener, async {
                let _ = stopped.await;
            })
            .await
            .map_err(BoxError::from)
    });
    Ok(RunningEndpoint {
        bot,
        url,
        stop,
        task,
    })
}
