//! The banned-password score of Entra Password Protection (GRAPH.md):
//! normalise, find banned terms (edit distance 1) and the user's names and
//! the tenant name (exact substrings of 4+ characters); each found term
//! scores 1 point, each remaining character 1 point.

use std::sync::OnceLock;

use zeroize::Zeroizing;

/// Common terms that attackers try first. Kept short: the real service holds
/// a much larger list, so this one is a floor, not the whole check.
/// All are 5+ characters, so an edit-distance-1 match is still 4+ long.
pub const BANNED_TERMS: &[&str] = &[
    "password",
    "passwort",
    "welcome",
    "qwerty",
    "azerty",
    "qwertz",
    "letmein",
    "admin",
    "administrator",
    "changeme",
    "default",
    "secret",
    "login",
    "access",
    "hello",
    "iloveyou",
    "trustno1",
    "master",
    "dragon",
    "monkey",
    "shadow",
    "sunshine",
    "princess",
    "football",
    "baseball",
    "soccer",
    "superman",
    "batman",
    "starwars",
    "summer",
    "winter",
    "spring",
    "autumn",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "august",
    "september",
    "october",
    "november",
    "december",
    "microsoft",
    "office",
    "outlook",
    "windows",
    "azure",
    "teams",
    "company",
    "12345",
    "123456789",
    "abc123",
    "11111",
    "00000",
    "asdfgh",
    "zxcvbn",
];

/// Names shorter than this are not matched (they would match too often).
pub const MIN_NAME_LENGTH: usize = 4;

/// Lowercase, then undo the common substitutions 0->o, 1->l, $->s, @->a.
pub fn normalize(text: &str) -> String {
    normalized_chars(text).collect()
}

fn normalized_chars(text: &str) -> impl Iterator<Item = char> + '_ {
    text.chars()
        .map(|c| c.to_ascii_lowercase())
        .map(|c| match c {
            '0' => 'o',
            '1' => 'l',
            '$' => 's',
            '@' => 'a',
            other => other,
        })
}

/// The outcome of scoring one password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BannedScore {
    pub score: usize,
    /// The terms found, as written in the list or the context (normalised).
    pub matched_terms: Vec<String>,
}

/// Scores `password` the strict way: among all ways of reading it as terms
/// and leftover characters, the lowest score counts.
pub fn score(password: &str, names: &[&str]) -> BannedScore {
    // Copies of the password are wiped on drop like the password itself;
    // the capacity is set up front (lowercasing yields at most 3 chars per
    // char) so no reallocation leaves an unwiped copy behind.
    let mut text = Zeroizing::new(Vec::with_capacity(3 * password.chars().count()));
    text.extend(normalized_chars(password));
    let banned = normalized_terms();
    let names: Vec<Vec<char>> = names
        .iter()
        .map(|n| normalize(n.trim()).chars().collect::<Vec<_>>())
        .filter(|n| n.len() >= MIN_NAME_LENGTH)
        .collect();

    // best[i]: lowest score of text[i..], and the step taken from i.
    let n = text.len();
    let mut best = vec![(0usize, Step::Char); n + 1];
    for i in (0..n).rev() {
        let mut choice = (best[i + 1].0 + 1, Step::Char);
        let mut consider = |end: usize, step: Step| {
            if best[end].0 + 1 < choice.0 {
                choice = (best[end].0 + 1, step);
            }
        };
        for (t, term) in banned.iter().enumerate() {
            // With one edit, one of the first two characters here is one of
            // the term's first two: a cheap test that skips most terms.
            let heads = &term[..2.min(term.len())];
            if !text[i..].iter().take(2).any(|c| heads.contains(c)) {
                continue;
            }
            // A term found as written covers only itself: Entra scores
            // "ContoS0Bl@nkf9!" as contoso + blank + f + 9 + !, so the
            // character after an exact match is never taken in as an edit.
            let exact = text[i..].starts_with(term);
            let longest = if exact { term.len() } else { term.len() + 1 };
            for len in term.len().saturating_sub(1)..=longest {
                if len > 0 && i + len <= n && within_one_edit(&text[i..i + len], term) {
                    consider(i + len, Step::Banned(t, len));
                }
            }
        }
        for (t, name) in names.iter().enumerate() {
            if text[i..].starts_with(name) {
                consider(i + name.len(), Step::Name(t));
            }
        }
        best[i] = choice;
    }

    let mut matched_terms = Vec::new();
    let mut i = 0;
    while i < n {
        i += match best[i].1 {
            Step::Char => 1,
            Step::Banned(t, len) => {
                matched_terms.push(BANNED_TERMS[t].to_owned());
                len
            }
            Step::Name(t) => {
                matched_terms.push(names[t].iter().collect());
                names[t].len()
            }
        };
    }
    BannedScore {
        score: best[0].0,
        matched_terms,
    }
}

