//! The click runs in the caller's task, and to its end on a task of its own
//! only when the caller stops waiting.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use tokio::sync::oneshot;

use super::RunsToEnd;
use crate::{catch::CatchUnwind, router::outcome::DispatchOutcome};

fn handled() -> DispatchOutcome {
    DispatchOutcome::Handled {
        view: "Test",
        item: "click",
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .build()
        .expect("a runtime")
}

#[test]
fn a_waited_click_runs_in_the_callers_task() {
    runtime().block_on(async {
        let caller = std::thread::current().id();
        let ran_on = Arc::new(std::sync::Mutex::new(None));
        let seen = Arc::clone(&ran_on);
        let outcome = RunsToEnd::new(async move {
            tokio::task::yield_now().await;
            *seen.lock().expect("not poisoned") =
                Some((std::thread::current().id(), tokio::task::try_id()));
            handled()
        })
        .await;
        assert!(matches!(outcome, DispatchOutcome::Handled { .. }));
        let (thread, task) = ran_on.lock().expect("not poisoned").take().expect("ran");
        assert_eq!(thread, caller);
        // `block_on`'s future is no task: a spawned click would have had
        // an id.
        assert_eq!(task, None);
    });
}

#[test]
fn a_click_its_caller_stopped_waiting_for_still_runs_to_its_end() {
    runtime().block_on(async {
        let (started_tx, started) = oneshot::channel();
        let (finish_tx, finish) = oneshot::channel::<()>();
        let (done_tx, done) = oneshot::channel();
        let click = RunsToEnd::new(async move {
            let _ = started_tx.send(());
            // The caller gives up here, half-way through the click.
            let _ = finish.await;
            let _ = done_tx.send(tokio::task::try_id().is_some());
            handled()
        });
        let waited = tokio::time::timeout(Duration::from_millis(10), async {
            tokio::pin!(click);
            tokio::select! {
                _ = &mut click => unreachable!("the click waits for `finish`"),
                _ = started => {}
            }
            std::future::pending::<()>().await;
        })
        .await;
        assert!(waited.is_err(), "the caller stopped waiting");
        finish_tx.send(()).expect("the click is still alive");
        let on_a_task = tokio::time::timeout(Duration::from_secs(5), done)
            .await
            .expect("the click finished")
            .expect("the click reported");
        assert!(on_a_task, "the rest of the click ran on a task of its own");
    });
}

#[test]
fn a_panicking_click_is_not_run_again_when_dropped() {
    runtime().block_on(async {
        let polls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&polls);
        let click = RunsToEnd::new(async move {
            counted.fetch_add(1, Ordering::SeqCst);
            panic!("the handler's own bug");
        });
        let caught = CatchUnwind::new(Box::pin(click)).await;
        assert_eq!(caught.err().as_deref(), Some("the handler's own bug"));
        // Had the panicked click been handed to a task, it would be polled
        // again (and panic again) by now.
        tokio::task::yield_now().await;
        tokio::time::sleep(Duration::from_millis(10)).await;
        assert_eq!(polls.load(Ordering::SeqCst), 1);
    });
}
