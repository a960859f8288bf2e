//! Faults in the real servers: clicks on one stored view keep coming while
//! the store's server stops (PostgreSQL) or its disk fills up (SQLite), and
//! after the fault ends. The router and the store are never restarted.
//!
//! What [`clicks_through_a_fault`] checks:
//! - every click is answered in time, none hangs, nothing panics;
//! - a click during the fault is answered "not saved" (`NotSaved` or
//!   `StoreFailed`, and the router's ephemeral not-saved message);
//! - nothing acknowledged is lost: the counts the user saw are exactly
//!   1..=n, once each, and n is what is stored;
//! - the clicks recover by themselves once the fault ends.

use std::{
    collections::HashMap,
    fmt,
    io::Write,
    path::{Path, PathBuf},
    process::Command,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, Ordering},
    },
    time::Duration,
};

use tokio::{task::JoinHandle, time::Instant};
use twilight_model::id::Id;
use views_core::{
    DispatchOutcome, ViewRouter, router::DEFAULT_NOT_SAVED_MESSAGE, store::ViewStore,
};
use views_testkit::discord::{FakeDiscord, Recorded, click, token_of};
use views_testkit::entry::entry;

use super::{Score, stored_state};

/// Tasks clicking at the same time, all on the one message.
const CLICKERS: usize = 3;
/// Each clicker's pause between two clicks: enough clicks to cover the
/// fault densely, few enough to keep the run short.
const PAUSE: Duration = Duration::from_millis(10);
/// Acknowledged clicks before the fault starts.
const HANDLED_BEFORE: usize = 10;
/// How long the fault lasts once it is in effect.
const FAULT_LASTS: Duration = Duration::from_secs(1);
/// Acknowledged clicks after the fault that show it has recovered.
const HANDLED_AFTER: usize = 20;
/// Longest wait for the clicks to recover once the fault ended.
const RECOVERY_LIMIT: Duration = Duration::from_secs(10);
/// A click still unanswered after this has hung.
const HANG: Duration = Duration::from_secs(20);

/// How the router answered one click.
#[derive(Debug)]
enum Answer {
    Handled,
    NotSaved(String),
    StoreFailed(String),
    Other(String),
    Hung,
}

impl Answer {
    fn of(outcome: &DispatchOutcome) -> Self {
        match outcome {
            DispatchOutcome::Handled { .. } => Self::Handled,
            DispatchOutcome::NotSaved { error, .. } => Self::NotSaved(error.to_string()),
            DispatchOutcome::StoreFailed { error, .. } => Self::StoreFailed(error.to_string()),
            other => Self::Other(format!("{other:?}")),
        }
    }

    const fn is_not_saved(&self) -> bool {
        matches!(self, Self::NotSaved(_) | Self::StoreFailed(_))
    }
}

/// One click of the run.
struct Click {
    token: String,
    started: Instant,
    answered: Instant,
    answer: Answer,
}

impl Click {
    fn took(&self) -> Duration {
        self.answered - self.started
    }
}

/// When the fault was in effect, as seen from the test.
struct Timeline {
    /// Just before the fault was started.
    begun: Instant,
    /// Once it was in effect (the server down, the disk full).
    in_effect: Instant,
    /// Just before it was ended.
    ending: Instant,
    /// Once it was over (the server accepting connections, the disk free).
    ended: Instant,
}

impl Timeline {
    /// Whether the click overlapped the fault at all.
    fn touched(&self, click: &Click) -> bool {
        click.started < self.ended && click.answered > self.begun
    }

    /// Whether the click ran entirely while the fault was in effect.
    fn inside(&self, click: &Click) -> bool {
        click.started >= self.in_effect && click.answered <= self.ending
    }
}

/// The figures of one run (docs/reliability.md lists them).
#[derive(Debug)]
pub struct FaultFigures {
    pub clicks: usize,
    /// Clicks that overlapped the fault.
    pub during_fault: usize,
    /// Of those, answered "not saved".
    pub during_fault_not_saved: usize,
    /// Clicks answered `NotSaved` / `StoreFailed`, over the whole run.
    pub not_saved: usize,
    pub store_failed: usize,
    /// Clicks answered `Handled`: the user saw a count.
    pub acknowledged: usize,
    /// The count in the store at the end.
    pub stored: u64,
    /// Acknowledged increments the store does not hold.
    pub lost: u64,
    /// Slowest answer to a click that overlapped the fault.
    pub slowest_during_fault: Duration,
    /// From the fault's end to the first acknowledged click that started
    /// after it; `None`: no click recovered.
    pub time_to_recover: Option<Duration>,
}

