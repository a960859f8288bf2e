//! The `Sandbox` handle: start, addresses, shutdown, and the driver API
//! tests use to act as Discord users (running commands: `commands`; the
//! gateway's sessions and the controls over them: `gateway`).

mod commands;
mod gateway;
mod interactions;
mod members;

use serde_json::Value;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;
use twilight_model::application::interaction::Interaction;
use twilight_model::channel::message::Message;
use twilight_model::id::Id;
use twilight_model::id::marker::{
    ApplicationMarker, ChannelMarker, GuildMarker, InteractionMarker, MessageMarker, UserMarker,
};
use twilight_model::user::User;

use crate::config::SandboxConfig;
use crate::endpoints::Endpoints;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::shutdown::{ShutdownSwitch, shutdown_flag};
use crate::state::{
    ChannelInfo, Clock, Fault, Fixtures, InteractionSource, ModalSubmission, OpenModal, Reply,
    RestRequest, SharedState, StoredMessage,
};

/// A local Discord on 127.0.0.1: gateway WebSocket, REST under `/api/v10`
/// and a JSON control API under `/sandbox`, all on one port; the web page
/// (with the control API) on a second port.
///
/// ```no_run
/// # #[tokio::main]
/// # async fn main() -> Result<(), views_sandbox::SandboxError> {
/// use std::time::Duration;
/// use views_sandbox::{Sandbox, SandboxConfig};
///
/// let sandbox = Sandbox::start(SandboxConfig::default()).await?;
/// let (_guild, channel) = sandbox.add_guild("Test guild");
/// let alice = sandbox.add_user("alice")?;
/// sandbox.post_user_message(channel, alice.id, "!counter")?;
/// // Once the bot (pointed at `api_url()` and `gateway_url()`) has answered
/// // with a view, click its button:
/// let view = sandbox.messages(channel).pop().expect("the bot's answer");
/// sandbox.click(view.message.id, "counter:increment", alice.id)?;
/// let reply = sandbox.next_reply(Duration::from_secs(5)).await?;
/// println!("{reply:?}");
/// sandbox.shutdown().await;
/// # Ok(()) }
/// ```
///
/// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
#[derive(Debug)]
pub struct Sandbox {
    shared: Arc<SharedState>,
    shutdown: ShutdownSwitch,
    task: Option<JoinHandle<()>>,
    web_task: Option<JoinHandle<()>>,
    /// Next reply index returned by [`Sandbox::next_reply`].
    cursor: Mutex<usize>,
}

