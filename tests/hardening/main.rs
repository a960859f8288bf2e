//! Hardening: the router under input nobody should send, against the
//! sandbox. One test binary, one module per concern; this file holds the
//! module declarations and the helpers they share (a seeded random number
//! generator, the environment knobs, the fixture payloads).

#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[allow(dead_code)]
#[path = "../../examples/support/mod.rs"]
mod runner;
#[path = "../support/mod.rs"]
mod support;

mod hostile_payloads;
mod raw_agreement;

use std::path::PathBuf;

use serde_json::Value;

/// A small seeded generator (SplitMix64): the same seed gives the same
/// payloads, and consecutive seeds give unrelated streams, so payload `i`
/// of a run can use seed `run_seed + i` and be rebuilt on its own.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True `percent` times out of 100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// `name` as a number (decimal or `0x` hex), if set.
pub fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text:?} is not a number")))
}

/// The seed of a randomised test: `env` if set, else a fresh one. Printed
/// either way, so a failing run can be repeated with `env=SEED`.
pub fn seed(test: &str, env: &str) -> u64 {
    let seed = env_number(env).unwrap_or_else(|| {
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Rng::new(now.as_nanos() as u64 ^ u64::from(std::process::id())).next_u64()
    });
    println!("{test}: seed {seed:#x} (repeat with {env}={seed:#x})");
    seed
}

/// `tests/fixtures` (or `$TWILIGHT_VIEWS_FIXTURES`).
pub fn fixtures_dir() -> PathBuf {
    std::env::var_os("TWILIGHT_VIEWS_FIXTURES").map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures"),
        PathBuf::from,
    )
}

/// Every JSON payload of the fixtures (`folder/file` and its value),
/// sorted by name; the manifests, which describe the files, are left out.
pub fn fixture_payloads() -> Vec<(String, Value)> {
    let root = fixtures_dir();
    let mut payloads = Vec::new();
    for folder in std::fs::read_dir(&root)
        .unwrap_or_else(|error| panic!("reading {}: {error}", root.display()))
    {
        let folder = folder.expect("fixture folder").path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).expect("fixture folder") {
            let path = file.expect("fixture file").path();
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if !name.ends_with(".json") || name == "MANIFEST.json" {
                continue;
            }
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("reading {}: {error}", path.display()));
            let value = serde_json::from_str(&text)
                .unwrap_or_else(|error| panic!("{} is not JSON: {error}", path.display()));
            let folder_name = folder.file_name().unwrap_or_default().to_string_lossy();
            payloads.push((format!("{folder_name}/{name}"), value));
        }
    }
    payloads.sort_by(|a, b| a.0.cmp(&b.0));
    payloads
}
