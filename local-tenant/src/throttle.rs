//! The write bucket: Graph throttles directory writes per tenant (about 20 a
//! second). A token bucket with a refill rate and a burst size.

use std::sync::{Mutex, PoisonError};
use std::time::Instant;

pub struct Throttle {
    startup: (u32, u32),
    bucket: Mutex<Bucket>,
}

struct Bucket {
    per_second: f64,
    burst: f64,
    tokens: f64,
    refilled_at: Instant,
}

impl Bucket {
    fn new(per_second: u32, burst: u32) -> Bucket {
        let burst = f64::from(burst.max(1));
        Bucket {
            per_second: f64::from(per_second),
            burst,
            tokens: burst,
            refilled_at: Instant::now(),
        }
    }
}

impl Throttle {
    /// `per_second == 0` turns throttling off.
    pub fn new(per_second: u32, burst: u32) -> Throttle {
        Throttle {
            startup: (per_second, burst),
            bucket: Mutex::new(Bucket::new(per_second, burst)),
        }
    }

    pub fn configure(&self, per_second: u32, burst: u32) {
        *self.bucket.lock().unwrap_or_else(PoisonError::into_inner) =
            Bucket::new(per_second, burst);
    }

    /// Back to the rate given at start (a reseed does this).
    pub fn reset(&self) {
        self.configure(self.startup.0, self.startup.1);
    }

    /// Takes one write from the bucket, or says in how many whole seconds
    /// one will be there.
    pub fn try_acquire(&self) -> Result<(), u64> {
        let mut bucket = self.bucket.lock().unwrap_or_else(PoisonError::into_inner);
        if bucket.per_second == 0.0 {
            return Ok(());
        }
        let now = Instant::now();
        let elapsed = now.duration_since(bucket.refilled_at).as_secs_f64();
        bucket.tokens = (bucket.tokens + elapsed * bucket.per_second).min(bucket.burst);
        bucket.refilled_at = now;
        if bucket.tokens >= 1.0 {
            bucket.tokens -= 1.0;
            Ok(())
        } else {
            Err((((1.0 - bucket.tokens) / bucket.per_second).ceil() as u64).max(1))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn off_burst_and_retry_after() {
        let off = Throttle::new(0, 0);
        assert!((0..1000).all(|_| off.try_acquire().is_ok()));

        let slow = Throttle::new(1, 3);
        assert!((0..3).all(|_| slow.try_acquire().is_ok()));
        assert_eq!(slow.try_acquire(), Err(1));

        slow.configure(0, 0);
        assert!(slow.try_acquire().is_ok());
        slow.reset();
        assert!((0..3).all(|_| slow.try_acquire().is_ok()));
        assert!(slow.try_acquire().is_err());
    }
}
