//! Passphrases: words from the EFF short word list 1, joined so that the
//! result meets the Entra policy.
//!
//! Word list: EFF's Short Wordlist #1 (1,296 words of 3 to 5 letters, CC BY
//! 3.0 US, Electronic Frontier Foundation), shipped by the crate
//! `diceware_wordlists` (MIT OR Apache-2.0). Only this list is referenced,
//! so the linker drops the crate's other lists. Passphrases (list and code)
//! add 19 KB raw, 6.9 KB gzip, 5.7 KB brotli to a release wasm (opt-level z,
//! LTO, measured); the long list (7,776 words) would cost about seven times
//! the list's share for 2.6 more bits a word, which one more short word buys.

use std::sync::OnceLock;

use diceware_wordlists::EFF_SHORT_WORDLIST_1;
use zeroize::Zeroizing;

use super::charset::{CharClass, class_of};
use super::generator::{GeneratorError, REQUIRED_CLASSES};
use super::policy::{PolicyContext, validate};
use super::random::{OsRandom, RandomBytes, RandomSource};
use super::secret::Password;

pub const MIN_WORDS: usize = 3;
pub const MAX_WORDS: usize = 20;
pub const MAX_SEPARATOR_CHARS: usize = 3;
/// Digits 0 and 1 are left out: they read as O and l, and the banned-password
/// normalisation turns them into letters that could complete a common term.
pub const PASSPHRASE_DIGITS: &str = "23456789";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PassphraseOptions {
    pub words: usize,
    /// 1 to 3 symbols or spaces between words, e.g. `-`.
    pub separator: String,
    /// Capitalise the first letter of each word.
    pub capitalize: bool,
    /// Append one digit to one word, both chosen at random.
    pub add_digit: bool,
}

impl Default for PassphraseOptions {
    fn default() -> Self {
        Self {
            words: 4,
            separator: "-".to_owned(),
            capitalize: true,
            add_digit: true,
        }
    }
}

/// A passphrase from the system's secure generator.
pub fn generate_passphrase(options: &PassphraseOptions) -> Result<Password, GeneratorError> {
    generate_passphrase_with(options, &mut OsRandom)
}

/// A passphrase from `source`; tests pass a seeded generator.
pub fn generate_passphrase_with(
    options: &PassphraseOptions,
    source: &mut impl RandomSource,
) -> Result<Password, GeneratorError> {
    check(options)?;
    let words = usable_words();
    // Two bytes per word index, rarely three; a margin for rejections.
    let mut bytes = RandomBytes::new(source, options.words * 3 + 8);
    loop {
        let digit_at = if options.add_digit {
            Some((
                bytes.below(options.words as u32)? as usize,
                PASSPHRASE_DIGITS.as_bytes()[bytes.below(PASSPHRASE_DIGITS.len() as u32)? as usize],
            ))
        } else {
            None
        };
        let mut phrase = Zeroizing::new(String::with_capacity(options.words * 9));
        for position in 0..options.words {
            if position > 0 {
                phrase.push_str(&options.separator);
            }
            let word = words[bytes.below(words.len() as u32)? as usize];
            let mut letters = word.chars();
            if let Some(first) = letters.next() {
                phrase.push(if options.capitalize {
                    first.to_ascii_uppercase()
                } else {
                    first
                });
                phrase.push_str(letters.as_str());
            }
            if let Some((at, digit)) = digit_at
                && at == position
            {
                phrase.push(char::from(digit));
            }
        }
        // RISKY_WORDS makes this always pass (see the tests); checking
        // anyway means a policy change can never let a weak phrase out.
        if validate(&phrase, &PolicyContext::default()).is_empty() {
            return Ok(Password::from(phrase));
        }
    }
}

/// Exact entropy: every usable word sequence, digit place and digit gives a
/// different phrase (the separator marks word boundaries, words have no
/// digits), and each is equally likely. 0 when the options are refused.
pub fn passphrase_entropy_bits(options: &PassphraseOptions) -> f64 {
    if check(options).is_err() {
        return 0.0;
    }
    let words = options.words as f64;
    let digit = if options.add_digit {
        (words * PASSPHRASE_DIGITS.len() as f64).log2()
    } else {
        0.0
    };
    words * (usable_words().len() as f64).log2() + digit
}

