//! A quick hasher for the lookup tables of a run and for telling whether a file changed.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map keyed by short ids and numbers, hashed with [`IdHasher`].
pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<IdHasher>>;

/// A hasher for the lookup tables of a run: the FxHash word mix that rustc uses, with a final
/// avalanche so that ids differing in one late character ("PA1", "PA2") spread over buckets. Much
/// quicker than the default SipHash on keys of a few bytes; it does not resist deliberate
/// collisions, which buys an attacker nothing against a local checker of one's own files.
#[derive(Default, Clone, Copy)]
pub struct IdHasher {
    hash: u64,
}

impl IdHasher {
    const K: u64 = 0xf135_7aea_2e62_a9c5;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash ^ word).wrapping_mul(Self::K).rotate_left(26);
    }
}

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The murmur3 finaliser: every input bit reaches the low bits that pick a bucket.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h
    }
}
