//! The one retry policy of the widget.
//!
//! - Reads are retried on throttling, 5xx, timeouts and network errors.
//! - Writes (a password reset, a mail) are retried only when the server said
//!   it did not apply them (429, or 503 with `Retry-After`): a reset whose
//!   answer was lost is never sent twice; the admin is told instead.
//! - The wait is `Retry-After` when the browser can read it, else exponential
//!   backoff with jitter, capped. A 429 gets a longer base than other errors:
//!   cross-origin, Graph does not expose `Retry-After`
//!   (microsoft-graph-docs#17488), so an embedded widget must slow down on
//!   its own. At most `MAX_ATTEMPTS` tries in all, or
//!   `MAX_THROTTLED_ATTEMPTS` on a 429 or a named wait (a bulk run under a
//!   write quota sees several 429s in a row by design).
//! - After a 429 on a write, every write of the same kind waits out one
//!   shared pause (the client's [`WritePauses`]), so four workers learn the
//!   quota once instead of each running into it. Directory writes and mail
//!   have separate pauses: the mailbox limit is not the directory's, and a
//!   429 on mail does not hold up resets.

use super::error::{ApiError, CallKind};

pub const MAX_ATTEMPTS: u32 = 4;
pub const MAX_THROTTLED_ATTEMPTS: u32 = 8;
const BASE_DELAY_MS: u32 = 500;
const MAX_DELAY_MS: u32 = 8_000;
/// First wait after a 429 that named none; doubles with each 429 in a row.
pub const THROTTLE_BASE_MS: u32 = 1_000;
/// The longest wait a 429 without `Retry-After` leads to.
pub const THROTTLE_MAX_MS: u32 = 32_000;

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
    let throttled = matches!(error, ApiError::Throttled { .. });
    let limit = if throttled || error.retry_after_secs().is_some() {
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
        None if throttled => RetryDecision::RetryAfterMs(throttle_backoff_ms(attempt, jitter)),
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

/// The wait after the `strike`-th 429 in a row that named no wait: doubling
/// from [`THROTTLE_BASE_MS`] up to [`THROTTLE_MAX_MS`], with equal jitter
/// (half fixed, half random) so workers spread out yet never retry at once.
pub fn throttle_backoff_ms(strike: u32, jitter: f64) -> u32 {
    let ceiling = THROTTLE_BASE_MS
        .saturating_mul(1 << strike.saturating_sub(1).min(16))
        .min(THROTTLE_MAX_MS);
    let half = ceiling / 2;
    half + (f64::from(half) * jitter.clamp(0.0, 1.0)) as u32
}

/// The pause every write of one kind observes after a 429 on any of them,
/// so the workers of a bulk run learn a quota once instead of each hitting it.
/// Times are milliseconds since the epoch, passed in by the caller.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WritePause {
    until_ms: f64,
    /// 429s without a readable `Retry-After` since the last success, each
    /// counted once per pause (429s of writes sent before the pause began
    /// do not make it grow).
    strikes: u32,
}

impl WritePause {
    /// Records a 429 answered at `now_ms`. With `retry_after_secs` the pause
    /// is that long; without, it grows with each 429 in a row. A shorter
    /// pause never cuts a longer one short.
    pub fn throttled(&mut self, now_ms: f64, retry_after_secs: Option<u32>, jitter: f64) {
        let wait_ms = match retry_after_secs {
            Some(secs) => f64::from(secs) * 1000.0,
            None => {
                if now_ms >= self.until_ms {
                    self.strikes = self.strikes.saturating_add(1);
                }
                f64::from(throttle_backoff_ms(self.strikes.max(1), jitter))
            }
        };
        let until = now_ms + wait_ms;
        if until > self.until_ms {
            self.until_ms = until;
        }
    }

    /// A write of this kind went through: the next 429 starts from the base wait.
    pub fn succeeded(&mut self) {
        self.strikes = 0;
    }

    /// How long a write starting at `now_ms` must wait first, if at all.
    pub fn wait_ms(&self, now_ms: f64) -> Option<u32> {
        let wait = self.until_ms - now_ms;
        (wait >= 1.0).then(|| wait.min(f64::from(u32::MAX)) as u32)
    }
}

/// One pause for directory writes (resets) and one for the mailbox (sendMail).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct WritePauses {
    pub directory: WritePause,
    pub mailbox: WritePause,
}