fn check(options: &PassphraseOptions) -> Result<(), GeneratorError> {
    if !(MIN_WORDS..=MAX_WORDS).contains(&options.words) {
        return Err(GeneratorError::WordCountOutOfRange {
            words: options.words,
            min: MIN_WORDS,
            max: MAX_WORDS,
        });
    }
    if !separator_is_valid(&options.separator) {
        return Err(GeneratorError::InvalidSeparator);
    }
    let enabled = 2 + usize::from(options.capitalize) + usize::from(options.add_digit);
    if enabled < REQUIRED_CLASSES {
        return Err(GeneratorError::TooFewClasses {
            enabled,
            required: REQUIRED_CLASSES,
        });
    }
    Ok(())
}

/// Symbols or spaces only, and neither `$` nor `@`, which the banned-password
/// normalisation reads as letters.
pub fn separator_is_valid(separator: &str) -> bool {
    let count = separator.chars().count();
    (1..=MAX_SEPARATOR_CHARS).contains(&count)
        && separator
            .chars()
            .all(|c| class_of(c) == Some(CharClass::Symbol) && c != '$' && c != '@')
}

/// Words of the list that could form a banned term: one that is not plain
/// lowercase letters, that holds a term within one edit (alone or with its
/// digit), or that could spell a term with a neighbour across a
/// one-character separator. Derived by `risky_words` in the tests, which
/// check that this list is exactly what the rule gives; kept as a constant so
/// the browser does not spend time recomputing it.
const RISKY_WORDS: [&str; 23] = [
    "agony", "amino", "april", "aroma", "blog", "coma", "comma", "down", "dowry", "drama", "ice",
    "lilac", "mama", "march", "match", "ooze", "puma", "scoff", "scuba", "shell", "steam", "vowel",
    "yo-yo",
];

