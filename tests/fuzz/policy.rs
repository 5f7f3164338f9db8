//! The password policy validator, against a second reading of Entra's rules.

use std::collections::{BTreeSet, HashSet};

use reset_password_widget::password::{
    BANNED_TERMS, CharClass, MAX_LENGTH, MIN_LENGTH, MIN_NAME_LENGTH, PolicyContext,
    PolicyViolation, REQUIRED_CLASSES, REQUIRED_SCORE, banned_score, is_acceptable, normalize,
    validate,
};

use crate::text::{any_length, any_string, ascii_from, ascii_run, random_text, text_between};
use crate::{LANGS, Rng, fuzz};

#[derive(Debug)]
struct PolicyInput {
    password: String,
    context: PolicyContext,
}

fn leet(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .map(|c| match (c, rng.below(4)) {
            ('o', 0) => '0',
            ('l' | 'i', 0) => '1',
            ('s', 0) => '$',
            ('a', 0) => '@',
            (c, 1) => c.to_ascii_uppercase(),
            (c, _) => c,
        })
        .collect()
}

fn password_segment(rng: &mut Rng, names: &[String]) -> String {
    match rng.below(12) {
        0 | 1 => {
            let term = rng.pick(BANNED_TERMS);
            leet(rng, term)
        }
        2 if !names.is_empty() => {
            let name = names[rng.below(names.len())].clone();
            leet(rng, &name)
        }
        3 => ascii_run(rng, b"abcdefghijklmnopqrstuvwxyz", 1, 6),
        4 => ascii_run(rng, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 6),
        5 => ascii_run(rng, b"0123456789", 1, 6),
        6 => ascii_run(rng, br##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ "##, 1, 4),
        7 => rng
            .pick(&[
                "\0",
                "\u{202e}",
                "\u{200f}",
                "😀",
                "👩\u{200d}💻",
                "é",
                "e\u{301}",
            ])
            .into(),
        8 => rng
            .pick(&["עברית", "العربية", "密码", "Пароль", "ßİı", "\u{1f3fd}"])
            .into(),
        _ => text_between(rng, 1, 4),
    }
}

fn generate_policy_input(rng: &mut Rng) -> PolicyInput {
    let names: Vec<String> = (0..rng.below(3))
        .map(|_| match rng.below(3) {
            0 => rng
                .pick(&["Eloise", "Contoso", "Dupré", "Li", "O'Brien", "Zhang"])
                .into(),
            1 => ascii_run(rng, b"abcdefghijklmnopqrstuvwxyz", 3, 9),
            _ => text_between(rng, 1, 8),
        })
        .collect();
    // Lengths around the limits are where off-by-one errors live.
    // Mostly short: most rules act on the first few characters, and the
    // banned-term search is slow in a debug build. Lengths around the limits
    // are where off-by-one errors live.
    let target = match rng.below(1000) {
        0..80 => rng.pick(&[0, 1, 4, 5, 7, 8, 9]),
        80..90 => rng.pick(&[255, 256, 257]),
        90..105 => rng.range(16, 300),
        105 => rng.below(3000),
        _ => rng.below(16),
    };
    let password: String = match rng.below(4) {
        0 => {
            let length = target.min(any_length(rng));
            any_string(rng, length)
        }
        1 => {
            // Only accepted characters: exercises the accepting path.
            let alphabet = br##"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ "##;
            ascii_from(rng, alphabet, target)
        }
        _ => {
            let mut text = String::new();
            while text.chars().count() < target {
                text.push_str(&password_segment(rng, &names));
            }
            if rng.one_in(2) {
                text = text.chars().take(target).collect();
            }
            text
        }
    };
    let name = |rng: &mut Rng| -> Option<String> {
        match rng.below(8) {
            0 | 1 => None,
            2 if !password.is_empty() => {
                // A piece of the password, so names are actually found.
                let chars: Vec<char> = password.chars().collect();
                let start = rng.below(chars.len());
                let end = rng.range(start, chars.len().min(start + 12));
                Some(chars[start..end].iter().collect())
            }
            3 if !names.is_empty() => Some(names[rng.below(names.len())].clone()),
            4 => Some(rng.pick(&["", "   ", "\u{a0}", "\0\0\0\0"]).into()),
            5 => Some(random_text(rng)),
            6 => Some(rng.pick(BANNED_TERMS).into()),
            _ => Some(text_between(rng, 1, 10)),
        }
    };
    let context = PolicyContext {
        first_name: name(rng),
        last_name: name(rng),
        tenant_name: name(rng),
    };
    PolicyInput { password, context }
}

/// The four classes, written out again from Entra's documentation: ASCII
/// letters, digits, and ASCII punctuation or a space as symbols.
fn reference_class(c: char) -> Option<CharClass> {
    if c.is_ascii_lowercase() {
        Some(CharClass::Lowercase)
    } else if c.is_ascii_uppercase() {
        Some(CharClass::Uppercase)
    } else if c.is_ascii_digit() {
        Some(CharClass::Digit)
    } else if c.is_ascii_punctuation() || c == ' ' {
        Some(CharClass::Symbol)
    } else {
        None
    }
}

fn check_policy(input: &PolicyInput) {
    let PolicyInput { password, context } = input;
    let violations = validate(password, context);

    // Length, characters and classes, from the reference.
    let actual = password.chars().count();
    let mut expected = Vec::new();
    if actual < MIN_LENGTH {
        expected.push(PolicyViolation::TooShort {
            min: MIN_LENGTH,
            actual,
        });
    }
    if actual > MAX_LENGTH {
        expected.push(PolicyViolation::TooLong {
            max: MAX_LENGTH,
            actual,
        });
    }
    let mut disallowed = Vec::new();
    let mut seen = HashSet::new();
    let mut present = BTreeSet::new();
    for c in password.chars() {
        match reference_class(c) {
            Some(class) => {
                present.insert(class);
            }
            None if seen.insert(c) => disallowed.push(c),
            None => {}
        }
    }
    if !disallowed.is_empty() {
        expected.push(PolicyViolation::DisallowedCharacters(disallowed));
    }
    if present.len() < REQUIRED_CLASSES {
        expected.push(PolicyViolation::TooFewClasses {
            found: present.len(),
            required: REQUIRED_CLASSES,
            missing: CharClass::ALL
                .into_iter()
                .filter(|c| !present.contains(c))
                .collect(),
        });
    }

    // The banned-password score is the slow part of a debug build, so it is
    // read from `validate`'s own report, and recomputed for short passwords.
    let names: Vec<&str> = [
        &context.first_name,
        &context.last_name,
        &context.tenant_name,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let known_names: Vec<String> = names
        .iter()
        .map(|n| normalize(n.trim()))
        .filter(|n| n.chars().count() >= MIN_NAME_LENGTH)
        .collect();
    let mut rest = violations.clone();
    let reported_score = match rest.last().cloned() {
        Some(PolicyViolation::TooCommon {
            score,
            required,
            matched_terms,
        }) => {
            rest.pop();
            assert_eq!(required, REQUIRED_SCORE);
            assert!(score < REQUIRED_SCORE);
            // Each character scores at most one point, a found term one.
            assert!(score <= actual, "score {score} > length {actual}");
            assert_eq!(score == 0, actual == 0);
            assert!(matched_terms.len() <= score);
            for term in &matched_terms {
                assert!(
                    BANNED_TERMS.contains(&term.as_str()) || known_names.contains(term),
                    "matched {term:?}, which is neither a banned term nor a name"
                );
            }
            Some(score)
        }
        _ => {
            assert!(
                actual >= REQUIRED_SCORE,
                "{actual} characters scored enough"
            );
            None
        }
    };
    assert_eq!(rest, expected);
    if actual <= 16 {
        let scored = banned_score(password, &names);
        assert_eq!(
            reported_score,
            Some(scored.score).filter(|s| *s < REQUIRED_SCORE)
        );
        assert_eq!(is_acceptable(password, context), violations.is_empty());
    }

    // Reasons travel to the local tenant and back as JSON without loss.
    for violation in &violations {
        let json = serde_json::to_string(violation).expect("serialises");
        let back: PolicyViolation = serde_json::from_str(&json).expect("reads back");
        assert_eq!(&back, violation);
        for lang in LANGS {
            assert!(!lang.strings().policy_violation(violation).is_empty());
        }
    }

    // An accepted password followed by a refused character is refused.
    if violations.is_empty() && actual <= 16 {
        let worse = format!("{password}é");
        assert!(
            validate(&worse, context)
                .iter()
                .any(|v| matches!(v, PolicyViolation::DisallowedCharacters(c) if c.contains(&'é')))
        );
    }
}

#[test]
fn policy_validator() {
    fuzz("policy_validator", generate_policy_input, check_policy);
}
