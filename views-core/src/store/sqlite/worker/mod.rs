//! [`Worker`]: a thread that owns one SQLite connection and runs queued
//! operations on it in batches. `SqliteStore` has two: the writer, whose
//! batches are group commits (every write queued during a burst shares one
//! transaction, so one WAL commit and one fsync instead of one each), and a
//! reader for loads and scans, so reads never wait behind an fsync.
//!
//! Durability is unchanged: a job's result is sent only after the COMMIT of
//! the transaction holding it returned (`synchronous=FULL`), and when that
//! transaction fails every job in it gets an error, because none of them is
//! durable. A lone operation still commits on its own right away: the thread
//! never waits for more work, it only takes what is already queued.

use std::{
    error::Error,
    fmt,
    panic::{AssertUnwindSafe, catch_unwind},
    sync::{Arc, mpsc},
    thread,
};

use rusqlite::Connection;
use tokio::sync::oneshot;

use super::error_kind;
use crate::store::{StoreError, StoreErrorKind};

/// Most jobs in one transaction: bounds how long the first job of a batch
/// waits for the others while keeping the fsync shared widely.
const MAX_BATCH: usize = 256;

/// Most jobs waiting for one thread. Callers beyond it get
/// [`StoreErrorKind::Busy`] at once instead of a queue that grows without
/// limit while the disk is slow or stuck (a full disk, a hung network
/// filesystem); at a few milliseconds per batch of 256 this is a backlog of
/// seconds, past Discord's deadlines already.
pub(super) const MAX_QUEUED_JOBS: usize = 4096;

/// A queued operation: runs once on the worker thread, answers after the
/// batch is settled.
trait Job: Send {
    /// Whether the job may change the database (needs a transaction).
    fn writes(&self) -> bool;
    /// Runs the operation and keeps its outcome.
    fn run(&mut self, conn: &Connection);
    /// Whether the kept outcome is an error (its changes must be undone).
    fn failed(&self) -> bool;
    /// Replaces the kept outcome by `error` (the batch failed).
    fn fail(&mut self, error: StoreError);
    /// Sends the outcome to the waiting caller.
    fn reply(self: Box<Self>);
}

struct Pending<T, F> {
    writes: bool,
    work: Option<F>,
    outcome: Option<Result<T, StoreError>>,
    reply: oneshot::Sender<Result<T, StoreError>>,
}

impl<T, F> Job for Pending<T, F>
where
    T: Send + 'static,
    F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
{
    fn writes(&self) -> bool {
        self.writes
    }

    fn run(&mut self, conn: &Connection) {
        let Some(work) = self.work.take() else { return };
        // A panicking job fails alone (its savepoint is rolled back); the
        // thread must outlive it, or every later operation would fail.
        let outcome = catch_unwind(AssertUnwindSafe(|| work(conn))).unwrap_or_else(|panic| {
            let what = panic_message(panic.as_ref());
            tracing::error!(panic = %what, "a view store operation panicked");
            Err(StoreError::with_source(
                StoreErrorKind::Backend,
                format!("the store operation panicked: {what}"),
            ))
        });
        self.outcome = Some(outcome);
    }

    fn failed(&self) -> bool {
        matches!(self.outcome, Some(Err(_)))
    }

    fn fail(&mut self, error: StoreError) {
        self.outcome = Some(Err(error));
    }

    fn reply(self: Box<Self>) {
        let outcome = self.outcome.unwrap_or_else(|| {
            Err(StoreError::with_source(
                StoreErrorKind::Backend,
                "the store operation did not run",
            ))
        });
        // The caller may have given up waiting; nothing to do then.
        let _ = self.reply.send(outcome);
    }
}

fn panic_message(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|text| (*text).to_owned())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(no message)".to_owned())
}

/// The handle of one connection's thread; dropping it lets the thread
/// finish the queued jobs and exit.
pub(super) struct Worker {
    jobs: Option<mpsc::SyncSender<Box<dyn Job>>>,
    thread: Option<thread::JoinHandle<()>>,
    #[cfg(test)]
    batches: Arc<std::sync::atomic::AtomicU64>,
}

