//! The hasher of the model's ID and cell sets: a few multiplications a key rather than
//! std's SipHash (which was most of the time spent on validation's sets, and on the sets an
//! edit or the review builds), still seeded at random, so that a hostile file cannot choose
//! keys that all collide.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasher, Hasher};

/// A set of a session's IDs or cells.
pub type Set<T> = HashSet<T, Seeded>;

/// A map from a session's IDs.
pub type Map<K, V> = HashMap<K, V, Seeded>;

/// An empty [`Set`] with room for `capacity` keys.
pub fn set_with_capacity<T>(capacity: usize) -> Set<T> {
    Set::with_capacity_and_hasher(capacity, Seeded::default())
}

/// An empty [`Map`] with room for `capacity` keys.
pub fn map_with_capacity<K, V>(capacity: usize) -> Map<K, V> {
    Map::with_capacity_and_hasher(capacity, Seeded::default())
}

/// Builds [`Fold`] hashers from one random seed.
#[derive(Clone, Copy)]
pub struct Seeded {
    seed: u64,
}

impl Default for Seeded {
    /// A new random seed, from the keys std draws for its own hash maps.
    fn default() -> Self {
        let seed = std::hash::RandomState::new().hash_one(0x5eed_u64);
        // Odd, so that the multiplication by it loses nothing of the state.
        Seeded { seed: seed | 1 }
    }
}

impl BuildHasher for Seeded {
    type Hasher = Fold;

    fn build_hasher(&self) -> Fold {
        Fold {
            state: self.seed.rotate_left(32),
            seed: self.seed,
        }
    }
}

/// Eight bytes at a time: the state xor the bytes, multiplied by the seed into 128 bits,
/// the two halves folded together.
pub struct Fold {
    state: u64,
    seed: u64,
}

impl Fold {
    fn mix(&mut self, word: u64) {
        let product = u128::from(self.state ^ word) * u128::from(self.seed);
        self.state = (product as u64) ^ ((product >> 64) as u64);
    }
}

impl Hasher for Fold {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.mix(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        // The length goes in the top byte, so that "E1" and "E1\0" differ.
        self.mix(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 56));
    }

    fn write_u64(&mut self, n: u64) {
        self.mix(n);
    }

    fn finish(&self) -> u64 {
        // One more round, so that the last bytes reach every bit.
        let product = u128::from(self.state) * u128::from(self.seed.rotate_left(17) | 1);
        (product as u64) ^ ((product >> 64) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_keys_hash_alike_and_near_ones_apart() {
        let seeded = Seeded::default();
        assert_eq!(seeded.hash_one("T12"), seeded.hash_one("T12"));
        let ids: Vec<String> = (1..=20_000).map(|n| format!("T{n}")).collect();
        let hashes: HashSet<u64> = ids.iter().map(|id| seeded.hash_one(id)).collect();
        assert_eq!(hashes.len(), ids.len());
        assert_ne!(seeded.hash_one("E1"), seeded.hash_one("E1\0"));
        // Another process draws another seed.
        assert_ne!(Seeded::default().hash_one("T1"), seeded.hash_one("T1"));
    }

    #[test]
    fn a_set_finds_what_it_holds() {
        let mut set = set_with_capacity(4);
        for id in ["E1", "E2", "E10", "E100000000"] {
            assert!(set.insert(id));
        }
        assert!(!set.insert("E10"));
        assert!(set.contains("E100000000") && !set.contains("E3"));
    }
}
