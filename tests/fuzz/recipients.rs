//! The recipients parser: near-valid address lists built from a grammar, and
//! a second reading of the rules with a set instead of a scan.

use std::collections::HashSet;

use reset_password_widget::reset::recipients::{
    MAX_RECIPIENTS, RecipientsError, is_valid_address, parse_recipients,
};

use crate::text::{
    TRICKY, ascii_from, ascii_run, flip_ascii_case, mutate_chars, pad_with_whitespace, random_text,
};
use crate::{LANGS, Rng, fuzz};

/// What a near-valid input built from valid parts must give.
#[derive(Debug)]
enum RecipientsExpect {
    Anything,
    Exactly(Vec<String>),
    TooMany(usize),
    Duplicate(String),
}

#[derive(Debug)]
struct RecipientsInput {
    text: String,
    expect: RecipientsExpect,
}

const LOCAL_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const LOCAL_SPECIALS: &[u8] = b"!#$%&'*+-/=?^_`{|}~";
const LABEL_CHARS: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/// An address the parser must accept: built only from what it allows.
fn valid_address(rng: &mut Rng) -> String {
    let local_length = if rng.one_in(20) { 64 } else { rng.range(1, 20) };
    let mut local = String::new();
    while local.len() < local_length {
        let last = local.len() + 1 == local_length;
        match rng.below(10) {
            0 if !local.is_empty() && !last && !local.ends_with('.') => local.push('.'),
            1 => local.push(rng.pick(LOCAL_SPECIALS) as char),
            _ => local.push(rng.pick(LOCAL_CHARS) as char),
        }
    }
    let mut labels = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let length = if rng.one_in(20) { 63 } else { rng.range(1, 15) };
        let mut label = ascii_from(rng, LABEL_CHARS, length);
        if length > 2 && rng.one_in(3) {
            label.replace_range(1..2, "-");
        }
        labels.push(label);
    }
    let tld = ascii_run(rng, b"abcdefghijklmnopqrstuvwxyzCOM", 2, 6);
    labels.push(tld);
    format!("{local}@{}", labels.join("."))
}

/// An address one step away from valid, or nowhere near.
fn near_address(rng: &mut Rng) -> String {
    let valid = valid_address(rng);
    let (local, domain) = valid.rsplit_once('@').expect("has @");
    match rng.below(16) {
        0 => mutate_chars(rng, &valid),
        1 => format!("\"{local} {local}\"@{domain}"),
        2 => format!(
            "{} <{valid}>",
            rng.pick(&["Élodie", "\"Li, Wei\"", "=?utf-8?q?x?="])
        ),
        3 => format!(
            "{local}@{}",
            rng.pick(&["münchen.de", "例子.测试", "xn--mnchen-3ya.de", "xn--.com"])
        ),
        4 => valid.replace('@', rng.pick(&["＠", "@@", "", " @ ", "\0@"])),
        5 => format!("{}@{domain}", "a".repeat(rng.range(64, 70))),
        6 => format!("{local}@{}.com", "b".repeat(rng.range(62, 66))),
        7 => format!("{local}@{}com", "abcdefghi.".repeat(rng.range(24, 30))),
        8 => format!("{valid}."),
        9 => format!(".{valid}"),
        10 => valid.replacen('.', "..", 1),
        11 => format!("{local}@{domain}.{}", rng.below(1000)),
        12 => format!("{local}@{}", domain.replacen('.', "_.", 1)),
        13 => format!("{local}@-{domain}"),
        14 => random_text(rng),
        _ => {
            let mut chars: Vec<char> = valid.chars().collect();
            let at = rng.below(chars.len() + 1);
            chars.insert(at, rng.pick(TRICKY));
            chars.into_iter().collect()
        }
    }
}

/// Separators the parser splits on, with the whitespace people type around them.
fn separator(rng: &mut Rng) -> String {
    let core = rng.pick(&[";", ",", ";;", ",;", "; ,"]);
    pad_with_whitespace(rng, core)
}

/// Joins with separators, or with things that look like them but are not.
fn join_loosely(rng: &mut Rng, parts: &[String]) -> String {
    let mut text = pad_with_whitespace(rng, "");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            let sep = match rng.below(6) {
                0 => rng
                    .pick(&[" ", "\n", "|", "；", "，", "\t", ""])
                    .to_string(),
                _ => separator(rng),
            };
            text.push_str(&sep);
        }
        text.push_str(part);
    }
    let tail = rng.pick(&["", ";", ","]);
    text.push_str(&pad_with_whitespace(rng, tail));
    text
}

fn distinct_valid_addresses(rng: &mut Rng, count: usize) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut list = Vec::new();
    while list.len() < count {
        let address = valid_address(rng);
        if seen.insert(address.to_ascii_lowercase()) {
            list.push(address);
        }
    }
    list
}

fn join_exactly(rng: &mut Rng, parts: &[String]) -> String {
    let mut text = pad_with_whitespace(rng, "");
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            text.push_str(&separator(rng));
        }
        text.push_str(&pad_with_whitespace(rng, part));
    }
    if rng.one_in(3) {
        text.push_str(&separator(rng));
    }
    text
}

