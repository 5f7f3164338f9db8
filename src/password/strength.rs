//! Strength in bits: exact for generated passwords, estimated for typed ones.

use std::f64::consts::LN_2;

use zeroize::Zeroizing;

use super::banned::{BANNED_TERMS, normalized_terms};
use super::charset::{CharClass, class_of};
use super::generator::{GeneratorOptions, Plan};

/// log2 of the number of passwords `generate` can return for `options`;
/// each is equally likely, so this is the exact entropy. 0 when the options
/// are refused.
pub fn entropy_bits(options: &GeneratorOptions) -> f64 {
    Plan::cached(options).map_or(0.0, |plan| plan.ln_count / LN_2)
}

/// Natural log of the number of strings of `length` characters over classes
/// of the given `sizes` with at least `minimums[c]` characters of class `c`
/// and at least `required_classes` classes present; `-inf` when none.
///
/// Counting by class composition (k0..k3): the strings with that composition
/// number length! * prod(size^k / k!). Summing over the allowed compositions
/// is the inclusion–exclusion count, done class by class in log space
/// (log-sum-exp) so that 94^256 does not overflow.
pub(crate) fn ln_count_passwords(
    length: usize,
    sizes: [usize; 4],
    minimums: [usize; 4],
    required_classes: usize,
) -> f64 {
    let ln_fact: Vec<f64> = std::iter::once(0.0)
        .chain((1..=length).scan(0.0, |acc, i| {
            *acc += (i as f64).ln();
            Some(*acc)
        }))
        .collect();

    // table[used][present]: ln of the sum of prod(size^k / k!) over the
    // classes seen so far, with `used` characters and `present` classes.
    let mut table = vec![[f64::NEG_INFINITY; 5]; length + 1];
    table[0][0] = 0.0;
    for class in CharClass::ALL {
        let size = sizes[class.index()];
        if size == 0 {
            continue;
        }
        let minimum = minimums[class.index()];
        let ln_size = (size as f64).ln();
        // ln(size^k / k!) for each count k >= 1 this class may take.
        let weights: Vec<f64> = (0..=length)
            .map(|k| k as f64 * ln_size - ln_fact[k])
            .collect();
        let mut next = vec![[f64::NEG_INFINITY; 5]; length + 1];
        for (total, row) in next.iter_mut().enumerate() {
            for (present, cell) in row.iter_mut().enumerate() {
                let mut sum = LogSum::default();
                if minimum == 0 {
                    sum.add(table[total][present]);
                }
                if present > 0 {
                    for k in minimum.max(1)..=total {
                        sum.add(table[total - k][present - 1] + weights[k]);
                    }
                }
                *cell = sum.ln();
            }
        }
        table = next;
    }
    let mut tail = LogSum::default();
    for ln_term in &table[length][required_classes.min(4)..] {
        tail.add(*ln_term);
    }
    ln_fact[length] + tail.ln()
}

/// Natural log of the number of passwords counted by [`ln_count_passwords`]
/// that do not start with one of `excluded_leads` given symbols.
pub(crate) fn ln_count_without_leading(
    length: usize,
    sizes: [usize; 4],
    minimums: [usize; 4],
    required_classes: usize,
    excluded_leads: usize,
) -> f64 {
    let all = ln_count_passwords(length, sizes, minimums, required_classes);
    let symbol = CharClass::Symbol.index();
    if excluded_leads == 0 || sizes[symbol] == 0 || length == 0 {
        return all;
    }
    // Those that start with one given symbol: the other characters hold
    // symbols too, or none and then bring one class fewer.
    let mut with_symbols = minimums;
    with_symbols[symbol] = minimums[symbol].saturating_sub(1).max(1);
    let mut first = LogSum::default();
    first.add(ln_count_passwords(
        length - 1,
        sizes,
        with_symbols,
        required_classes,
    ));
    if minimums[symbol] <= 1 {
        let mut no_symbols = sizes;
        no_symbols[symbol] = 0;
        let mut others = minimums;
        others[symbol] = 0;
        first.add(ln_count_passwords(
            length - 1,
            no_symbols,
            others,
            required_classes.saturating_sub(1),
        ));
    }
    all + (-(excluded_leads as f64) * (first.ln() - all).exp()).ln_1p()
}

/// A sum of exponentials kept as ln, rescaled as it goes so that terms like
/// ln(94^256) neither overflow nor lose precision.
struct LogSum {
    max: f64,
    scaled: f64,
}

