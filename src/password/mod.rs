//! The password engine: the Entra policy, an unbiased generator, passphrases
//! and strength. Pure Rust, no browser import; randomness comes from
//! `getrandom`, which is Web Crypto in the browser.

mod banned;
mod charset;
mod generator;
mod passphrase;
mod policy;
mod random;
mod recipe;
mod secret;
mod strength;

pub use banned::{BANNED_TERMS, BannedScore, MIN_NAME_LENGTH, normalize, score as banned_score};
pub use charset::{
    ALLOWED_SPACE, CharClass, DIGITS, FORMULA_LEADS, LOOK_ALIKES, LOWERCASE, SYMBOLS, UPPERCASE,
    class_of,
};
pub use generator::{
    GeneratorError, GeneratorOptions, MAX_LENGTH, MIN_LENGTH, PasswordGenerator, REQUIRED_CLASSES,
    generate, generate_with,
};
pub use passphrase::{
    MAX_SEPARATOR_CHARS, MAX_WORDS, MIN_WORDS, PASSPHRASE_DIGITS, PassphraseOptions,
    generate_passphrase, generate_passphrase_with, passphrase_entropy_bits, separator_is_valid,
    usable_words,
};
pub use policy::{PolicyContext, PolicyViolation, REQUIRED_SCORE, is_acceptable, validate};
pub use random::{MAX_BYTES_PER_CALL, OsRandom, RandomError, RandomSource};
pub use recipe::Recipe;
pub use secret::Password;
pub use strength::{entropy_bits, estimate_entropy_bits};