fn generate_recipients_input(rng: &mut Rng) -> RecipientsInput {
    let (text, expect) = match rng.below(7) {
        0 => (random_text(rng), RecipientsExpect::Anything),
        1 => {
            let count = rng.range(1, MAX_RECIPIENTS);
            let list = distinct_valid_addresses(rng, count);
            (join_exactly(rng, &list), RecipientsExpect::Exactly(list))
        }
        2 => {
            let count = rng.range(MAX_RECIPIENTS + 1, 12);
            let list = distinct_valid_addresses(rng, count);
            (join_exactly(rng, &list), RecipientsExpect::TooMany(count))
        }
        3 => {
            let count = rng.range(1, 7);
            let mut list = distinct_valid_addresses(rng, count);
            let original = rng.below(count);
            let copy = flip_ascii_case(rng, &list[original].clone());
            list.insert(rng.range(original + 1, count), copy.clone());
            // Only the first repeat is reported; any later one is the same text.
            (join_exactly(rng, &list), RecipientsExpect::Duplicate(copy))
        }
        4 => {
            let separators = rng
                .pick(&[";", ",", " ; ", ";\n"])
                .repeat(rng.range(1, 500));
            (separators, RecipientsExpect::Anything)
        }
        _ => {
            let parts: Vec<String> = (0..rng.below(9))
                .map(|_| match rng.below(3) {
                    0 => valid_address(rng),
                    _ => near_address(rng),
                })
                .collect();
            (join_loosely(rng, &parts), RecipientsExpect::Anything)
        }
    };
    RecipientsInput { text, expect }
}

/// What must be true of any address the parser lets through.
fn assert_plausible_address(address: &str) {
    assert!(address.is_ascii(), "{address:?} is not ASCII");
    assert_eq!(address.matches('@').count(), 1, "{address:?}");
    assert!(
        !address.contains([';', ',']),
        "{address:?} holds a separator"
    );
    assert!(
        !address.chars().any(|c| c.is_whitespace() || c.is_control()),
        "{address:?} holds a space or a control character"
    );
    assert!(!address.contains(['"', '<', '>', '(', ')', '[', ']', '\\']));
    assert!(address.len() <= 64 + 1 + 253);
    let (local, domain) = address.split_once('@').expect("one @");
    assert!(!local.is_empty() && !local.starts_with('.') && !local.ends_with('.'));
    assert!(domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.'));
}

fn shortened(text: &str) -> String {
    if text.chars().count() <= 60 {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(60).collect::<String>())
    }
}

fn check_recipients(input: &RecipientsInput) {
    let text = &input.text;
    let result = parse_recipients(text);

    // A second reading of the rules, with a set instead of a scan.
    let parts: Vec<&str> = text
        .split([';', ','])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let reference = (|| {
        if parts.is_empty() {
            return Err(RecipientsError::Empty);
        }
        let mut seen = HashSet::new();
        for part in &parts {
            if !is_valid_address(part) {
                return Err(RecipientsError::InvalidAddress(shortened(part)));
            }
            if !seen.insert(part.to_ascii_lowercase()) {
                return Err(RecipientsError::Duplicate(part.to_string()));
            }
        }
        if parts.len() > MAX_RECIPIENTS {
            return Err(RecipientsError::TooMany {
                found: parts.len(),
                limit: MAX_RECIPIENTS,
            });
        }
        Ok(parts.iter().map(|p| p.to_string()).collect::<Vec<_>>())
    })();
    assert_eq!(result, reference);

    for part in &parts {
        if is_valid_address(part) {
            assert_plausible_address(part);
        }
    }
    match &result {
        Ok(list) => {
            assert!((1..=MAX_RECIPIENTS).contains(&list.len()));
            for address in list {
                assert_plausible_address(address);
                assert_eq!(address.trim(), address);
            }
        }
        Err(RecipientsError::InvalidAddress(shown)) => {
            assert!(shown.chars().count() <= 61);
        }
        Err(RecipientsError::TooMany { found, limit }) => {
            assert!(found > limit && *limit == MAX_RECIPIENTS);
        }
        Err(_) => {}
    }
    if let Err(error) = &result {
        assert!(!error.to_string().is_empty());
        for lang in LANGS {
            let sentence = lang.strings().recipients_error(error);
            assert!(!sentence.is_empty());
            if let RecipientsError::InvalidAddress(a) | RecipientsError::Duplicate(a) = error {
                assert!(sentence.contains(a.as_str()), "{lang:?}: {sentence:?}");
            }
        }
    }

    match &input.expect {
        RecipientsExpect::Anything => {}
        RecipientsExpect::Exactly(list) => assert_eq!(result.as_ref(), Ok(list)),
        RecipientsExpect::TooMany(found) => assert_eq!(
            result,
            Err(RecipientsError::TooMany {
                found: *found,
                limit: MAX_RECIPIENTS
            })
        ),
        RecipientsExpect::Duplicate(copy) => {
            assert_eq!(result, Err(RecipientsError::Duplicate(copy.clone())));
        }
    }
}

#[test]
fn recipients_parser() {
    fuzz(
        "recipients_parser",
        generate_recipients_input,
        check_recipients,
    );
}
