//! What the generator makes: a random password or a passphrase. One type, so
//! the dialog, the plan and the strength line handle both the same way.

use super::generator::{GeneratorError, GeneratorOptions, generate};
use super::passphrase::{PassphraseOptions, generate_passphrase, passphrase_entropy_bits};
use super::secret::Password;
use super::strength::entropy_bits;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Recipe {
    Password(GeneratorOptions),
    Passphrase(PassphraseOptions),
}

impl Recipe {
    /// One draw from the system's secure generator (Web Crypto in the browser).
    pub fn generate(&self) -> Result<Password, GeneratorError> {
        match self {
            Recipe::Password(options) => generate(options),
            Recipe::Passphrase(options) => generate_passphrase(options),
        }
    }

    /// The exact entropy of one draw; 0 when the options are refused.
    pub fn entropy_bits(&self) -> f64 {
        match self {
            Recipe::Password(options) => entropy_bits(options),
            Recipe::Passphrase(options) => passphrase_entropy_bits(options),
        }
    }
}

impl Default for Recipe {
    fn default() -> Self {
        Recipe::Password(GeneratorOptions::default())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::password::{PolicyContext, validate};

    #[test]
    fn both_kinds_draw_compliant_passwords_and_count_their_bits() {
        let phrase = Recipe::Passphrase(PassphraseOptions::default());
        let drawn = phrase.generate().unwrap();
        assert_eq!(validate(drawn.as_str(), &PolicyContext::default()), []);
        assert_eq!(drawn.as_str().split('-').count(), 4);
        assert!(phrase.entropy_bits() > 45.0);
        let password = Recipe::default();
        assert_eq!(password.generate().unwrap().as_str().chars().count(), 16);
        assert_eq!(
            password.entropy_bits(),
            entropy_bits(&GeneratorOptions::default())
        );
        let refused = Recipe::Passphrase(PassphraseOptions {
            words: 2,
            ..PassphraseOptions::default()
        });
        assert!(refused.generate().is_err());
        assert_eq!(refused.entropy_bits(), 0.0);
    }
}
