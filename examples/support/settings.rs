//! Where an example connects and what it stores, from the environment, and
//! the twilight clients pointed there.
//!
//! With a `DISCORD_TOKEN`, plain HTTP and `ws://` are refused unless their
//! host is this machine (127.0.0.0/8, `::1`, `localhost`): the token would
//! cross the network unencrypted. A sandbox, which gets no real token, may
//! be anywhere.

use std::{
    fmt,
    net::{IpAddr, SocketAddr},
    sync::Arc,
    time::Duration,
};

use twilight_gateway::{Config, ConfigBuilder, Intents, queue::InMemoryQueue};
use twilight_http::Client;
use twilight_model::id::{Id, marker::GuildMarker};
use twilight_views::{DEFAULT_STORE_URL, ViewStore, open_store};
use views_sandbox::Sandbox;

use super::BoxError;

/// The token sent to the sandbox, which accepts any; not a secret.
pub const SANDBOX_TOKEN: &str = "sandbox-token";

/// A URL without its passwords, for logs (the store's own rules).
pub use twilight_views::store::redact_url as redact;

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
    /// The test guild of examples that register guild commands (as
    /// discord.py's `TEST_GUILD`): `DISCORD_GUILD_ID`, or the sandbox's
    /// guild.
    pub guild_id: Option<Id<GuildMarker>>,
}

impl Settings {
    /// Settings for a sandbox on this machine.
    pub fn sandbox(sandbox: &Sandbox) -> Self {
        Self {
            token: SANDBOX_TOKEN.to_owned(),
            gateway_url: Some(sandbox.gateway_url()),
            api: Some((sandbox.api_host_port(), true)),
            database_url: database_url(),
            guild_id: Some(sandbox.fixtures().guild_id),
        }
    }

    /// The settings `DISCORD_TOKEN`, `DISCORD_GATEWAY_URL`,
    /// `DISCORD_API_URL`, `DATABASE_URL` and `DISCORD_GUILD_ID` ask for;
    /// `None` when none of the first three is set: then the example starts
    /// the embedded sandbox.
    /// (In HTTP interactions mode a standalone sandbox needs only
    /// `DISCORD_API_URL`.)
    pub fn from_env() -> Result<Option<Self>, BoxError> {
        let token = non_empty_env("DISCORD_TOKEN");
        let gateway_url = non_empty_env("DISCORD_GATEWAY_URL");
        let api = non_empty_env("DISCORD_API_URL").map(|url| parse_api_url(&url));
        let token = match (token, &gateway_url, &api) {
            (None, None, None) => return Ok(None),
            // A standalone sandbox accepts any token.
            (None, Some(_), Some(_)) => SANDBOX_TOKEN.to_owned(),
            // HTTP interactions from a standalone sandbox: no gateway.
            (None, None, Some(_)) if non_empty_env("DISCORD_PUBLIC_KEY").is_some() => {
                SANDBOX_TOKEN.to_owned()
            }
            (None, _, _) => {
                return Err(
                    "DISCORD_GATEWAY_URL and DISCORD_API_URL go together without a \
                     DISCORD_TOKEN (a standalone sandbox); set both, or neither to start the \
                     embedded sandbox, or set DISCORD_TOKEN for Discord"
                        .into(),
                );
            }
            (Some(token), _, _) => token,
        };
        Ok(Some(Self {
            token,
            gateway_url,
            api,
            database_url: database_url(),
            guild_id: guild_id_from_env()?,
        }))
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

    /// The twilight REST client, pointed at `DISCORD_API_URL` if set.
    pub fn http_client(&self) -> Client {
        let mut http = Client::builder()
            .token(self.token.clone())
            .timeout(Duration::from_secs(10));
        if let Some((host, plain)) = &self.api {
            http = http.proxy(host.clone(), *plain);
        }
        http.build()
    }

    /// The configuration of the bot's shards, pointed at
    /// `DISCORD_GATEWAY_URL` if set.
    pub fn gateway_config(&self, intents: Intents) -> Config {
        let mut config = ConfigBuilder::new(self.token.clone(), intents);
        if let Some(url) = &self.gateway_url {
            config = config.proxy_url(url.clone());
        }
        if self.token == SANDBOX_TOKEN {
            // The sandbox does not need Discord's 5 s between IDENTIFYs.
            let no_wait = InMemoryQueue::new(0, 1000, Duration::from_secs(86_400), 1000);
            config = config.queue(no_wait);
        }
        config.build()
    }

    /// The store of `DATABASE_URL`; its error names the URL, password
    /// hidden.
    pub async fn open_store(&self) -> Result<Arc<dyn ViewStore>, BoxError> {
        let url = redact(&self.database_url);
        let store = open_store(&self.database_url)
            .await
            .map_err(|error| format!("cannot open the view store {url}: {error}"))?;
        tracing::info!(database_url = %url, "view store open");
        Ok(store)
    }
}

impl fmt::Debug for Settings {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Settings")
            .field("token", &format_args!("<redacted>"))
            .field("gateway_url", &self.gateway_url.as_deref().map(redact))
            .field("api", &self.api)
            .field("database_url", &redact(&self.database_url))
            .field("guild_id", &self.guild_id)
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

/// `DISCORD_GUILD_ID`: the test guild, if set.
fn guild_id_from_env() -> Result<Option<Id<GuildMarker>>, BoxError> {
    non_empty_env("DISCORD_GUILD_ID")
        .map(|value| {
            value.parse().map_err(|_| {
                format!("DISCORD_GUILD_ID must be a guild id (a number), not {value:?}").into()
            })
        })
        .transpose()
}

/// `DISCORD_SHARDS`: how many shards to run (default 1).
pub fn shards_from_env() -> Result<u32, BoxError> {
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

pub(super) fn non_empty_env(name: &str) -> Option<String> {
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
