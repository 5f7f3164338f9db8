//! Where random bytes come from, and how they become unbiased indices.

pub use getrandom::Error as RandomError;
use zeroize::Zeroizing;

/// The most bytes asked of the source in one call (Web Crypto's
/// `getRandomValues` refuses more than 65,536).
pub const MAX_BYTES_PER_CALL: usize = 65_536;

/// A source of random bytes. [`OsRandom`] is the real one; tests plug in a
/// seeded generator to make statistics reproducible.
pub trait RandomSource {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError>;
}

impl<R: RandomSource + ?Sized> RandomSource for &mut R {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        (**self).fill_bytes(dest)
    }
}

/// The operating system's generator; in the browser, `crypto.getRandomValues`.
#[derive(Clone, Copy, Debug, Default)]
pub struct OsRandom;

impl RandomSource for OsRandom {
    fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
        for chunk in dest.chunks_mut(MAX_BYTES_PER_CALL) {
            getrandom::fill(chunk)?;
        }
        Ok(())
    }
}

/// Hands out random bytes from a buffer filled one batch at a time, so a
/// password costs one call to the source rather than one per character.
/// The buffer holds future password material: it is zeroed on drop.
pub(crate) struct RandomBytes<R: RandomSource> {
    source: R,
    buffer: Zeroizing<Vec<u8>>,
    next: usize,
}

impl<R: RandomSource> RandomBytes<R> {
    pub(crate) fn new(source: R, batch: usize) -> Self {
        let batch = batch.clamp(1, MAX_BYTES_PER_CALL);
        Self {
            source,
            buffer: Zeroizing::new(vec![0; batch]),
            next: batch,
        }
    }

    fn byte(&mut self) -> Result<u8, RandomError> {
        if self.next == self.buffer.len() {
            self.source.fill_bytes(&mut self.buffer)?;
            self.next = 0;
        }
        let byte = self.buffer[self.next];
        self.next += 1;
        Ok(byte)
    }

    /// A uniform integer in `0..n` by rejection sampling: draws that fall in
    /// the incomplete last block of `n` values are thrown away, so no value
    /// is favoured (the modulo bias of `byte % n`).
    pub(crate) fn below(&mut self, n: u32) -> Result<u32, RandomError> {
        assert!(n > 0, "empty range");
        let width: u32 = if n <= 1 << 8 {
            1
        } else if n <= 1 << 16 {
            2
        } else {
            4
        };
        let range: u64 = 1 << (8 * width);
        let accepted = range - range % u64::from(n);
        loop {
            let mut value: u64 = 0;
            for _ in 0..width {
                value = (value << 8) | u64::from(self.byte()?);
            }
            if value < accepted {
                return Ok((value % u64::from(n)) as u32);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Replays a fixed byte sequence and counts calls.
    struct Script {
        bytes: Vec<u8>,
        at: usize,
        calls: usize,
    }

    impl RandomSource for Script {
        fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            self.calls += 1;
            for b in dest {
                *b = self.bytes[self.at % self.bytes.len()];
                self.at += 1;
            }
            Ok(())
        }
    }

    #[test]
    fn rejects_the_biased_tail() {
        // For n = 100 the bytes 200..=255 would favour 0..=55 under modulo.
        let mut script = Script {
            bytes: vec![250, 200, 199],
            at: 0,
            calls: 0,
        };
        let mut bytes = RandomBytes::new(&mut script, 3);
        assert_eq!(bytes.below(100).unwrap(), 99);
    }

    #[test]
    fn draws_in_batches() {
        let mut script = Script {
            bytes: (0..=255).collect(),
            at: 0,
            calls: 0,
        };
        let mut bytes = RandomBytes::new(&mut script, 64);
        for _ in 0..128 {
            bytes.below(256).unwrap();
        }
        drop(bytes);
        assert_eq!(script.calls, 2);
    }

    #[test]
    fn wide_ranges_use_two_bytes() {
        let mut script = Script {
            bytes: vec![0x12, 0x34],
            at: 0,
            calls: 0,
        };
        let mut bytes = RandomBytes::new(&mut script, 2);
        // 0x1234 is below 8 * 7776, the largest multiple under 2^16: accepted as is.
        assert_eq!(bytes.below(7776).unwrap(), 0x1234);
    }

    #[test]
    fn batch_never_exceeds_the_web_crypto_limit() {
        let bytes = RandomBytes::new(OsRandom, 1 << 20);
        assert_eq!(bytes.buffer.len(), MAX_BYTES_PER_CALL);
    }

    #[test]
    fn os_random_fills() {
        let mut a = [0u8; 32];
        OsRandom.fill_bytes(&mut a).unwrap();
        assert_ne!(a, [0u8; 32]);
    }
}
