//! Hash maps and sets for the lookup tables of a run, and the hash that tells whether a file
//! changed while accsm read it.
//!
//! foldhash is several times quicker than the standard SipHash on the short ids these tables
//! hold, and, unlike an unkeyed hasher such as FxHash, each table is seeded at random: a data
//! file crafted so that its values collide (hash flooding) cannot make a run quadratic.

use std::collections::{HashMap, HashSet};
use std::hash::BuildHasher;

pub(crate) type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
pub(crate) type FastSet<K> = HashSet<K, foldhash::fast::RandomState>;

/// A 64-bit hash of a value, the same for the same value throughout one run (seeded at random
/// once per run), for keys that are compared as numbers first and as text when two agree.
pub(crate) fn run_hash<T: std::hash::Hash + ?Sized>(value: &T) -> u64 {
    static STATE: std::sync::OnceLock<foldhash::quality::RandomState> = std::sync::OnceLock::new();
    STATE.get_or_init(Default::default).hash_one(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_table_is_seeded_on_its_own() {
        // A data file cannot be crafted against a seed it cannot know: two tables of one run
        // already hash the same key differently (the chance of equal hashes is 2^-64).
        let a = foldhash::fast::RandomState::default();
        let b = foldhash::fast::RandomState::default();
        assert_ne!(a.hash_one("IDN"), b.hash_one("IDN"));
        // Within one table, and for the run's own hash, the same key hashes the same.
        assert_eq!(a.hash_one("IDN"), a.hash_one("IDN"));
        assert_eq!(run_hash("IDN"), run_hash("IDN"));
    }
}