impl Default for LogSum {
    fn default() -> Self {
        Self {
            max: f64::NEG_INFINITY,
            scaled: 0.0,
        }
    }
}

impl LogSum {
    fn add(&mut self, ln_term: f64) {
        if ln_term == f64::NEG_INFINITY {
            return;
        }
        if ln_term > self.max {
            self.scaled = self.scaled * (self.max - ln_term).exp() + 1.0;
            self.max = ln_term;
        } else {
            self.scaled += (ln_term - self.max).exp();
        }
    }

    fn ln(&self) -> f64 {
        self.max + self.scaled.ln()
    }
}

/// Sequences people type: the alphabet, digits and keyboard rows.
const SEQUENCES: &[&str] = &[
    "abcdefghijklmnopqrstuvwxyz",
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "qwertzuiop",
    "azertyuiop",
    "!@#$%^&*()",
];
const MIN_PATTERN: usize = 3;

/// An estimate of how many guesses (in bits) a typed password resists: the
/// cheapest reading of it as random characters, runs (`aaaa`), sequences
/// (`abcd`, `qwerty`, `4321`), years, repeated blocks (`abcabc`) and common
/// terms (with capitals and 0/1/$/@ substitutions). Never above
/// `length * log2(pool)`.
pub fn estimate_entropy_bits(typed: &str) -> f64 {
    // Copies of the password are wiped on drop (sized up front, so never
    // reallocated).
    let mut chars = Zeroizing::new(Vec::with_capacity(typed.len()));
    chars.extend(typed.chars());
    if chars.is_empty() {
        return 0.0;
    }
    let char_bits = pool_size(&chars).log2();
    let patterns = find_patterns(&chars, char_bits);
    let n = chars.len();

    // cost[i]: cheapest bits for chars[i..], repeated blocks allowed.
    let mut cost = vec![0.0; n + 1];
    for i in (0..n).rev() {
        let mut best = char_bits + cost[i + 1];
        for pattern in &patterns[i] {
            best = best.min(pattern.bits + cost[pattern.end]);
        }
        for block in 2..=(n - i) / 2 {
            let copies = (1..)
                .take_while(|r| {
                    let at = i + r * block;
                    at + block <= n && chars[at..at + block] == chars[i..i + block]
                })
                .count()
                + 1;
            if copies >= 2 {
                let first = cheapest(&patterns, char_bits, i, i + block);
                best = best.min(first + (copies as f64).log2() + cost[i + copies * block]);
            }
        }
        cost[i] = best;
    }
    cost[0]
}

/// Cheapest bits for chars[start..end] without repeated blocks.
fn cheapest(patterns: &[Vec<Pattern>], char_bits: f64, start: usize, end: usize) -> f64 {
    let mut cost = vec![0.0; end - start + 1];
    for i in (start..end).rev() {
        let mut best = char_bits + cost[i + 1 - start];
        for pattern in patterns[i].iter().filter(|p| p.end <= end) {
            best = best.min(pattern.bits + cost[pattern.end - start]);
        }
        cost[i - start] = best;
    }
    cost[0]
}

/// Characters an attacker must try per position, from the classes seen.
fn pool_size(chars: &[char]) -> f64 {
    let mut classes = [false; 4];
    let mut other = false;
    for c in chars {
        match class_of(*c) {
            Some(class) => classes[class.index()] = true,
            None => other = true,
        }
    }
    let sizes = [26.0, 26.0, 10.0, 33.0];
    let known: f64 = sizes
        .iter()
        .zip(classes)
        .filter(|(_, on)| *on)
        .map(|(s, _)| s)
        .sum();
    known + if other { 100.0 } else { 0.0 }
}

struct Pattern {
    end: usize,
    bits: f64,
}

