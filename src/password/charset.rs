//! The characters Entra accepts, split into the four policy classes.

use serde::{Deserialize, Serialize};

/// One of the four character classes of the Entra complexity rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CharClass {
    Lowercase,
    Uppercase,
    Digit,
    Symbol,
}

impl CharClass {
    pub const ALL: [CharClass; 4] = [
        CharClass::Lowercase,
        CharClass::Uppercase,
        CharClass::Digit,
        CharClass::Symbol,
    ];

    pub(crate) fn index(self) -> usize {
        self as usize
    }
}

pub const LOWERCASE: &str = "abcdefghijklmnopqrstuvwxyz";
pub const UPPERCASE: &str = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
pub const DIGITS: &str = "0123456789";
/// The symbols Entra allows, space excluded (see [`ALLOWED_SPACE`]).
pub const SYMBOLS: &str = "@#$%^&*-_!+=[]{}|\\:',.?/`~\"();<>";
/// Entra allows a space. The generator never uses it: a leading or trailing
/// space is lost on copy and paste, and a space is hard to read out.
pub const ALLOWED_SPACE: char = ' ';

/// A spreadsheet reads a cell that starts with one of these as a formula. A
/// generated password never starts with one, and the widget refuses typed
/// ones that do, so a password exported to CSV needs no escaping and is
/// written exactly as it was set.
pub const FORMULA_LEADS: &str = "=+-@";

/// Characters easily mistaken for one another in common fonts.
pub const LOOK_ALIKES: &str = "Il1|O0o`'";

/// The policy class of `c`, or `None` when Entra does not accept it.
pub fn class_of(c: char) -> Option<CharClass> {
    match c {
        'a'..='z' => Some(CharClass::Lowercase),
        'A'..='Z' => Some(CharClass::Uppercase),
        '0'..='9' => Some(CharClass::Digit),
        ALLOWED_SPACE => Some(CharClass::Symbol),
        _ if SYMBOLS.contains(c) => Some(CharClass::Symbol),
        _ => None,
    }
}

/// The characters of `class` the generator may draw from.
pub fn generator_chars(class: CharClass, exclude_look_alikes: bool) -> Vec<u8> {
    let all = match class {
        CharClass::Lowercase => LOWERCASE,
        CharClass::Uppercase => UPPERCASE,
        CharClass::Digit => DIGITS,
        CharClass::Symbol => SYMBOLS,
    };
    all.bytes()
        .filter(|b| !(exclude_look_alikes && LOOK_ALIKES.as_bytes().contains(b)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_cover_the_allowed_set_exactly() {
        assert_eq!(SYMBOLS.len(), 32);
        for b in 0u8..=127 {
            let c = b as char;
            let expected = c.is_ascii_alphanumeric() || c == ' ' || SYMBOLS.contains(c);
            assert_eq!(class_of(c).is_some(), expected, "{c:?}");
        }
        assert_eq!(class_of('é'), None);
        assert_eq!(class_of('\t'), None);
        assert_eq!(class_of(' '), Some(CharClass::Symbol));
    }

    #[test]
    fn look_alikes_are_removed_from_each_class() {
        assert_eq!(generator_chars(CharClass::Lowercase, true).len(), 24);
        assert_eq!(generator_chars(CharClass::Uppercase, true).len(), 24);
        assert_eq!(generator_chars(CharClass::Digit, true).len(), 8);
        assert_eq!(generator_chars(CharClass::Symbol, true).len(), 29);
        assert_eq!(generator_chars(CharClass::Symbol, false).len(), 32);
    }
}
