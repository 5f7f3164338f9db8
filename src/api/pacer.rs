//! One shared pace for the writes of a widget, learnt from the 429s they get.
//!
//! Graph throttles directory writes per tenant and mail per mailbox, and
//! cross-origin it hides `Retry-After` (microsoft-graph-docs#17488): a bulk
//! run must find the rate on its own. Every write of one kind takes its start
//! from one [`Pacer`], so four workers keep one pace instead of four:
//!
//! - a minimum interval between write starts, none until the first 429;
//! - each success shrinks it a little, faster back towards the interval that
//!   last went through, then slowly past it (the probe for more room);
//! - each 429 grows it by [`GROWTH`], or [`GROWTH_IN_A_ROW`] when nothing
//!   went through since the last one, counted once for the writes that were
//!   already out at the old pace; the next write starts one new interval
//!   later, and after a readable `Retry-After` no write starts before it ends.
//!
//! Mail has its own pacer that never goes faster than the mailbox limit
//! ([`MAIL_PER_MINUTE`]), so its 429s never slow down resets.
//! Times are milliseconds on the caller's clock, passed in: no browser here.

use super::error::CallKind;
use super::retry::{THROTTLE_BASE_MS, THROTTLE_MAX_MS};

/// Messages one mailbox may send per minute: Exchange Online's sending limit
/// that applies to Graph's sendMail ("Exchange Online limits", Sending limits:
/// 30 messages per minute).
pub const MAIL_PER_MINUTE: u32 = 30;
/// The interval growth on a 429 that follows a success.
pub const GROWTH: f64 = 1.25;
/// The interval growth on a 429 with no success since the previous one: the
/// quota is taken by someone else, back off the way a lone client would.
pub const GROWTH_IN_A_ROW: f64 = 2.0;
/// After a 429, the pace goes back quickly to this much slower than the pace
/// that was throttled, and to this much slower than the steady pace.
const MARGIN: f64 = 1.1;
/// The share of the way to that pace made on each success.
const RECOVERY_SHARE: f64 = 0.05;
/// Within this factor of that pace, the pace is back.
const RECOVERED: f64 = 1.02;
/// A 429 after this many successes in a row ends a steady stretch: the pace
/// it hit is the steady pace, to which the pace returns quickly after a burst
/// of 429s (another client taking the quota for a while).
const STEADY_SUCCESSES: u32 = 100;
/// Past those paces the interval shrinks by this share on each success, at
/// first small, so a steady pace sees few 429s, and doubling every
/// [`PROBE_DOUBLING`] successes in a row, so room that opens up is found.
const PROBE_SHARE: f64 = 0.000_5;
const PROBE_DOUBLING: u32 = 200;
const PROBE_SHARE_MAX: f64 = 0.1;
/// From this many 429s in a row, the interval is at least the wait of a lone
/// client's backoff (1 s, doubling), so a write under a quota someone else
/// holds keeps trying for about as long as without a pace.
const STRIKES_BEFORE_BACKOFF: u32 = 3;
/// Below this the interval is dropped: the concurrency is the limit.
const UNPACED_BELOW_MS: f64 = 1.0;
/// How many recent starts estimate the rate that ran into the first 429.
const RECENT_STARTS: usize = 8;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Pacer {
    /// Never paced faster than this (the mailbox limit); 0 for none.
    floor_ms: f64,
    /// The minimum time between two write starts; 0 while unpaced.
    interval_ms: f64,
    /// A little slower than the pace that was throttled last, to which the
    /// pace returns quickly after backing off; 0 once it is back.
    recover_to_ms: f64,
    /// The pace a steady stretch ended at (see [`STEADY_SUCCESSES`]); 0 for none.
    steady_ms: f64,
    /// The earliest start of the next write.
    next_start_ms: f64,
    /// When the last 429 grew the interval: earlier writes do not grow it again.
    grown_at_ms: f64,
    /// 429s since the last success that grew the interval.
    strikes: u32,
    /// Successes since the last 429.
    successes: u32,
    recent_starts: [f64; RECENT_STARTS],
    starts_seen: usize,
}