impl WritePauses {
    pub fn of(&mut self, kind: CallKind) -> &mut WritePause {
        match kind {
            CallKind::SendMail => &mut self.mailbox,
            CallKind::Read | CallKind::ResetPassword | CallKind::RevokeSessions => {
                &mut self.directory
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_throttled_write_pauses_the_others_until_the_longest_wait_ends() {
        let mut pause = WritePause::default();
        assert_eq!(pause.wait_ms(1_000.0), None);
        pause.throttled(1_000.0, Some(5), 0.5);
        assert_eq!(pause.wait_ms(2_000.0), Some(4_000));
        pause.throttled(2_000.0, Some(1), 0.5);
        assert_eq!(
            pause.wait_ms(2_000.0),
            Some(4_000),
            "a shorter wait does not cut it"
        );
        assert_eq!(pause.wait_ms(6_000.0), None);
        pause.throttled(0.0, Some(u32::MAX), 0.5);
        assert_eq!(pause.wait_ms(0.0), Some(u32::MAX));
    }

    fn throttled(retry_after_secs: Option<u32>) -> ApiError {
        ApiError::Throttled {
            retry_after_secs,
            graph: Default::default(),
        }
    }

    #[test]
    fn without_retry_after_the_shared_pause_grows_until_a_write_succeeds() {
        // Cross-origin, Graph's Retry-After cannot be read: the widget must
        // still slow down, more with each 429 in a row.
        let mut pause = WritePause::default();
        let mut now = 0.0;
        let mut waits = Vec::new();
        for _ in 0..7 {
            pause.throttled(now, None, 1.0);
            let wait = pause.wait_ms(now).unwrap();
            waits.push(wait);
            now += f64::from(wait);
        }
        assert_eq!(waits, [1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 32_000]);
        pause.succeeded();
        pause.throttled(now, None, 1.0);
        assert_eq!(
            pause.wait_ms(now),
            Some(1_000),
            "back to the base after a success"
        );
    }

    #[test]
    fn several_workers_throttled_at_once_grow_the_pause_once() {
        let mut pause = WritePause::default();
        for _ in 0..4 {
            pause.throttled(0.0, None, 0.0);
        }
        assert_eq!(pause.wait_ms(0.0), Some(THROTTLE_BASE_MS / 2));
        pause.throttled(600.0, None, 0.0);
        assert_eq!(
            pause.wait_ms(600.0),
            Some(1_000),
            "the second strike doubles"
        );
    }

    #[test]
    fn a_throttled_mail_does_not_pause_resets() {
        let mut pauses = WritePauses::default();
        pauses.of(CallKind::SendMail).throttled(0.0, Some(30), 0.5);
        assert_eq!(pauses.of(CallKind::SendMail).wait_ms(0.0), Some(30_000));
        assert_eq!(pauses.of(CallKind::ResetPassword).wait_ms(0.0), None);
    }

    #[test]
    fn a_429_without_retry_after_backs_off_with_growing_waits() {
        let hidden = throttled(None);
        let waits: Vec<_> = (1..MAX_THROTTLED_ATTEMPTS)
            .map(|attempt| decide(attempt, &hidden, true, 0.0))
            .collect();
        assert_eq!(waits[0], RetryDecision::RetryAfterMs(500));
        assert_eq!(waits[1], RetryDecision::RetryAfterMs(1_000));
        assert_eq!(waits[5], RetryDecision::RetryAfterMs(16_000));
        assert_eq!(
            decide(MAX_THROTTLED_ATTEMPTS, &hidden, true, 0.0),
            RetryDecision::GiveUp
        );
        // A named wait is still taken as given.
        assert_eq!(
            decide(5, &throttled(Some(3)), true, 0.0),
            RetryDecision::RetryAfterMs(3_000)
        );
    }

    #[test]
    fn a_named_wait_gets_more_attempts_than_a_guessed_one() {
        let named = throttled(Some(2));
        assert_eq!(
            decide(MAX_ATTEMPTS, &named, true, 0.5),
            RetryDecision::RetryAfterMs(2_000)
        );
        assert_eq!(
            decide(MAX_THROTTLED_ATTEMPTS, &named, true, 0.5),
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
        assert_eq!(
            decide(1, &throttled(Some(3)), true, 0.5),
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
                    retry_after_secs: None,
                    graph: Default::default(),
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
            graph: Default::default(),
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
            ApiError::Unauthorized {
                graph: Default::default(),
            },
            ApiError::NotFound {
                graph: Default::default(),
            },
            ApiError::Forbidden {
                message: String::new(),
                graph: Default::default(),
            },
        ] {
            assert_eq!(decide(1, &err, false, 0.5), RetryDecision::GiveUp);
        }
    }
}