/// The banned terms, normalised once.
pub(crate) fn normalized_terms() -> &'static [Vec<char>] {
    static TERMS: OnceLock<Vec<Vec<char>>> = OnceLock::new();
    TERMS.get_or_init(|| {
        BANNED_TERMS
            .iter()
            .map(|t| normalize(t).chars().collect())
            .collect()
    })
}

#[derive(Clone, Copy, Debug)]
enum Step {
    Char,
    Banned(usize, usize),
    Name(usize),
}

/// Levenshtein distance <= 1, in linear time.
fn within_one_edit(a: &[char], b: &[char]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    if long.len() - short.len() > 1 {
        return false;
    }
    let prefix = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    if short.len() == long.len() {
        // One substitution at most: the rest after the first mismatch matches.
        prefix == short.len() || short[prefix + 1..] == long[prefix + 1..]
    } else {
        // One insertion: skip one character of the longer side.
        short[prefix..] == long[prefix + 1..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalises_like_entra() {
        assert_eq!(normalize("P@$$w0rd1"), "passwordl");
    }

    #[test]
    fn one_edit() {
        let c = |s: &str| s.chars().collect::<Vec<_>>();
        assert!(within_one_edit(&c("password"), &c("password")));
        assert!(within_one_edit(&c("passwerd"), &c("password")));
        assert!(within_one_edit(&c("pasword"), &c("password")));
        assert!(within_one_edit(&c("passsword"), &c("password")));
        assert!(!within_one_edit(&c("pasw0rd"), &c("password")));
        assert!(!within_one_edit(&c("passwo"), &c("password")));
    }

    #[test]
    fn microsoft_documented_example() {
        // Entra's documentation: "C0ntos0Blank12" with tenant "Contoso" and
        // "blank" banned scores contoso + blank + 1 + 2 = 4. Here "blank" is
        // not in the list, so it scores 1 + 5 + 2 = 8, the name alone matters.
        assert_eq!(score("C0ntos0Blank12", &["Contoso"]).score, 8);
        // The "1" after an exact "password" is a character of its own, as
        // the "1" after "Blank" is in the documented example.
        let s = score("C0ntos0Password12", &["Contoso"]);
        assert_eq!(s.score, 4);
        assert_eq!(s.matched_terms, ["contoso", "password"]);
    }

    #[test]
    fn fuzzy_matches_count_one_point() {
        assert_eq!(score("P@ssw0rd", &[]).score, 1);
        assert_eq!(score("Passwrd!2024", &[]).score, 6);
        // An exact term takes nothing after it: welcome + 1.
        assert_eq!(score("Welcome1", &[]).score, 2);
        assert_eq!(score("Summer2024!", &[]).score, 6);
        // A misspelt term still takes one edit: "sumer" is one from "summer".
        assert_eq!(score("Sumer2024!", &[]).score, 6);
    }

    #[test]
    fn short_names_are_ignored() {
        assert_eq!(score("Bob-Bob-Bob", &["Bob"]).score, 11);
        assert_eq!(score("Eloise-2024", &["Eloise", ""]).score, 6);
    }

    #[test]
    fn random_text_scores_its_length() {
        assert_eq!(score("xK7#vQ9m", &[]).score, 8);
        assert_eq!(score("", &[]).score, 0);
    }
}