impl Pacer {
    /// A pacer that starts unpaced (directory writes).
    pub const fn unpaced() -> Pacer {
        Pacer::with_floor(0.0)
    }

    /// A pacer never faster than one start per `floor_ms`.
    pub const fn with_floor(floor_ms: f64) -> Pacer {
        Pacer {
            floor_ms,
            interval_ms: floor_ms,
            recover_to_ms: 0.0,
            steady_ms: 0.0,
            next_start_ms: f64::NEG_INFINITY,
            grown_at_ms: f64::NEG_INFINITY,
            strikes: 0,
            successes: 0,
            recent_starts: [0.0; RECENT_STARTS],
            starts_seen: 0,
        }
    }

    /// The mailbox: at most [`MAIL_PER_MINUTE`] messages a minute.
    pub const fn mailbox() -> Pacer {
        Pacer::with_floor(60_000.0 / MAIL_PER_MINUTE as f64)
    }

    /// Takes the next start for a write that wants to go at `now_ms`, and
    /// says how long it must wait for it (0: go now).
    pub fn reserve(&mut self, now_ms: f64) -> u32 {
        let start = now_ms.max(self.next_start_ms);
        self.next_start_ms = start + self.interval_ms;
        self.recent_starts[self.starts_seen % RECENT_STARTS] = start;
        self.starts_seen += 1;
        (start - now_ms).ceil().min(f64::from(u32::MAX)) as u32
    }

    /// A write went through.
    pub fn succeeded(&mut self) {
        self.strikes = 0;
        self.successes = self.successes.saturating_add(1);
        if self.interval_ms <= self.floor_ms {
            return;
        }
        if self.recover_to_ms > 0.0 && self.interval_ms <= self.recover_to_ms * RECOVERED {
            self.recover_to_ms = 0.0;
        }
        let back_to = if self.recover_to_ms > 0.0 {
            self.recover_to_ms
        } else {
            self.steady_ms * MARGIN
        };
        let interval = if back_to > 0.0 && self.interval_ms > back_to * RECOVERED {
            self.interval_ms - (self.interval_ms - back_to) * RECOVERY_SHARE
        } else {
            let doublings = (self.successes / PROBE_DOUBLING).min(16);
            let share = (PROBE_SHARE * f64::from(1u32 << doublings)).min(PROBE_SHARE_MAX);
            self.interval_ms * (1.0 - share)
        };
        self.interval_ms = if interval < UNPACED_BELOW_MS {
            0.0
        } else {
            interval.max(self.floor_ms)
        };
    }

    /// A write that started at `sent_at_ms` was answered 429 at `now_ms`,
    /// with the wait it named when it could be read.
    pub fn throttled(&mut self, sent_at_ms: f64, now_ms: f64, retry_after_secs: Option<u32>) {
        // Sent at the old pace: the growth that answers it is already made.
        if sent_at_ms >= self.grown_at_ms {
            self.grow(now_ms);
        }
        self.successes = 0;
        let wait_ms = match retry_after_secs {
            Some(secs) => f64::from(secs) * 1000.0,
            None => self.interval_ms,
        };
        self.next_start_ms = self.next_start_ms.max(now_ms + wait_ms);
    }

