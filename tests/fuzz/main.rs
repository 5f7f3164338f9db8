//! Fuzzing at scale, on the host: the password policy validator, the
//! recipients parser, the decoding of Graph answers and the configuration
//! attributes each get random text and near-valid inputs built from a small
//! grammar, and the users list's paging gets tenants whose next links loop.
//! Every target checks what must hold for each input, not only that nothing
//! panics. One file per target; this one holds the harness.
//!
//! `FUZZ_ITERATIONS` sets the inputs per target (20,000 by default, a short run
//! for CI). A failure prints the seed and the input number; `FUZZ_SEED` replays
//! a run and `FUZZ_CASE` one input of it. The paging target draws its tenants
//! with proptest instead: its failure prints the seed and the smallest tenant
//! that still fails, and `FUZZ_SEED` replays it. The long run, a million
//! inputs each:
//!
//! ```text
//! FUZZ_ITERATIONS=1000000 cargo test --release --no-default-features --test fuzz_inputs
//! ```

#![cfg(not(target_arch = "wasm32"))]

mod config;
mod graph;
mod paging;
mod policy;
mod recipients;
#[path = "../common/seeded.rs"]
mod seeded;
mod text;

use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use proptest::strategy::Strategy;
use proptest::test_runner::{Config as ProptestConfig, RngSeed, TestRunner};
use reset_password_widget::i18n::Lang;

use seeded::{XorShift64Star, splitmix64};

/// The generator the hand-written grammars draw their inputs from.
type Rng = XorShift64Star;

const DEFAULT_ITERATIONS: u64 = 20_000;
const LANGS: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Zh];

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text:?} is not a number")))
}

fn iterations() -> u64 {
    env_number("FUZZ_ITERATIONS").unwrap_or(DEFAULT_ITERATIONS)
}

fn seed() -> u64 {
    env_number("FUZZ_SEED").unwrap_or_else(|| {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0);
        splitmix64(nanos ^ u64::from(std::process::id()))
    })
}

/// Each input has its own generator state, derived from the seed and its
/// number, so one input replays without the ones before it.
fn rng_for_case(seed: u64, case: u64) -> Rng {
    XorShift64Star(splitmix64(seed ^ splitmix64(case)) | 1)
}

/// Cuts a long input for the failure message, on a character boundary.
fn shown(input: &impl Debug) -> String {
    let mut shown = format!("{input:?}");
    if shown.len() > 4000 {
        let cut = (0..=4000).rev().find(|&i| shown.is_char_boundary(i));
        shown.truncate(cut.unwrap_or(0));
        shown.push_str(" …");
    }
    shown
}

/// Runs `check` on `FUZZ_ITERATIONS` inputs made by `generate`.
fn fuzz<I: Debug>(target: &str, generate: impl Fn(&mut Rng) -> I, check: impl Fn(&I)) {
    let seed = seed();
    let cases = match env_number("FUZZ_CASE") {
        Some(case) => case..case + 1,
        None => 0..iterations(),
    };
    for case in cases {
        let replay = format!(
            "{target}: input {case} failed; replay it with \
             FUZZ_SEED={seed} FUZZ_CASE={case} cargo test --test fuzz_inputs {target}"
        );
        let mut rng = rng_for_case(seed, case);
        let input = match catch_unwind(AssertUnwindSafe(|| generate(&mut rng))) {
            Ok(input) => input,
            Err(_) => panic!("{replay} (while generating the input)"),
        };
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            panic!("{replay}\ninput: {}", shown(&input));
        }
    }
}

/// Runs `check` on `FUZZ_ITERATIONS` inputs drawn from a proptest strategy,
/// seeded like [`fuzz`]; a failure is shrunk to the smallest input that still
/// fails. `FUZZ_CASE` does not apply: the seed alone replays the run.
fn fuzz_strategy<S>(target: &str, strategy: S, check: impl Fn(&S::Value))
where
    S: Strategy,
    S::Value: Debug,
{
    let seed = seed();
    let cases = u32::try_from(iterations()).expect("FUZZ_ITERATIONS fits in 32 bits");
    let mut runner = TestRunner::new(ProptestConfig {
        cases,
        rng_seed: RngSeed::Fixed(seed),
        // The seed in the message replays a failure; no regression files.
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let outcome = runner.run(&strategy, |input| {
        check(&input);
        Ok(())
    });
    if let Err(failure) = outcome {
        panic!(
            "{target} failed; replay it with FUZZ_SEED={seed} cargo test --test fuzz_inputs \
             {target}\n{failure}"
        );
    }
}
