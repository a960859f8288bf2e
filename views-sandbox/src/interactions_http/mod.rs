//! Discord's side of HTTP interactions: when the application has an
//! Interactions Endpoint URL, the sandbox POSTs each interaction there,
//! signed with its own Ed25519 key (as Discord signs with the
//! application's), instead of sending INTERACTION_CREATE over the gateway,
//! and applies the response body as the interaction's callback.
//!
//! `client.rs` signs and POSTs; `validation.rs` is Discord's check when the
//! URL is set (a PING, and a forged request that must be refused). Applying
//! an answer is the REST side's (`http::rest::delivery`): this module knows
//! nothing of the world it changes.

mod client;
mod validation;

use std::{
    collections::HashMap,
    sync::{
        Mutex, MutexGuard, PoisonError,
        atomic::{AtomicU64, AtomicUsize, Ordering},
    },
};

use ed25519_dalek::SigningKey;
use serde::Serialize;
use tokio::sync::{mpsc, watch};

use self::client::Target;
pub(crate) use self::client::{PostError, Signing, post};
pub use self::validation::EndpointValidation;

/// One interaction on its way to the endpoint.
#[derive(Debug)]
pub(crate) struct Delivery {
    pub(crate) id: u64,
    pub(crate) token: String,
    /// The interaction as JSON, signed as it is sent.
    pub(crate) payload: Vec<u8>,
}

/// The sandbox's interactions endpoint state: its key pair, the bot's
/// URLs (dealt round-robin, like a load balancer in front of several
/// workers), the last validation, and the interactions whose answer is on
/// its way back.
#[derive(Debug)]
pub(crate) struct InteractionsHttp {
    application_id: u64,
    /// How long an endpoint may take to answer (the acknowledgement
    /// deadline, Discord's 3 seconds).
    pub(crate) answer_within: std::time::Duration,
    pub(crate) key: SigningKey,
    targets: Mutex<Vec<Target>>,
    next: AtomicUsize,
    validation: Mutex<Option<EndpointValidation>>,
    /// Per token: `false` while the endpoint's answer is awaited.
    in_flight: Mutex<HashMap<String, watch::Sender<bool>>>,
    queue: mpsc::UnboundedSender<Delivery>,
    /// Taken once by the task that delivers (`http::rest::delivery`).
    deliveries: Mutex<Option<mpsc::UnboundedReceiver<Delivery>>>,
    pub(crate) delivered: AtomicU64,
    pub(crate) failed: AtomicU64,
}

/// What `GET /sandbox/interactions-endpoint` shows.
#[derive(Clone, Debug, Serialize)]
pub(crate) struct EndpointStatus {
    /// Where interactions go; empty: over the gateway.
    pub(crate) urls: Vec<String>,
    /// The key the bot checks signatures with (hex).
    pub(crate) public_key: String,
    /// The last validation run.
    pub(crate) validation: Option<EndpointValidation>,
    /// Interactions answered with a body the sandbox applied.
    pub(crate) delivered: u64,
    /// Interactions whose POST failed or whose answer was refused.
    pub(crate) failed: u64,
}

