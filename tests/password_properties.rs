//! Property tests of the password engine: valid options always give a
//! policy-compliant password of the asked length, invalid ones a clear error,
//! and nothing panics on arbitrary input.

use proptest::prelude::*;
use reset_password_widget::password::*;

// SplitMix64, seeded by proptest, so a failure replays exactly.
#[path = "common/seeded.rs"]
mod seeded;
use seeded::SplitMix64;

prop_compose! {
    /// Options the policy can meet: 8..=256 characters, 3 or 4 classes on,
    /// small minimums that fit in the length.
    fn valid_options()(
        length in MIN_LENGTH..=MAX_LENGTH,
        off in 0usize..5,
        minimums in proptest::array::uniform4(0usize..4),
        exclude_look_alikes in any::<bool>(),
    ) -> GeneratorOptions {
        GeneratorOptions {
            length,
            lowercase: off != 0,
            uppercase: off != 1,
            digits: off != 2,
            symbols: off != 3,
            min_lowercase: minimums[0].min(length / 4),
            min_uppercase: minimums[1].min(length / 4),
            min_digits: minimums[2].min(length / 4),
            min_symbols: minimums[3].min(length / 4),
            exclude_look_alikes,
        }
    }
}

prop_compose! {
    fn any_options()(
        length in 0usize..400,
        classes in proptest::array::uniform4(any::<bool>()),
        minimums in proptest::array::uniform4(0usize..300),
        exclude_look_alikes in any::<bool>(),
    ) -> GeneratorOptions {
        GeneratorOptions {
            length,
            lowercase: classes[0],
            uppercase: classes[1],
            digits: classes[2],
            symbols: classes[3],
            min_lowercase: minimums[0],
            min_uppercase: minimums[1],
            min_digits: minimums[2],
            min_symbols: minimums[3],
            exclude_look_alikes,
        }
    }
}

/// A separator the engine accepts: 1 to 3 of Entra's symbols or spaces,
/// other than `$` and `@`.
fn separator() -> impl Strategy<Value = String> {
    let allowed: Vec<char> = SYMBOLS
        .chars()
        .chain([ALLOWED_SPACE])
        .filter(|c| !matches!(c, '$' | '@'))
        .collect();
    proptest::collection::vec(prop::sample::select(allowed), 1..=MAX_SEPARATOR_CHARS)
        .prop_map(|chars| chars.into_iter().collect())
}

fn assert_matches_options(password: &str, options: &GeneratorOptions) {
    assert_eq!(password.chars().count(), options.length);
    assert_eq!(validate(password, &PolicyContext::default()), []);
    for class in CharClass::ALL {
        let count = password
            .chars()
            .filter(|c| class_of(*c) == Some(class))
            .count();
        assert!(count >= options.minimum(class), "{class:?}");
        assert!(options.is_enabled(class) || count == 0, "{class:?}");
    }
    assert!(!password.contains(' '));
    assert!(
        !password.starts_with(|c| FORMULA_LEADS.contains(c)),
        "starts like a formula"
    );
    if options.exclude_look_alikes {
        assert!(!password.chars().any(|c| LOOK_ALIKES.contains(c)));
    }
}

/// A CSV export escapes cells that start with `= + - @`; a password that
/// did would be exported as another password. About 4 % did before.
#[test]
fn generated_passwords_never_start_like_a_formula_over_many_seeds() {
    let mut first_symbols = std::collections::BTreeSet::new();
    for length in [8, 16, 64] {
        let options = GeneratorOptions {
            length,
            ..GeneratorOptions::default()
        };
        for seed in 0..20_000u64 {
            let password = generate_with(&options, &mut SplitMix64(seed)).unwrap();
            let first = password.as_str().chars().next().unwrap();
            assert!(
                !FORMULA_LEADS.contains(first),
                "seed {seed}, length {length}"
            );
            if class_of(first) == Some(CharClass::Symbol) {
                first_symbols.insert(first);
            }
        }
    }
    // Only the four leads are kept from the front: every other symbol still is.
    assert_eq!(first_symbols.len(), SYMBOLS.len() - FORMULA_LEADS.len());
}

