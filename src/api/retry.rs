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
//! - A write refused with a 429 is retried at the pace of its kind
//!   ([`super::pacer`]): every write of that kind takes its start from one
//!   shared pace, which slows down on each 429 and honours a readable
//!   `Retry-After`, so four workers learn the quota once instead of each
//!   running into it. Directory writes and mail have separate paces: the
//!   mailbox limit is not the directory's, and a 429 on mail does not hold
//!   up resets.

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
    /// Retry at the next start the pace of the call's kind gives
    /// ([`super::pacer::WritePacers`]), which has learnt from this 429.
    WhenPaced,
    GiveUp,
}

/// Decides what to do after `attempt` (1-based) of a call of `kind` failed
/// with `error`. `jitter` is a random number in `[0, 1)` supplied by the caller.
pub fn decide(attempt: u32, error: &ApiError, kind: CallKind, jitter: f64) -> RetryDecision {
    // A call that must not be sent twice when its outcome is unknown.
    let is_write = !kind.may_repeat();
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
    if throttled && kind != CallKind::Read {
        return RetryDecision::WhenPaced;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn throttled(retry_after_secs: Option<u32>) -> ApiError {
        ApiError::Throttled {
            retry_after_secs,
            graph: Default::default(),
        }
    }

    const RESET: CallKind = CallKind::ResetPassword;

    #[test]
    fn a_read_throttled_without_retry_after_backs_off_with_growing_waits() {
        let hidden = throttled(None);
        let waits: Vec<_> = (1..MAX_THROTTLED_ATTEMPTS)
            .map(|attempt| decide(attempt, &hidden, CallKind::Read, 0.0))
            .collect();
        assert_eq!(waits[0], RetryDecision::RetryAfterMs(500));
        assert_eq!(waits[1], RetryDecision::RetryAfterMs(1_000));
        assert_eq!(waits[5], RetryDecision::RetryAfterMs(16_000));
        assert_eq!(
            decide(MAX_THROTTLED_ATTEMPTS, &hidden, CallKind::Read, 0.0),
            RetryDecision::GiveUp
        );
        // A named wait is still taken as given.
        assert_eq!(
            decide(5, &throttled(Some(3)), CallKind::Read, 0.0),
            RetryDecision::RetryAfterMs(3_000)
        );
    }

    #[test]
    fn a_throttled_write_waits_for_its_pace_with_or_without_retry_after() {
        for kind in [RESET, CallKind::SendMail, CallKind::RevokeSessions] {
            for named in [None, Some(3)] {
                assert_eq!(
                    decide(1, &throttled(named), kind, 0.5),
                    RetryDecision::WhenPaced
                );
                assert_eq!(
                    decide(MAX_THROTTLED_ATTEMPTS, &throttled(named), kind, 0.5),
                    RetryDecision::GiveUp
                );
            }
        }
    }

    #[test]
    fn a_named_wait_gets_more_attempts_than_a_guessed_one() {
        let named = throttled(Some(2));
        assert_eq!(
            decide(MAX_ATTEMPTS, &named, CallKind::Read, 0.5),
            RetryDecision::RetryAfterMs(2_000)
        );
        assert_eq!(
            decide(MAX_THROTTLED_ATTEMPTS, &named, CallKind::Read, 0.5),
            RetryDecision::GiveUp
        );
        let busy = ApiError::Server {
            status: 503,
            retry_after_secs: Some(2),
            graph: Default::default(),
        };
        assert_eq!(
            decide(MAX_ATTEMPTS, &busy, RESET, 0.5),
            RetryDecision::RetryAfterMs(2_000)
        );
        let timeout = ApiError::Timeout;
        assert_eq!(
            decide(MAX_ATTEMPTS, &timeout, CallKind::Read, 0.5),
            RetryDecision::GiveUp
        );
    }

    #[test]
    fn writes_retry_only_when_not_applied() {
        assert_eq!(
            decide(1, &ApiError::Timeout, RESET, 0.5),
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
                RESET,
                0.5
            ),
            RetryDecision::GiveUp
        );
        assert_eq!(
            decide(1, &ApiError::Network("x".into()), RESET, 0.5),
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
            decide(1, &err, CallKind::Read, 1.0),
            RetryDecision::RetryAfterMs(500)
        );
        assert_eq!(
            decide(2, &err, CallKind::Read, 1.0),
            RetryDecision::RetryAfterMs(1000)
        );
        assert_eq!(
            decide(3, &err, CallKind::Read, 1.0),
            RetryDecision::RetryAfterMs(2000)
        );
        assert_eq!(
            decide(3, &err, CallKind::Read, 0.0),
            RetryDecision::RetryAfterMs(100)
        );
        assert_eq!(
            decide(MAX_ATTEMPTS, &err, CallKind::Read, 1.0),
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
            assert_eq!(decide(1, &err, CallKind::Read, 0.5), RetryDecision::GiveUp);
        }
    }
}