/// The words a passphrase is made of: the EFF short list 1 less the risky
/// ones, so a phrase always scores its full length against the banned terms
/// and the entropy above stays exact.
pub fn usable_words() -> &'static [&'static str] {
    static WORDS: OnceLock<Vec<&'static str>> = OnceLock::new();
    WORDS.get_or_init(|| {
        EFF_SHORT_WORDLIST_1
            .iter()
            .copied()
            .filter(|w| RISKY_WORDS.binary_search(w).is_err())
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::banned;
    use crate::password::random::RandomError;

    /// Counts up from a seed; enough to pick words in these tests.
    struct Counter(u8);

    impl RandomSource for Counter {
        fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            for b in dest {
                self.0 = self.0.wrapping_mul(167).wrapping_add(13);
                *b = self.0;
            }
            Ok(())
        }
    }

    /// The rule behind `RISKY_WORDS`, applied to the whole list.
    fn risky_words() -> Vec<&'static str> {
        let clean = |word: &str| {
            let len = word.chars().count();
            word.chars().all(|c| c.is_ascii_lowercase())
                && banned::score(word, &[]).score == len
                && PASSPHRASE_DIGITS
                    .chars()
                    .all(|d| banned::score(&format!("{word}{d}"), &[]).score == len + 1)
        };
        let (mut words, mut risky): (Vec<&'static str>, Vec<&'static str>) =
            EFF_SHORT_WORDLIST_1.iter().copied().partition(|w| clean(w));
        let bridging = bridging_words(&words);
        words.retain(|w| !bridging.contains(w));
        risky.extend(bridging);
        risky.sort_unstable();
        risky.dedup();
        risky
    }

    /// Words that could help spell a banned term across a one-character
    /// separator: `s1 + s2` or `s1 + x + s2`, where a word (or word and
    /// digit) ends in `s1` and a word starts with `s2`. Of each such pair of
    /// groups the smaller is dropped, which leaves no term to bridge. (A
    /// longer separator would need two edits, more than the fuzzy match
    /// allows.)
    fn bridging_words(words: &[&'static str]) -> Vec<&'static str> {
        let mut bridging = Vec::new();
        for term in banned::BANNED_TERMS.iter().map(|t| banned::normalize(t)) {
            for split in 1..term.len() {
                let (s1, rest) = term.split_at(split);
                for s2 in [rest, &rest[1..]].into_iter().filter(|s| !s.is_empty()) {
                    let ending = matching(words, |v| v.ends_with(s1));
                    let starting = matching(words, |v| v.starts_with(s2));
                    if !ending.is_empty() && !starting.is_empty() {
                        bridging.extend(if ending.len() <= starting.len() {
                            ending
                        } else {
                            starting
                        });
                    }
                }
            }
        }
        bridging
    }

    fn matching(words: &[&'static str], test: impl Fn(&str) -> bool) -> Vec<&'static str> {
        let with_digits = |w: &str| {
            std::iter::once(w.to_owned())
                .chain(PASSPHRASE_DIGITS.chars().map(move |d| format!("{w}{d}")))
                .collect::<Vec<_>>()
        };
        words
            .iter()
            .copied()
            .filter(|w| with_digits(w).iter().any(|v| test(v)))
            .collect()
    }

    #[test]
    fn risky_words_follow_the_rule() {
        assert_eq!(RISKY_WORDS.to_vec(), risky_words());
        assert!(RISKY_WORDS.is_sorted());
    }

    #[test]
    fn word_list_is_the_eff_short_list_minus_risky_words() {
        assert_eq!(EFF_SHORT_WORDLIST_1.len(), 1296);
        let usable = usable_words();
        assert_eq!(usable.len(), 1296 - 23);
        assert!(!usable.contains(&"yo-yo"));
        assert!(usable.iter().all(|w| (3..=5).contains(&w.len())));
    }

    #[test]
    fn no_usable_word_pair_bridges_a_banned_term() {
        // Checked directly on a spread of pairs: each joined pair scores its
        // full length, so no banned term was found anywhere.
        let usable = usable_words();
        for (i, a) in usable.iter().enumerate().step_by(97) {
            for b in usable.iter().skip(i % 5).step_by(5) {
                let joined = format!("{a}{}-{b}", 2 + i % 8);
                assert_eq!(banned::score(&joined, &[]).score, joined.len(), "{joined}");
            }
        }
    }

    #[test]
    fn phrases_have_the_asked_shape() {
        let options = PassphraseOptions::default();
        let phrase = generate_passphrase_with(&options, &mut Counter(1)).unwrap();
        let parts: Vec<&str> = phrase.as_str().split('-').collect();
        assert_eq!(parts.len(), 4);
        assert!(
            parts
                .iter()
                .all(|p| p.starts_with(|c: char| c.is_ascii_uppercase()))
        );
        assert_eq!(
            phrase.as_str().chars().filter(char::is_ascii_digit).count(),
            1
        );
        assert_eq!(validate(phrase.as_str(), &PolicyContext::default()), []);
    }

    #[test]
    fn options_are_checked() {
        let base = PassphraseOptions::default();
        let err = |o: PassphraseOptions| generate_passphrase_with(&o, &mut Counter(0)).unwrap_err();
        assert_eq!(
            err(PassphraseOptions {
                words: 2,
                ..base.clone()
            }),
            GeneratorError::WordCountOutOfRange {
                words: 2,
                min: 3,
                max: 20
            }
        );
        assert_eq!(
            err(PassphraseOptions {
                words: 21,
                ..base.clone()
            })
            .to_string(),
            "21 words is outside the allowed range 3..=20"
        );
        for bad in ["", "a", "$", "-@", "----", "é", "2"] {
            assert_eq!(
                err(PassphraseOptions {
                    separator: bad.into(),
                    ..base.clone()
                }),
                GeneratorError::InvalidSeparator
            );
        }
        assert_eq!(
            err(PassphraseOptions {
                capitalize: false,
                add_digit: false,
                ..base.clone()
            }),
            GeneratorError::TooFewClasses {
                enabled: 2,
                required: 3
            }
        );
        assert!(
            generate_passphrase(&PassphraseOptions {
                separator: " ".into(),
                ..base
            })
            .is_ok()
        );
    }

    #[test]
    fn entropy_is_exact() {
        let w = usable_words().len() as f64;
        let options = PassphraseOptions::default();
        let expected = 4.0 * w.log2() + (4.0f64 * 8.0).log2();
        assert!((passphrase_entropy_bits(&options) - expected).abs() < 1e-12);
        let plain = PassphraseOptions {
            add_digit: false,
            ..options
        };
        assert!((passphrase_entropy_bits(&plain) - 4.0 * w.log2()).abs() < 1e-12);
        assert_eq!(
            passphrase_entropy_bits(&PassphraseOptions { words: 1, ..plain }),
            0.0
        );
    }
}
