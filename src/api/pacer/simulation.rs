//! The pacer against a token bucket, as Graph's write throttle (and the local
//! tenant's `--write-rate`) is one, with workers as the widget's, on a
//! simulated clock: it must find the bucket's rate with few 429s, with and
//! without a readable `Retry-After`, and find it again after a burst.

use std::cmp::Ordering;
use std::collections::BinaryHeap;

use super::Pacer;

struct Bucket {
    per_second: f64,
    burst: f64,
    tokens: f64,
    at_ms: f64,
}

impl Bucket {
    /// Full at the start, with room for one second's writes (the local
    /// tenant's `--write-rate N` has a burst of N).
    fn new(per_second: f64) -> Bucket {
        Bucket {
            per_second,
            burst: per_second,
            tokens: per_second,
            at_ms: 0.0,
        }
    }

    fn refill(&mut self, now_ms: f64) {
        let gained = (now_ms - self.at_ms) / 1000.0 * self.per_second;
        self.tokens = (self.tokens + gained).min(self.burst);
        self.at_ms = now_ms;
    }

    /// Takes one write, or says in how many whole seconds one is there.
    fn take(&mut self, now_ms: f64) -> Result<(), u32> {
        self.refill(now_ms);
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            Ok(())
        } else {
            Err((((1.0 - self.tokens) / self.per_second).ceil() as u32).max(1))
        }
    }
}

pub struct Scenario {
    pub per_second: f64,
    pub workers: usize,
    /// Round trip of one write; each varies from 0.75 to 1.25 times this.
    pub latency_ms: f64,
    pub writes: usize,
    pub retry_after_readable: bool,
    /// From this time on, the bucket refills at another rate.
    pub rate_changes: Vec<(f64, f64)>,
}

impl Scenario {
    pub fn new(per_second: f64, writes: usize, retry_after_readable: bool) -> Scenario {
        Scenario {
            per_second,
            workers: 4,
            latency_ms: 100.0,
            writes,
            retry_after_readable,
            rate_changes: Vec::new(),
        }
    }
}

#[derive(Default)]
pub struct Run {
    /// When each write was answered, and whether with a 429.
    pub answers: Vec<(f64, bool)>,
}

impl Run {
    pub fn finished_ms(&self) -> f64 {
        self.answers.last().map_or(0.0, |a| a.0)
    }

    fn between(&self, from_ms: f64, to_ms: f64) -> impl Iterator<Item = &(f64, bool)> {
        self.answers
            .iter()
            .filter(move |(at, _)| (from_ms..to_ms).contains(at))
    }

    /// Writes that went through per second between two times.
    pub fn throughput(&self, from_ms: f64, to_ms: f64) -> f64 {
        let done = self.between(from_ms, to_ms).filter(|a| !a.1).count();
        done as f64 / ((to_ms - from_ms) / 1000.0)
    }

    /// The share of answers that were 429 between two times.
    pub fn throttled_share(&self, from_ms: f64, to_ms: f64) -> f64 {
        let all = self.between(from_ms, to_ms).count();
        let throttled = self.between(from_ms, to_ms).filter(|a| a.1).count();
        throttled as f64 / all.max(1) as f64
    }
}

enum Step {
    /// The worker wants to send its write (a new one, or again).
    Ready,
    Arrive {
        sent_at: f64,
    },
    Answer {
        sent_at: f64,
        refused: Option<u32>,
    },
}

struct Event {
    at: f64,
    order: u64,
    worker: usize,
    step: Step,
}