impl InteractionsHttp {
    /// A fresh key pair for `application_id`'s endpoint, whose answers
    /// are awaited `answer_within`.
    pub(crate) fn new(application_id: u64, answer_within: std::time::Duration) -> Self {
        let mut seed = [0_u8; 32];
        // Without OS randomness the key would be guessable, but it only
        // signs for a local test bot.
        if let Err(error) = getrandom::fill(&mut seed) {
            tracing::warn!(%error, "no OS randomness: the interactions key is derived from the time");
            let nanos = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |since| since.as_nanos());
            seed[..16].copy_from_slice(&nanos.to_le_bytes());
        }
        let (queue, receiver) = mpsc::unbounded_channel();
        Self {
            application_id,
            answer_within,
            key: SigningKey::from_bytes(&seed),
            targets: Mutex::new(Vec::new()),
            next: AtomicUsize::new(0),
            validation: Mutex::new(None),
            in_flight: Mutex::new(HashMap::new()),
            queue,
            deliveries: Mutex::new(Some(receiver)),
            delivered: AtomicU64::new(0),
            failed: AtomicU64::new(0),
        }
    }

    /// The interactions to deliver, for the one task that delivers them.
    pub(crate) fn take_deliveries(&self) -> Option<mpsc::UnboundedReceiver<Delivery>> {
        self.deliveries
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take()
    }

    /// The public key, as the Developer Portal shows the application's.
    pub(crate) fn public_key_hex(&self) -> String {
        hex(self.key.verifying_key().as_bytes())
    }

    fn targets(&self) -> MutexGuard<'_, Vec<Target>> {
        self.targets.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Whether interactions go to an endpoint.
    pub(crate) fn is_on(&self) -> bool {
        !self.targets().is_empty()
    }

    /// How many URLs interactions are dealt to.
    pub(crate) fn target_count(&self) -> usize {
        self.targets().len()
    }

    /// The next URL, round-robin.
    pub(crate) fn pick(&self) -> Option<Target> {
        let targets = self.targets();
        if targets.is_empty() {
            return None;
        }
        let index = self.next.fetch_add(1, Ordering::Relaxed) % targets.len();
        targets.get(index).cloned()
    }

    /// Queues `delivery` (its token is in flight from now on).
    pub(crate) fn send(&self, delivery: Delivery) {
        let (done, _) = watch::channel(false);
        self.in_flight().insert(delivery.token.clone(), done);
        if self.queue.send(delivery).is_err() {
            tracing::warn!("the sandbox is shutting down: interaction not delivered");
        }
    }

    fn in_flight(&self) -> MutexGuard<'_, HashMap<String, watch::Sender<bool>>> {
        self.in_flight
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The answer for `token` was applied (or will never come).
    pub(crate) fn settle(&self, token: &str) {
        if let Some(done) = self.in_flight().remove(token) {
            done.send_replace(true);
        }
    }

    /// Waits (at most `limit`) while the endpoint's answer for `token` is
    /// on its way back: Discord reads the response body before it accepts
    /// the webhook calls that follow it.
    pub(crate) async fn answered(&self, token: &str, limit: std::time::Duration) {
        let Some(mut done) = self.in_flight().get(token).map(watch::Sender::subscribe) else {
            return;
        };
        let _ = tokio::time::timeout(limit, done.wait_for(|done| *done)).await;
    }

    /// The status the control API shows.
    pub(crate) fn status(&self) -> EndpointStatus {
        EndpointStatus {
            urls: self.targets().iter().map(|t| t.url.clone()).collect(),
            public_key: self.public_key_hex(),
            validation: self
                .validation
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .clone(),
            delivered: self.delivered.load(Ordering::Relaxed),
            failed: self.failed.load(Ordering::Relaxed),
        }
    }

    /// Sets where interactions go after validating each URL as Discord
    /// does; keeps the old setting when one fails. An empty list goes back
    /// to the gateway.
    pub(crate) async fn set_urls(
        &self,
        urls: &[String],
    ) -> Result<EndpointValidation, EndpointValidation> {
        let mut targets = Vec::with_capacity(urls.len());
        let mut last = EndpointValidation::gateway();
        for url in urls {
            let target = match Target::parse(url) {
                Ok(target) => target,
                Err(reason) => {
                    let failed = EndpointValidation::unusable(url, reason);
                    self.remember(&failed);
                    return Err(failed);
                }
            };
            last = validation::validate(self, &target).await;
            if !last.passed {
                self.remember(&last);
                return Err(last);
            }
            targets.push(target);
        }
        *self.targets() = targets;
        self.remember(&last);
        Ok(last)
    }

    fn remember(&self, validation: &EndpointValidation) {
        *self
            .validation
            .lock()
            .unwrap_or_else(PoisonError::into_inner) = Some(validation.clone());
    }
}

/// Lowercase hex.
fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}