fn find_patterns(chars: &[char], char_bits: f64) -> Vec<Vec<Pattern>> {
    let lower: Zeroizing<Vec<char>> =
        Zeroizing::new(chars.iter().map(|c| c.to_ascii_lowercase()).collect());
    let unleet: Zeroizing<Vec<char>> = Zeroizing::new(
        lower
            .iter()
            .map(|c| match c {
                '0' => 'o',
                '1' => 'l',
                '$' => 's',
                '@' => 'a',
                other => *other,
            })
            .collect(),
    );
    let terms = normalized_terms();
    let term_bits = (BANNED_TERMS.len() as f64).log2();
    let n = chars.len();

    (0..n)
        .map(|i| {
            let mut found = Vec::new();
            // Runs of one character: the character, then the run length.
            let run = chars[i..].iter().take_while(|c| **c == chars[i]).count();
            if run >= MIN_PATTERN {
                found.push(Pattern {
                    end: i + run,
                    bits: char_bits + (run as f64).log2(),
                });
            }
            // Sequences, either direction: where it starts, which way, how long.
            for sequence in SEQUENCES {
                let seq: Vec<char> = sequence.chars().collect();
                for start in seq.iter().enumerate().filter(|(_, c)| **c == lower[i]) {
                    for step in [1isize, -1] {
                        let len = (0..n - i)
                            .take_while(|k| {
                                let at = start.0 as isize + step * *k as isize;
                                at >= 0 && seq.get(at as usize) == Some(&lower[i + k])
                            })
                            .count();
                        if len >= MIN_PATTERN {
                            let bits = (seq.len() as f64).log2()
                                + 1.0
                                + (len as f64).log2()
                                + case_bits(&chars[i..i + len]);
                            found.push(Pattern { end: i + len, bits });
                        }
                    }
                }
            }
            // Years 1900..=2099.
            if let Some(year) = chars.get(i..i + 4) {
                let digits: Option<u32> = year
                    .iter()
                    .try_fold(0, |n, c| Some(n * 10 + c.to_digit(10)?));
                if matches!(digits, Some(1900..=2099)) {
                    found.push(Pattern {
                        end: i + 4,
                        bits: 200f64.log2(),
                    });
                }
            }
            // Common terms, with their capitals and substitutions.
            for term in terms {
                if unleet[i..].starts_with(term) {
                    let end = i + term.len();
                    let substituted = (i..end).filter(|k| lower[*k] != unleet[*k]).count();
                    let bits = term_bits + case_bits(&chars[i..end]) + substituted as f64;
                    found.push(Pattern { end, bits });
                }
            }
            found
        })
        .collect()
}

