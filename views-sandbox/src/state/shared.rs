//! The state every task of the sandbox shares (server tasks, handlers, the
//! `Sandbox` handle): settings, addresses, the locked world, the clock, and
//! the signals that follow changes.

use std::fmt::{Debug, Formatter, Result as FmtResult};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::Duration;
use tokio::sync::{Notify, watch};
use twilight_model::application::interaction::Interaction;
use twilight_model::user::User;

use super::clock::Clock;
use super::fixtures::{self, Fixtures};
use super::persist;
use super::records::{Reply, StoredMessage};
use super::requests::{Fault, RestRequest};
use super::sessions::Outgoing;
use super::world::World;
use crate::config::SandboxConfig;
use crate::endpoints::Endpoints;
use crate::error::{SandboxError, SandboxErrorKind};
use crate::interactions_http::InteractionsHttp;
use crate::model;

/// What [`Sandbox::adopt_interactions_from`](crate::Sandbox::adopt_interactions_from)
/// takes: the interaction behind a token the sandbox does not know.
pub(crate) type FindInteraction = dyn Fn(&str) -> Option<Interaction> + Send + Sync;

/// Asked about interaction tokens the sandbox does not know (see the
/// `adopt` module).
#[derive(Clone)]
pub(crate) struct InteractionSource(pub(crate) Arc<FindInteraction>);

impl Debug for InteractionSource {
    fn fmt(&self, f: &mut Formatter<'_>) -> FmtResult {
        f.write_str("InteractionSource")
    }
}

/// Shared inside the sandbox (server tasks, handlers, driver).
#[derive(Debug)]
pub(crate) struct SharedState {
    pub(crate) config: SandboxConfig,
    pub(crate) endpoints: Endpoints,
    world: Mutex<World>,
    pub(crate) clock: Clock,
    /// Signalled whenever a reply is recorded.
    replies_changed: Notify,
    /// Signalled whenever a REST request is logged.
    requests_changed: Notify,
    /// Asked about interaction tokens the sandbox does not know.
    pub(crate) interaction_source: Mutex<Option<InteractionSource>>,
    /// Counts visible changes (messages, users, channels, replies); the
    /// web page's event stream follows it.
    pub(crate) changes: watch::Sender<u64>,
    pub(crate) fixtures: Fixtures,
    /// Where interactions go when the application has an Interactions
    /// Endpoint URL, and the key they are signed with.
    pub(crate) interactions_http: InteractionsHttp,
}

impl SharedState {
    /// The world from the state file when there is one, else the fixtures.
    ///
    /// # Errors
    ///
    /// [`SandboxErrorKind::StateFile`] if the file cannot be read, parsed or
    /// written (it is written once here, so an unwritable path fails at
    /// start, not at the first change).
    pub(crate) fn open(config: SandboxConfig, endpoints: Endpoints) -> Result<Self, SandboxError> {
        let mut world = World::new();
        world.gateway.spread_interactions = config.spread_interactions;
        let fixtures = match &config.state_file {
            Some(path) => match persist::load(path)? {
                Some(snapshot) => persist::restore(&mut world, &snapshot, config.application_id)
                    .map_err(|e| persist::file_error(path, e))?,
                None => fixtures::seed(&mut world, config.application_id)?,
            },
            None => fixtures::seed(&mut world, config.application_id)?,
        };
        let (changes, _) = watch::channel(0);
        let interactions_http = InteractionsHttp::new(config.application_id, config.ack_deadline);
        let shared = Self {
            config,
            endpoints,
            world: Mutex::new(world),
            clock: Clock::new(),
            replies_changed: Notify::new(),
            requests_changed: Notify::new(),
            interaction_source: Mutex::new(None),
            changes,
            fixtures,
            interactions_http,
        };
        if let Some(path) = &shared.config.state_file {
            persist::save(path, &shared.lock(), &shared.fixtures)?;
        }
        Ok(shared)
    }