impl Sandbox {
    /// Binds 127.0.0.1 (the configured port, or a free one) and starts serving.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Bind`] if the port cannot be bound.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub async fn start(mut config: SandboxConfig) -> Result<Self, SandboxError> {
        // Ids are non-zero in Discord; a zero interval would make clients spin.
        if config.application_id == 0 {
            tracing::warn!("application_id 0 is not a valid snowflake; using the default");
            config.application_id = SandboxConfig::default().application_id;
        }
        if config.heartbeat_interval.is_zero() {
            tracing::warn!("heartbeat interval 0 is invalid; using 1 ms");
            config.heartbeat_interval = Duration::from_millis(1);
        }
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Bind, e))?;
        let addr = listener
            .local_addr()
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Bind, e))?;
        let web_listener = TcpListener::bind(("127.0.0.1", config.web_port))
            .await
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Bind, e))?;
        let web_addr = web_listener
            .local_addr()
            .map_err(|e| SandboxError::with_source(SandboxErrorKind::Bind, e))?;
        let endpoints = Endpoints {
            main: addr,
            web: web_addr,
        };
        let shared = Arc::new(SharedState::open(config, endpoints)?);
        crate::http::rest::delivery::spawn(&shared);
        let (shutdown, signal) = shutdown_flag();
        let task = tokio::spawn(crate::server::run(
            Arc::clone(&shared),
            listener,
            false,
            signal.clone(),
        ));
        let web_task = tokio::spawn(crate::server::run(
            Arc::clone(&shared),
            web_listener,
            true,
            signal,
        ));
        Ok(Self {
            shared,
            shutdown,
            task: Some(task),
            web_task: Some(web_task),
            cursor: Mutex::new(0),
        })
    }

    /// Stops accepting connections and closes open gateway connections.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub async fn shutdown(mut self) {
        self.shutdown.raise();
        for task in [self.task.take(), self.web_task.take()]
            .into_iter()
            .flatten()
        {
            let _ = task.await;
        }
    }

    /// The gateway URL for `ConfigBuilder::proxy_url`, e.g. `ws://127.0.0.1:PORT`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn gateway_url(&self) -> String {
        self.shared.endpoints.gateway_url()
    }

    /// `127.0.0.1:PORT` for `ClientBuilder::proxy(_, true)` (no scheme).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn api_host_port(&self) -> String {
        self.shared.endpoints.main.to_string()
    }

    /// Base URL of the REST API, `http://127.0.0.1:PORT/api/v10`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn api_url(&self) -> String {
        self.shared.endpoints.api_url()
    }

    /// Base URL of the control API, `http://127.0.0.1:PORT/sandbox`.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn control_url(&self) -> String {
        self.shared.endpoints.control_url()
    }

    /// A human-readable summary for examples and the standalone binary: the
    /// URLs to point a bot at, the fixtures, and ready-to-paste curl commands
    /// (running a command: the first slash command the bot registered, with
    /// its required options, or `COMMAND_NAME` before it registered one).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn describe(&self) -> String {
        let f = &self.shared.fixtures;
        let control = self.control_url();
        let alice = f.users.first().map_or(0, |u| u.id.get());
        let mut out = format!(
            "views-sandbox on {addr}\n  web page: {web}\n  DISCORD_GATEWAY_URL={gateway}\n  \
             DISCORD_API_URL={api}\n  application id {app}, guild {guild}, channel {channel}\n  HTTP interactions are signed with public key {key}\n",
            addr = self.shared.endpoints.main,
            web = self.web_url(),
            gateway = self.gateway_url(),
            api = self.api_host_port(),
            app = self.shared.config.application_id,
            guild = f.guild_id,
            channel = f.channel_id,
            key = self.interactions_public_key(),
        );
        for user in &f.users {
            out.push_str(&format!("  user {} ({})\n", user.id, user.name));
        }
        out.push_str(&format!(
            "try:\n  curl -s -X POST {control}/channels/{channel}/messages {json} -d '{{\"author_id\":\"{alice}\",\"content\":\"hello\"}}'\n  \
             curl -s {control}/channels/{channel}/messages\n  \
             curl -s -X POST {control}/click {json} -d '{{\"message_id\":\"MESSAGE_ID\",\"custom_id\":\"CUSTOM_ID\",\"user_id\":\"{alice}\"}}'\n  \
             curl -s -X POST {control}/command {json} -d '{command}'\n  \
             curl -s {control}/replies\n  \
             curl -s -X PUT {control}/interactions-endpoint {json} -d '{{\"url\":\"http://127.0.0.1:8080/\"}}'  # HTTP interactions\n",
            channel = f.channel_id,
            command = self.command_example(),
            // The control API takes bodies only as declared JSON.
            json = "-H 'Content-Type: application/json'",
        ));
        out
    }

    /// The web page on its own port, `http://127.0.0.1:WEB_PORT/`:
    /// channels, messages and their components drawn as Discord draws them,
    /// clickable as any test user, updated live. (The main port serves the
    /// same page at `/`.)
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#web-page).
    pub fn web_url(&self) -> String {
        self.shared.endpoints.web_url()
    }

    /// The bound address.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn addr(&self) -> SocketAddr {
        self.shared.endpoints.main
    }

    /// The application id announced in READY (also the bot's user id).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#set-up).
    pub fn application_id(&self) -> Id<ApplicationMarker> {
        Id::new(self.shared.config.application_id)
    }

    /// The default guild, channel and users.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn fixtures(&self) -> &Fixtures {
        &self.shared.fixtures
    }

    /// The sandbox clock behind the 3 s / 15 min interaction rules.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn clock(&self) -> &Clock {
        &self.shared.clock
    }

    /// Adds a guild with one text channel; returns both ids. Consecutive
    /// guilds land on different shards when the bot runs two.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn add_guild(&self, name: &str) -> (Id<GuildMarker>, Id<ChannelMarker>) {
        let (guild, channel) = self.shared.add_guild(name);
        (Id::new(guild), Id::new(channel))
    }

    /// Adds a test user.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Model`] if the name makes an invalid user.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn add_user(&self, name: &str) -> Result<User, SandboxError> {
        self.shared.add_user(name)
    }

    /// A user posts `content` in `channel`; the bot gets MESSAGE_CREATE.
    ///
    /// # Errors
    ///
    /// Unknown channel or user.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn post_user_message(
        &self,
        channel: Id<ChannelMarker>,
        author: Id<UserMarker>,
        content: &str,
    ) -> Result<Message, SandboxError> {
        self.shared
            .post_user_message(channel.get(), author.get(), content)
    }

    /// `user` clicks the button `custom_id` on `message`; the bot gets
    /// INTERACTION_CREATE. Returns the interaction id.
    ///
    /// # Errors
    ///
    /// Unknown message, user or component, or the component is not a button.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn click(
        &self,
        message: Id<MessageMarker>,
        custom_id: &str,
        user: Id<UserMarker>,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        self.shared
            .component(message.get(), custom_id, &[], user.get(), false)
            .map(Id::new)
    }

    /// `user` picks `values` in the select menu `custom_id` on `message`.
    ///
    /// # Errors
    ///
    /// Unknown message, user or component, or the component is not a select.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn select(
        &self,
        message: Id<MessageMarker>,
        custom_id: &str,
        values: &[&str],
        user: Id<UserMarker>,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        let values: Vec<String> = values.iter().map(|v| (*v).to_owned()).collect();
        self.shared
            .component(message.get(), custom_id, &values, user.get(), true)
            .map(Id::new)
    }

    /// `user` submits the modal opened in response to `opened_by`, typing
    /// `(text input custom_id, value)` pairs; other fields keep what the
    /// modal shows. Returns the new interaction id. A shorthand for
    /// [`Sandbox::submit_modal_with`] with [`ModalSubmission::text`] values.
    ///
    /// # Errors
    ///
    /// As [`Sandbox::submit_modal_with`].
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn submit_modal(
        &self,
        opened_by: Id<InteractionMarker>,
        fields: &[(&str, &str)],
        user: Id<UserMarker>,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        let submission = fields
            .iter()
            .fold(ModalSubmission::new(), |s, (k, v)| s.text(*k, *v));
        self.submit_modal_with(opened_by, &submission, user)
    }

    /// `user` submits the modal opened in response to `opened_by` with the
    /// values of `submission`: text, select values, checkboxes, checkbox
    /// groups. Fields left out keep what the modal shows (prefilled text,
    /// default options and ticks). The bot gets a MODAL_SUBMIT with every
    /// field of the modal in its own nesting (label or action row), and
    /// `resolved` users, roles and channels for entity selects. Returns the
    /// new interaction id.
    ///
    /// # Errors
    ///
    /// Checked as the Discord client checks a form:
    /// [`SandboxErrorKind::UnknownInteraction`] (or it opened no modal),
    /// [`SandboxErrorKind::UnknownUser`], [`SandboxErrorKind::UnknownField`]
    /// for a custom_id the modal lacks, [`SandboxErrorKind::WrongComponent`]
    /// for a value of another kind than the field (text for a checkbox),
    /// [`SandboxErrorKind::MissingField`] for an empty required field, and
    /// [`SandboxErrorKind::InvalidValues`] for text outside
    /// `min_length`..`max_length`, a count outside `min_values`..`max_values`,
    /// or values that are no option / known user, role or channel.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn submit_modal_with(
        &self,
        opened_by: Id<InteractionMarker>,
        submission: &ModalSubmission,
        user: Id<UserMarker>,
    ) -> Result<Id<InteractionMarker>, SandboxError> {
        self.shared
            .submit_modal(opened_by.get(), submission, user.get())
            .map(Id::new)
    }

    /// The modal the bot opened in response to `interaction`, if any.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn modal(&self, interaction: Id<InteractionMarker>) -> Option<OpenModal> {
        let state = self.shared.lock();
        state
            .interactions
            .get(&interaction.get())
            .and_then(|i| i.modal.clone())
    }

    /// The token of an interaction created by the driver (the bot normally
    /// reads it from INTERACTION_CREATE).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn interaction_token(&self, interaction: Id<InteractionMarker>) -> Option<String> {
        let state = self.shared.lock();
        state
            .interactions
            .get(&interaction.get())
            .map(|i| i.token.clone())
    }

    /// Messages in `channel`, oldest first (ephemeral ones included, marked).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn messages(&self, channel: Id<ChannelMarker>) -> Vec<StoredMessage> {
        self.shared.messages(channel.get())
    }

    /// One message by id.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn message(&self, id: Id<MessageMarker>) -> Option<StoredMessage> {
        self.shared.lock().messages.get(&id.get()).cloned()
    }

    /// The channels known to the sandbox.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn channels(&self) -> Vec<ChannelInfo> {
        self.shared.lock().channels.values().cloned().collect()
    }

    /// Every reply recorded so far, in order.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn replies(&self) -> Vec<Reply> {
        self.shared.lock().replies.clone()
    }

    /// Replies produced for one interaction, in order.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn replies_for(&self, interaction: Id<InteractionMarker>) -> Vec<Reply> {
        let id = interaction.get();
        self.shared
            .lock()
            .replies
            .iter()
            .filter(|r| r.interaction_id.map(Id::get) == Some(id))
            .cloned()
            .collect()
    }

    /// Waits for the next reply not yet returned by this method.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Timeout`] if none arrives in time.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub async fn next_reply(&self, timeout: Duration) -> Result<Reply, SandboxError> {
        let start = *self.cursor.lock().unwrap_or_else(PoisonError::into_inner);
        let reply = self
            .shared
            .wait_for(timeout, |replies| replies.get(start).cloned())
            .await?;
        *self.cursor.lock().unwrap_or_else(PoisonError::into_inner) = start + 1;
        Ok(reply)
    }

    /// Waits for the first reply to `interaction`.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Timeout`] if none arrives in time.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub async fn wait_reply(
        &self,
        interaction: Id<InteractionMarker>,
        timeout: Duration,
    ) -> Result<Reply, SandboxError> {
        let id = interaction.get();
        self.shared
            .wait_for(timeout, |replies| {
                replies
                    .iter()
                    .find(|r| r.interaction_id.map(Id::get) == Some(id))
                    .cloned()
            })
            .await
    }

    /// Waits for the first reply matching `predicate` (e.g. a bot message in
    /// a channel).
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Timeout`] if none arrives in time.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub async fn wait_reply_matching(
        &self,
        timeout: Duration,
        predicate: impl Fn(&Reply) -> bool,
    ) -> Result<Reply, SandboxError> {
        self.shared
            .wait_for(timeout, |replies| {
                replies.iter().find(|r| predicate(r)).cloned()
            })
            .await
    }

    /// Every request the REST API answered, in order of arrival: method,
    /// path, interaction token, JSON body and the status it got, refused
    /// and failed requests included. Unlike [`Sandbox::replies`], which
    /// keeps what Discord accepted, this is what the bot sent.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn requests(&self) -> Vec<RestRequest> {
        self.shared.lock().requests.clone()
    }

    /// Waits until at least `count` REST requests were answered; returns
    /// them all.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::Timeout`] if fewer arrive in time.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub async fn wait_requests(
        &self,
        count: usize,
        timeout: Duration,
    ) -> Result<Vec<RestRequest>, SandboxError> {
        self.shared
            .wait_requests(timeout, |requests| {
                (requests.len() >= count).then(|| requests.to_vec())
            })
            .await
    }

    /// The next REST request whose path (e.g.
    /// `/api/v10/interactions/ID/TOKEN/callback`) contains `path_part` is
    /// answered with `status` and the JSON `body` instead of being served:
    /// a 500, or a Discord error at a moment the test chooses. Nothing else
    /// happens (an interaction stays unacknowledged). Queued faults are
    /// used once each, the oldest matching one first. A 429 sent this way
    /// has no rate-limit headers; [`SandboxConfig::rate_limit`] makes real
    /// ones.
    ///
    /// # Panics
    ///
    /// If `status` is not an HTTP status code (100 to 999).
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#rust-driver-api).
    pub fn fail_next_request(&self, path_part: &str, status: u16, body: Value) {
        let status = axum::http::StatusCode::from_u16(status)
            .unwrap_or_else(|_| panic!("fail_next_request: {status} is not an HTTP status"));
        self.shared.lock().faults.push_back(Fault {
            path_part: path_part.to_owned(),
            status,
            body,
        });
    }

    /// Takes over an interaction built outside the sandbox (a test's
    /// hand-made payload, a recorded one) as if the sandbox had created it
    /// now: its token then answers callbacks, `@original` and follow-ups
    /// under Discord's rules, like a clicked one. Its guild, channel, user
    /// and message are added when the sandbox does not know them (the
    /// message as the payload carries it, seen only by the interaction's
    /// user when flagged ephemeral; known ones are kept as they are). An interaction without a guild gets a DM channel of its own,
    /// which answers it but is not listed (the sandbox has no other DMs).
    /// Nothing is sent to the gateway. Adopting a known interaction id does
    /// nothing.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::NotAdoptable`]: the interaction is for another
    /// application, has no channel or user, or has no guild but names one
    /// of the sandbox's guild channels.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn adopt_interaction(&self, interaction: &Interaction) -> Result<(), SandboxError> {
        self.shared.adopt_interaction(interaction).map(drop)
    }

    /// Where the REST API looks up interaction tokens it does not know:
    /// before serving a callback, `@original` or follow-up for an unknown
    /// token, it calls `source` with the token and adopts the interaction
    /// it returns ([`Sandbox::adopt_interaction`]). For tests that build
    /// interactions themselves and hand them to the bot directly instead
    /// of clicking through the sandbox. Replaces an earlier source.
    ///
    /// See [the sandbox guide](https://github.com/twilight-views/twilight-views/blob/main/docs/sandbox.md#modal-submissions).
    pub fn adopt_interactions_from(
        &self,
        source: impl Fn(&str) -> Option<Interaction> + Send + Sync + 'static,
    ) {
        *self
            .shared
            .interaction_source
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(InteractionSource(Arc::new(source)));
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.shutdown.raise();
    }
}
