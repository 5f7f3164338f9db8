//! The password as a secret value: wiped on drop, never printed.

use std::fmt;

use zeroize::Zeroizing;

/// A password. The buffer is zeroed when the value is dropped; `Debug` shows
/// only the length, and there is deliberately no `Display` or `Serialize`.
#[derive(Clone)]
pub struct Password(Zeroizing<String>);

impl Password {
    pub fn new(secret: String) -> Self {
        Self(Zeroizing::new(secret))
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }

    /// Length in characters (the unit the policy counts in).
    pub fn len(&self) -> usize {
        self.0.chars().count()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl From<String> for Password {
    fn from(secret: String) -> Self {
        Self::new(secret)
    }
}

impl From<Zeroizing<String>> for Password {
    fn from(secret: Zeroizing<String>) -> Self {
        Self(secret)
    }
}

/// Compares without an early exit, so timing says nothing about where two
/// equally long passwords first differ.
impl PartialEq for Password {
    fn eq(&self, other: &Self) -> bool {
        let (a, b) = (self.0.as_bytes(), other.0.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
    }
}

impl Eq for Password {}

impl fmt::Debug for Password {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Password(<redacted, {} chars>)", self.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_the_secret() {
        let password = Password::new("Sup3r-Secret!".to_owned());
        let shown = format!("{password:?} {password:#?}");
        assert!(!shown.contains("Sup3r"));
        assert_eq!(format!("{password:?}"), "Password(<redacted, 13 chars>)");
    }

    #[test]
    fn equality_and_length() {
        let a = Password::from("abc".to_owned());
        assert_eq!(a, a.clone());
        assert_ne!(a, Password::new("abd".to_owned()));
        assert_ne!(a, Password::new("abcd".to_owned()));
        assert_eq!(a.len(), 3);
        assert_eq!(a.as_str(), "abc");
        assert!(Password::new(String::new()).is_empty());
    }
}
