//! Memory per cached navigator, beside its source's arguments and a cached
//! counter, each measured in a fresh child process; the stored row.

use std::{
    path::{Path, PathBuf},
    sync::Arc,
};

use serde_json::value::RawValue;
use twilight_views::{DispatchOutcome, ViewOptions, ViewStore, nav::Navigator};
use views_core::{respond::RecordingTransport, store::SqliteStore};

use super::{COUNT, Counted, NEXT, current_thread, numbers_of, router};
use crate::{
    Report,
    common::{self, FIRST_MESSAGE, interaction_json},
    machine::{rss_kib, target_dir, thousands},
    startup::run_child,
};

/// The stored state of navigator `i`, as the router writes it.
async fn navigator_state(i: u64) -> Vec<u8> {
    let (_, navigator) = Navigator::open(numbers_of(i)).await.expect("opens");
    serde_json::to_vec(&navigator).expect("a navigator serialises")
}

/// A SQLite store file holding `n` views of `kind`, the `i`th with state
/// `states[i % states.len()]`, made once and kept under target/bench-data
/// (reruns reuse it).
fn stored_db(file: &str, kind: &str, n: u64, states: &[Vec<u8>]) -> PathBuf {
    let dir = target_dir().join("bench-data");
    std::fs::create_dir_all(&dir).expect("create target/bench-data");
    let path = dir.join(format!("{file}-{n}.sqlite"));
    if path.exists()
        && let Ok(conn) = rusqlite::Connection::open(&path)
        && conn
            .query_row("SELECT count(*) FROM twilight_views", [], |row| {
                row.get::<_, i64>(0)
            })
            .ok()
            == Some(n as i64)
    {
        return path;
    }
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
    current_thread()
        .block_on(async { drop(SqliteStore::open(&path).await.expect("create the store")) });
    let mut conn = rusqlite::Connection::open(&path).expect("open the store file");
    conn.pragma_update(None, "synchronous", "OFF")
        .expect("pragma");
    let tx = conn.transaction().expect("transaction");
    {
        let mut insert = tx
            .prepare("INSERT INTO twilight_views (message_id, kind, state, version) VALUES (?1, ?2, ?3, 1)")
            .expect("prepare");
        for i in 0..n {
            insert
                .execute(rusqlite::params![
                    (FIRST_MESSAGE + i) as i64,
                    kind,
                    states[i as usize % states.len()]
                ])
                .expect("insert");
        }
    }
    tx.commit().expect("commit");
    conn.execute_batch("PRAGMA wal_checkpoint(TRUNCATE)")
        .expect("checkpoint");
    path
}

/// `n` stored navigators: a thousand distinct states (the sources'
/// counts repeat after that).
fn stored_navigators_db(n: u64) -> PathBuf {
    let states = current_thread().block_on(async {
        let mut states = Vec::with_capacity(1000);
        for i in 0..1000 {
            states.push(navigator_state(i).await);
        }
        states
    });
    stored_db("navigators", <Navigator as ViewOptions>::NAME, n, &states)
}

/// `n` stored counters, the router's cost of a cached view with an 8-byte
/// state, to tell it from the navigator's own.
fn stored_counters_db(n: u64) -> PathBuf {
    let state = serde_json::to_vec(&Counted::default()).expect("serialises");
    stored_db("counted", <Counted as ViewOptions>::NAME, n, &[state])
}

pub(super) fn memory_rows(report: &mut Report, quick: bool) {
    let n: u64 = if quick { 100_000 } else { 1_000_000 };
    let n_arg = n.to_string();
    let navigators = stored_navigators_db(n);
    let counters = stored_counters_db(n);
    let restore = |db: &Path, custom_id: &str| {
        run_child(&["nav-restore", &db.display().to_string(), &n_arg, custom_id])
    };
    let cached = restore(&navigators, NEXT);
    let plain = restore(&counters, COUNT);
    let args = run_child(&["nav-args", &n_arg]);
    let number = |figures: &std::collections::HashMap<String, String>, key: &str| -> f64 {
        figures[key].parse().expect("a number")
    };
    let per_navigator = number(&cached, "bytes_per_view");
    let per_view = number(&plain, "bytes_per_view");
    let per_args = number(&args, "bytes_per_args");
    report.row(
        format!(
            "memory per cached navigator (restore_all of {}, cache = all)",
            thousands(n as f64)
        ),
        format!(
            "{per_navigator:.0} B: {:.0} B beside its source's arguments ({per_args:.0} B)",
            per_navigator - per_args
        ),
        "<= 200 B + arguments",
        "",
    );
    report.row(
        "  of which a cached view's own cost (a counter, 8-byte state, the same way)",
        format!("{per_view:.0} B"),
        "",
        "",
    );
    let (state, arguments, file) = stored_sizes(&navigators, n);
    report.row(
        "  stored navigator row (numbers source)",
        format!(
            "state {state:.0} B: {:.0} B beside its arguments ({arguments:.0} B); SQLite file {file:.0} B a navigator",
            state - arguments
        ),
        "<= 200 B + arguments",
        "",
    );
    report.notes.push(
        "navigators: memory as the cached-view row (RSS growth during restore_all over the \
         count), each in a fresh child: the navigators, counters of the same count (the \
         router's cost of any cached view), and the sources' arguments alone as a navigator \
         holds them (their JSON text in a block of its own); stored state is the row's JSON, \
         arguments its \"args\" field"
            .to_owned(),
    );
}

