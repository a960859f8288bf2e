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
mod tests {
    //! Batches made deterministic: a first job holds the thread until the
    //! test has queued the jobs that must share the next transaction.
    #![allow(clippy::unwrap_used)]

    use std::{
        path::PathBuf,
        sync::atomic::{AtomicU32, Ordering},
    };

    use super::*;

    /// A database file in a fresh directory, removed on drop.
    struct Scratch(PathBuf);

    impl Scratch {
        fn new(tag: &str) -> Self {
            static NEXT: AtomicU32 = AtomicU32::new(0);
            let dir = std::env::temp_dir().join(format!(
                "twv-writer-{tag}-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            std::fs::create_dir_all(&dir).unwrap();
            Self(dir)
        }

        fn db(&self) -> PathBuf {
            self.0.join("views.db")
        }

        /// The store's own connection setup (WAL, FULL, migrations).
        fn worker(&self) -> Worker {
            Worker::start(super::super::open_blocking(&self.db()).unwrap(), "test").unwrap()
        }

        fn rows(&self) -> Vec<i64> {
            let raw = Connection::open(self.db()).unwrap();
            let mut statement = raw
                .prepare("SELECT message_id FROM twilight_views ORDER BY message_id")
                .unwrap();
            statement
                .query_map([], |row| row.get(0))
                .unwrap()
                .collect::<Result<_, _>>()
                .unwrap()
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    type Reply<T> = oneshot::Receiver<Result<T, StoreError>>;

    /// Occupies the thread with a job that waits; the returned sender lets
    /// it finish, so everything queued meanwhile forms the next batch.
    fn hold(writer: &Worker) -> (mpsc::Sender<()>, Reply<()>) {
        let (started, running) = mpsc::channel();
        let (release, gate) = mpsc::channel::<()>();
        let held = writer.submit(false, move |_| {
            started.send(()).unwrap();
            let _ = gate.recv();
            Ok(())
        });
        running.recv().unwrap();
        (release, held)
    }

    fn insert(conn: &Connection, id: i64) -> Result<(), StoreError> {
        conn.execute(
            "INSERT INTO twilight_views (message_id, kind, state, version)
             VALUES (?1, 'Counter', X'7B7D', 1)",
            [id],
        )
        .map(drop)
        .map_err(super::super::io_or_backend)
    }

    fn queue_inserts(writer: &Worker, ids: std::ops::Range<i64>) -> Vec<Reply<()>> {
        ids.map(|id| writer.submit(true, move |conn| insert(conn, id)))
            .collect()
    }

    fn batches(writer: &Worker) -> u64 {
        writer.batches.load(Ordering::Relaxed)
    }

    /// A full queue refuses at once with `Busy`; what was queued still
    /// runs, and the queue takes work again once it drains.
    #[tokio::test]
    async fn a_full_queue_refuses_instead_of_growing() {
        let scratch = Scratch::new("full");
        let conn = super::super::open_blocking(&scratch.db()).unwrap();
        let writer = Worker::start_with_capacity(conn, "test", 4).unwrap();
        let (release, held) = hold(&writer);
        let queued = queue_inserts(&writer, 1..5);
        let refused = writer.submit(true, move |conn| insert(conn, 99));
        let error = refused.await.unwrap().expect_err("the queue is full");
        assert!(
            matches!(error.kind(), StoreErrorKind::Busy { .. }),
            "{error:?}"
        );
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        for reply in queued {
            reply.await.unwrap().expect("queued jobs still commit");
        }
        writer
            .run(true, move |conn| insert(conn, 5))
            .await
            .expect("room again");
        assert_eq!(scratch.rows(), (1..6).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn queued_writes_share_one_transaction_and_a_failing_one_fails_alone() {
        let scratch = Scratch::new("share");
        let writer = scratch.worker();
        let (release, held) = hold(&writer);
        let mut replies = queue_inserts(&writer, 1..41);
        // Writes one row, then fails: its savepoint must undo the row.
        let failing = writer.submit(true, |conn| {
            insert(conn, 500)?;
            insert(conn, 1)
        });
        replies.extend(queue_inserts(&writer, 41..81));
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        for reply in replies {
            reply.await.unwrap().expect("the other jobs commit");
        }
        let error = failing.await.unwrap().expect_err("duplicate key");
        assert!(matches!(error.kind(), StoreErrorKind::Backend), "{error:?}");
        // The held job's batch, then one for all 81 queued jobs.
        assert_eq!(batches(&writer), 2);
        assert_eq!(scratch.rows(), (1..81).collect::<Vec<_>>());
    }

    #[tokio::test]
    async fn a_panicking_job_fails_alone_and_the_thread_goes_on() {
        let scratch = Scratch::new("panic");
        let writer = scratch.worker();
        let (release, held) = hold(&writer);
        let mut replies = queue_inserts(&writer, 1..4);
        let panicking = writer.submit(true, |conn| -> Result<(), StoreError> {
            insert(conn, 700).unwrap();
            panic!("handler bug");
        });
        replies.extend(queue_inserts(&writer, 4..7));
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        for reply in replies {
            reply.await.unwrap().expect("the other jobs commit");
        }
        let error = panicking.await.unwrap().expect_err("panicked");
        assert!(matches!(error.kind(), StoreErrorKind::Backend), "{error:?}");
        assert!(error.to_string().contains("handler bug"), "{error}");
        // The thread is alive and the panicking job's row was undone.
        writer.run(true, |conn| insert(conn, 7)).await.unwrap();
        assert_eq!(scratch.rows(), (1..8).collect::<Vec<_>>());
    }

    /// What SQLITE_FULL or an I/O error does (the whole transaction rolls
    /// back): no job of the batch may be reported as written.
    #[tokio::test]
    async fn a_lost_transaction_fails_every_job_of_the_batch() {
        let scratch = Scratch::new("lost");
        let writer = scratch.worker();
        let (release, held) = hold(&writer);
        let mut replies = queue_inserts(&writer, 1..11);
        replies.push(writer.submit(true, |conn| {
            conn.execute_batch("ROLLBACK")
                .map_err(super::super::io_or_backend)
        }));
        replies.extend(queue_inserts(&writer, 11..21));
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        for reply in replies {
            let error = reply.await.unwrap().expect_err("nothing is durable");
            assert!(matches!(error.kind(), StoreErrorKind::Io), "{error:?}");
        }
        assert_eq!(scratch.rows(), Vec::<i64>::new());
        // The next batch starts a fresh transaction.
        writer.run(true, |conn| insert(conn, 30)).await.unwrap();
        assert_eq!(scratch.rows(), [30]);
    }

    /// A deferred foreign key is only checked at COMMIT, which then fails.
    #[tokio::test]
    async fn a_failed_commit_fails_every_job_of_the_batch() {
        let scratch = Scratch::new("commit");
        let conn = super::super::open_blocking(&scratch.db()).unwrap();
        conn.execute_batch(
            "PRAGMA foreign_keys = ON;
             CREATE TABLE parent (id INTEGER PRIMARY KEY);
             CREATE TABLE child (id INTEGER PRIMARY KEY, parent INTEGER
                 REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);",
        )
        .unwrap();
        let writer = Worker::start(conn, "test").unwrap();
        let (release, held) = hold(&writer);
        let mut replies = queue_inserts(&writer, 1..6);
        replies.push(writer.submit(true, |conn| {
            conn.execute("INSERT INTO child (id, parent) VALUES (1, 99)", [])
                .map(drop)
                .map_err(super::super::io_or_backend)
        }));
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        for reply in replies {
            let error = reply.await.unwrap().expect_err("commit failed");
            assert!(matches!(error.kind(), StoreErrorKind::Backend), "{error:?}");
            assert!(error.to_string().contains("FOREIGN KEY"), "{error}");
        }
        assert_eq!(scratch.rows(), Vec::<i64>::new());
        writer.run(true, |conn| insert(conn, 9)).await.unwrap();
        assert_eq!(scratch.rows(), [9]);
    }

    #[tokio::test]
    async fn reads_alone_run_without_a_transaction() {
        let scratch = Scratch::new("reads");
        let writer = scratch.worker();
        let in_transaction = |conn: &Connection| Ok(!conn.is_autocommit());
        assert!(!writer.run(false, in_transaction).await.unwrap());
        // Sharing a batch with a write, a read runs inside its transaction.
        let (release, held) = hold(&writer);
        let write = writer.submit(true, |conn| insert(conn, 1));
        let read = writer.submit(false, in_transaction);
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        write.await.unwrap().unwrap();
        assert!(read.await.unwrap().unwrap());
    }

    /// Loads run on the reader while the writer is busy (mid-commit), and
    /// see only what is committed.
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn reads_do_not_wait_for_the_writer() {
        use crate::store::{SqliteStore, ViewStore};

        let scratch = Scratch::new("reader");
        let store = SqliteStore::open(scratch.db()).await.unwrap();
        store.upsert(1, "Counter", b"{}".to_vec()).await.unwrap();
        let (release, held) = hold(&store.db.writer);
        // A hang guard, not a speed check: through the held writer these
        // reads would never finish.
        let during = std::time::Duration::from_secs(60);
        let lease = tokio::time::timeout(during, store.lease(1)).await;
        let lease = lease.unwrap().unwrap().unwrap();
        let commit = tokio::spawn(lease.commit(b"{\"n\":1}".to_vec()));
        let loaded = tokio::time::timeout(during, store.load(1)).await;
        assert_eq!(loaded.unwrap().unwrap().unwrap().version, 1);
        let page = tokio::time::timeout(during, store.scan(None, 10)).await;
        assert_eq!(page.unwrap().unwrap().views.len(), 1);
        assert!(!commit.is_finished());
        release.send(()).unwrap();
        held.await.unwrap().unwrap();
        assert_eq!(commit.await.unwrap().unwrap().version, 2);
        assert_eq!(store.load(1).await.unwrap().unwrap().version, 2);
    }

    #[tokio::test]
    async fn dropping_the_writer_commits_what_is_queued() {
        let scratch = Scratch::new("drop");
        let writer = scratch.worker();
        let (release, held) = hold(&writer);
        let replies = queue_inserts(&writer, 1..101);
        release.send(()).unwrap();
        drop(writer);
        held.await.unwrap().unwrap();
        for reply in replies {
            reply.await.unwrap().expect("queued before the drop");
        }
        assert_eq!(scratch.rows(), (1..101).collect::<Vec<_>>());
    }
}
