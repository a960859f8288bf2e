//! Generated custom_ids of non-persistent view instances.
//!
//! Format: `tvi:<router nonce>.<instance counter>:<item index>`. The nonce is
//! random per router, so ids from before a restart never match a new
//! instance; they are still recognised as ours and answered as expired.

use std::{
    hash::{BuildHasher, Hasher},
    sync::atomic::{AtomicU64, Ordering},
};

/// Prefix of every generated custom_id; declared ids may not start with it.
pub use views_ids::INSTANCE_PREFIX;

/// Hands out instance prefixes.
#[derive(Debug)]
pub(crate) struct IdGenerator {
    nonce: u64,
    counter: AtomicU64,
}

impl IdGenerator {
    pub(crate) fn new() -> Self {
        // RandomState is seeded randomly per process: enough to tell this
        // router's instances from the ones of an earlier run.
        let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
        hasher.write_u64(u64::from(std::process::id()));
        Self {
            nonce: hasher.finish(),
            counter: AtomicU64::new(0),
        }
    }

    /// A fresh instance prefix, ending with the `:` before the item index.
    pub(crate) fn next(&self) -> String {
        let n = self.counter.fetch_add(1, Ordering::Relaxed);
        format!("{INSTANCE_PREFIX}{:x}.{n:x}:", self.nonce)
    }
}

/// Splits a generated custom_id into its instance prefix and item index;
/// `None` when the id is not in the generated format.
pub(crate) fn parse(custom_id: &str) -> Option<(&str, usize)> {
    let rest = custom_id.strip_prefix(INSTANCE_PREFIX)?;
    let (instance, index) = rest.rsplit_once(':')?;
    if instance.is_empty() || index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let index = index.parse().ok()?;
    let prefix_len = custom_id.len() - rest.len() + instance.len() + 1;
    Some((&custom_id[..prefix_len], index))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_parse_back() {
        let ids = IdGenerator::new();
        let prefix = ids.next();
        let other = ids.next();
        assert_ne!(prefix, other);
        let custom_id = format!("{prefix}12");
        assert_eq!(parse(&custom_id), Some((prefix.as_str(), 12)));
    }

    #[test]
    fn foreign_ids_do_not_parse() {
        for id in [
            "counter:increment",
            "tvi:",
            "tvi:abc:",
            "tvi::3",
            "tvi:a.1:x",
            "tvi:a.1:-1",
        ] {
            assert_eq!(parse(id), None, "{id}");
        }
    }
}

#[cfg(test)]
mod properties;
