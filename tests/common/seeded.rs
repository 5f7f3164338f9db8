//! Seeded random generators for tests: the same seed gives the same numbers,
//! so a failing input replays exactly. Fast and small, never for secrets.
//!
//! A test includes this file with `#[path = "common/seeded.rs"] mod seeded;`
//! (from a folder test, `../common/seeded.rs`).

// Each test crate that includes this file uses only part of it.
#![allow(dead_code)]

use reset_password_widget::password::{RandomError, RandomSource};

/// SplitMix64's increment: the golden ratio in 64 bits.
const GOLDEN_GAMMA: u64 = 0x9E37_79B9_7F4A_7C15;

/// SplitMix64's output function: spreads every input bit over the word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// One SplitMix64 step from `z`: a well-spread word, to turn a seed and an
/// input number into independent generator states.
pub fn splitmix64(z: u64) -> u64 {
    mix(z.wrapping_add(GOLDEN_GAMMA))
}

/// SplitMix64 as a stream; any seed, 0 included, works.
pub struct SplitMix64(pub u64);

impl SplitMix64 {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(GOLDEN_GAMMA);
        mix(self.0)
    }
}

/// xorshift64*: small, fast, and good enough to test for bias and to choose
/// inputs. The state must not be 0 (it would stay 0).
pub struct XorShift64Star(pub u64);

impl XorShift64Star {
    pub fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; `n` must not be 0. Slightly biased by the modulo,
    /// which does not matter for choosing test inputs.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    pub fn range(&mut self, low: usize, high_inclusive: usize) -> usize {
        low + self.below(high_inclusive - low + 1)
    }

    pub fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    pub fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

/// Fills `dest` eight bytes at a time, little-endian, the tail cut short.
fn fill_with(dest: &mut [u8], mut next_u64: impl FnMut() -> u64) {
    for chunk in dest.chunks_mut(8) {
        chunk.copy_from_slice(&next_u64().to_le_bytes()[..chunk.len()]);
    }
}

impl RandomSource for SplitMix64 {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        fill_with(dest, || self.next_u64());
        Ok(())
    }
}

impl RandomSource for XorShift64Star {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        fill_with(dest, || self.next_u64());
        Ok(())
    }
}
