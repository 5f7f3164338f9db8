//! The write bucket: Graph throttles directory writes per tenant (about 20 a
//! second). A token bucket with a refill rate and a burst size. And the
//! mailbox limit: Exchange Online takes about 30 messages a minute from one
//! mailbox (Exchange Online limits, "Sending limits"), so sendMail is
//! throttled per sender.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

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

/// Messages one mailbox may send per minute before sendMail answers 429.
pub const MAIL_PER_MINUTE: u32 = 30;

const MINUTE: Duration = Duration::from_secs(60);

/// A sliding one-minute window of sent messages per mailbox.
pub struct MailboxLimit {
    per_minute: u32,
    sent: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl MailboxLimit {
    /// `per_minute == 0` turns the limit off.
    pub fn new(per_minute: u32) -> MailboxLimit {
        MailboxLimit {
            per_minute,
            sent: Mutex::new(HashMap::new()),
        }
    }

    /// Forgets every mailbox's messages (a reseed does this).
    pub fn reset(&self) {
        self.sent
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clear();
    }

    /// Counts one message from `mailbox` at `now`, or says in how many whole
    /// seconds the oldest message of the window leaves it.
    pub fn try_send(&self, mailbox: &str, now: Instant) -> Result<(), u64> {
        if self.per_minute == 0 {
            return Ok(());
        }
        let mut sent = self.sent.lock().unwrap_or_else(PoisonError::into_inner);
        let window = sent.entry(mailbox.to_ascii_lowercase()).or_default();
        while window
            .front()
            .is_some_and(|at| now.duration_since(*at) >= MINUTE)
        {
            window.pop_front();
        }
        if window.len() < self.per_minute as usize {
            window.push_back(now);
            return Ok(());
        }
        let oldest = *window.front().expect("a full window has a first message");
        let left = MINUTE.saturating_sub(now.duration_since(oldest));
        Err(left.as_secs_f64().ceil().max(1.0) as u64)
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

    #[test]
    fn a_mailbox_sends_thirty_a_minute_each_mailbox_on_its_own() {
        let limit = MailboxLimit::new(MAIL_PER_MINUTE);
        let start = Instant::now();
        for n in 0..30u64 {
            assert_eq!(
                limit.try_send("pw@contoso.example", start + Duration::from_secs(n)),
                Ok(())
            );
        }
        // The 31st within the minute waits until the first leaves the window.
        assert_eq!(
            limit.try_send("PW@contoso.example", start + Duration::from_secs(40)),
            Err(20)
        );
        assert_eq!(limit.try_send("other@contoso.example", start), Ok(()));
        assert_eq!(
            limit.try_send("pw@contoso.example", start + Duration::from_secs(60)),
            Ok(())
        );
        limit.reset();
        assert_eq!(
            limit.try_send("pw@contoso.example", start + Duration::from_secs(61)),
            Ok(())
        );
        let off = MailboxLimit::new(0);
        assert!((0..100).all(|_| off.try_send("a", start).is_ok()));
    }
}
