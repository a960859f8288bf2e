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