    fn grow(&mut self, now_ms: f64) {
        self.strikes = self.strikes.saturating_add(1);
        self.grown_at_ms = now_ms;
        let current = if self.interval_ms > 0.0 {
            self.interval_ms
        } else {
            self.recent_interval_ms()
        };
        let grown = if self.interval_ms == 0.0 {
            // The first 429 of an unpaced run: the rate is not known yet,
            // only that this was too fast. Halve it, then probe upwards.
            current * GROWTH_IN_A_ROW
        } else if self.strikes == 1 {
            if self.successes >= STEADY_SUCCESSES {
                self.steady_ms = current;
            } else if self.recover_to_ms == 0.0 {
                // Throttled on the way back to the steady pace: it may be
                // gone for good (or was never steady).
                self.steady_ms = (self.steady_ms * GROWTH).min(current);
            }
            self.recover_to_ms = current * MARGIN;
            current * GROWTH
        } else if self.strikes < STRIKES_BEFORE_BACKOFF {
            current * GROWTH_IN_A_ROW
        } else {
            let doublings = (self.strikes - STRIKES_BEFORE_BACKOFF).min(16);
            let backoff = f64::from(THROTTLE_BASE_MS) * f64::from(1u32 << doublings);
            (current * GROWTH_IN_A_ROW).max(backoff)
        };
        self.interval_ms = grown.clamp(self.floor_ms, f64::from(THROTTLE_MAX_MS));
    }

    /// The minimum time between two write starts now; 0 while unpaced.
    pub fn interval_ms(&self) -> f64 {
        self.interval_ms
    }

    /// The mean time between the recent starts, the pace that was throttled
    /// when none was set; at most [`THROTTLE_BASE_MS`] (a lone write after a
    /// quiet spell says nothing of the rate).
    fn recent_interval_ms(&self) -> f64 {
        let seen = self.starts_seen.min(RECENT_STARTS);
        let base = f64::from(THROTTLE_BASE_MS);
        if seen < 2 {
            return base;
        }
        let last = self.recent_starts[(self.starts_seen - 1) % RECENT_STARTS];
        let first = self.recent_starts[(self.starts_seen - seen) % RECENT_STARTS];
        ((last - first) / (seen - 1) as f64).clamp(UNPACED_BELOW_MS, base)
    }
}

/// One pace for directory writes (resets, sign-outs) and one for the mailbox.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct WritePacers {
    pub directory: Pacer,
    pub mailbox: Pacer,
}

impl Default for WritePacers {
    fn default() -> Self {
        WritePacers {
            directory: Pacer::unpaced(),
            mailbox: Pacer::mailbox(),
        }
    }
}

impl WritePacers {
    /// The pacer of a write; reads are not paced.
    pub fn of(&mut self, kind: CallKind) -> Option<&mut Pacer> {
        match kind {
            CallKind::Read => None,
            CallKind::SendMail => Some(&mut self.mailbox),
            CallKind::ResetPassword | CallKind::RevokeSessions => Some(&mut self.directory),
        }
    }
}