impl PartialEq for Event {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Event {}
impl PartialOrd for Event {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Event {
    /// Earliest first from a max-heap.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .at
            .total_cmp(&self.at)
            .then(other.order.cmp(&self.order))
    }
}

/// Runs `scenario.writes` writes through `workers` workers sharing `pacer`.
pub fn run(scenario: &Scenario, mut pacer: Pacer) -> Run {
    let mut bucket = Bucket::new(scenario.per_second);
    let mut changes = scenario.rate_changes.clone();
    let mut queue = BinaryHeap::new();
    let mut order = 0u64;
    let mut push = |queue: &mut BinaryHeap<Event>, at, worker, step| {
        order += 1;
        queue.push(Event {
            at,
            order,
            worker,
            step,
        });
    };
    // A fixed linear congruential sequence: the same run every time.
    let mut seed = 0x2545_f491_u64;
    let mut half_trip = || {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let unit = (seed >> 11) as f64 / (1u64 << 53) as f64;
        scenario.latency_ms * (0.75 + 0.5 * unit) / 2.0
    };
    let mut waiting = scenario.writes;
    let mut retrying = vec![false; scenario.workers];
    for worker in 0..scenario.workers {
        push(&mut queue, 0.0, worker, Step::Ready);
    }
    let mut result = Run::default();
    while let Some(Event {
        at, worker, step, ..
    }) = queue.pop()
    {
        while let Some(&(from, rate)) = changes.first()
            && from <= at
        {
            bucket.refill(from);
            bucket.per_second = rate;
            changes.remove(0);
        }
        match step {
            Step::Ready => {
                if !retrying[worker] {
                    if waiting == 0 {
                        continue;
                    }
                    waiting -= 1;
                }
                let sent_at = at + f64::from(pacer.reserve(at));
                push(
                    &mut queue,
                    sent_at + half_trip(),
                    worker,
                    Step::Arrive { sent_at },
                );
            }
            Step::Arrive { sent_at } => {
                let refused = bucket.take(at).err();
                push(
                    &mut queue,
                    at + half_trip(),
                    worker,
                    Step::Answer { sent_at, refused },
                );
            }
            Step::Answer { sent_at, refused } => {
                result.answers.push((at, refused.is_some()));
                retrying[worker] = refused.is_some();
                match refused {
                    None => pacer.succeeded(),
                    Some(secs) => {
                        let readable = scenario.retry_after_readable.then_some(secs);
                        pacer.throttled(sent_at, at, readable);
                    }
                }
                push(&mut queue, at, worker, Step::Ready);
            }
        }
    }
    result
}

fn report(name: &str, run: &Run, per_second: f64) {
    let end = run.finished_ms();
    println!(
        "{name}: {:.1} s, {:.3}x the bound, 429s {:.2} % (after 10 s {:.2} %)",
        end / 1000.0,
        run.throughput(0.0, end) / per_second,
        100.0 * run.throttled_share(0.0, end),
        100.0 * run.throttled_share(10_000.0, end),
    );
}

#[test]
fn the_pace_settles_near_the_bucket_rate_with_few_429s_without_retry_after() {
    for (per_second, latency_ms) in [(20.0, 100.0), (10.0, 60.0), (5.0, 150.0), (40.0, 60.0)] {
        let mut scenario = Scenario::new(per_second, 6_000, false);
        scenario.latency_ms = latency_ms;
        let run = run(&scenario, Pacer::unpaced());
        report(&format!("{per_second}/s, hidden"), &run, per_second);
        let end = run.finished_ms();
        assert!(run.throughput(0.0, end) >= 0.95 * per_second);
        assert!(run.throttled_share(10_000.0, end) < 0.01);
        assert!(run.throttled_share(0.0, end) < 0.01);
    }
}

#[test]
fn the_pace_settles_near_the_bucket_rate_with_few_429s_with_retry_after() {
    for per_second in [20.0, 10.0] {
        let run = run(&Scenario::new(per_second, 6_000, true), Pacer::unpaced());
        report(&format!("{per_second}/s, readable"), &run, per_second);
        let end = run.finished_ms();
        assert!(run.throughput(0.0, end) >= 0.95 * per_second);
        assert!(run.throttled_share(10_000.0, end) < 0.01);
    }
}

#[test]
fn a_thousand_writes_as_the_benchmark_runs_them() {
    // The benchmark's bucket runs at 60 % of what the tenant manages
    // unthrottled (150 ms); faster answers find the bucket later and harder.
    for (readable, latency_ms, whole_run_share) in [
        (false, 150.0, 0.01),
        (true, 150.0, 0.01),
        (false, 100.0, 0.01),
        (false, 40.0, 0.02),
    ] {
        let mut scenario = Scenario::new(16.0, 1_000, readable);
        scenario.latency_ms = latency_ms;
        let run = run(&scenario, Pacer::unpaced());
        report(
            &format!("1,000 at 16/s, {latency_ms} ms, readable {readable}"),
            &run,
            16.0,
        );
        let end = run.finished_ms();
        // A readable Retry-After holds every write for at least a second
        // (the wait is in whole seconds): a little less gets through.
        let goal = if readable { 0.93 } else { 0.95 };
        assert!(run.throughput(0.0, end) >= goal * 16.0);
        assert!(run.throttled_share(0.0, end) < whole_run_share);
        assert!(run.throttled_share(10_000.0, end) < 0.01);
    }
}

#[test]
fn after_a_burst_elsewhere_takes_the_quota_the_pace_comes_back() {
    for readable in [false, true] {
        // Another client takes three quarters of the quota for 10 s.
        let mut scenario = Scenario::new(20.0, 4_000, readable);
        scenario.rate_changes = vec![(60_000.0, 5.0), (70_000.0, 20.0)];
        let run = run(&scenario, Pacer::unpaced());
        report(&format!("burst, readable {readable}"), &run, 20.0);
        let during = run.throughput(60_000.0, 70_000.0);
        let after = run.throughput(80_000.0, 110_000.0);
        println!("  during {during:.1}/s, after {after:.1}/s");
        assert!(during >= 0.8 * 5.0, "during {during}");
        assert!(after >= 0.95 * 20.0, "after {after}");
        assert!(run.throttled_share(0.0, run.finished_ms()) < 0.02);
    }
}
