//! [`IdHashBuilder`]: the hasher of the router's maps keyed by message ids
//! and `TypeId`s, on the path of every click.
//!
//! std's default SipHash resists keys chosen to collide; these keys are
//! snowflakes Discord assigns and type ids the compiler assigns, so nobody
//! picks them, and SipHash was ~9% of a click's instructions. foldhash's
//! fast hasher costs a few instructions for a `u64` (docs/performance.md
//! has its figures against the other candidates).

use std::hash::BuildHasher;

use foldhash::fast::{FixedState, FoldHasher};

/// Builds foldhash's fast hasher with its fixed seed: every map hashes
/// alike, which is fine for keys nobody chooses, and the builder stays a
/// unit value the maps can be created with.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct IdHashBuilder;

impl BuildHasher for IdHashBuilder {
    type Hasher = FoldHasher<'static>;

    fn build_hasher(&self) -> Self::Hasher {
        FixedState::default().build_hasher()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn consecutive_snowflakes_spread_over_low_and_high_bits() {
        // Ids a bot sends in a burst differ in their low bits only; a table
        // of 1,024 buckets indexes with the hash's low 10 bits, and
        // hashbrown tags each bucket with the top 7 bits.
        let first = 1_300_000_000_000_000_000_u64;
        let hashes: Vec<u64> = (0..1024)
            .map(|i| IdHashBuilder.hash_one(first + i))
            .collect();
        let buckets: HashSet<u64> = hashes.iter().map(|hash| hash & 1023).collect();
        let tags: HashSet<u64> = hashes.iter().map(|hash| hash >> 57).collect();
        assert!(buckets.len() > 600, "{} buckets used", buckets.len());
        assert_eq!(tags.len(), 128, "every top-7-bit tag occurs");
    }

    #[test]
    fn type_ids_hash_apart() {
        use std::any::TypeId;
        let ids = [
            TypeId::of::<u8>(),
            TypeId::of::<u16>(),
            TypeId::of::<String>(),
            TypeId::of::<Vec<u8>>(),
        ];
        let hashes: HashSet<u64> = ids.iter().map(|id| IdHashBuilder.hash_one(id)).collect();
        assert_eq!(hashes.len(), ids.len());
    }
}