impl fmt::Debug for Worker {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Worker").finish_non_exhaustive()
    }
}

impl Worker {
    /// Starts the thread `name` (shown by `top -H`, in panics, debuggers)
    /// that owns `conn`.
    pub(super) fn start(conn: Connection, name: &str) -> Result<Self, StoreError> {
        Self::start_with_capacity(conn, name, MAX_QUEUED_JOBS)
    }

    /// Like [`start`](Self::start) with at most `capacity` queued jobs.
    pub(super) fn start_with_capacity(
        conn: Connection,
        name: &str,
        capacity: usize,
    ) -> Result<Self, StoreError> {
        let (jobs, queue) = mpsc::sync_channel(capacity.max(1));
        #[cfg(test)]
        let batches = Arc::new(std::sync::atomic::AtomicU64::new(0));
        #[cfg(test)]
        let counter = Arc::clone(&batches);
        let thread = thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                #[cfg(test)]
                let on_batch = || {
                    counter.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                };
                #[cfg(not(test))]
                let on_batch = || {};
                serve(&conn, &queue, on_batch);
            })
            .map_err(|error| StoreError::with_source(StoreErrorKind::Backend, error))?;
        Ok(Self {
            jobs: Some(jobs),
            thread: Some(thread),
            #[cfg(test)]
            batches,
        })
    }

    /// Queues `work`; the receiver yields its outcome once the batch that
    /// ran it is settled (committed, or failed as a whole).
    fn submit<T, F>(&self, writes: bool, work: F) -> oneshot::Receiver<Result<T, StoreError>>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        let (reply, outcome) = oneshot::channel();
        let job = Box::new(Pending {
            writes,
            work: Some(work),
            outcome: None,
            reply,
        });
        if let Some(jobs) = &self.jobs {
            match jobs.try_send(job) {
                Ok(()) => {}
                Err(mpsc::TrySendError::Full(mut job)) => {
                    job.fail(StoreError::bare(StoreErrorKind::Busy {
                        queue: "the SQLite store's queue of operations",
                    }));
                    job.reply();
                }
                // The job (and its reply sender) is dropped, so the
                // receiver reports the stopped thread in `run`.
                Err(mpsc::TrySendError::Disconnected(_)) => {}
            }
        }
        outcome
    }

    /// Runs `work` on the thread and waits for its settled outcome.
    pub(super) async fn run<T, F>(&self, writes: bool, work: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&Connection) -> Result<T, StoreError> + Send + 'static,
    {
        self.submit(writes, work).await.unwrap_or_else(|_| {
            Err(StoreError::with_source(
                StoreErrorKind::Backend,
                "the SQLite store's thread has stopped",
            ))
        })
    }
}

impl Drop for Worker {
    fn drop(&mut self) {
        // Closing the channel makes the thread drain what is queued, commit
        // it and exit; waiting for it means the file is quiet afterwards.
        drop(self.jobs.take());
        if let Some(thread) = self.thread.take()
            && thread.thread().id() != thread::current().id()
        {
            let _ = thread.join();
        }
    }
}

