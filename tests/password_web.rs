//! In the browser: the generator draws its randomness from
//! `crypto.getRandomValues`, in batches. The test wraps that function with a
//! counting one before generating.
#![cfg(target_arch = "wasm32")]

use reset_password_widget::password::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen(inline_js = r#"
let calls = 0;
let largest = 0;
export function count_get_random_values() {
  const crypto = globalThis.crypto;
  if (crypto.__counted) return;
  const original = crypto.getRandomValues.bind(crypto);
  crypto.getRandomValues = (array) => {
    calls += 1;
    largest = Math.max(largest, array.byteLength);
    return original(array);
  };
  crypto.__counted = true;
}
export function get_random_values_calls() { return calls; }
export function largest_request() { return largest; }
"#)]
extern "C" {
    fn count_get_random_values();
    fn get_random_values_calls() -> u32;
    fn largest_request() -> u32;
}

#[wasm_bindgen_test]
fn generate_calls_web_crypto_once_per_password() {
    count_get_random_values();
    let options = GeneratorOptions::default();
    let before = get_random_values_calls();
    let password = generate(&options).expect("Web Crypto is available");
    let calls = get_random_values_calls() - before;
    assert_eq!(password.len(), 16);
    assert!(validate(password.as_str(), &PolicyContext::default()).is_empty());
    // One batch covers a password nearly always; more only after redraws.
    assert!((1..=3).contains(&calls), "{calls} calls");
}

#[wasm_bindgen_test]
fn bulk_generation_batches_and_respects_the_web_crypto_limit() {
    count_get_random_values();
    let options = GeneratorOptions {
        length: 256,
        ..GeneratorOptions::default()
    };
    let before = get_random_values_calls();
    let mut generator = PasswordGenerator::new(&options, OsRandom).expect("valid options");
    for _ in 0..200 {
        let password = generator.next_password().expect("Web Crypto is available");
        assert_eq!(password.len(), 256);
    }
    let calls = get_random_values_calls() - before;
    // 200 x 256 characters need about 70,000 bytes: a handful of batches,
    // not one call per character.
    assert!((1..=20).contains(&calls), "{calls} calls");
    assert!(largest_request() as usize <= MAX_BYTES_PER_CALL);
}

#[wasm_bindgen_test]
fn passphrases_come_from_web_crypto_too() {
    count_get_random_values();
    let before = get_random_values_calls();
    let phrase = generate_passphrase(&PassphraseOptions::default()).expect("Web Crypto");
    assert!(get_random_values_calls() > before);
    assert!(validate(phrase.as_str(), &PolicyContext::default()).is_empty());
}
