//! The benchmark report: every benchmark figure in one table, with the
//! machine, the command, each target and discord.py's / hikari-miru's
//! figure. `cargo bench --bench report` (add `-- --quick` for a smoke run,
//! `-- --only persistence` for one section).
//! docs/performance.md explains the figures.
//!
//! Memory and start-up figures come from a fresh child process each (this
//! binary re-run with `--child ...`), so allocations of one measurement do
//! not inflate the next.

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "../common/mod.rs"]
mod common;

#[allow(dead_code, unreachable_pub)]
#[path = "../../examples/counter.rs"]
mod counter;

mod chart;
mod dispatch;
mod e2e;
mod handwritten;
mod machine;
mod navigation;
mod persistence;
mod startup;

use std::{path::PathBuf, time::Instant};

use machine::{cores, cpu_model, load_average, mem_total, target_dir};

/// Stored views for the start-up figures.
const MILLION: u64 = 1_000_000;

struct Row {
    what: String,
    figure: String,
    target: &'static str,
    peers: String,
}

struct Report {
    rows: Vec<Row>,
    notes: Vec<String>,
}

impl Report {
    fn row(
        &mut self,
        what: impl Into<String>,
        figure: String,
        target: &'static str,
        peers: impl Into<String>,
    ) {
        let row = Row {
            what: what.into(),
            figure,
            target,
            peers: peers.into(),
        };
        eprintln!("  {} | {} | {}", row.what, row.figure, row.target);
        self.rows.push(row);
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if let Some(at) = args.iter().position(|arg| arg == "--child") {
        let child = &args[at + 1..];
        match child.first().map(String::as_str) {
            Some("nav-restore" | "nav-args") => navigation::child(child),
            _ => startup::child(child),
        }
        return;
    }
    let quick = args.iter().any(|arg| arg == "--quick");
    // `cargo bench` adds `--bench` to the binary's arguments.
    let flags: Vec<&str> = args[1..]
        .iter()
        .map(String::as_str)
        .filter(|arg| *arg != "--bench")
        .collect();
    let command = if flags.is_empty() {
        "cargo bench --bench report".to_owned()
    } else {
        format!("cargo bench --bench report -- {}", flags.join(" "))
    };
    let load_before = load_average();
    let mut report = Report {
        rows: Vec::new(),
        notes: Vec::new(),
    };
    // `--only persistence` (or dispatch, startup, e2e, navigation) runs one
    // section.
    let only = args
        .iter()
        .position(|arg| arg == "--only")
        .and_then(|at| args.get(at + 1))
        .map(String::as_str);
    let runs = |section: &str| only.is_none_or(|only| only == section);
    let started = Instant::now();
    let figures = runs("dispatch").then(|| dispatch::dispatch_section(&mut report, quick));
    if runs("startup") {
        startup::startup_section(&mut report, quick);
    }
    if runs("e2e") {
        e2e::e2e_section(&mut report, quick);
    }
    if runs("persistence") {
        persistence::persistence_section(&mut report, quick);
    }
    if runs("navigation") {
        navigation::navigation_section(&mut report, quick);
    }
    let load_after = load_average();
    if let Some(figures) = figures.filter(|figures| !figures.is_empty()) {
        let caption = format!(
            "{command}; {} cores, {}; load average {load_before} before, {load_after} after",
            cores(),
            cpu_model()
        );
        let path = chart_path(quick);
        match std::fs::write(&path, figures.svg(&caption)) {
            Ok(()) => report
                .notes
                .push(format!("chart written to {}", path.display())),
            Err(error) => report
                .notes
                .push(format!("chart not written to {}: {error}", path.display())),
        }
    }

    println!();
    println!("twilight-views benchmark report");
    println!(
        "machine: {} cores, {}, {} RAM",
        cores(),
        cpu_model(),
        mem_total()
    );
    println!("command: {command}");
    println!(
        "load average (1 min) before: {load_before}, after: {load_after}; took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    println!();
    let width = report
        .rows
        .iter()
        .map(|row| row.what.len())
        .max()
        .unwrap_or(0);
    let figure_width = report
        .rows
        .iter()
        .map(|row| row.figure.len())
        .max()
        .unwrap_or(0);
    let target_width = report
        .rows
        .iter()
        .map(|row| row.target.len())
        .max()
        .unwrap_or(0);
    println!(
        "| {:width$} | {:figure_width$} | {:target_width$} | discord.py / miru |",
        "measure", "figure", "target"
    );
    println!(
        "| {} | {} | {} | --- |",
        "-".repeat(width),
        "-".repeat(figure_width),
        "-".repeat(target_width)
    );
    for row in &report.rows {
        println!(
            "| {:width$} | {:figure_width$} | {:target_width$} | {} |",
            row.what, row.figure, row.target, row.peers
        );
    }
    for note in &report.notes {
        println!("note: {note}");
    }
}

/// Where the chart goes: the docs' image for a full run, target/bench-data
/// for a `--quick` one (its figures are not the documented ones).
fn chart_path(quick: bool) -> PathBuf {
    if quick {
        let dir = target_dir().join("bench-data");
        let _ = std::fs::create_dir_all(&dir);
        dir.join("performance-quick.svg")
    } else {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/images/performance.svg")
    }
}