/// The thread's loop: block for one job, take whatever else is already
/// queued, settle the batch, answer, repeat until every sender is gone.
fn serve(conn: &Connection, queue: &mpsc::Receiver<Box<dyn Job>>, mut on_batch: impl FnMut()) {
    let mut batch: Vec<Box<dyn Job>> = Vec::with_capacity(MAX_BATCH);
    while let Ok(first) = queue.recv() {
        batch.push(first);
        while batch.len() < MAX_BATCH {
            match queue.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        on_batch();
        let settled = catch_unwind(AssertUnwindSafe(|| settle(conn, &mut batch)));
        if let Err(panic) = settled {
            // Jobs catch their own panics, so this is a bug in the loop
            // itself; fail the batch rather than the thread.
            let what = panic_message(panic.as_ref());
            tracing::error!(panic = %what, "the SQLite store's thread panicked");
            abandon(conn);
            for job in &mut batch {
                job.fail(StoreError::with_source(
                    StoreErrorKind::Backend,
                    format!("the SQLite store's thread panicked: {what}"),
                ));
            }
        }
        // Only now, after COMMIT returned, does any caller hear back.
        for job in batch.drain(..) {
            job.reply();
        }
    }
}

/// Runs a batch: reads alone run in autocommit mode (no transaction, no
/// fsync); otherwise every job runs in one `BEGIN IMMEDIATE ... COMMIT`,
/// each write inside its own savepoint so that a failing one is undone
/// alone. If the transaction itself fails, every job gets an error.
fn settle(conn: &Connection, batch: &mut [Box<dyn Job>]) {
    if !batch.iter().any(|job| job.writes()) {
        for job in batch.iter_mut() {
            job.run(conn);
        }
        return;
    }
    if let Err(failure) = transaction(conn, batch) {
        abandon(conn);
        let cause = Arc::new(failure);
        for (at, job) in batch.iter_mut().enumerate() {
            // The job that broke the transaction keeps its own error (if
            // it reported one; a job may also end it without failing).
            if cause.culprit != Some(at) || !job.failed() {
                job.fail(Shared::error(&cause));
            }
        }
    }
}

fn transaction(conn: &Connection, batch: &mut [Box<dyn Job>]) -> Result<(), BatchFailed> {
    let step = |sql: &str| -> Result<(), BatchFailed> {
        conn.prepare_cached(sql)
            .and_then(|mut statement| statement.execute([]))
            .map(drop)
            .map_err(BatchFailed::sqlite)
    };
    step("BEGIN IMMEDIATE")?;
    for (at, job) in batch.iter_mut().enumerate() {
        let writes = job.writes();
        if writes {
            step("SAVEPOINT twilight_views_job")?;
        }
        job.run(conn);
        // Disk full, I/O errors and a few others roll the whole
        // transaction back: the earlier jobs' writes are gone with it.
        if conn.is_autocommit() {
            return Err(BatchFailed::lost(at));
        }
        if writes {
            if job.failed() {
                step("ROLLBACK TO twilight_views_job")?;
            }
            step("RELEASE twilight_views_job")?;
        }
    }
    step("COMMIT")
}

/// Rolls back whatever transaction is still open after a failure.
fn abandon(conn: &Connection) {
    if !conn.is_autocommit()
        && let Err(error) = conn.execute_batch("ROLLBACK")
    {
        tracing::error!(%error, "rolling back a failed SQLite batch failed");
    }
}

/// Why a batch's transaction failed: a statement of the batch itself
/// (BEGIN, SAVEPOINT, COMMIT ...) or a job that ended the transaction.
#[derive(Debug)]
struct BatchFailed {
    error: Option<rusqlite::Error>,
    culprit: Option<usize>,
}

impl BatchFailed {
    const fn sqlite(error: rusqlite::Error) -> Self {
        Self {
            error: Some(error),
            culprit: None,
        }
    }

    const fn lost(culprit: usize) -> Self {
        Self {
            error: None,
            culprit: Some(culprit),
        }
    }
}

/// The error each job of a failed batch gets; shares the one cause.
#[derive(Debug)]
struct Shared(Arc<BatchFailed>);

impl Shared {
    fn error(cause: &Arc<BatchFailed>) -> StoreError {
        let kind = match &cause.error {
            Some(error) => error_kind(error),
            // Another job's failure rolled the transaction back; retrying
            // this one alone may well succeed.
            None => StoreErrorKind::Io,
        };
        StoreError::with_source(kind, Self(Arc::clone(cause)))
    }
}

impl fmt::Display for Shared {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.error {
            Some(error) => write!(
                f,
                "the transaction holding this operation failed, nothing of it was written: {error}"
            ),
            None => f.write_str(
                "another operation in the same transaction failed and rolled it back; nothing was written",
            ),
        }
    }
}

impl Error for Shared {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.0
            .error
            .as_ref()
            .map(|error| error as &(dyn Error + 'static))
    }
}

#[cfg(test)]
mod tests;
