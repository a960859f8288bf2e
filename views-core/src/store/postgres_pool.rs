//! A small connection pool for [`PostgresStore`](super::PostgresStore):
//! every lease holds a connection for its transaction, so leases of
//! different messages need connections of their own.

use std::{
    ops::Deref,
    sync::{Arc, Mutex},
};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio_postgres::{Client, Config, NoTls};

use super::{StoreError, StoreErrorKind, open::redact};

#[derive(Debug)]
pub(crate) struct Pool {
    config: Config,
    /// The URL without its password, for errors.
    what: String,
    idle: Mutex<Vec<Client>>,
    permits: Arc<Semaphore>,
}

impl Pool {
    pub(crate) fn new(url: &str, max_connections: usize) -> Result<Arc<Self>, StoreError> {
        let what = redact(url);
        let config: Config = url.parse().map_err(|error| {
            StoreError::with_source(StoreErrorKind::Open { what: what.clone() }, error)
        })?;
        Ok(Arc::new(Self {
            config,
            what,
            idle: Mutex::new(Vec::new()),
            permits: Arc::new(Semaphore::new(max_connections.max(1))),
        }))
    }

    pub(crate) fn what(&self) -> &str {
        &self.what
    }

    fn idle(&self) -> std::sync::MutexGuard<'_, Vec<Client>> {
        // Only pushes and pops happen under this lock: never inconsistent.
        self.idle
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Waits for a free slot, then reuses an idle connection or opens one.
    pub(crate) async fn get(self: &Arc<Self>) -> Result<Pooled, StoreError> {
        let permit = Arc::clone(&self.permits)
            .acquire_owned()
            .await
            .map_err(|closed| StoreError::with_source(StoreErrorKind::Backend, closed))?;
        let reused = loop {
            match self.idle().pop() {
                Some(client) if client.is_closed() => {}
                other => break other,
            }
        };
        let client = match reused {
            Some(client) => client,
            None => self.connect().await?,
        };
        Ok(Pooled {
            client: Some(client),
            pool: Arc::clone(self),
            _permit: permit,
        })
    }

    async fn connect(&self) -> Result<Client, StoreError> {
        // An `Io` error: the server went away after start-up; retrying may
        // succeed. `PostgresStore::connect` turns it into `Open`.
        let (client, connection) = self
            .config
            .connect(NoTls)
            .await
            .map_err(|error| StoreError::with_source(StoreErrorKind::Io, error))?;
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::warn!(%error, "view store: PostgreSQL connection closed");
            }
        });
        Ok(client)
    }
}

/// A connection on loan from the [`Pool`]; goes back when dropped.
#[derive(Debug)]
pub(crate) struct Pooled {
    client: Option<Client>,
    pool: Arc<Pool>,
    _permit: OwnedSemaphorePermit,
}

impl Pooled {
    /// Closes the connection instead of returning it (its session state is
    /// unknown, e.g. a transaction may still be open).
    pub(crate) fn discard(mut self) {
        drop(self.client.take());
    }
}

impl Deref for Pooled {
    type Target = Client;

    fn deref(&self) -> &Client {
        // Only `discard` and `drop` take the client, and both consume self.
        self.client
            .as_ref()
            .unwrap_or_else(|| unreachable!("pooled client used after discard"))
    }
}

impl Drop for Pooled {
    fn drop(&mut self) {
        if let Some(client) = self.client.take()
            && !client.is_closed()
        {
            self.pool.idle().push(client);
        }
    }
}
