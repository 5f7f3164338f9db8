//! Host half of the password benchmark: 100,000 passwords of 20 characters,
//! this engine against one getrandom call per character, in the same run.
//! Run with `cargo bench --bench password_engine --no-default-features`.

#[path = "report.rs"]
mod report;

use std::time::Instant;

use report::run_benchmark;

const PASSWORDS: usize = 100_000;
const LENGTH: usize = 20;

fn main() {
    let origin = Instant::now();
    let report = run_benchmark(PASSWORDS, LENGTH, || origin.elapsed().as_secs_f64())
        .expect("the system random source is available");
    let per = |seconds: f64| seconds * 1e9 / PASSWORDS as f64;
    println!(
        "{} passwords of {} characters (host)",
        report.passwords, report.length
    );
    println!(
        "  engine, generate() per password : {:8.3} s  {:8.0} ns/password",
        report.engine_seconds,
        per(report.engine_seconds)
    );
    println!(
        "  engine, one bulk generator      : {:8.3} s  {:8.0} ns/password",
        report.bulk_seconds,
        per(report.bulk_seconds)
    );
    println!(
        "  naive, getrandom per character  : {:8.3} s  {:8.0} ns/password",
        report.naive_seconds,
        per(report.naive_seconds)
    );
    println!("  naive / engine  = {:.2}x", report.engine_speedup());
    println!("  naive / bulk    = {:.2}x", report.bulk_speedup());
}
