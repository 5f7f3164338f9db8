//! The Entra password policy for cloud users, as typed reasons.

use serde::{Deserialize, Serialize};

use super::banned;
use super::charset::{CharClass, class_of};
use super::generator::{MAX_LENGTH, MIN_LENGTH, REQUIRED_CLASSES};

/// The banned-password score a password needs to be accepted.
pub const REQUIRED_SCORE: usize = 5;

/// Who the password is for: their names and the tenant's are banned terms.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PolicyContext {
    pub first_name: Option<String>,
    pub last_name: Option<String>,
    pub tenant_name: Option<String>,
}

/// One reason a password is refused. No text inside: the UI words it in the
/// admin's language.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum PolicyViolation {
    /// Fewer than `min` characters.
    TooShort { min: usize, actual: usize },
    /// More than `max` characters.
    TooLong { max: usize, actual: usize },
    /// Characters Entra refuses, each once, in order of appearance.
    DisallowedCharacters(Vec<char>),
    /// Fewer than `required` of the four classes; `missing` lists the others.
    TooFewClasses {
        found: usize,
        required: usize,
        missing: Vec<CharClass>,
    },
    /// Banned-password score below `required`; `matched_terms` are the
    /// banned terms and names found (normalised).
    TooCommon {
        score: usize,
        required: usize,
        matched_terms: Vec<String>,
    },
}

/// Every reason `password` breaks the policy; empty when it is acceptable.
pub fn validate(password: &str, context: &PolicyContext) -> Vec<PolicyViolation> {
    let mut violations = Vec::new();

    let actual = password.chars().count();
    if actual < MIN_LENGTH {
        violations.push(PolicyViolation::TooShort {
            min: MIN_LENGTH,
            actual,
        });
    }
    if actual > MAX_LENGTH {
        violations.push(PolicyViolation::TooLong {
            max: MAX_LENGTH,
            actual,
        });
    }

    let mut disallowed = Vec::new();
    let mut present = [false; 4];
    for c in password.chars() {
        match class_of(c) {
            Some(class) => present[class.index()] = true,
            None if !disallowed.contains(&c) => disallowed.push(c),
            None => {}
        }
    }
    if !disallowed.is_empty() {
        violations.push(PolicyViolation::DisallowedCharacters(disallowed));
    }

    let found = present.iter().filter(|p| **p).count();
    if found < REQUIRED_CLASSES {
        let missing = CharClass::ALL
            .into_iter()
            .filter(|c| !present[c.index()])
            .collect();
        violations.push(PolicyViolation::TooFewClasses {
            found,
            required: REQUIRED_CLASSES,
            missing,
        });
    }

    let names: Vec<&str> = [
        &context.first_name,
        &context.last_name,
        &context.tenant_name,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let scored = banned::score(password, &names);
    if scored.score < REQUIRED_SCORE {
        violations.push(PolicyViolation::TooCommon {
            score: scored.score,
            required: REQUIRED_SCORE,
            matched_terms: scored.matched_terms,
        });
    }

    violations
}

/// Shorthand for `validate(..).is_empty()`.
pub fn is_acceptable(password: &str, context: &PolicyContext) -> bool {
    validate(password, context).is_empty()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn context() -> PolicyContext {
        PolicyContext {
            first_name: Some("Eloise".into()),
            last_name: Some("Li".into()),
            tenant_name: Some("Contoso".into()),
        }
    }

    #[test]
    fn a_strong_password_passes() {
        assert_eq!(validate("Tq7#mVx2pL9!", &context()), []);
    }

    #[test]
    fn reports_every_reason_at_once() {
        let found = validate("passwörd", &PolicyContext::default());
        assert_eq!(
            found,
            [
                PolicyViolation::DisallowedCharacters(vec!['ö']),
                PolicyViolation::TooFewClasses {
                    found: 1,
                    required: 3,
                    missing: vec![CharClass::Uppercase, CharClass::Digit, CharClass::Symbol],
                },
                PolicyViolation::TooCommon {
                    score: 1,
                    required: 5,
                    matched_terms: vec!["password".into()],
                },
            ]
        );
    }

    #[test]
    fn length_limits() {
        let short = validate("aB3$", &PolicyContext::default());
        assert!(short.contains(&PolicyViolation::TooShort { min: 8, actual: 4 }));
        let long = "aB3$".repeat(65);
        let found = validate(&long, &PolicyContext::default());
        assert_eq!(
            found,
            [PolicyViolation::TooLong {
                max: 256,
                actual: 260
            }]
        );
        assert_eq!(validate(&"aB3$".repeat(64), &PolicyContext::default()), []);
    }

    #[test]
    fn names_and_tenant_are_banned() {
        let found = validate("C0ntoso!Eloise", &context());
        assert_eq!(
            found,
            [PolicyViolation::TooCommon {
                score: 3,
                required: 5,
                matched_terms: vec!["contoso".into(), "eloise".into()],
            }]
        );
        // The same password is fine for someone else in another tenant.
        assert_eq!(validate("C0ntoso!Eloise", &PolicyContext::default()), []);
    }

    #[test]
    fn space_counts_as_a_symbol() {
        assert_eq!(validate("correct Horse7", &PolicyContext::default()), []);
    }

    #[test]
    fn violations_serialise_without_prose() {
        let json = serde_json::to_string(&PolicyViolation::TooShort { min: 8, actual: 3 }).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"too_short","detail":{"min":8,"actual":3}}"#
        );
    }
}
