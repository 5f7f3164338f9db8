//! Sign-in attempts per account name. After too many failures in a minute,
//! sign-in is refused for a while, whether the account exists or not, so the
//! lockout itself tells nothing about which accounts exist.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

use crate::clock::Clock;

pub const MAX_FAILURES: usize = 10;
pub const WINDOW: Duration = Duration::from_secs(60);
/// Names tried once and never again are dropped when the map grows past this.
const PRUNE_ABOVE: usize = 1_000;

pub struct Lockout {
    clock: Clock,
    attempts: Mutex<HashMap<String, VecDeque<Instant>>>,
}

impl Lockout {
    pub fn new(clock: Clock) -> Lockout {
        Lockout {
            clock,
            attempts: Mutex::default(),
        }
    }

    /// Counts an attempt for `account`, or says in how many whole seconds
    /// one is allowed again. Counted before the password is checked, so
    /// parallel attempts cannot slip past the limit; a success forgets them.
    pub fn attempt(&self, account: &str) -> Result<(), u64> {
        let now = self.clock.now();
        let mut attempts = self.attempts.lock().unwrap_or_else(PoisonError::into_inner);
        if attempts.len() > PRUNE_ABOVE {
            attempts.retain(|_, times| times.back().is_some_and(|last| !expired(*last, now)));
        }
        let times = attempts.entry(key(account)).or_default();
        while times.front().is_some_and(|first| expired(*first, now)) {
            times.pop_front();
        }
        if times.len() >= MAX_FAILURES {
            let oldest = *times.front().expect("the account has attempts");
            let wait = (oldest + WINDOW).saturating_duration_since(now);
            return Err(wait.as_secs_f64().ceil().max(1.0) as u64);
        }
        times.push_back(now);
        Ok(())
    }

    pub fn succeeded(&self, account: &str) {
        self.lock().remove(&key(account));
    }

    /// A reseed starts over.
    pub fn clear(&self) {
        self.lock().clear();
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, HashMap<String, VecDeque<Instant>>> {
        self.attempts.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

fn key(account: &str) -> String {
    account.trim().to_lowercase()
}

fn expired(at: Instant, now: Instant) -> bool {
    now.saturating_duration_since(at) >= WINDOW
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locks_after_the_limit_until_the_window_passes() {
        let clock = Clock::default();
        let lockout = Lockout::new(clock.clone());
        for _ in 0..MAX_FAILURES {
            assert_eq!(lockout.attempt("A@x.example"), Ok(()));
        }
        assert_eq!(lockout.attempt(" a@X.example"), Err(60));
        assert_eq!(lockout.attempt("b@x.example"), Ok(()));
        clock.advance(Duration::from_secs(45));
        assert_eq!(lockout.attempt("a@x.example"), Err(15));
        clock.advance(Duration::from_secs(15));
        assert_eq!(lockout.attempt("a@x.example"), Ok(()));
        lockout.succeeded("a@x.example");
        assert!((0..MAX_FAILURES).all(|_| lockout.attempt("a@x.example").is_ok()));
        lockout.clear();
        assert_eq!(lockout.attempt("a@x.example"), Ok(()));
    }
}
