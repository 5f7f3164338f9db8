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

/// Exact probability that `position` holds each class, for a uniform draw
/// over passwords with at least one of every class whose first character is
/// not one of the first `leads` symbols: summing over class compositions k,
/// each weighted by how many passwords have it, less those with a lead first.
fn class_probabilities(sizes: [usize; 4], position: usize, leads: usize) -> [f64; 4] {
    let ln_fact = |n: usize| (1..=n).map(|i| (i as f64).ln()).sum::<f64>();
    let length = LENGTH as f64;
    // The share of first symbols that are leads.
    let lead_share = leads as f64 / sizes[3] as f64;
    let mut weight_sum = 0.0;
    let mut expected = [0.0; 4];
    for a in 1..=LENGTH {
        for b in 1..=LENGTH - a {
            for c in 1..=LENGTH - a - b {
                let d = LENGTH - a - b - c;
                if d == 0 {
                    continue;
                }
                let k = [a, b, c, d].map(|n| n as f64);
                let ln_weight = ln_fact(LENGTH)
                    + (0..4)
                        .map(|i| k[i] * (sizes[i] as f64).ln() - ln_fact(k[i] as usize))
                        .sum::<f64>();
                // Scaled by 94^-20 so the sums stay in range.
                let weight = (ln_weight - length * 94f64.ln()).exp();
                let first_is_lead = k[3] / length * lead_share;
                weight_sum += weight * (1.0 - first_is_lead);
                for i in 0..4 {
                    let here = k[i] / length;
                    let here_after_lead = if position == 0 {
                        if i == 3 { first_is_lead } else { 0.0 }
                    } else {
                        let same = if i == 3 { 1.0 } else { 0.0 };
                        k[3] * (k[i] - same) / (length * (length - 1.0)) * lead_share
                    };
                    expected[i] += weight * (here - here_after_lead);
                }
            }
        }
    }
    expected.map(|e| e / weight_sum)
}

/// Wilson–Hilferty approximation of the chi-square quantile at z = 4
/// (a false alarm about once in 30,000 checks).
fn critical_value(degrees: f64) -> f64 {
    let h = 2.0 / (9.0 * degrees);
    degrees * (1.0 - h + 4.0 * h.sqrt()).powi(3)
}

/// Cells expected never to occur must not occur; they add no degree of freedom.
fn chi_square(counts: &[u64], expected: &[f64]) -> f64 {
    counts
        .iter()
        .zip(expected)
        .map(|(&observed, &e)| {
            if e == 0.0 {
                assert_eq!(observed, 0, "a character that may not appear here did");
                0.0
            } else {
                (observed as f64 - e).powi(2) / e
            }
        })
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

/// Expected count of each alphabet character at `position` over all
/// passwords, when no password starts with one of `leads` (all symbols).
fn expected_per_character(sizes: [usize; 4], position: usize, leads: &[char]) -> Vec<f64> {
    let probabilities = class_probabilities(sizes, position, leads.len());
    let (alphabet, _) = alphabet();
    let symbols_from = sizes[0] + sizes[1] + sizes[2];
    alphabet
        .iter()
        .enumerate()
        .map(|(index, c)| {
            let class = (0..4).find(|&k| index < sizes[..=k].iter().sum()).unwrap();
            let is_lead = leads.contains(c);
            let p = if index >= symbols_from && position == 0 {
                // First character: the leads never, the other symbols share.
                if is_lead {
                    0.0
                } else {
                    probabilities[3] / (sizes[3] - leads.len()) as f64
                }
            } else {
                probabilities[class] / sizes[class] as f64
            };
            p * PASSWORDS as f64
        })
        .collect()
}

/// Expected counts for every position.
fn expected_by_position(sizes: [usize; 4], leads: &[char]) -> Vec<Vec<f64>> {
    (0..LENGTH)
        .map(|position| expected_per_character(sizes, position, leads))
        .collect()
}

/// The position whose chi-square is largest against its critical value:
/// (chi-square, critical value). Cells expected to be empty add no degree
/// of freedom.
fn worst_position(counts: &[Vec<u64>], expected: &[Vec<f64>]) -> (f64, f64) {
    counts
        .iter()
        .zip(expected)
        .map(|(c, e)| {
            let cells = e.iter().filter(|e| **e > 0.0).count();
            (chi_square(c, e), critical_value((cells - 1) as f64))
        })
        .fold((0.0, 1.0), |worst, next| {
            if next.0 / next.1 > worst.0 / worst.1 {
                next
            } else {
                worst
            }
        })
}

fn formula_leads() -> Vec<char> {
    FORMULA_LEADS.chars().collect()
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
    // No password starts with a formula lead (`= + - @`): the first position
    // has its own distribution, and the others shift very slightly.
    let expected = expected_by_position(sizes, &formula_leads());

    let (worst, critical) = worst_position(&counts, &expected);
    assert!(worst < critical, "chi-square {worst:.1} >= {critical:.1}");

    // All positions pooled: 10^6 characters against the same distribution.
    let pooled: Vec<u64> = (0..alphabet.len())
        .map(|i| counts.iter().map(|c| c[i]).sum())
        .collect();
    let pooled_expected: Vec<f64> = (0..alphabet.len())
        .map(|i| expected.iter().map(|e| e[i]).sum())
        .collect();
    let chi = chi_square(&pooled, &pooled_expected);
    let critical = critical_value((alphabet.len() - 1) as f64);
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
    let (worst, critical) = worst_position(&counts, &expected_by_position(sizes, &[]));
    assert!(
        worst > 5.0 * critical,
        "modulo bias went unseen: {worst:.1}"
    );
}

#[test]
fn leads_kept_from_the_front_shift_symbols_to_the_other_positions() {
    // The model the generator is checked against: with no lead first, the
    // first character is less often a symbol, and since a symbol is still
    // required, every later position is a little more often one.
    let (_, sizes) = alphabet();
    assert!(class_probabilities(sizes, 0, 4)[3] < class_probabilities(sizes, 0, 0)[3]);
    assert!(class_probabilities(sizes, 5, 4)[3] > class_probabilities(sizes, 5, 0)[3]);
}

#[test]
fn class_probabilities_add_up() {
    let (_, sizes) = alphabet();
    for (position, leads) in [(0, 0), (0, 4), (7, 4)] {
        let p = class_probabilities(sizes, position, leads);
        assert!(
            (p.iter().sum::<f64>() - 1.0).abs() < 1e-12,
            "{position} {leads}"
        );
    }
    // Requiring a digit makes digits a little more likely than 10/94.
    assert!(class_probabilities(sizes, 0, 0)[2] > 10.0 / 94.0);
}
