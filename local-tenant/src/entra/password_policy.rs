//! The Entra password policy for cloud users, as checked when an admin sets
//! a password through `passwordProfile`.
//!
//! Sources: entra-docs `concept-sspr-policy.md` ("Microsoft Entra password
//! policies": characters, 8 to 256, three of four classes) and
//! `concept-password-ban-bad.md` ("How are passwords evaluated":
//! normalisation, fuzzy and substring matching, the five-point score).

use zeroize::Zeroizing;

pub const MIN_LENGTH: usize = 8;
pub const MAX_LENGTH: usize = 256;
pub const REQUIRED_CLASSES: usize = 3;
/// A password must score at least this many points to be accepted.
pub const REQUIRED_POINTS: usize = 5;
/// Names and the tenant name are matched only from this length on.
pub const MIN_NAME_LENGTH: usize = 4;

/// The symbols the policy allows besides letters and digits; a blank space
/// is allowed too and counts as a symbol.
const SYMBOLS: &str = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<> ";

/// This tenant's global banned list. Microsoft does not publish its own; these
/// are the base terms weak passwords are most often built on, plus the
/// docs' examples ("blank", "abcdef"). Normalised, five or more letters, so a
/// match one edit away is still four characters long.
const BANNED_TERMS: &[&str] = &[
    "password",
    "passwort",
    "motdepasse",
    "contrasena",
    "welcome",
    "letmein",
    "qwerty",
    "azerty",
    "qwertz",
    "asdfgh",
    "iloveyou",
    "admin",
    "administrator",
    "changeme",
    "blank",
    "abcdef",
    "monkey",
    "dragon",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "superman",
    "trustno",
    "starwars",
    "master",
    "shadow",
    "secret",
    "access",
    "login",
    "summer",
    "winter",
    "autumn",
    "spring",
    "microsoft",
    "office",
    "outlook",
    "windows",
    "azure",
];

/// This tenant's custom banned password list (Entra password protection,
/// "Custom banned password list": an organisation's brand, product and place
/// names, fuzzy-matched like the global list). Contoso's neighbours in
/// Microsoft's sample data and its home towns. The widget does not know
/// them: a password it accepts can still be refused here, as on a real
/// tenant with its own list.
const CUSTOM_BANNED_TERMS: &[&str] = &[
    "northwind",
    "fabrikam",
    "tailspin",
    "litware",
    "adatum",
    "woodgrove",
    "redmond",
    "seattle",
];

/// One rule of the policy, named as the shared case files name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PolicyRule {
    /// 8 to 256 characters.
    Length,
    /// Only the listed ASCII letters, digits, symbols and space.
    Characters,
    /// Three of lowercase, uppercase, digits and symbols.
    Classes,
    /// At least five points once banned terms and names are found.
    BannedPasswords,
}

impl PolicyRule {
    pub fn name(self) -> &'static str {
        match self {
            PolicyRule::Length => "length",
            PolicyRule::Characters => "characters",
            PolicyRule::Classes => "classes",
            PolicyRule::BannedPasswords => "banned",
        }
    }
}

/// Whose password it is: their names and the tenant's name count as banned.
#[derive(Clone, Copy, Debug, Default)]
pub struct PasswordOwner<'a> {
    pub given_name: Option<&'a str>,
    pub surname: Option<&'a str>,
    pub tenant_name: Option<&'a str>,
}

/// Every rule `password` breaks, in the order above; empty when accepted.
/// The result names rules only, never what was found in the password.
pub fn broken_rules(password: &str, owner: &PasswordOwner<'_>) -> Vec<PolicyRule> {
    let mut broken = Vec::new();
    let length = password.chars().count();
    if !(MIN_LENGTH..=MAX_LENGTH).contains(&length) {
        broken.push(PolicyRule::Length);
    }
    if !password.chars().all(is_allowed) {
        broken.push(PolicyRule::Characters);
    }
    let classes = [
        password.chars().any(|c| c.is_ascii_lowercase()),
        password.chars().any(|c| c.is_ascii_uppercase()),
        password.chars().any(|c| c.is_ascii_digit()),
        password.chars().any(|c| SYMBOLS.contains(c)),
    ];
    if classes.iter().filter(|present| **present).count() < REQUIRED_CLASSES {
        broken.push(PolicyRule::Classes);
    }
    if banned_points(password, owner) < REQUIRED_POINTS {
        broken.push(PolicyRule::BannedPasswords);
    }
    broken
}

fn is_allowed(c: char) -> bool {
    c.is_ascii_alphanumeric() || SYMBOLS.contains(c)
}