impl fmt::Display for FaultFigures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} clicks; {} during the fault, {} of them answered not saved \
             (NotSaved {}, StoreFailed {} over the run); slowest answer during the fault {:?}; \
             {} acknowledged, {} stored, lost {}; recovered {} after the fault ended",
            self.clicks,
            self.during_fault,
            self.during_fault_not_saved,
            self.not_saved,
            self.store_failed,
            self.slowest_during_fault,
            self.acknowledged,
            self.stored,
            self.lost,
            self.time_to_recover
                .map_or_else(|| "never".to_owned(), |took| format!("{took:?}")),
        )
    }
}

/// Clicking tasks; aborted when dropped, so a failing test leaves none
/// behind holding the router (and the store's files).
struct Clickers {
    stop: Arc<AtomicBool>,
    tasks: Vec<JoinHandle<()>>,
    log: Arc<Mutex<Vec<Click>>>,
}

impl Clickers {
    fn start(router: &ViewRouter, message_id: u64) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let log = Arc::new(Mutex::new(Vec::new()));
        let tasks = (0..CLICKERS)
            .map(|_| {
                let (router, stop, log) = (router.clone(), Arc::clone(&stop), Arc::clone(&log));
                tokio::spawn(async move {
                    while !stop.load(Ordering::SeqCst) {
                        let interaction = click("score:add", message_id);
                        let token = token_of(&interaction);
                        let started = Instant::now();
                        let answer =
                            tokio::time::timeout(HANG, router.dispatch(entry(interaction)))
                                .await
                                .map_or(Answer::Hung, |outcome| Answer::of(&outcome));
                        let answered = Instant::now();
                        let hung = matches!(answer, Answer::Hung);
                        log.lock().unwrap().push(Click {
                            token,
                            started,
                            answered,
                            answer,
                        });
                        if hung {
                            return;
                        }
                        tokio::time::sleep(PAUSE).await;
                    }
                })
            })
            .collect();
        Self { stop, tasks, log }
    }

    /// Acknowledged clicks that started at or after `since`.
    fn handled_since(&self, since: Instant) -> usize {
        self.log
            .lock()
            .unwrap()
            .iter()
            .filter(|click| click.started >= since && matches!(click.answer, Answer::Handled))
            .count()
    }

    /// Waits until `count` clicks that started at or after `since` were
    /// acknowledged; `false` if that takes longer than `limit`.
    async fn wait_for_handled(&self, since: Instant, count: usize, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        while self.handled_since(since) < count {
            if Instant::now() >= deadline {
                return false;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        true
    }

    /// Lets each clicker finish its click in flight; returns every click.
    async fn finish(mut self) -> Vec<Click> {
        self.stop.store(true, Ordering::SeqCst);
        for task in std::mem::take(&mut self.tasks) {
            task.await.unwrap();
        }
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

impl Drop for Clickers {
    fn drop(&mut self) {
        for task in &self.tasks {
            task.abort();
        }
    }
}

/// Binds a `Score` to `message_id`, clicks `score:add` from several tasks,
/// starts the fault with `begin_fault` (which returns once the fault is in
/// effect), ends it a second later with `end_fault` (which returns once the
/// server or the disk is usable again), and keeps clicking until the clicks
/// have recovered. Then checks the guarantees in the module's comment, each
/// click answered within `answer_within`, and returns the figures.
///
/// `begin_fault` and `end_fault` may block (they run `pg_ctl`, write a
/// file): they run on a worker thread given up to them, so the clickers go
/// on meanwhile (the runtime needs the multi-thread flavour).
pub async fn clicks_through_a_fault(
    discord: &FakeDiscord,
    router: &ViewRouter,
    store: &dyn ViewStore,
    message_id: u64,
    begin_fault: impl FnOnce(),
    end_fault: impl FnOnce(),
    answer_within: Duration,
) -> FaultFigures {
    router
        .bind(Id::new(message_id), Score { count: 0 })
        .await
        .unwrap();
    let start = Instant::now();
    let clickers = Clickers::start(router, message_id);
    assert!(
        clickers
            .wait_for_handled(start, HANDLED_BEFORE, RECOVERY_LIMIT)
            .await,
        "the clicks were not handled before the fault"
    );
    let begun = Instant::now();
    tokio::task::block_in_place(begin_fault);
    let in_effect = Instant::now();
    tokio::time::sleep(FAULT_LASTS).await;
    let ending = Instant::now();
    tokio::task::block_in_place(end_fault);
    let ended = Instant::now();
    let recovered = clickers
        .wait_for_handled(ended, HANDLED_AFTER, RECOVERY_LIMIT)
        .await;
    let clicks = clickers.finish().await;
    let timeline = Timeline {
        begun,
        in_effect,
        ending,
        ended,
    };
    let figures = check(
        discord,
        store,
        message_id,
        &clicks,
        &timeline,
        answer_within,
    )
    .await;
    assert!(
        recovered,
        "fewer than {HANDLED_AFTER} clicks were handled within {RECOVERY_LIMIT:?} after the \
         fault ended: {figures}"
    );
    figures
}

async fn check(
    discord: &FakeDiscord,
    store: &dyn ViewStore,
    message_id: u64,
    clicks: &[Click],
    timeline: &Timeline,
    answer_within: Duration,
) -> FaultFigures {
    let mut sent: HashMap<String, Vec<Recorded>> = HashMap::new();
    for request in discord.requests() {
        if let Some(token) = request.token() {
            sent.entry(token.to_owned()).or_default().push(request);
        }
    }
    let mut acknowledged_counts: Vec<u64> = Vec::new();
    for click in clicks {
        // An automatic defer carries no content; only the answers count.
        let answers: Vec<&Recorded> = sent
            .get(&click.token)
            .into_iter()
            .flatten()
            .filter(|request| request.content().is_some())
            .collect();
        let contents: Vec<&str> = answers.iter().filter_map(|a| a.content()).collect();
        match &click.answer {
            Answer::Handled => {
                let count = match contents.as_slice() {
                    [reply] => reply.strip_prefix("count=").and_then(|n| n.parse().ok()),
                    _ => None,
                };
                let Some(count) = count else {
                    panic!("an acknowledged click was answered {contents:?}");
                };
                acknowledged_counts.push(count);
            }
            answer if answer.is_not_saved() => {
                assert_eq!(
                    contents,
                    [DEFAULT_NOT_SAVED_MESSAGE],
                    "a click answered {answer:?} told the user something else"
                );
                assert!(answers[0].is_ephemeral(), "the not-saved message is public");
            }
            Answer::Hung => panic!("a click was not answered within {HANG:?}: the store hangs"),
            other => panic!("a click was answered {other:?}"),
        }
        assert!(
            click.took() <= answer_within,
            "a click took {:?} to answer ({:?}), more than {answer_within:?}",
            click.took(),
            click.answer
        );
    }

    let stored = stored_state(store, message_id).await.expect("still bound")["count"]
        .as_u64()
        .unwrap();
    let during: Vec<&Click> = clicks.iter().filter(|c| timeline.touched(c)).collect();
    let after: Vec<&Click> = {
        let mut after: Vec<&Click> = clicks
            .iter()
            .filter(|c| c.started >= timeline.ended)
            .collect();
        after.sort_by_key(|c| c.started);
        after
    };
    let first_recovered = after
        .iter()
        .position(|c| matches!(c.answer, Answer::Handled));
    let figures = FaultFigures {
        clicks: clicks.len(),
        during_fault: during.len(),
        during_fault_not_saved: during.iter().filter(|c| c.answer.is_not_saved()).count(),
        not_saved: count(clicks, |a| matches!(a, Answer::NotSaved(_))),
        store_failed: count(clicks, |a| matches!(a, Answer::StoreFailed(_))),
        acknowledged: acknowledged_counts.len(),
        stored,
        lost: (acknowledged_counts.len() as u64).saturating_sub(stored),
        slowest_during_fault: during.iter().map(|c| c.took()).max().unwrap_or_default(),
        time_to_recover: first_recovered
            .map(|at| after[at].answered.duration_since(timeline.ended)),
    };

    // Nothing acknowledged is lost, and nothing unacknowledged was kept:
    // the counts users saw are exactly 1..=stored, once each.
    acknowledged_counts.sort_unstable();
    let mut repeated = acknowledged_counts.clone();
    repeated.dedup();
    let shown_twice = acknowledged_counts.len() - repeated.len();
    let never_shown: Vec<u64> = (1..=stored)
        .filter(|count| acknowledged_counts.binary_search(count).is_err())
        .collect();
    assert!(
        shown_twice == 0 && never_shown.is_empty() && figures.lost == 0,
        "{shown_twice} acknowledged counts were shown twice, stored counts never \
         acknowledged: {never_shown:?}: {figures}"
    );

    // The fault was felt, and every click that ran entirely inside it was
    // answered "not saved".
    let inside: Vec<&Click> = clicks.iter().filter(|c| timeline.inside(c)).collect();
    assert!(
        inside.len() >= CLICKERS * 5,
        "too few clicks ran during the fault to prove anything: {figures}"
    );
    for click in inside {
        assert!(
            click.answer.is_not_saved(),
            "a click during the fault was answered {:?}: {figures}",
            click.answer
        );
    }

    // Recovered for good: once a click after the fault is acknowledged,
    // every later one is too.
    if let Some(at) = first_recovered {
        for click in &after[at..] {
            assert!(
                matches!(click.answer, Answer::Handled),
                "a click after the recovery was answered {:?}: {figures}",
                click.answer
            );
        }
    }
    eprintln!("{figures}");
    figures
}

fn count(clicks: &[Click], matches: impl Fn(&Answer) -> bool) -> usize {
    clicks.iter().filter(|click| matches(&click.answer)).count()
}

/// Says on stderr (past the test harness's capture) that a fault test did
/// not run, or fails under `CI=true`, where every test must run.
pub fn skip_unless_ci(test: &str, reason: &str) {
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "{test} cannot run under CI=true: {reason}"
    );
    let _ = writeln!(std::io::stderr(), "\n*** {test} SKIPPED: {reason} ***\n");
}

/// A tmpfs of its own, small, so that the test can fill it as a full disk
/// is filled, without touching the machine's disks. Unmounted and removed
/// when dropped, also when the test fails.
///
/// Put a fresh SQLite file there: until its write-ahead log is first
/// checkpointed (1,000 pages), every commit appends to the log and needs
/// new space, so a full disk fails it. A log that has been checkpointed
/// reuses its space, and commits go on (durably) on a full disk.
pub struct SmallDisk {
    mount_point: PathBuf,
}

impl SmallDisk {
    /// Room for the SQLite file, its write-ahead log and shared memory
    /// during a short run; the filler takes the rest.
    const SIZE: &'static str = "8m";

    /// Mounts the tmpfs (needs root, and a kernel that lets us mount).
    pub fn mount() -> Result<Self, String> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |elapsed| elapsed.subsec_nanos());
        let mount_point =
            std::env::temp_dir().join(format!("twv-small-disk-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&mount_point)
            .map_err(|error| format!("create {}: {error}", mount_point.display()))?;
        let mounted = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={},mode=0700", Self::SIZE))
            .arg("tmpfs")
            .arg(&mount_point)
            .output();
        match mounted {
            Ok(output) if output.status.success() => Ok(Self { mount_point }),
            failed => {
                let _ = std::fs::remove_dir(&mount_point);
                Err(match failed {
                    Ok(output) => format!(
                        "cannot mount a tmpfs (root and CAP_SYS_ADMIN needed): {}",
                        String::from_utf8_lossy(&output.stderr).trim()
                    ),
                    Err(error) => format!("cannot run mount: {error}"),
                })
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.mount_point
    }

    fn filler(&self) -> PathBuf {
        self.mount_point.join("filler")
    }

    /// Writes a file until the disk is full (`ENOSPC`); returns its size.
    pub fn fill(&self) -> u64 {
        let mut file = std::fs::File::create(self.filler()).expect("create the filler");
        let chunk = vec![0xa5_u8; 64 * 1024];
        let mut written = 0_u64;
        loop {
            match file.write(&chunk) {
                Ok(0) => break,
                Ok(bytes) => written += bytes as u64,
                Err(error) if error.kind() == std::io::ErrorKind::StorageFull => break,
                Err(error) => panic!("writing the filler failed otherwise than full: {error}"),
            }
        }
        assert!(written > 0, "the disk was full before the filler");
        written
    }

    /// Deletes the filler: the disk has room again.
    pub fn free(&self) {
        std::fs::remove_file(self.filler()).expect("remove the filler");
    }
}

impl Drop for SmallDisk {
    fn drop(&mut self) {
        let unmount = |lazy: bool| {
            let mut command = Command::new("umount");
            if lazy {
                // Something still has a file open there (a failing test's
                // store): detach now, the kernel frees it when closed.
                command.arg("-l");
            }
            command
                .arg(&self.mount_point)
                .output()
                .is_ok_and(|output| output.status.success())
        };
        if unmount(false) || unmount(true) {
            let _ = std::fs::remove_dir(&self.mount_point);
        }
    }
}