    pub(crate) fn lock(&self) -> MutexGuard<'_, World> {
        self.world.lock().unwrap_or_else(PoisonError::into_inner)
    }

    pub(crate) fn record(&self, state: &mut World, reply: Reply) -> Reply {
        let reply = state.push_reply(reply);
        self.replies_changed.notify_waiters();
        self.changed(state);
        reply
    }

    /// After a visible change: wakes the web page's event streams and
    /// rewrites the state file. Called with the state still locked, so
    /// writes of the file happen in the order of the changes.
    pub(crate) fn changed(&self, state: &World) {
        self.changes.send_modify(|version| *version += 1);
        if let Some(path) = &self.config.state_file
            && let Err(error) = persist::save(path, state, &self.fixtures)
        {
            tracing::warn!(%error, "sandbox state not saved");
        }
    }

    pub(crate) fn add_guild(&self, name: &str) -> (u64, u64) {
        let mut state = self.lock();
        let ids = state.add_guild(name);
        self.changed(&state);
        ids
    }

    pub(crate) fn add_user(&self, name: &str) -> Result<User, SandboxError> {
        let mut state = self.lock();
        let id = state.next_id();
        let user = model::user(id, name, false)?;
        state.users.insert(id, user.clone());
        self.changed(&state);
        Ok(user)
    }

    /// Sends `make()` to every connected gateway session.
    pub(crate) fn broadcast(&self, make: impl Fn() -> Outgoing) {
        let state = self.lock();
        for session in state.gateway.sessions.values() {
            if let Some((_, tx)) = &session.connection {
                let _ = tx.send(make());
            }
        }
    }

    /// Logs a request the REST API answered.
    pub(crate) fn log_request(&self, mut request: RestRequest) {
        let mut state = self.lock();
        request.seq = state.requests.len() as u64;
        state.requests.push(request);
        drop(state);
        self.requests_changed.notify_waiters();
    }

    /// Takes the first queued fault whose path part `path` contains.
    pub(crate) fn take_fault(&self, path: &str) -> Option<Fault> {
        let mut state = self.lock();
        let position = state
            .faults
            .iter()
            .position(|fault| path.contains(fault.path_part.as_str()))?;
        state.faults.remove(position)
    }

    /// Waits until `find` finds something in the replies, or `timeout`.
    pub(crate) async fn wait_for<T>(
        &self,
        timeout: Duration,
        find: impl Fn(&[Reply]) -> Option<T>,
    ) -> Result<T, SandboxError> {
        self.wait_until(&self.replies_changed, timeout, |state| find(&state.replies))
            .await
    }

    /// Waits until `find` finds something in the request log, or `timeout`.
    pub(crate) async fn wait_requests<T>(
        &self,
        timeout: Duration,
        find: impl Fn(&[RestRequest]) -> Option<T>,
    ) -> Result<T, SandboxError> {
        self.wait_until(&self.requests_changed, timeout, |state| {
            find(&state.requests)
        })
        .await
    }

    /// Waits until `find` finds something, looking again whenever `signal`
    /// is notified, or `timeout`.
    async fn wait_until<T>(
        &self,
        signal: &Notify,
        timeout: Duration,
        find: impl Fn(&World) -> Option<T>,
    ) -> Result<T, SandboxError> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let notified = signal.notified();
            tokio::pin!(notified);
            notified.as_mut().enable();
            if let Some(found) = find(&self.lock()) {
                return Ok(found);
            }
            if tokio::time::timeout_at(deadline, notified).await.is_err() {
                return Err(SandboxError::new(SandboxErrorKind::Timeout));
            }
        }
    }

    /// Messages in `channel`, oldest first (ephemeral ones included).
    pub(crate) fn messages(&self, channel: u64) -> Vec<StoredMessage> {
        self.lock()
            .messages
            .values()
            .filter(|m| m.message.channel_id.get() == channel)
            .cloned()
            .collect()
    }
}
