//! Statistics of the generator with a fixed seed: every position of the
//! password follows the exact distribution of a uniform draw over all
//! passwords that meet the options (chi-square over 10^6 characters).

use reset_password_widget::password::*;

// xorshift64*: seeded, so the statistics are the same on every run.
#[path = "common/seeded.rs"]
mod seeded;
use seeded::XorShift64Star;

const LENGTH: usize = 20;
const PASSWORDS: usize = 50_000; // 10^6 characters

/// The alphabet of the default options, in class order, and class sizes.
fn alphabet() -> (Vec<char>, [usize; 4]) {
    let classes = [LOWERCASE, UPPERCASE, DIGITS, SYMBOLS];
    let chars = classes.concat().chars().collect();
    (chars, classes.map(str::len))
}

/// Exact probability that a given position holds a character of each class,
/// for a uniform draw over passwords with at least one of every class:
/// E[count of class] / length, summing over class compositions.
fn class_probabilities(sizes: [usize; 4]) -> [f64; 4] {
    let ln_fact = |n: usize| (1..=n).map(|i| (i as f64).ln()).sum::<f64>();
    let mut weight_sum = 0.0;
    let mut expected = [0.0; 4];
    for a in 1..=LENGTH {
        for b in 1..=LENGTH - a {
            for c in 1..=LENGTH - a - b {
                let d = LENGTH - a - b - c;
                if d == 0 {
                    continue;
                }
                let k = [a, b, c, d];
                let ln_weight = ln_fact(LENGTH)
                    + (0..4)
                        .map(|i| k[i] as f64 * (sizes[i] as f64).ln() - ln_fact(k[i]))
                        .sum::<f64>();
                // Scaled by 94^-20 so the sums stay in range.
                let weight = (ln_weight - LENGTH as f64 * 94f64.ln()).exp();
                weight_sum += weight;
                for i in 0..4 {
                    expected[i] += weight * k[i] as f64;
                }
            }
        }
    }
    expected.map(|e| e / weight_sum / LENGTH as f64)
}

/// Wilson–Hilferty approximation of the chi-square quantile at z = 4
/// (a false alarm about once in 30,000 checks).
fn critical_value(degrees: f64) -> f64 {
    let h = 2.0 / (9.0 * degrees);
    degrees * (1.0 - h + 4.0 * h.sqrt()).powi(3)
}

fn chi_square(counts: &[u64], expected: &[f64]) -> f64 {
    counts
        .iter()
        .zip(expected)
        .map(|(&observed, &e)| (observed as f64 - e).powi(2) / e)
        .sum()
}

/// Per position: counts of each alphabet character.
fn tally(passwords: impl Iterator<Item = String>, alphabet: &[char]) -> Vec<Vec<u64>> {
    let mut counts = vec![vec![0u64; alphabet.len()]; LENGTH];
    let index = |c: char| {
        alphabet
            .iter()
            .position(|a| *a == c)
            .expect("alphabet character")
    };
    let mut lookup = [usize::MAX; 128];
    for (i, c) in alphabet.iter().enumerate() {
        lookup[*c as usize] = i;
    }
    for password in passwords {
        for (position, c) in password.chars().enumerate() {
            let slot = lookup.get(c as usize).copied().filter(|i| *i != usize::MAX);
            counts[position][slot.unwrap_or_else(|| index(c))] += 1;
        }
    }
    counts
}

fn expected_per_character(sizes: [usize; 4]) -> Vec<f64> {
    let probabilities = class_probabilities(sizes);
    (0..4)
        .flat_map(|class| {
            std::iter::repeat_n(probabilities[class] / sizes[class] as f64, sizes[class])
        })
        .map(|p| p * PASSWORDS as f64)
        .collect()
}

/// The largest chi-square over the positions, and the critical value.
fn worst_position(counts: &[Vec<u64>], expected: &[f64]) -> (f64, f64) {
    let worst = counts
        .iter()
        .map(|c| chi_square(c, expected))
        .fold(0.0, f64::max);
    (worst, critical_value((expected.len() - 1) as f64))
}

#[test]
fn every_position_is_unbiased() {
    let (alphabet, sizes) = alphabet();
    let options = GeneratorOptions {
        length: LENGTH,
        ..GeneratorOptions::default()
    };
    let mut generator =
        PasswordGenerator::new(&options, XorShift64Star(0x5EED_1234_ABCD_0001)).unwrap();
    let passwords = (0..PASSWORDS).map(|_| generator.next_password().unwrap().as_str().to_owned());
    let counts = tally(passwords, &alphabet);
    let expected = expected_per_character(sizes);

    let (worst, critical) = worst_position(&counts, &expected);
    assert!(worst < critical, "chi-square {worst:.1} >= {critical:.1}");

    // All positions pooled: 10^6 characters against the same distribution.
    let pooled: Vec<u64> = (0..alphabet.len())
        .map(|i| counts.iter().map(|c| c[i]).sum())
        .collect();
    let pooled_expected: Vec<f64> = expected.iter().map(|e| e * LENGTH as f64).collect();
    let chi = chi_square(&pooled, &pooled_expected);
    assert!(
        chi < critical,
        "pooled chi-square {chi:.1} >= {critical:.1}"
    );
}

#[test]
fn the_test_catches_modulo_bias() {
    // The same check on `byte % 94` (redrawing like the engine) must fail,
    // or the test above would prove nothing.
    let (alphabet, sizes) = alphabet();
    let mut random = XorShift64Star(0x5EED_1234_ABCD_0001);
    let mut draw = || {
        let mut byte = [0u8];
        random.fill_bytes(&mut byte).unwrap();
        alphabet[usize::from(byte[0]) % alphabet.len()]
    };
    let passwords = std::iter::from_fn(|| {
        Some(loop {
            let candidate: String = (0..LENGTH).map(|_| draw()).collect();
            if CharClass::ALL
                .iter()
                .all(|k| candidate.chars().any(|c| class_of(c) == Some(*k)))
            {
                break candidate;
            }
        })
    })
    .take(PASSWORDS);
    let counts = tally(passwords, &alphabet);
    let (worst, critical) = worst_position(&counts, &expected_per_character(sizes));
    assert!(
        worst > 5.0 * critical,
        "modulo bias went unseen: {worst:.1}"
    );
}

#[test]
fn class_probabilities_add_up() {
    let (_, sizes) = alphabet();
    let p = class_probabilities(sizes);
    assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    // Requiring a digit makes digits a little more likely than 10/94.
    assert!(p[2] > 10.0 / 94.0);
}
