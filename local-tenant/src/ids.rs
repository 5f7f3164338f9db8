//! Identifiers: deterministic GUIDs for seeded objects, random ones for
//! requests, and opaque bearer tokens.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut bytes = [0u8; N];
    getrandom::fill(&mut bytes).expect("the operating system random source is available");
    bytes
}

/// A random version-4 GUID, used for request ids and message ids.
pub fn random_guid() -> String {
    format_guid(random_bytes::<16>())
}

/// The same name always gives the same GUID, so user and role ids survive a
/// reseed and tokens issued before it stay valid.
pub fn deterministic_guid(name: &str) -> String {
    let high = mix(fnv1a(name.as_bytes(), 0xcbf2_9ce4_8422_2325));
    let low = mix(fnv1a(name.as_bytes(), 0x8422_2325_cbf2_9ce4) ^ high);
    let mut bytes = [0u8; 16];
    bytes[..8].copy_from_slice(&high.to_be_bytes());
    bytes[8..].copy_from_slice(&low.to_be_bytes());
    format_guid(bytes)
}

/// 256 random bits, URL-safe: unguessable and fine in an Authorization header.
pub fn access_token() -> String {
    URL_SAFE_NO_PAD.encode(random_bytes::<32>())
}

fn format_guid(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

fn fnv1a(bytes: &[u8], offset: u64) -> u64 {
    bytes.iter().fold(offset, |hash, byte| {
        (hash ^ u64::from(*byte)).wrapping_mul(0x100_0000_01b3)
    })
}

/// splitmix64's finaliser: spreads FNV's weak low bits over the whole word.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_well_formed_and_stable() {
        let id = deterministic_guid("admin@contoso.example");
        assert_eq!(id, deterministic_guid("admin@contoso.example"));
        assert_ne!(id, deterministic_guid("ga2@contoso.example"));
        assert_eq!(id.len(), 36);
        assert_eq!(&id[14..15], "4");
        assert_ne!(random_guid(), random_guid());
        assert_eq!(access_token().len(), 43);
    }
}
