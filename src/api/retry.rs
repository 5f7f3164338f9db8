//! The one retry policy of the widget.
//!
//! - Reads are retried on throttling, 5xx, timeouts and network errors.
//! - Writes (a password reset, a mail) are retried only when the server said
//!   it did not apply them (429, or 503 with `Retry-After`): a reset whose
//!   answer was lost is never sent twice; the admin is told instead.
//! - The wait is `Retry-After` when given, else exponential backoff with full
//!   jitter, capped; at most `MAX_ATTEMPTS` tries in all, or
//!   `MAX_THROTTLED_ATTEMPTS` while the server keeps naming the wait itself
//!   (a bulk run under a write quota sees several 429s in a row by design).
//! - After a 429 on a write, every write of the widget waits out the same
//!   `Retry-After` (the client's shared pause), so four workers learn the
//!   quota once instead of each running into it.

use super::error::ApiError;

pub const MAX_ATTEMPTS: u32 = 4;
pub const MAX_THROTTLED_ATTEMPTS: u32 = 8;
const BASE_DELAY_MS: u32 = 500;
const MAX_DELAY_MS: u32 = 8_000;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RetryDecision {
    RetryAfterMs(u32),
    GiveUp,
}

/// Decides what to do after `attempt` (1-based) failed with `error`.
/// `is_write`: a call that must not be sent twice when its outcome is unknown
/// (not [`super::CallKind::may_repeat`]). `jitter` is a random number in
/// `[0, 1)` supplied by the caller.
pub fn decide(attempt: u32, error: &ApiError, is_write: bool, jitter: f64) -> RetryDecision {
    let limit = if error.retry_after_secs().is_some() {
        MAX_THROTTLED_ATTEMPTS
    } else {
        MAX_ATTEMPTS
    };
    if attempt >= limit {
        return RetryDecision::GiveUp;
    }
    let retryable = if is_write {
        error.write_was_not_applied()
    } else {
        matches!(
            error,
            ApiError::Throttled { .. }
                | ApiError::Server { .. }
                | ApiError::Timeout
                | ApiError::Network(_)
        )
    };
    if !retryable {
        return RetryDecision::GiveUp;
    }
    match error.retry_after_secs() {
        Some(secs) => RetryDecision::RetryAfterMs(secs.saturating_mul(1000)),
        None => {
            let ceiling = BASE_DELAY_MS
                .saturating_mul(1 << (attempt - 1).min(16))
                .min(MAX_DELAY_MS);
            // Full jitter, but never zero: a retry storm helps nobody.
            let wait = (f64::from(ceiling) * jitter.clamp(0.0, 1.0)) as u32;
            RetryDecision::RetryAfterMs(wait.max(BASE_DELAY_MS / 5))
        }
    }
}

/// The pause every write of one widget observes after a 429 on any of them,
/// so the workers of a bulk run learn a quota once instead of each hitting it.
/// Times are milliseconds since the epoch, passed in by the caller.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WritePause {
    until_ms: f64,
}

impl WritePause {
    /// Records a 429 answered at `now_ms` that asked for `retry_after_secs`;
    /// a shorter pause never cuts a longer one short.
    pub fn throttled(&mut self, now_ms: f64, retry_after_secs: u32) {
        let until = now_ms + f64::from(retry_after_secs) * 1000.0;
        if until > self.until_ms {
            self.until_ms = until;
        }
    }

    /// How long a write starting at `now_ms` must wait first, if at all.
    pub fn wait_ms(&self, now_ms: f64) -> Option<u32> {
        let wait = self.until_ms - now_ms;
        (wait >= 1.0).then(|| wait.min(f64::from(u32::MAX)) as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_throttled_write_pauses_the_others_until_the_longest_wait_ends() {
        let mut pause = WritePause::default();
        assert_eq!(pause.wait_ms(1_000.0), None);
        pause.throttled(1_000.0, 5);
        assert_eq!(pause.wait_ms(2_000.0), Some(4_000));
        pause.throttled(2_000.0, 1);
        assert_eq!(
            pause.wait_ms(2_000.0),
            Some(4_000),
            "a shorter wait does not cut it"
        );
        assert_eq!(pause.wait_ms(6_000.0), None);
        pause.throttled(0.0, u32::MAX);
        assert_eq!(pause.wait_ms(0.0), Some(u32::MAX));
    }

    #[test]
    fn a_named_wait_gets_more_attempts_than_a_guessed_one() {
        let throttled = ApiError::Throttled {
            retry_after_secs: 2,
        };
        assert_eq!(
            decide(MAX_ATTEMPTS, &throttled, true, 0.5),
            RetryDecision::RetryAfterMs(2_000)
        );
        assert_eq!(
            decide(MAX_THROTTLED_ATTEMPTS, &throttled, true, 0.5),
            RetryDecision::GiveUp
        );
        let timeout = ApiError::Timeout;
        assert_eq!(
            decide(MAX_ATTEMPTS, &timeout, false, 0.5),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn writes_retry_only_when_not_applied() {
        let throttled = ApiError::Throttled {
            retry_after_secs: 3,
        };
        assert_eq!(
            decide(1, &throttled, true, 0.5),
            RetryDecision::RetryAfterMs(3000)
        );
        assert_eq!(
            decide(1, &ApiError::Timeout, true, 0.5),
            RetryDecision::GiveUp
        );
        assert_eq!(
            decide(
                1,
                &ApiError::Server {
                    status: 500,
                    retry_after_secs: None
                },
                true,
                0.5
            ),
            RetryDecision::GiveUp
        );
        assert_eq!(
            decide(1, &ApiError::Network("x".into()), true, 0.5),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn reads_back_off_exponentially_with_a_cap() {
        let err = ApiError::Server {
            status: 500,
            retry_after_secs: None,
        };
        assert_eq!(
            decide(1, &err, false, 1.0),
            RetryDecision::RetryAfterMs(500)
        );
        assert_eq!(
            decide(2, &err, false, 1.0),
            RetryDecision::RetryAfterMs(1000)
        );
        assert_eq!(
            decide(3, &err, false, 1.0),
            RetryDecision::RetryAfterMs(2000)
        );
        assert_eq!(
            decide(3, &err, false, 0.0),
            RetryDecision::RetryAfterMs(100)
        );
        assert_eq!(
            decide(MAX_ATTEMPTS, &err, false, 1.0),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn client_errors_are_never_retried() {
        for err in [
            ApiError::Unauthorized,
            ApiError::NotFound,
            ApiError::Forbidden {
                message: String::new(),
            },
        ] {
            assert_eq!(decide(1, &err, false, 0.5), RetryDecision::GiveUp);
        }
    }
}
