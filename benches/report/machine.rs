//! The machine the report runs on, and small helpers shared by sections.

use std::{
    path::{Path, PathBuf},
    time::Duration,
};

use crate::counter;

// ---------------------------------------------------------------- machine

pub(crate) fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

pub(crate) fn cpu_model() -> String {
    std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|line| line.starts_with("model name"))
                .and_then(|line| line.split(':').nth(1))
                .map(|model| model.trim().to_owned())
        })
        .unwrap_or_else(|| "unknown CPU".to_owned())
}

pub(crate) fn mem_total() -> String {
    status_kib("/proc/meminfo", "MemTotal:").map_or_else(
        || "unknown".to_owned(),
        |kib| format!("{:.1} GiB", kib as f64 / 1_048_576.0),
    )
}

pub(crate) fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|load| load.split_whitespace().next().map(str::to_owned))
        .unwrap_or_default()
}

/// A `kB` field of a /proc file, in KiB.
pub(crate) fn status_kib(file: &str, field: &str) -> Option<u64> {
    std::fs::read_to_string(file).ok().and_then(|status| {
        status
            .lines()
            .find(|line| line.starts_with(field))
            .and_then(|line| line.split_whitespace().nth(1))
            .and_then(|kib| kib.parse().ok())
    })
}

pub(crate) fn rss_kib() -> u64 {
    status_kib("/proc/self/status", "VmRSS:").unwrap_or(0)
}

pub(crate) fn hwm_kib() -> u64 {
    status_kib("/proc/self/status", "VmHWM:").unwrap_or(0)
}

pub(crate) fn mib(kib: u64) -> String {
    format!("{:.1} MiB", kib as f64 / 1024.0)
}

pub(crate) fn per_second(count: usize, elapsed: Duration) -> f64 {
    count as f64 / elapsed.as_secs_f64()
}

pub(crate) fn thousands(n: f64) -> String {
    counter::thousands(n.round() as u64)
}
// ------------------------------------------------------ start-up, memory

pub(crate) fn target_dir() -> PathBuf {
    if let Ok(dir) = std::env::var("CARGO_TARGET_DIR") {
        return PathBuf::from(dir);
    }
    // target/release/deps/report-HASH
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(|| PathBuf::from("target"))
}
