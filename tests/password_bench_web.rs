//! The password engine's benchmark in the browser (headless Chromium): the
//! engine against a naive one-call-per-character generator, in the same run.
//! Not a timed test: ignored by default, run by `scripts/bench.sh`.
#![cfg(target_arch = "wasm32")]

use reset_password_widget::password::run_benchmark;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = "export function seconds_now() { return performance.now() / 1000; }")]
extern "C" {
    fn seconds_now() -> f64;
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
