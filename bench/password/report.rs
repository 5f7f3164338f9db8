//! The engine against the common way of making passwords, measured in one
//! run. Shared by the host benchmark (`host.rs`) and the browser one
//! (`browser.rs`), which pass their own clock; each includes this file with
//! `#[path]`, so the widget itself carries no benchmark code.

use std::hint::black_box;

use reset_password_widget::password::{
    DIGITS, GeneratorError, GeneratorOptions, LOWERCASE, OsRandom, PasswordGenerator, SYMBOLS,
    UPPERCASE, generate,
};

/// Seconds taken by each way for the same number of passwords.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchReport {
    pub passwords: usize,
    pub length: usize,
    /// `generate`, one call per password: one random batch each.
    pub engine_seconds: f64,
    /// One `PasswordGenerator` for all passwords (bulk resets).
    pub bulk_seconds: f64,
    /// One random-source call per character and `byte % alphabet`, the
    /// common way (biased, and it never checks the class rule).
    pub naive_seconds: f64,
}

impl BenchReport {
    /// How many times faster `generate` is than the naive way.
    pub fn engine_speedup(&self) -> f64 {
        self.naive_seconds / self.engine_seconds
    }

    pub fn bulk_speedup(&self) -> f64 {
        self.naive_seconds / self.bulk_seconds
    }
}

/// Makes `passwords` passwords of `length` characters three ways, timing
/// each with `now_seconds` (any monotonic clock in seconds).
pub fn run_benchmark(
    passwords: usize,
    length: usize,
    mut now_seconds: impl FnMut() -> f64,
) -> Result<BenchReport, GeneratorError> {
    let options = GeneratorOptions {
        length,
        ..GeneratorOptions::default()
    };

    let start = now_seconds();
    for _ in 0..passwords {
        black_box(generate(&options)?);
    }
    let engine_seconds = now_seconds() - start;

    let start = now_seconds();
    let mut generator = PasswordGenerator::new(&options, OsRandom)?;
    for _ in 0..passwords {
        black_box(generator.next_password()?);
    }
    let bulk_seconds = now_seconds() - start;

    let start = now_seconds();
    for _ in 0..passwords {
        black_box(naive_password(length)?);
    }
    let naive_seconds = now_seconds() - start;

    Ok(BenchReport {
        passwords,
        length,
        engine_seconds,
        bulk_seconds,
        naive_seconds,
    })
}

/// The baseline: one getrandom call per character, reduced by modulo.
pub fn naive_password(length: usize) -> Result<String, GeneratorError> {
    let alphabet: Vec<u8> = [LOWERCASE, UPPERCASE, DIGITS, SYMBOLS]
        .concat()
        .into_bytes();
    let mut password = String::with_capacity(length);
    for _ in 0..length {
        let mut byte = [0u8; 1];
        getrandom::fill(&mut byte)?;
        password.push(char::from(alphabet[usize::from(byte[0]) % alphabet.len()]));
    }
    Ok(password)
}
