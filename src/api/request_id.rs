//! The `client-request-id` the widget sends with every call: a random GUID
//! (version 4), as Graph asks of clients, so a failed call can be traced
//! from both ends. Graph echoes it and adds its own `request-id`.

use crate::password::{OsRandom, RandomError, RandomSource};

/// A new version-4 GUID from `source`.
pub fn client_request_id(source: &mut impl RandomSource) -> Result<String, RandomError> {
    let mut bytes = [0u8; 16];
    source.fill_bytes(&mut bytes)?;
    Ok(guid(bytes))
}

/// A new GUID from the operating system's generator (the browser's
/// `crypto.getRandomValues`); `None` only if that generator fails.
pub fn new_client_request_id() -> Option<String> {
    client_request_id(&mut OsRandom).ok()
}

/// Formats 16 random bytes as an RFC 4122 version-4 GUID, lower case.
fn guid(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut text = String::with_capacity(36);
    for (index, byte) in bytes.iter().enumerate() {
        if matches!(index, 4 | 6 | 8 | 10) {
            text.push('-');
        }
        text.push(char::from_digit(u32::from(byte >> 4), 16).unwrap_or('0'));
        text.push(char::from_digit(u32::from(byte & 0x0f), 16).unwrap_or('0'));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fixed(u8);

    impl RandomSource for Fixed {
        fn fill_bytes(&mut self, dest: &mut [u8]) -> Result<(), RandomError> {
            dest.fill(self.0);
            Ok(())
        }
    }

    #[test]
    fn a_version_4_guid_in_graphs_shape() {
        assert_eq!(
            client_request_id(&mut Fixed(0xff)).unwrap(),
            "ffffffff-ffff-4fff-bfff-ffffffffffff"
        );
        assert_eq!(
            client_request_id(&mut Fixed(0)).unwrap(),
            "00000000-0000-4000-8000-000000000000"
        );
    }

    #[test]
    fn each_call_gets_its_own() {
        let first = new_client_request_id().unwrap();
        let second = new_client_request_id().unwrap();
        assert_ne!(first, second);
        assert_eq!(first.len(), 36);
        assert_eq!(first.as_bytes()[14], b'4');
    }
}
