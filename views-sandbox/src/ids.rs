//! Snowflakes: the ids the sandbox hands out, the shard a guild's events
//! go to, and interaction tokens.

/// Milliseconds since the Discord epoch (2015) used as the base of generated ids.
const BASE_MS: u64 = 370_000_000_000;

/// The `counter`-th generated id. The timestamp part grows by one
/// millisecond per id, so consecutive guild ids land on different shards.
pub(crate) const fn snowflake(counter: u64) -> u64 {
    ((BASE_MS + counter) << 22) | (counter & 0xfff)
}

/// The shard, of `total` (at least 1), that receives `guild`'s events, as
/// Discord computes it.
pub(crate) fn shard_of(guild: u64, total: u32) -> u32 {
    ((guild >> 22) % u64::from(total)) as u32
}

/// A random-looking interaction token for the interaction `id`.
pub(crate) fn token(id: u64) -> String {
    format!("sandbox-token-{id:x}-{:016x}", mix(id))
}

/// An id in a URL path: decimal and never 0 (Discord has no id 0).
pub(crate) fn parse(segment: &str) -> Option<u64> {
    segment.parse().ok().filter(|id| *id != 0)
}

/// Cheap deterministic mixing for token suffixes (tokens need only be
/// unguessable enough that tests cannot collide them by accident).
fn mix(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}
