//! The password engine's benchmark in the browser (headless Chromium): the
//! engine against a naive one-call-per-character generator, in the same run.
//! The timed run is ignored by default and run by `scripts/bench.sh`; two
//! short checks that the benchmark itself works run with the component tests.
#![cfg(target_arch = "wasm32")]

#[path = "report.rs"]
mod report;

use report::{naive_password, run_benchmark};
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function seconds_now() { return performance.now() / 1000; }")]
extern "C" {
    fn seconds_now() -> f64;
}

#[wasm_bindgen_test]
fn the_report_compares_each_way_with_the_naive_one() {
    // A clock that ticks once per reading: each way takes exactly 1 s.
    let mut tick = 0.0;
    let report = run_benchmark(3, 20, || {
        tick += 1.0;
        tick
    })
    .unwrap();
    assert_eq!(report.engine_seconds, 1.0);
    assert_eq!(report.engine_speedup(), 1.0);
    assert_eq!(report.bulk_speedup(), 1.0);
    assert_eq!(naive_password(20).unwrap().len(), 20);
}

#[wasm_bindgen_test]
fn the_benchmark_runs_in_the_browser() {
    let report = run_benchmark(200, 20, seconds_now).expect("Web Crypto is available");
    assert!(report.engine_seconds >= 0.0 && report.naive_seconds >= 0.0);
}

#[wasm_bindgen_test]
#[ignore = "benchmark: run with scripts/bench.sh"]
fn password_engine_in_the_browser() {
    let report = run_benchmark(100_000, 20, seconds_now).expect("Web Crypto is available");
    console_log!(
        "browser: {} passwords of {} chars: engine {:.3} s, bulk {:.3} s, naive {:.3} s; \
         naive/engine {:.2}x, naive/bulk {:.2}x",
        report.passwords,
        report.length,
        report.engine_seconds,
        report.bulk_seconds,
        report.naive_seconds,
        report.engine_speedup(),
        report.bulk_speedup()
    );
}