/// The average stored state and its "args" field, and the file's bytes per
/// stored navigator.
fn stored_sizes(db: &Path, n: u64) -> (f64, f64, f64) {
    let conn = rusqlite::Connection::open(db).expect("open the store file");
    let mut query = conn
        .prepare("SELECT state FROM twilight_views LIMIT 1000")
        .expect("prepare");
    let states: Vec<Vec<u8>> = query
        .query_map([], |row| row.get(0))
        .expect("query")
        .map(|state| state.expect("a state"))
        .collect();
    let (mut state, mut arguments) = (0, 0);
    for bytes in &states {
        let value: serde_json::Value = serde_json::from_slice(bytes).expect("JSON");
        state += bytes.len();
        arguments += serde_json::to_vec(&value["args"]).expect("args").len();
    }
    let count = states.len() as f64;
    let file = std::fs::metadata(db).map_or(0, |meta| meta.len());
    (
        state as f64 / count,
        arguments as f64 / count,
        file as f64 / n as f64,
    )
}

/// `report --child nav-restore DB N CUSTOM_ID` (the stored views of DB, of
/// this router's types, restored; CUSTOM_ID clicked on one) and `report
/// --child nav-args N`.
pub(crate) fn child(args: &[String]) {
    let runtime = current_thread();
    match args.first().map(String::as_str) {
        Some("nav-restore") => runtime.block_on(child_restore(
            Path::new(&args[1]),
            args[2].parse().expect("n"),
            &args[3],
        )),
        Some("nav-args") => child_arguments(args[1].parse().expect("n")),
        other => panic!("unknown child {other:?}"),
    }
}

async fn child_restore(db: &Path, n: u64, custom_id: &str) {
    let store: Arc<dyn ViewStore> = Arc::new(SqliteStore::open(db).await.expect("open"));
    let recorder = RecordingTransport::new();
    let router = router(store, n as usize, &recorder);
    let before = rss_kib();
    let restored = router.restore_all().await.expect("restore_all");
    let after = rss_kib();
    assert_eq!(restored.restored as u64, n, "every view restored");
    assert_eq!(router.cached_views() as u64, n, "every view cached");
    // One click, so the views are known to be whole.
    let outcome = router
        .dispatch(common::parse(&interaction_json(
            1,
            FIRST_MESSAGE + n / 2,
            custom_id,
        )))
        .await;
    assert!(
        matches!(outcome, DispatchOutcome::Handled { .. }),
        "{outcome:?}"
    );
    println!(
        "bytes_per_view={:.0}",
        after.saturating_sub(before) as f64 * 1024.0 / n as f64
    );
}

/// Each navigator's arguments alone: their JSON text in a heap block of its
/// own, as a navigator holds them (less the 2-byte source id it keeps in
/// the same block, inside the allocator's rounding for arguments this
/// small).
fn child_arguments(n: u64) {
    let texts: Vec<String> = (0..1000)
        .map(|i| serde_json::to_string(&numbers_of(i)).expect("serialises"))
        .collect();
    let before = rss_kib();
    let held: Vec<Box<RawValue>> = (0..n)
        .map(|i| serde_json::from_str(&texts[(i % 1000) as usize]).expect("parses"))
        .collect();
    let after = rss_kib();
    // The Vec's own slot is the navigator's field, counted with it.
    let slots = std::mem::size_of_val(held.as_slice()) as f64;
    std::hint::black_box(&held);
    println!(
        "bytes_per_args={:.0}",
        ((after.saturating_sub(before)) as f64 * 1024.0 - slots) / n as f64
    );
}
