//! Argon2id password hashes. Modest parameters (OWASP's minimum: 19 MiB, two
//! passes) keep a reset fast enough for tests while still being a real hash.

use argon2::password_hash::phc::PasswordHash;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use std::sync::LazyLock;

use argon2::{Algorithm, Argon2, Params, Version};
use bytes::Bytes;
use zeroize::Zeroize;

fn argon2() -> Argon2<'static> {
    let params =
        Params::new(19_456, 2, 1, None).expect("the parameters are within Argon2's limits");
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

/// A PHC string (`$argon2id$v=19$...`) with a fresh random salt.
pub fn hash_password(password: &str) -> String {
    argon2()
        .hash_password(password.as_bytes())
        .expect("hashing with valid parameters and a random salt succeeds")
        .to_string()
}

pub fn verify_password(password: &str, phc: &str) -> bool {
    PasswordHash::new(phc)
        .is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A hash of a random password no one knows, with the same parameters as
/// every other: checking a password against it costs what a real check
/// costs, so a sign-in for an unknown account takes as long as a wrong password.
pub fn dummy_hash() -> &'static str {
    static DUMMY: LazyLock<String> = LazyLock::new(|| {
        let mut secret = [0u8; 32];
        getrandom::fill(&mut secret).expect("the system has randomness");
        let password: String = secret.iter().map(|byte| format!("{byte:02x}")).collect();
        secret.zeroize();
        hash_password(&password)
    });
    &DUMMY
}

/// Overwrites a request body that held a password, when no one else holds
/// the buffer (the usual case once it has been parsed).
pub fn wipe(body: Bytes) {
    if let Ok(mut bytes) = body.try_into_mut() {
        bytes.as_mut().zeroize();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_verify_and_never_contain_the_password() {
        let hash = hash_password("Tr0ub4dor&3-horse");
        assert!(hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(!hash.contains("Tr0ub4dor"));
        assert!(verify_password("Tr0ub4dor&3-horse", &hash));
        assert!(!verify_password("Tr0ub4dor&3-horsE", &hash));
        assert!(!verify_password("anything", "not a hash"));
    }
}