#[cfg(test)]
mod simulation;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpaced_until_the_first_429_then_half_as_fast_and_one_interval_apart() {
        let mut pacer = Pacer::unpaced();
        assert_eq!([pacer.reserve(0.0), pacer.reserve(0.0)], [0, 0]);
        // A lone write's 429 says nothing of the rate: from the base wait.
        let mut lone = Pacer::unpaced();
        lone.reserve(0.0);
        lone.throttled(0.0, 100.0, None);
        assert_eq!(lone.interval_ms(), f64::from(THROTTLE_BASE_MS) * 2.0);
        assert_eq!(lone.reserve(100.0), 2_000, "backs off by the pace");
        // Starts 50 ms apart ran into it: 100 ms apart from now on.
        for n in 0..8 {
            pacer.reserve(f64::from(n) * 50.0);
        }
        pacer.throttled(350.0, 400.0, None);
        assert_eq!(pacer.interval_ms(), 100.0);
        assert_eq!(pacer.reserve(400.0), 100);
        assert_eq!(pacer.reserve(400.0), 200, "the next one an interval later");
    }

    #[test]
    fn writes_already_out_grow_the_interval_once_and_429s_in_a_row_back_off() {
        let mut pacer = Pacer::with_floor(100.0);
        pacer.throttled(0.0, 50.0, None);
        for _ in 0..3 {
            pacer.throttled(10.0, 60.0, None);
        }
        assert_eq!(pacer.interval_ms(), 125.0);
        // Sent after the growth and throttled again, with nothing through.
        pacer.throttled(70.0, 120.0, None);
        assert_eq!(pacer.interval_ms(), 250.0);
        // From the third in a row, at least a lone client's backoff.
        pacer.throttled(400.0, 450.0, None);
        assert_eq!(pacer.interval_ms(), 1_000.0);
        pacer.throttled(1_500.0, 1_550.0, None);
        assert_eq!(pacer.interval_ms(), 2_000.0);
        for n in 0..20u32 {
            let at = f64::from(n) * 100_000.0;
            pacer.throttled(at, at + 1.0, None);
        }
        assert_eq!(pacer.interval_ms(), f64::from(THROTTLE_MAX_MS));
    }

    #[test]
    fn a_readable_retry_after_holds_every_start_until_it_ends() {
        let mut pacer = Pacer::unpaced();
        pacer.throttled(0.0, 1_000.0, Some(5));
        assert_eq!(pacer.reserve(2_000.0), 4_000);
        // A later, shorter wait does not cut it short.
        pacer.throttled(500.0, 2_000.0, Some(1));
        assert_eq!(pacer.reserve(2_000.0), 4_000 + pacer.interval_ms() as u32);
    }

    #[test]
    fn successes_bring_the_pace_back_then_probe_past_it() {
        let mut pacer = Pacer::with_floor(0.0);
        for n in 0..8 {
            pacer.reserve(f64::from(n) * 50.0);
        }
        pacer.throttled(350.0, 400.0, None);
        assert_eq!(pacer.interval_ms(), 100.0);
        // A long steady stretch, probing slowly: 100 successes, 5 % faster.
        for _ in 0..100 {
            pacer.succeeded();
        }
        let steady = pacer.interval_ms();
        assert!((95.0..95.2).contains(&steady), "{steady}");
        pacer.throttled(10_000.0, 10_100.0, None);
        assert_eq!(pacer.interval_ms(), steady * GROWTH);
        // Quickly back to a little slower than the pace that was throttled.
        for _ in 0..40 {
            pacer.succeeded();
        }
        let back = pacer.interval_ms();
        assert!((steady * 1.1..steady * 1.13).contains(&back), "{back}");
        // A burst of 429s (another client takes the quota for a while)...
        for n in 0..6 {
            let at = 20_000.0 + f64::from(n) * 1_000.0;
            pacer.throttled(at, at + 100.0, None);
            pacer.succeeded();
        }
        let during = pacer.interval_ms();
        assert!(during > 3.0 * steady, "{during}");
        // ...then the pace is quickly back near the steady one (a little
        // slower: the first 429 of the burst came on the way back to it).
        for _ in 0..100 {
            pacer.succeeded();
        }
        let after = pacer.interval_ms();
        assert!((steady..steady * 1.4).contains(&after), "{after} {steady}");
        // Calm for long, the probe speeds up.
        for _ in 0..2_000 {
            pacer.succeeded();
        }
        assert!(pacer.interval_ms() < 1.0, "{}", pacer.interval_ms());
    }

    #[test]
    fn the_mailbox_is_never_paced_past_its_limit_and_its_429s_leave_resets_alone() {
        let mut pacers = WritePacers::default();
        let mail = pacers.of(CallKind::SendMail).unwrap();
        assert_eq!(mail.interval_ms(), 2_000.0);
        assert_eq!([mail.reserve(0.0), mail.reserve(0.0)], [0, 2_000]);
        mail.throttled(0.0, 100.0, None);
        assert_eq!(mail.interval_ms(), 2_500.0);
        for _ in 0..1_000 {
            mail.succeeded();
        }
        assert_eq!(mail.interval_ms(), 2_000.0);
        mail.throttled(20_000.0, 20_100.0, Some(30));
        let directory = pacers.of(CallKind::ResetPassword).unwrap();
        assert_eq!(directory.reserve(20_100.0), 0);
        assert_eq!(directory.interval_ms(), 0.0);
        assert!(pacers.of(CallKind::Read).is_none());
    }
}