/// Bits for where the capitals are: none, only the first, or all cost little.
fn case_bits(chars: &[char]) -> f64 {
    let upper = chars.iter().filter(|c| c.is_ascii_uppercase()).count();
    let letters = chars.iter().filter(|c| c.is_ascii_alphabetic()).count();
    if upper == 0 {
        0.0
    } else if upper == letters || (upper == 1 && chars[0].is_ascii_uppercase()) {
        1.0
    } else {
        // Which of the letters are capitals: log2 C(letters, upper).
        (0..upper)
            .map(|k| ((letters - k) as f64 / (k + 1) as f64).log2())
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Brute force over every string of a tiny alphabet.
    fn brute_force(length: u32, sizes: [usize; 4], minimums: [usize; 4], required: usize) -> u64 {
        let classes: Vec<usize> = (0..4)
            .flat_map(|c| std::iter::repeat_n(c, sizes[c]))
            .collect();
        let total = (classes.len() as u64).pow(length);
        (0..total)
            .filter(|code| {
                let mut counts = [0usize; 4];
                let mut rest = *code;
                for _ in 0..length {
                    counts[classes[(rest % classes.len() as u64) as usize]] += 1;
                    rest /= classes.len() as u64;
                }
                counts.iter().filter(|n| **n > 0).count() >= required
                    && counts.iter().zip(minimums).all(|(n, m)| *n >= m)
            })
            .count() as u64
    }

    #[test]
    fn counting_matches_brute_force() {
        for (length, sizes, minimums, required) in [
            (5, [2, 2, 1, 1], [1, 1, 1, 1], 3),
            (6, [2, 1, 1, 2], [0, 2, 0, 1], 3),
            (4, [1, 2, 0, 2], [1, 1, 0, 1], 3),
            (5, [3, 0, 2, 1], [0, 0, 0, 0], 2),
            (3, [1, 1, 1, 1], [2, 2, 0, 0], 0),
        ] {
            let exact = brute_force(length, sizes, minimums, required) as f64;
            let counted = ln_count_passwords(length as usize, sizes, minimums, required).exp();
            assert!(
                (counted - exact).abs() < 1e-6 * exact.max(1.0),
                "{exact} vs {counted}"
            );
        }
    }

    #[test]
    fn counting_without_leads_matches_brute_force() {
        // The leads are the first `leads` symbols, the alphabet's last class.
        for (length, sizes, minimums, required, leads) in [
            (5, [2, 2, 1, 2], [1, 1, 1, 1], 3, 1),
            (6, [2, 1, 1, 3], [0, 2, 0, 2], 3, 2),
            (5, [1, 2, 1, 2], [0, 0, 0, 0], 3, 1),
            (4, [1, 1, 1, 2], [1, 1, 0, 0], 2, 2),
        ] {
            let classes: Vec<usize> = (0..4)
                .flat_map(|c| std::iter::repeat_n(c, sizes[c]))
                .collect();
            let first_lead = sizes[0] + sizes[1] + sizes[2];
            let n = classes.len() as u64;
            let exact = (0..n.pow(length))
                .filter(|code| {
                    let mut counts = [0usize; 4];
                    let mut rest = *code;
                    for _ in 0..length {
                        counts[classes[(rest % n) as usize]] += 1;
                        rest /= n;
                    }
                    let first = (code % n) as usize;
                    !(first_lead..first_lead + leads).contains(&first)
                        && counts.iter().filter(|c| **c > 0).count() >= required
                        && counts.iter().zip(minimums).all(|(c, m)| *c >= m)
                })
                .count() as f64;
            let counted =
                ln_count_without_leading(length as usize, sizes, minimums, required, leads).exp();
            assert!(
                (counted - exact).abs() < 1e-6 * exact.max(1.0),
                "{exact} vs {counted}"
            );
        }
    }

    #[test]
    fn default_options_match_inclusion_exclusion() {
        // 16 characters, one of each class required: sum over the excluded
        // classes S of (-1)^|S| (94 - |S's chars|)^16, computed exactly.
        let sizes = [26u128, 26, 10, 32];
        let mut exact: i128 = 0;
        for mask in 0u32..16 {
            let excluded: u128 = (0..4)
                .filter(|c| mask & (1 << c) != 0)
                .map(|c| sizes[c])
                .sum();
            let term = (94 - excluded).pow(16) as i128;
            exact += if mask.count_ones() % 2 == 0 {
                term
            } else {
                -term
            };
        }
        // Less those starting with one of the 4 formula leads: the other 15
        // characters must bring a lowercase, an uppercase and a digit.
        let mut after_lead: i128 = 0;
        for mask in 0u32..8 {
            let excluded: u128 = (0..3)
                .filter(|c| mask & (1 << c) != 0)
                .map(|c| sizes[c])
                .sum();
            let term = (94 - excluded).pow(15) as i128;
            after_lead += if mask.count_ones() % 2 == 0 {
                term
            } else {
                -term
            };
        }
        exact -= 4 * after_lead;
        let expected = (exact as f64).log2();
        let got = entropy_bits(&GeneratorOptions::default());
        assert!((got - expected).abs() < 1e-9, "{got} vs {expected}");
        assert!(got < 16.0 * 94f64.log2());
    }

    #[test]
    fn unconstrained_counts_are_plain_powers() {
        let options = GeneratorOptions {
            length: 256,
            min_lowercase: 0,
            min_uppercase: 0,
            min_digits: 0,
            min_symbols: 0,
            ..GeneratorOptions::default()
        };
        // Only strings with fewer than 3 classes or a formula lead are
        // excluded: the leads take 4 of the 94 first characters.
        let bits = entropy_bits(&options);
        let expected = 255.0 * 94f64.log2() + 90f64.log2();
        assert!((bits - expected).abs() < 1e-9, "{bits}");
        assert_eq!(
            entropy_bits(&GeneratorOptions {
                length: 3,
                ..options
            }),
            0.0
        );
    }

    #[test]
    fn typed_estimates_penalise_patterns() {
        let random = estimate_entropy_bits("xK7#vQ9mLp2!");
        assert!((random - 12.0 * 95f64.log2()).abs() < 1e-9);
        assert!(estimate_entropy_bits("P@ssw0rd2024") < 25.0);
        assert!(estimate_entropy_bits("aaaaaaaaaaaa") < 10.0);
        assert!(estimate_entropy_bits("abcdefgh1234") < 17.0);
        assert!(estimate_entropy_bits("qwertyuiop") < 10.0);
        assert!(estimate_entropy_bits("Tq7#Tq7#Tq7#") < 30.0);
        assert!(estimate_entropy_bits("Summer2024!") < estimate_entropy_bits("Sxmqer2u4h!"));
        assert_eq!(estimate_entropy_bits(""), 0.0);
    }

    #[test]
    fn typed_estimate_is_fast_on_the_worst_case() {
        let start = std::time::Instant::now();
        let bits = estimate_entropy_bits(&"a".repeat(256));
        assert!(bits < 20.0);
        assert!(estimate_entropy_bits(&"ab".repeat(128)) < 30.0);
        assert!(start.elapsed().as_secs() < 5);
    }
}