/// Lower case, then the substitutions the docs list: 0->o, 1->l, $->s, @->a.
fn normalise(c: char) -> char {
    match c.to_ascii_lowercase() {
        '0' => 'o',
        '1' => 'l',
        '$' => 's',
        '@' => 'a',
        other => other,
    }
}

/// The docs' score: one point per banned term or name found, one per other
/// character. Where terms overlap, the reading that scores lowest counts,
/// so a password cannot pass on a lucky split.
fn banned_points(password: &str, owner: &PasswordOwner<'_>) -> usize {
    let mut text = Zeroizing::new(Vec::with_capacity(password.len()));
    text.extend(password.chars().map(normalise));
    let names: Vec<Vec<char>> = [owner.given_name, owner.surname, owner.tenant_name]
        .into_iter()
        .flatten()
        .map(|name| name.trim().chars().map(normalise).collect::<Vec<_>>())
        .filter(|name| name.len() >= MIN_NAME_LENGTH)
        .collect();
    let terms: Vec<Vec<char>> = BANNED_TERMS
        .iter()
        .chain(CUSTOM_BANNED_TERMS)
        .map(|t| t.chars().collect())
        .collect();

    // points_from[i]: the lowest score of text[i..].
    let n = text.len();
    let mut points_from = vec![0usize; n + 1];
    for start in (0..n).rev() {
        let mut best = points_from[start + 1] + 1;
        // Names and the tenant name: exact substrings (substring matching).
        for name in &names {
            if text[start..].starts_with(name) {
                best = best.min(points_from[start + name.len()] + 1);
            }
        }
        // Banned terms: anything one edit away (fuzzy matching). A term
        // that is there as written covers just itself: the docs score
        // "contosoblankf9!" as contoso + blank + f + 9 + !, not "blankf".
        for term in &terms {
            if text[start..].starts_with(term) {
                best = best.min(points_from[start + term.len()] + 1);
                continue;
            }
            for len in term.len() - 1..=term.len() + 1 {
                let end = start + len;
                if end <= n && one_edit_at_most(&text[start..end], term) {
                    best = best.min(points_from[end] + 1);
                }
            }
        }
        points_from[start] = best;
    }
    points_from[0]
}

/// Levenshtein distance of at most one: equal, one substitution, or one
/// character more or less.
fn one_edit_at_most(found: &[char], term: &[char]) -> bool {
    let same_but_one = |longer: &[char], shorter: &[char]| {
        (0..longer.len())
            .any(|skip| longer[..skip] == shorter[..skip] && longer[skip + 1..] == shorter[skip..])
    };
    match found.len() as isize - term.len() as isize {
        0 => found.iter().zip(term).filter(|(a, b)| a != b).count() <= 1,
        1 => same_but_one(found, term),
        -1 => same_but_one(term, found),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn points(password: &str, tenant: &str) -> usize {
        let owner = PasswordOwner {
            tenant_name: Some(tenant),
            ..PasswordOwner::default()
        };
        banned_points(password, &owner)
    }

    #[test]
    fn the_docs_worked_examples() {
        // "C0ntos0Blank12": contoso + blank + 1 + 2.
        assert_eq!(points("C0ntos0Blank12", "Contoso"), 4);
        // "ContoS0Bl@nkf9!": contoso + blank + f + 9 + !.
        assert_eq!(points("ContoS0Bl@nkf9!", "Contoso"), 5);
    }

    #[test]
    fn the_tenants_own_terms_refuse_a_password_of_good_shape() {
        // Long, four classes, and no term of the global list: only the
        // tenant's custom list finds northwind + # + seattle + 1 = 4 points.
        let owner = PasswordOwner::default();
        assert_eq!(
            broken_rules("Northwind#Seattle1", &owner),
            [PolicyRule::BannedPasswords]
        );
        // One edit away still counts, as for the global list.
        assert_eq!(
            broken_rules("Northwynd#Seattle1", &owner),
            [PolicyRule::BannedPasswords]
        );
        assert!(broken_rules("Orchard#Kettle-41", &owner).is_empty());
    }

    #[test]
    fn one_edit_either_way() {
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let term = chars("abcdef");
        for near in ["abcdeg", "abcdefg", "abcde", "abcdef", "xbcdef", "abdef"] {
            assert!(one_edit_at_most(&chars(near), &term), "{near}");
        }
        for far in ["abcd", "abcdefgh", "bacdfe", "abxdey"] {
            assert!(!one_edit_at_most(&chars(far), &term), "{far}");
        }
    }

    #[test]
    fn banned_terms_are_normalised_and_long_enough() {
        for term in BANNED_TERMS.iter().chain(CUSTOM_BANNED_TERMS) {
            assert!(term.len() >= 5, "{term}");
            assert!(term.chars().all(|c| normalise(c) == c), "{term}");
        }
    }
}