proptest! {
    #[test]
    fn valid_options_give_compliant_passwords(options in valid_options(), seed in any::<u64>()) {
        let password = generate_with(&options, &mut SplitMix64(seed)).unwrap();
        assert_matches_options(password.as_str(), &options);
        prop_assert!(entropy_bits(&options) > 40.0);
    }

    #[test]
    fn any_options_give_a_password_or_a_clear_error(options in any_options(), seed in any::<u64>()) {
        match generate_with(&options, &mut SplitMix64(seed)) {
            Ok(password) => {
                assert_matches_options(password.as_str(), &options);
                prop_assert!(entropy_bits(&options) > 0.0);
            }
            Err(error) => {
                let enabled = CharClass::ALL.iter().filter(|c| options.is_enabled(**c)).count();
                let total: usize = CharClass::ALL.iter().map(|c| options.minimum(*c)).sum();
                let expected = if !(8..=256).contains(&options.length) {
                    GeneratorError::LengthOutOfRange { length: options.length, min: 8, max: 256 }
                } else if enabled == 0 {
                    GeneratorError::NoClassSelected
                } else if enabled < 3 {
                    GeneratorError::TooFewClasses { enabled, required: 3 }
                } else if total > options.length {
                    GeneratorError::MinimumsExceedLength { total, length: options.length }
                } else {
                    GeneratorError::MinimumsTooRestrictive { total, length: options.length }
                };
                prop_assert_eq!(error, expected);
                prop_assert!(!error.to_string().is_empty());
                prop_assert_eq!(entropy_bits(&options), 0.0);
            }
        }
    }

    #[test]
    fn the_system_generator_gives_compliant_passwords(options in valid_options()) {
        let password = generate(&options).unwrap();
        assert_matches_options(password.as_str(), &options);
    }

    #[test]
    fn passphrases_always_meet_the_entra_policy(
        words in MIN_WORDS..=MAX_WORDS,
        separator in separator(),
        capitalize in any::<bool>(),
        add_digit in any::<bool>(),
        names in proptest::array::uniform3(0usize..2000),
        seed in any::<u64>(),
    ) {
        let options = PassphraseOptions { words, separator: separator.clone(), capitalize, add_digit };
        let drawn = generate_passphrase_with(&options, &mut SplitMix64(seed));
        if !capitalize && !add_digit {
            // Lowercase and symbols only: two classes, refused rather than weak.
            prop_assert_eq!(drawn.unwrap_err(), GeneratorError::TooFewClasses { enabled: 2, required: 3 });
            prop_assert_eq!(passphrase_entropy_bits(&options), 0.0);
            return Ok(());
        }
        let phrase = drawn.unwrap();
        let text = phrase.as_str();
        // 8 to 256 characters, 3 of the 4 classes, nothing Entra refuses.
        prop_assert!((MIN_LENGTH..=MAX_LENGTH).contains(&text.chars().count()), "{}", text);
        let classes = CharClass::ALL
            .iter()
            .filter(|class| text.chars().any(|c| class_of(c) == Some(**class)))
            .count();
        prop_assert!(classes >= REQUIRED_CLASSES, "{}", text);
        prop_assert_eq!(validate(text, &PolicyContext::default()), []);
        prop_assert!(!text.starts_with(|c| FORMULA_LEADS.contains(c)));
        prop_assert_eq!(text.split(separator.as_str()).count(), words);
        // Every character scores, so the redraw never changed the odds.
        prop_assert_eq!(banned_score(text, &[]).score, text.len());
        // Entra also bans the user's names and the tenant's: a user named
        // after words of the list still gets an acceptable passphrase.
        let usable = usable_words();
        let context = PolicyContext {
            first_name: Some(usable[names[0] % usable.len()].to_owned()),
            last_name: Some(usable[names[1] % usable.len()].to_owned()),
            tenant_name: Some(usable[names[2] % usable.len()].to_owned()),
        };
        prop_assert_eq!(validate(text, &context), []);
        prop_assert!(passphrase_entropy_bits(&options) > 30.0);
    }

    #[test]
    fn validation_never_panics(text in any::<String>(), first in any::<String>()) {
        let context = PolicyContext {
            first_name: Some(first),
            last_name: None,
            tenant_name: Some("Contoso".to_owned()),
        };
        let violations = validate(&text, &context);
        let chars = text.chars().count();
        prop_assert_eq!(
            violations.iter().any(|v| matches!(v, PolicyViolation::TooShort { .. })),
            chars < 8
        );
        prop_assert_eq!(
            violations.iter().any(|v| matches!(v, PolicyViolation::DisallowedCharacters(_))),
            text.chars().any(|c| class_of(c).is_none())
        );
    }

    #[test]
    fn validation_of_allowed_text(text in "[ -~]{0,300}") {
        let violations = validate(&text, &PolicyContext::default());
        prop_assert!(!violations.iter().any(|v| matches!(v, PolicyViolation::DisallowedCharacters(_))));
        for violation in violations {
            if let PolicyViolation::TooCommon { score, required, .. } = violation {
                prop_assert!(score < required);
            }
        }
    }

    #[test]
    fn estimates_are_bounded(text in any::<String>()) {
        let bits = estimate_entropy_bits(&text);
        prop_assert!(bits.is_finite() && bits >= 0.0);
        prop_assert!(bits <= text.chars().count() as f64 * 195f64.log2() + 1e-9);
    }
}

#[test]
fn the_documented_invalid_options_are_refused() {
    let default = GeneratorOptions::default();
    assert_eq!(
        generate(&GeneratorOptions {
            length: 3,
            ..default.clone()
        })
        .unwrap_err(),
        GeneratorError::LengthOutOfRange {
            length: 3,
            min: 8,
            max: 256
        }
    );
    let none = GeneratorOptions {
        lowercase: false,
        uppercase: false,
        digits: false,
        symbols: false,
        ..default.clone()
    };
    assert_eq!(
        generate(&none).unwrap_err(),
        GeneratorError::NoClassSelected
    );
    let digits_only = GeneratorOptions {
        digits: true,
        ..none
    };
    assert_eq!(
        generate(&digits_only).unwrap_err(),
        GeneratorError::TooFewClasses {
            enabled: 1,
            required: 3
        }
    );
    let greedy = GeneratorOptions {
        length: 8,
        min_digits: 6,
        min_symbols: 3,
        ..default
    };
    assert_eq!(
        generate(&greedy).unwrap_err().to_string(),
        "the class minimums add up to 11, more than the length 8"
    );
}
