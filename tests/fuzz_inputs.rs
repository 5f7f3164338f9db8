//! Fuzzing at scale, on the host: the password policy validator, the
//! recipients parser, the decoding of Graph answers and the configuration
//! attributes each get random text and near-valid inputs built from a small
//! grammar, and the users list's paging gets tenants whose next links loop.
//! Every target checks what must hold for each input, not only that nothing
//! panics.
//!
//! `FUZZ_ITERATIONS` sets the inputs per target (20,000 by default, a short run
//! for CI). A failure prints the seed and the input number; `FUZZ_SEED` replays
//! a run and `FUZZ_CASE` one input of it. The long run, a million inputs each:
//!
//! ```text
//! FUZZ_ITERATIONS=1000000 cargo test --release --no-default-features --test fuzz_inputs
//! ```

#![cfg(not(target_arch = "wasm32"))]

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};

use reset_password_widget::api::models::{
    DirectoryRole, GraphErrorBody, Me, Page, User, decode, roles_of,
};
use reset_password_widget::api::{ApiError, CallKind};
use reset_password_widget::config::{ConfigError, Theme, WidgetConfig};
use reset_password_widget::i18n::Lang;
use reset_password_widget::users::paging::{PageTrail, PagingLoop};
use reset_password_widget::password::{
    BANNED_TERMS, CharClass, MAX_LENGTH, MIN_LENGTH, MIN_NAME_LENGTH, PolicyContext,
    PolicyViolation, REQUIRED_CLASSES, REQUIRED_SCORE, banned_score, is_acceptable, normalize,
    validate,
};
use reset_password_widget::reset::recipients::{
    MAX_RECIPIENTS, RecipientsError, is_valid_address, parse_recipients,
};
use reset_password_widget::roles::Role;
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Harness: a seeded generator, the iteration count, and a report that says how
// to replay the failing input.

const DEFAULT_ITERATIONS: u64 = 20_000;
const LANGS: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Zh];

fn env_number(name: &str) -> Option<u64> {
    let text = std::env::var(name).ok()?;
    let text = text.trim().replace('_', "");
    let parsed = match text.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16),
        None => text.parse(),
    };
    Some(parsed.unwrap_or_else(|_| panic!("{name}={text:?} is not a number")))
}

fn fresh_seed() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    splitmix(nanos ^ u64::from(std::process::id()))
}

/// Runs `check` on `FUZZ_ITERATIONS` inputs made by `generate`. Each input has
/// its own generator state, derived from the seed and its number, so one
/// input replays without the ones before it.
fn fuzz<I: Debug>(target: &str, generate: impl Fn(&mut Rng) -> I, check: impl Fn(&I)) {
    let iterations = env_number("FUZZ_ITERATIONS").unwrap_or(DEFAULT_ITERATIONS);
    let seed = env_number("FUZZ_SEED").unwrap_or_else(fresh_seed);
    let cases = match env_number("FUZZ_CASE") {
        Some(case) => case..case + 1,
        None => 0..iterations,
    };
    for case in cases {
        let replay = format!(
            "{target}: input {case} failed; replay it with \
             FUZZ_SEED={seed} FUZZ_CASE={case} cargo test --test fuzz_inputs {target}"
        );
        let mut rng = Rng::for_case(seed, case);
        let input = match catch_unwind(AssertUnwindSafe(|| generate(&mut rng))) {
            Ok(input) => input,
            Err(_) => panic!("{replay} (while generating the input)"),
        };
        if catch_unwind(AssertUnwindSafe(|| check(&input))).is_err() {
            let mut shown = format!("{input:?}");
            if shown.len() > 4000 {
                let cut = (0..=4000).rev().find(|&i| shown.is_char_boundary(i));
                shown.truncate(cut.unwrap_or(0));
                shown.push_str(" …");
            }
            panic!("{replay}\ninput: {shown}");
        }
    }
}

fn splitmix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// xorshift64*: small, fast, and plenty for choosing inputs.
struct Rng(u64);

impl Rng {
    fn for_case(seed: u64, case: u64) -> Rng {
        Rng(splitmix(seed ^ splitmix(case)) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// A number in `0..n`; `n` must not be 0.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn range(&mut self, low: usize, high_inclusive: usize) -> usize {
        low + self.below(high_inclusive - low + 1)
    }

    fn one_in(&mut self, n: usize) -> bool {
        self.below(n) == 0
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    /// Mostly short, sometimes long, now and then very long.
    fn length(&mut self) -> usize {
        match self.below(100) {
            0..60 => self.below(12),
            60..90 => self.below(64),
            90..99 => self.below(400),
            _ => self.below(4000),
        }
    }
}

/// Characters that trip parsers: controls, invisible and direction marks,
/// full-width separators, case mappings that change length, combining marks,
/// right-to-left letters, emoji parts, and ASCII with a meaning somewhere.
#[rustfmt::skip]
const TRICKY: &[char] = &[
    '\0', '\t', '\n', '\r', '\u{b}', '\u{c}', '\u{1b}', '\u{7f}', '\u{85}',
    '\u{a0}', '\u{ad}', '\u{200b}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{202e}',
    '\u{2028}', '\u{2029}', '\u{2066}', '\u{feff}', '\u{fffd}', '\u{10ffff}',
    '\u{ff0c}', '\u{ff1b}', '\u{ff20}', '\u{3000}',
    'İ', 'ı', 'ß', 'ﬀ', '\u{212a}', 'é', '\u{301}', '\u{64b}',
    'א', 'ב', 'ع', '中', '文', '😀', '👩', '\u{1f3fd}',
    '"', '\'', '\\', '<', '>', '{', '}', '[', ']', '@', ';', ',', '.', ' ', '%',
];

const UNICODE_BLOCKS: &[(u32, u32)] = &[
    (0x00a0, 0x024f),   // Latin-1 and Latin Extended
    (0x0300, 0x036f),   // combining marks
    (0x0590, 0x06ff),   // Hebrew, Arabic
    (0x0900, 0x097f),   // Devanagari
    (0x3040, 0x30ff),   // kana
    (0x4e00, 0x9fff),   // CJK
    (0xe000, 0xf8ff),   // private use
    (0xff00, 0xffef),   // full-width forms
    (0x1f300, 0x1faff), // emoji
    (0xe0000, 0xe007f), // tags
];

fn any_char(rng: &mut Rng) -> char {
    match rng.below(10) {
        0..=3 => rng.range(0x20, 0x7e) as u8 as char,
        4 | 5 => rng.pick(TRICKY),
        6 => rng.below(0x20) as u8 as char,
        7 => {
            let (low, high) = rng.pick(UNICODE_BLOCKS);
            char::from_u32(rng.range(low as usize, high as usize) as u32).unwrap_or('?')
        }
        8 => loop {
            if let Some(c) = char::from_u32(rng.below(0x11_0000) as u32) {
                break c;
            }
        },
        _ => rng.pick(b"abcXYZ019") as char,
    }
}

fn any_string(rng: &mut Rng, length: usize) -> String {
    (0..length).map(|_| any_char(rng)).collect()
}

/// A string of `rng.length()` characters of any kind.
fn random_text(rng: &mut Rng) -> String {
    let length = rng.length();
    any_string(rng, length)
}

fn text_between(rng: &mut Rng, low: usize, high: usize) -> String {
    let length = rng.range(low, high);
    any_string(rng, length)
}

fn ascii_from(rng: &mut Rng, alphabet: &[u8], length: usize) -> String {
    (0..length).map(|_| rng.pick(alphabet) as char).collect()
}

fn ascii_run(rng: &mut Rng, alphabet: &[u8], low: usize, high: usize) -> String {
    let length = rng.range(low, high);
    ascii_from(rng, alphabet, length)
}

/// Inserts, deletes or replaces a few characters, on character boundaries.
fn mutate_chars(rng: &mut Rng, text: &str) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for _ in 0..rng.range(1, 3) {
        let at = rng.below(chars.len() + 1);
        match rng.below(3) {
            0 => chars.insert(at, any_char(rng)),
            1 if at < chars.len() => {
                chars.remove(at);
            }
            _ if at < chars.len() => chars[at] = any_char(rng),
            _ => chars.push(any_char(rng)),
        }
    }
    chars.into_iter().collect()
}

fn flip_ascii_case(rng: &mut Rng, text: &str) -> String {
    text.chars()
        .map(|c| {
            if rng.one_in(2) {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

fn pad_with_whitespace(rng: &mut Rng, text: &str) -> String {
    let spaces = [" ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{3000}", ""];
    format!("{}{text}{}", rng.pick(&spaces), rng.pick(&spaces))
}

// ---------------------------------------------------------------------------
// Target 1: the password policy validator.

#[derive(Debug)]
struct PolicyInput {
    password: String,
    context: PolicyContext,
}

fn leet(rng: &mut Rng, word: &str) -> String {
    word.chars()
        .map(|c| match (c, rng.below(4)) {
            ('o', 0) => '0',
            ('l' | 'i', 0) => '1',
            ('s', 0) => '$',
            ('a', 0) => '@',
            (c, 1) => c.to_ascii_uppercase(),
            (c, _) => c,
        })
        .collect()
}

fn password_segment(rng: &mut Rng, names: &[String]) -> String {
    match rng.below(12) {
        0 | 1 => {
            let term = rng.pick(BANNED_TERMS);
            leet(rng, term)
        }
        2 if !names.is_empty() => {
            let name = names[rng.below(names.len())].clone();
            leet(rng, &name)
        }
        3 => ascii_run(rng, b"abcdefghijklmnopqrstuvwxyz", 1, 6),
        4 => ascii_run(rng, b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 6),
        5 => ascii_run(rng, b"0123456789", 1, 6),
        6 => ascii_run(rng, br##"!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ "##, 1, 4),
        7 => rng
            .pick(&[
                "\0",
                "\u{202e}",
                "\u{200f}",
                "😀",
                "👩\u{200d}💻",
                "é",
                "e\u{301}",
            ])
            .into(),
        8 => rng
            .pick(&["עברית", "العربية", "密码", "Пароль", "ßİı", "\u{1f3fd}"])
            .into(),
        _ => text_between(rng, 1, 4),
    }
}

fn generate_policy_input(rng: &mut Rng) -> PolicyInput {
    let names: Vec<String> = (0..rng.below(3))
        .map(|_| match rng.below(3) {
            0 => rng
                .pick(&["Eloise", "Contoso", "Dupré", "Li", "O'Brien", "Zhang"])
                .into(),
            1 => ascii_run(rng, b"abcdefghijklmnopqrstuvwxyz", 3, 9),
            _ => text_between(rng, 1, 8),
        })
        .collect();
    // Lengths around the limits are where off-by-one errors live.
    // Mostly short: most rules act on the first few characters, and the
    // banned-term search is slow in a debug build. Lengths around the limits
    // are where off-by-one errors live.
    let target = match rng.below(1000) {
        0..80 => rng.pick(&[0, 1, 4, 5, 7, 8, 9]),
        80..90 => rng.pick(&[255, 256, 257]),
        90..105 => rng.range(16, 300),
        105 => rng.below(3000),
        _ => rng.below(16),
    };
    let password: String = match rng.below(4) {
        0 => {
            let length = target.min(rng.length());
            any_string(rng, length)
        }
        1 => {
            // Only accepted characters: exercises the accepting path.
            let alphabet = br##"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~ "##;
            ascii_from(rng, alphabet, target)
        }
        _ => {
            let mut text = String::new();
            while text.chars().count() < target {
                text.push_str(&password_segment(rng, &names));
            }
            if rng.one_in(2) {
                text = text.chars().take(target).collect();
            }
            text
        }
    };
    let name = |rng: &mut Rng| -> Option<String> {
        match rng.below(8) {
            0 | 1 => None,
            2 if !password.is_empty() => {
                // A piece of the password, so names are actually found.
                let chars: Vec<char> = password.chars().collect();
                let start = rng.below(chars.len());
                let end = rng.range(start, chars.len().min(start + 12));
                Some(chars[start..end].iter().collect())
            }
            3 if !names.is_empty() => Some(names[rng.below(names.len())].clone()),
            4 => Some(rng.pick(&["", "   ", "\u{a0}", "\0\0\0\0"]).into()),
            5 => Some(random_text(rng)),
            6 => Some(rng.pick(BANNED_TERMS).into()),
            _ => Some(text_between(rng, 1, 10)),
        }
    };
    let context = PolicyContext {
        first_name: name(rng),
        last_name: name(rng),
        tenant_name: name(rng),
    };
    PolicyInput { password, context }
}

/// The four classes, written out again from Entra's documentation: ASCII
/// letters, digits, and ASCII punctuation or a space as symbols.
fn reference_class(c: char) -> Option<CharClass> {
    if c.is_ascii_lowercase() {
        Some(CharClass::Lowercase)
    } else if c.is_ascii_uppercase() {
        Some(CharClass::Uppercase)
    } else if c.is_ascii_digit() {
        Some(CharClass::Digit)
    } else if c.is_ascii_punctuation() || c == ' ' {
        Some(CharClass::Symbol)
    } else {
        None
    }
}

fn check_policy(input: &PolicyInput) {
    let PolicyInput { password, context } = input;
    let violations = validate(password, context);

    // Length, characters and classes, from the reference.
    let actual = password.chars().count();
    let mut expected = Vec::new();
    if actual < MIN_LENGTH {
        expected.push(PolicyViolation::TooShort {
            min: MIN_LENGTH,
            actual,
        });
    }
    if actual > MAX_LENGTH {
        expected.push(PolicyViolation::TooLong {
            max: MAX_LENGTH,
            actual,
        });
    }
    let mut disallowed = Vec::new();
    let mut seen = HashSet::new();
    let mut present = BTreeSet::new();
    for c in password.chars() {
        match reference_class(c) {
            Some(class) => {
                present.insert(class);
            }
            None if seen.insert(c) => disallowed.push(c),
            None => {}
        }
    }
    if !disallowed.is_empty() {
        expected.push(PolicyViolation::DisallowedCharacters(disallowed));
    }
    if present.len() < REQUIRED_CLASSES {
        expected.push(PolicyViolation::TooFewClasses {
            found: present.len(),
            required: REQUIRED_CLASSES,
            missing: CharClass::ALL
                .into_iter()
                .filter(|c| !present.contains(c))
                .collect(),
        });
    }

    // The banned-password score is the slow part of a debug build, so it is
    // read from `validate`'s own report, and recomputed for short passwords.
    let names: Vec<&str> = [
        &context.first_name,
        &context.last_name,
        &context.tenant_name,
    ]
    .into_iter()
    .flatten()
    .map(String::as_str)
    .collect();
    let known_names: Vec<String> = names
        .iter()
        .map(|n| normalize(n.trim()))
        .filter(|n| n.chars().count() >= MIN_NAME_LENGTH)
        .collect();
    let mut rest = violations.clone();
    let reported_score = match rest.last().cloned() {
        Some(PolicyViolation::TooCommon {
            score,
            required,
            matched_terms,
        }) => {
            rest.pop();
            assert_eq!(required, REQUIRED_SCORE);
            assert!(score < REQUIRED_SCORE);
            // Each character scores at most one point, a found term one.
            assert!(score <= actual, "score {score} > length {actual}");
            assert_eq!(score == 0, actual == 0);
            assert!(matched_terms.len() <= score);
            for term in &matched_terms {
                assert!(
                    BANNED_TERMS.contains(&term.as_str()) || known_names.contains(term),
                    "matched {term:?}, which is neither a banned term nor a name"
                );
            }
            Some(score)
        }
        _ => {
            assert!(
                actual >= REQUIRED_SCORE,
                "{actual} characters scored enough"
            );
            None
        }
    };
    assert_eq!(rest, expected);
    if actual <= 16 {
        let scored = banned_score(password, &names);
        assert_eq!(
            reported_score,
            Some(scored.score).filter(|s| *s < REQUIRED_SCORE)
        );
        assert_eq!(is_acceptable(password, context), violations.is_empty());
    }

    // Reasons travel to the local tenant and back as JSON without loss.
    for violation in &violations {
        let json = serde_json::to_string(violation).expect("serialises");
        let back: PolicyViolation = serde_json::from_str(&json).expect("reads back");
        assert_eq!(&back, violation);
        for lang in LANGS {
            assert!(!lang.strings().policy_violation(violation).is_empty());
        }
    }

    // An accepted password followed by a refused character is refused.
    if violations.is_empty() && actual <= 16 {
        let worse = format!("{password}é");
        assert!(
            validate(&worse, context)
                .iter()
                .any(|v| matches!(v, PolicyViolation::DisallowedCharacters(c) if c.contains(&'é')))
        );
    }
}

#[test]
fn policy_validator() {
    fuzz("policy_validator", generate_policy_input, check_policy);
}

// ---------------------------------------------------------------------------
// Target 2: the recipients parser.

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

// ---------------------------------------------------------------------------
// Target 3: decoding Graph answers, through the same `decode` and
// `ApiError::from_response` the client uses.

/// What decoding a generated body must give.
#[derive(Debug)]
enum Expect<T> {
    /// Built valid: exactly this.
    Value(T),
    /// Broken in a way that must be refused.
    Refused,
    /// Anything but a panic; an error must still be `Malformed`.
    Anything,
}

#[derive(Debug)]
enum GraphInput {
    Users {
        body: String,
        expect: Expect<Page<User>>,
    },
    Roles {
        body: String,
        expect: Expect<Vec<Role>>,
    },
    Me {
        body: String,
        expect: Expect<String>,
    },
    Error {
        status: u16,
        retry_after: Option<String>,
        body: String,
        kind: CallKind,
        /// The message the error must carry, when the body was built valid.
        message: Option<String>,
    },
}

/// A placeholder replaced by raw JSON text after serialising, for tokens a
/// `Value` cannot hold (huge numbers, bad escapes, deep nesting).
const RAW: &str = "\u{1}raw\u{1}";

/// Puts raw JSON text where [`RAW`] was serialised.
fn splice_raw(body: &str, raw: &str) -> String {
    body.replacen("\"\\u0001raw\\u0001\"", raw, 1)
}

fn raw_json(rng: &mut Rng) -> String {
    match rng.below(10) {
        0 => "[".repeat(rng.range(100, 20_000)),
        1 => {
            let depth = rng.range(1, 300);
            format!("{}{}", "[".repeat(depth), "]".repeat(depth))
        }
        2 => {
            let depth = rng.range(1, 300);
            format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth))
        }
        3 => rng
            .pick(&[
                "1e400",
                "-1e400",
                "18446744073709551616",
                "-9223372036854775809",
                "123456789012345678901234567890",
                "0.000000000000000000000000000000001",
                "-0",
                "1E+2",
            ])
            .into(),
        4 => rng
            .pick(&[
                r#""\u0000""#,
                r#""\ud800""#,
                r#""\udc00\ud800""#,
                r#""\ud83d\ude00""#,
                r#""\/\b\f""#,
                r#""\x41""#,
                r#""\u12""#,
            ])
            .into(),
        5 => rng
            .pick(&["NaN", "Infinity", "undefined", "'x'", "01", "+1", ".5"])
            .into(),
        6 => format!("\"{}\"", "x".repeat(rng.range(1_000, 100_000))),
        _ => rng.pick(&["true", "null", "{}", "[]", "\"\"", "0"]).into(),
    }
}

/// A JSON value of any shape, kept shallow enough for the parser's limit.
fn junk_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 5 { 6 } else { 8 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.one_in(2)),
        2 => json!(rng.next()),
        3 => json!(-(rng.below(1_000_000) as i64)),
        4 => json!(rng.next() as f64 / 7.0),
        5 => Value::String(random_text(rng)),
        6 => Value::Array(
            (0..rng.below(4))
                .map(|_| junk_value(rng, depth + 1))
                .collect(),
        ),
        _ => Value::Object(
            (0..rng.below(4))
                .map(|_| (text_between(rng, 0, 5), junk_value(rng, depth + 1)))
                .collect(),
        ),
    }
}

fn graph_string(rng: &mut Rng) -> String {
    match rng.below(5) {
        0 => rng
            .pick(&[
                "Élodie Dupré",
                "李伟",
                "أحمد",
                "O'Brien <b>",
                "elodie@contoso.example",
            ])
            .into(),
        1 => String::new(),
        2 => "   ".into(),
        _ => random_text(rng),
    }
}

/// Sets an optional string field absent, null or to a string; returns what
/// the model must hold.
fn optional_field(rng: &mut Rng, object: &mut Map<String, Value>, key: &str) -> Option<String> {
    match rng.below(4) {
        0 => None,
        1 => {
            object.insert(key.into(), Value::Null);
            None
        }
        _ => {
            let text = graph_string(rng);
            object.insert(key.into(), Value::String(text.clone()));
            Some(text)
        }
    }
}

fn add_unknown_fields(rng: &mut Rng, object: &mut Map<String, Value>) {
    for _ in 0..rng.below(3) {
        let key = rng
            .pick(&[
                "@odata.type",
                "accountEnabled",
                "onPremisesExtensionAttributes",
                "x",
            ])
            .to_string();
        if !object.contains_key(&key) {
            let junk = junk_value(rng, 0);
            object.insert(key, junk);
        }
    }
}

fn user_json(rng: &mut Rng) -> (Value, User) {
    let mut object = Map::new();
    let id = match rng.below(3) {
        0 => format!(
            "{:08x}-{:04x}-4{:03x}-a{:03x}-{:012x}",
            rng.next() as u32,
            rng.below(0x10000),
            rng.below(0x1000),
            rng.below(0x1000),
            rng.next() & 0xffff_ffff_ffff
        ),
        _ => graph_string(rng),
    };
    object.insert("id".into(), Value::String(id.clone()));
    let display_name = optional_field(rng, &mut object, "displayName");
    let user_principal_name = optional_field(rng, &mut object, "userPrincipalName");
    let mail = optional_field(rng, &mut object, "mail");
    let given_name = optional_field(rng, &mut object, "givenName");
    let surname = optional_field(rng, &mut object, "surname");
    let other_mails = match rng.below(4) {
        0 => Vec::new(),
        1 => {
            object.insert("otherMails".into(), Value::Null);
            Vec::new()
        }
        _ => {
            let entries: Vec<Option<String>> = (0..rng.below(4))
                .map(|_| (!rng.one_in(4)).then(|| graph_string(rng)))
                .collect();
            object.insert("otherMails".into(), json!(entries));
            entries.into_iter().flatten().collect()
        }
    };
    add_unknown_fields(rng, &mut object);
    let user = User {
        id,
        display_name,
        user_principal_name,
        mail,
        other_mails,
        given_name,
        surname,
    };
    (Value::Object(object), user)
}

/// A user as Graph would write it back, every field present.
fn user_to_json(user: &User) -> Value {
    json!({
        "id": user.id,
        "displayName": user.display_name,
        "userPrincipalName": user.user_principal_name,
        "mail": user.mail,
        "otherMails": user.other_mails,
        "givenName": user.given_name,
        "surname": user.surname,
    })
}

const USERS_URL: &str = "https://graph.microsoft.com/v1.0/users?$select=id&$top=100";

fn page_envelope<T>(
    rng: &mut Rng,
    values: Vec<Value>,
    items: Vec<T>,
) -> (Map<String, Value>, Page<T>) {
    let mut object = Map::new();
    if rng.one_in(2) {
        object.insert(
            "@odata.context".into(),
            json!("https://graph.microsoft.com/v1.0/$metadata#users"),
        );
    }
    object.insert("value".into(), Value::Array(values));
    let next_link = match rng.below(5) {
        0 => None,
        1 => {
            object.insert("@odata.nextLink".into(), Value::Null);
            None
        }
        _ => {
            let link = match rng.below(4) {
                // A link back to the first page: a paging loop.
                0 => USERS_URL.to_string(),
                1 => graph_string(rng),
                _ => format!("{USERS_URL}&$skiptoken={}", rng.next()),
            };
            object.insert("@odata.nextLink".into(), Value::String(link.clone()));
            Some(link)
        }
    };
    let count = match rng.below(4) {
        0 => {
            let n = if rng.one_in(4) {
                u64::MAX
            } else {
                rng.next() % 100_000
            };
            object.insert("@odata.count".into(), json!(n));
            Some(n)
        }
        1 => {
            object.insert("@odata.count".into(), Value::Null);
            None
        }
        _ => None,
    };
    add_unknown_fields(rng, &mut object);
    (
        object,
        Page {
            value: items,
            next_link,
            count,
        },
    )
}

/// Breaks a valid page in a way that must be refused, or in a way whose
/// outcome is open. Returns the body and whether refusal is certain.
fn break_page(rng: &mut Rng, mut page: Map<String, Value>, item_fields: &[&str]) -> (String, bool) {
    let wrong_type = |rng: &mut Rng| -> Value {
        rng.pick(&[
            json!(42),
            json!(true),
            json!({"a": 1}),
            json!([1, 2]),
            json!(-1.5),
        ])
    };
    match rng.below(12) {
        0 => {
            page.remove("value");
            (Value::Object(page).to_string(), true)
        }
        1 => {
            let replacement = rng.pick(&[json!(null), json!({}), json!("[]"), json!(7)]);
            page.insert("value".into(), replacement);
            (Value::Object(page).to_string(), true)
        }
        2 => {
            // One item's field of the wrong type, or its id missing.
            let field = rng.pick(item_fields);
            let replacement = wrong_type(rng);
            let items = page.get_mut("value").and_then(Value::as_array_mut);
            match items.filter(|items| !items.is_empty()) {
                Some(items) => {
                    let at = rng.below(items.len());
                    let item = items[at].as_object_mut().expect("items are objects");
                    if field == "id" && rng.one_in(2) {
                        item.remove("id");
                        (Value::Object(page).to_string(), item_fields[0] == "id")
                    } else {
                        item.insert(field.into(), replacement);
                        (Value::Object(page).to_string(), true)
                    }
                }
                None => (Value::Object(page).to_string(), false),
            }
        }
        3 => {
            let key = rng.pick(&["@odata.nextLink", "@odata.count"]);
            let replacement = match key {
                "@odata.count" => rng.pick(&[json!(-1), json!(1.5), json!("12"), json!([])]),
                _ => rng.pick(&[json!(42), json!({}), json!(["x"]), json!(false)]),
            };
            page.insert(key.into(), replacement);
            (Value::Object(page).to_string(), true)
        }
        4 => {
            page.insert("@odata.count".into(), json!(RAW));
            let raw = rng.pick(&["1e400", "18446744073709551616", "-1", "1.0", "NaN"]);
            (splice_raw(&Value::Object(page).to_string(), raw), true)
        }
        5 => {
            // Junk where the model ignores fields: fine unless it breaks JSON
            // itself or nests past the parser's limit.
            page.insert("junk".into(), json!(RAW));
            let raw = raw_json(rng);
            (splice_raw(&Value::Object(page).to_string(), &raw), false)
        }
        6 => {
            let body = Value::Object(page).to_string();
            let cut = rng.below(body.len());
            let cut = (0..=cut)
                .rev()
                .find(|&i| body.is_char_boundary(i))
                .unwrap_or(0);
            (body[..cut].to_string(), true)
        }
        7 => {
            let body = Value::Object(page).to_string();
            let tail = rng.pick(&["x", "}", ",", "{}", "\0", "]"]);
            (format!("{body}{tail}"), true)
        }
        8 => {
            // A repeated key: Graph never sends one; either answer is fine.
            let body = Value::Object(page).to_string();
            (body.replacen('{', "{\"value\":[],", 1), false)
        }
        9 => (mutate_chars(rng, &Value::Object(page).to_string()), false),
        10 => {
            let body = rng.pick(&[
                "",
                " ",
                "<html><body>502 Bad Gateway</body></html>",
                "null",
                "[]",
                "\u{feff}{}",
                "{\"value\":[]",
            ]);
            (body.to_string(), true)
        }
        _ => (random_text(rng), false),
    }
}

fn generate_users(rng: &mut Rng) -> GraphInput {
    let count = match rng.below(100) {
        0 => rng.below(300),
        1..10 => rng.below(40),
        _ => rng.below(6),
    };
    let (values, users): (Vec<Value>, Vec<User>) = (0..count).map(|_| user_json(rng)).unzip();
    let (page, expected) = page_envelope(rng, values, users);
    if rng.one_in(2) {
        let body = Value::Object(page).to_string();
        let body = if rng.one_in(4) {
            format!(" \n{body}\t ")
        } else {
            body
        };
        return GraphInput::Users {
            body,
            expect: Expect::Value(expected),
        };
    }
    let fields = [
        "id",
        "displayName",
        "userPrincipalName",
        "mail",
        "otherMails",
        "surname",
    ];
    let (body, certain) = break_page(rng, page, &fields);
    let expect = if certain {
        Expect::Refused
    } else {
        Expect::Anything
    };
    GraphInput::Users { body, expect }
}

fn generate_roles(rng: &mut Rng) -> GraphInput {
    let mut values = Vec::new();
    let mut roles = Vec::new();
    for _ in 0..rng.below(8) {
        let mut object = Map::new();
        object.insert(
            "@odata.type".into(),
            json!("#microsoft.graph.directoryRole"),
        );
        optional_field(rng, &mut object, "displayName");
        let role = match rng.below(5) {
            0 => Role::Other,
            1 | 2 => {
                let role = rng.pick(&Role::ALL_KNOWN);
                let id = role.template_id().expect("known roles have an id");
                let id = match rng.below(3) {
                    0 => flip_ascii_case(rng, id),
                    1 => pad_with_whitespace(rng, id),
                    _ => id.to_string(),
                };
                object.insert("roleTemplateId".into(), json!(id));
                // Only an exact match, ignoring ASCII case, is that role.
                if id.trim() == id { role } else { Role::Other }
            }
            3 => {
                object.insert("roleTemplateId".into(), Value::Null);
                Role::Other
            }
            _ => {
                let id = text_between(rng, 0, 40);
                let role = Role::ALL_KNOWN
                    .into_iter()
                    .find(|r| r.template_id().is_some_and(|t| t.eq_ignore_ascii_case(&id)))
                    .unwrap_or(Role::Other);
                object.insert("roleTemplateId".into(), json!(id));
                role
            }
        };
        values.push(Value::Object(object));
        roles.push(role);
    }
    let (page, expected) = page_envelope(rng, values, roles);
    if rng.one_in(2) {
        return GraphInput::Roles {
            body: Value::Object(page).to_string(),
            expect: Expect::Value(expected.value),
        };
    }
    let (body, certain) = break_page(rng, page, &["roleTemplateId", "displayName"]);
    let expect = if certain {
        Expect::Refused
    } else {
        Expect::Anything
    };
    GraphInput::Roles { body, expect }
}

fn generate_me(rng: &mut Rng) -> GraphInput {
    let id = graph_string(rng);
    let (body, expect) = match rng.below(5) {
        0 => (json!({"displayName": "x"}).to_string(), Expect::Refused),
        1 => (json!({"id": 7}).to_string(), Expect::Refused),
        2 => (random_text(rng), Expect::Anything),
        _ => (
            json!({"id": id, "userPrincipalName": graph_string(rng)}).to_string(),
            Expect::Value(id),
        ),
    };
    GraphInput::Me { body, expect }
}

fn generate_error(rng: &mut Rng) -> GraphInput {
    let status = match rng.below(3) {
        0 => rng.below(0x10000) as u16,
        _ => rng.pick(&[
            0,
            100,
            200,
            204,
            301,
            400,
            401,
            403,
            404,
            405,
            409,
            412,
            418,
            429,
            499,
            500,
            502,
            503,
            504,
            599,
            600,
            999,
            u16::MAX,
        ]),
    };
    let retry_after = match rng.below(4) {
        0 => None,
        1 => Some(rng.below(1000).to_string()),
        2 => Some(
            rng.pick(&[
                "",
                " 7 ",
                "0",
                "-1",
                "1.5",
                "+5",
                "soon",
                "4294967295",
                "4294967296",
                "99999999999999999999",
                "Wed, 21 Oct 2015 07:28:00 GMT",
                "٣",
                "\u{a0}5",
            ])
            .into(),
        ),
        _ => Some(text_between(rng, 0, 11)),
    };
    let kind = rng.pick(&[CallKind::Read, CallKind::ResetPassword, CallKind::SendMail]);
    let fallback = format!("HTTP {status}");
    let (body, message) = match rng.below(6) {
        0 | 1 => {
            let mut detail = Map::new();
            optional_field(rng, &mut detail, "code");
            let message = optional_field(rng, &mut detail, "message");
            if rng.one_in(2) {
                detail.insert("innerError".into(), junk_value(rng, 0));
            }
            // A null code or message reads as empty; the status stands in
            // for a missing or empty message.
            let body = json!({"error": Value::Object(detail)}).to_string();
            let message = message.filter(|m| !m.is_empty()).unwrap_or(fallback);
            (body, Some(message))
        }
        2 => {
            let body = rng.pick(&[
                "",
                "<html>oops</html>",
                "{\"error\":\"denied\"}",
                "{\"error\":{\"message\":5}}",
                "{\"error\":null}",
                "{\"message\":\"no error key\"}",
                "{\"error\":{\"message\":\"cut",
            ]);
            (body.to_string(), Some(fallback))
        }
        3 => (
            mutate_chars(
                rng,
                r#"{"error":{"code":"Request_BadRequest","message":"m"}}"#,
            ),
            None,
        ),
        _ => (random_text(rng), None),
    };
    GraphInput::Error {
        status,
        retry_after,
        body,
        kind,
        message,
    }
}

fn generate_graph_input(rng: &mut Rng) -> GraphInput {
    match rng.below(8) {
        0..=2 => generate_users(rng),
        3 | 4 => generate_roles(rng),
        5 => generate_me(rng),
        _ => generate_error(rng),
    }
}

fn check_decoded<T: Debug + PartialEq>(result: &Result<T, ApiError>, expect: &Expect<T>) {
    if let Err(error) = result {
        assert!(
            matches!(error, ApiError::Malformed(m) if !m.is_empty()),
            "decoding failed with {error:?}"
        );
    }
    match expect {
        Expect::Value(value) => assert_eq!(result.as_ref().ok(), Some(value)),
        Expect::Refused => assert!(result.is_err(), "accepted: {result:?}"),
        Expect::Anything => {}
    }
}

/// `Retry-After` as the client must read it: whole seconds, capped at 300.
fn reference_retry_after(value: Option<&str>) -> Option<u32> {
    let digits = value?.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u64>().map_or(300, |n| n.min(300) as u32))
}

fn check_error(
    status: u16,
    retry_after: Option<&str>,
    body: &str,
    kind: CallKind,
    message: Option<&str>,
) {
    let error = ApiError::from_response(status, retry_after, body, kind);

    // The message: Graph's own when it sent one, else the status.
    let graph_message = decode::<GraphErrorBody>(body)
        .ok()
        .map(|b| b.error.message)
        .filter(|m| !m.is_empty());
    let fallback = format!("HTTP {status}");
    let expected_message = graph_message.unwrap_or(fallback);
    if let Some(message) = message {
        assert_eq!(expected_message, message);
    }
    let retry = reference_retry_after(retry_after);
    let expected = match status {
        401 => ApiError::Unauthorized,
        403 => ApiError::Forbidden {
            message: expected_message,
        },
        404 => ApiError::NotFound,
        409 | 412 => ApiError::Conflict {
            message: expected_message,
        },
        429 => ApiError::Throttled {
            retry_after_secs: retry.unwrap_or(10),
        },
        400 if kind == CallKind::ResetPassword => ApiError::PasswordRejected {
            message: expected_message,
        },
        400..=499 => ApiError::BadRequest {
            code: decode::<GraphErrorBody>(body)
                .map(|b| b.error.code)
                .unwrap_or_default(),
            message: expected_message,
        },
        504 => ApiError::Timeout,
        _ => ApiError::Server {
            status,
            retry_after_secs: retry,
        },
    };
    assert_eq!(error, expected);

    assert!(error.retry_after_secs().is_none_or(|s| s <= 300));
    assert_eq!(
        error.write_was_not_applied(),
        matches!(
            error,
            ApiError::Throttled { .. }
                | ApiError::Server {
                    status: 503,
                    retry_after_secs: Some(_)
                }
        )
    );
    let codes = [
        "network",
        "timeout",
        "unauthorized",
        "forbidden",
        "notFound",
        "passwordRejected",
        "badRequest",
        "conflict",
        "throttled",
        "server",
        "malformed",
    ];
    assert!(codes.contains(&error.code()));
    assert!(!error.to_string().is_empty());
    for lang in LANGS {
        let sentence = lang.strings().api_error(&error);
        assert!(!sentence.is_empty());
        if let ApiError::Forbidden { message } = &error {
            assert!(sentence.contains(message.as_str()));
        }
    }
}

fn check_graph(input: &GraphInput) {
    match input {
        GraphInput::Users { body, expect } => {
            let result = decode::<Page<User>>(body);
            check_decoded(&result, expect);
            if let Ok(page) = result {
                for user in &page.value {
                    let label = user.label();
                    let from_display_name =
                        user.display_name.as_deref() == Some(label) && !label.trim().is_empty();
                    assert!(
                        from_display_name
                            || user.user_principal_name.as_deref() == Some(label)
                            || user.id == label
                    );
                    if let Some(alternate) = user.alternate_email() {
                        assert!(!alternate.trim().is_empty());
                        assert!(user.other_mails.iter().any(|m| m == alternate));
                    }
                }
                // What was read, written back the way Graph writes it, reads
                // the same.
                let mut again = Map::new();
                again.insert(
                    "value".into(),
                    Value::Array(page.value.iter().map(user_to_json).collect()),
                );
                again.insert("@odata.nextLink".into(), json!(page.next_link));
                again.insert("@odata.count".into(), json!(page.count));
                let reread = decode::<Page<User>>(&Value::Object(again).to_string());
                assert_eq!(reread.as_ref(), Ok(&page));
            }
        }
        GraphInput::Roles { body, expect } => {
            let result = decode::<Page<DirectoryRole>>(body).map(|page| {
                let roles = roles_of(&page);
                assert_eq!(roles.len(), page.value.len());
                for (entry, role) in page.value.iter().zip(&roles) {
                    assert_eq!(*role, entry.role());
                    assert_eq!(role.template_id().is_none(), *role == Role::Other);
                }
                roles
            });
            check_decoded(&result, expect);
        }
        GraphInput::Me { body, expect } => {
            check_decoded(&decode::<Me>(body).map(|me| me.id), expect);
        }
        GraphInput::Error {
            status,
            retry_after,
            body,
            kind,
            message,
        } => check_error(
            *status,
            retry_after.as_deref(),
            body,
            *kind,
            message.as_deref(),
        ),
    }
}

#[test]
fn graph_responses() {
    fuzz("graph_responses", generate_graph_input, check_graph);
}

// ---------------------------------------------------------------------------
// `@odata.nextLink` loops: a tenant whose pages point back at pages already
// loaded, followed the way the users list follows them.

#[derive(Clone, Debug)]
enum NextLink {
    None,
    /// The link of page `n`; page 0 is the first page, loaded by its own URL.
    Page(usize),
    /// A page's link with its ASCII case changed: to the widget another link,
    /// answered by an empty last page (unless the case came out unchanged).
    Elsewhere(String),
}

#[derive(Debug)]
struct PagingInput {
    pages: Vec<NextLink>,
}

fn page_link(index: usize) -> String {
    if index == 0 {
        USERS_URL.to_string()
    } else {
        format!("{USERS_URL}&$skiptoken={index}")
    }
}

fn generate_paging_input(rng: &mut Rng) -> PagingInput {
    let count = rng.range(1, 40);
    let pages = (0..count)
        .map(|index| match rng.below(10) {
            0 => NextLink::None,
            1 => {
                let link = page_link(rng.below(count));
                NextLink::Elsewhere(flip_ascii_case(rng, &link))
            }
            2..5 => NextLink::Page(rng.below(count)),
            // Mostly forward, as a real listing goes.
            _ => NextLink::Page((index + 1).min(count - 1)),
        })
        .collect();
    PagingInput { pages }
}

/// The body the tenant answers for `link`, read through `decode`.
fn fetch_page(pages: &[NextLink], link: &str) -> (Option<usize>, Page<User>) {
    let index = (0..pages.len()).find(|&i| page_link(i) == link);
    let next = match index.map(|i| &pages[i]) {
        Some(NextLink::Page(n)) => json!(page_link(*n)),
        Some(NextLink::Elsewhere(other)) => json!(other),
        Some(NextLink::None) | None => Value::Null,
    };
    let users: Vec<Value> = index
        .map(|i| vec![json!({"id": format!("user-{i}")})])
        .unwrap_or_default();
    let body = json!({"value": users, "@odata.nextLink": next}).to_string();
    (index, decode(&body).expect("a valid page"))
}

fn check_paging(input: &PagingInput) {
    let pages = &input.pages;
    let mut trail = PageTrail::default();
    trail.restart();
    let (_, mut page) = fetch_page(pages, USERS_URL);
    let mut loaded = vec![0];
    let mut followed: Vec<String> = Vec::new();
    loop {
        match trail.check(page.next_link.clone()) {
            Ok(None) => {
                assert!(page.next_link.is_none());
                break;
            }
            Err(PagingLoop) => {
                let link = page.next_link.as_deref().expect("a loop has a link");
                assert!(
                    followed.iter().any(|f| f == link),
                    "{link} was not followed yet"
                );
                break;
            }
            Ok(Some(link)) => {
                assert!(!followed.contains(&link), "{link} followed twice");
                // Every link is followed once at most, and there are only so
                // many: the walk ends.
                assert!(followed.len() <= pages.len() + 1);
                trail.follow(&link);
                followed.push(link.clone());
                let (index, next_page) = fetch_page(pages, &link);
                loaded.extend(index);
                page = next_page;
            }
        }
    }
    // Only the first page can come twice: its own URL is not a followed link.
    for index in 1..pages.len() {
        assert!(loaded.iter().filter(|&&i| i == index).count() <= 1);
    }
    assert!(loaded.iter().filter(|&&i| i == 0).count() <= 2);
}

#[test]
fn next_link_loops() {
    fuzz("next_link_loops", generate_paging_input, check_paging);
}

// ---------------------------------------------------------------------------
// Target 4: the configuration attributes.

#[derive(Debug)]
struct ConfigInput {
    attributes: BTreeMap<String, String>,
}

const NAMES: &[&str] = &[
    "cloud",
    "api-base",
    "lang",
    "tenant-name",
    "theme",
    "page-size",
    "password-length",
];

fn number_text(rng: &mut Rng, low: u32, high: u32) -> String {
    match rng.below(5) {
        0 => rng.range(low as usize, high as usize).to_string(),
        1 => [0, 1, low - 1, low, low + 1, high - 1, high, high + 1][rng.below(8)].to_string(),
        2 => {
            let number = rng.range(low as usize, high as usize).to_string();
            pad_with_whitespace(rng, &number)
        }
        3 => rng
            .pick(&[
                "",
                " ",
                "+42",
                "-1",
                "042",
                "1e2",
                "0x10",
                "4294967295",
                "4294967296",
                "99999999999999999999",
                "٤٢",
                "12abc",
                "1_000",
                "½",
            ])
            .into(),
        _ => text_between(rng, 0, 7),
    }
}

fn attribute_value(rng: &mut Rng, name: &str) -> String {
    if rng.one_in(8) {
        return random_text(rng);
    }
    match name {
        "cloud" => {
            let value = rng.pick(&[
                "worldwide",
                "global",
                "public",
                "gcc",
                "usgov-l4",
                "usgov",
                "gcch",
                "gcc-high",
                "usgov-l5",
                "dod",
                "china",
                "21vianet",
                "germany",
                "de",
                "mars",
                "",
                "  ",
                "usgov–l4",
            ]);
            let value = flip_ascii_case(rng, value);
            pad_with_whitespace(rng, &value)
        }
        "api-base" => {
            let value = match rng.below(3) {
                0 => format!(
                    "{}{}{}",
                    rng.pick(&[
                        "https://", "http://", "/", "//", "/\\", "\\\\", "HTTPS://", ""
                    ]),
                    rng.pick(&[
                        "graph.example",
                        "localhost",
                        "127.0.0.1",
                        "localhost.evil.example",
                        "127.0.0.1.nip.io",
                        "localhost:8080",
                        "127.0.0.1:3000",
                        "[::1]",
                        "例子.测试",
                        "",
                        "evil.example\\@good.example",
                    ]),
                    rng.pick(&[
                        "/v1.0", "/v1.0/", "///", "", "/a b", "/\"", "/<x>", "?x=1", "#f"
                    ]),
                ),
                1 => rng
                    .pick(&[
                        "/v1.0",
                        "javascript:alert(1)",
                        "data:text/html,x",
                        "https://",
                        "https:///",
                        "https://graph.microsoft.com/v1.0",
                        "http://localhost",
                        "http://127.0.0.1/",
                        "",
                        " ",
                    ])
                    .into(),
                _ => format!("https://{}", random_text(rng)),
            };
            if rng.one_in(4) {
                pad_with_whitespace(rng, &value)
            } else {
                value
            }
        }
        "lang" => rng
            .pick(&[
                "en",
                "fr-CA",
                "de_DE",
                "zh-Hans-CN",
                "ZH",
                "pt-BR",
                "",
                "-",
                "_fr",
                "fr-",
            ])
            .into(),
        "tenant-name" => graph_string(rng),
        "theme" => {
            let value = rng.pick(&["light", "dark", "auto", "", "sepia", "lıght", "DARK"]);
            let value = flip_ascii_case(rng, value);
            pad_with_whitespace(rng, &value)
        }
        "page-size" => number_text(rng, 1, 999),
        "password-length" => number_text(rng, 8, 256),
        _ => random_text(rng),
    }
}

fn generate_config_input(rng: &mut Rng) -> ConfigInput {
    let mut attributes = BTreeMap::new();
    for name in NAMES {
        if rng.below(3) > 0 {
            attributes.insert(name.to_string(), attribute_value(rng, name));
        }
    }
    if rng.one_in(4) {
        let name = rng
            .pick(&["Page-Size", "data-x", "api_base", ""])
            .to_string();
        attributes.insert(name, random_text(rng));
    }
    ConfigInput { attributes }
}

/// An API base the widget may send bearer tokens to: https anywhere, plain
/// http only to this machine, or a path on the page's own origin.
fn assert_safe_api_base(base: &str) {
    assert!(!base.ends_with('/'), "{base:?}");
    assert!(
        !base
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '\\')),
        "{base:?}"
    );
    if let Some(rest) = base.strip_prefix("https://") {
        assert!(!rest.is_empty(), "{base:?}");
    } else if let Some(rest) = base.strip_prefix("http://") {
        let host = rest.split([':', '/']).next().unwrap_or("");
        assert!(
            host == "localhost" || host == "127.0.0.1",
            "plain http to {host:?} in {base:?}"
        );
    } else {
        assert!(
            base.starts_with('/') && !base.starts_with("//"),
            "{base:?} is neither https nor a path on this site"
        );
    }
}

fn check_config(input: &ConfigInput) {
    let get = |name: &str| input.attributes.get(name).cloned();
    let result = WidgetConfig::from_attributes(get);
    let blank = |v: &Option<String>| v.as_deref().is_none_or(|v| v.trim().is_empty());
    let number = |name: &str, low: u32, high: u32| {
        get(name).map(|v| {
            v.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (low..=high).contains(n))
        })
    };

    match &result {
        Ok(config) => {
            assert_safe_api_base(&config.api_base);
            let base = get("api-base");
            if !blank(&base) {
                let base = base.unwrap_or_default();
                assert_eq!(config.api_base, base.trim().trim_end_matches('/'));
            } else if !blank(&get("cloud")) {
                assert!(
                    config.api_base.starts_with("https://") && config.api_base.ends_with("/v1.0")
                );
            } else {
                assert_eq!(config.api_base, "/v1.0");
            }
            assert_eq!(config.lang, get("lang").and_then(|t| Lang::from_tag(&t)));
            assert_eq!(
                config.tenant_name,
                get("tenant-name")
                    .map(|n| n.trim().to_string())
                    .filter(|n| !n.is_empty())
            );
            let theme = get("theme").map(|t| t.trim().to_ascii_lowercase());
            let expected_theme = match theme.as_deref() {
                Some("light") => Theme::Light,
                Some("dark") => Theme::Dark,
                _ => Theme::Auto,
            };
            assert_eq!(config.theme, expected_theme);
            assert_eq!(
                config.page_size,
                number("page-size", 1, 999).map_or(100, |n| n.unwrap())
            );
            assert_eq!(
                config.password_length,
                number("password-length", 8, 256).map_or(16, |n| n.unwrap() as usize)
            );
        }
        Err(error) => {
            assert!(!error.to_string().is_empty());
            let detail = error.to_string();
            for lang in LANGS {
                let sentence = reset_password_widget::i18n::fill(
                    lang.strings().error_config,
                    &[("detail", &detail)],
                );
                assert!(sentence.contains(&detail));
            }
            match error {
                ConfigError::UnknownCloud(_) | ConfigError::GermanyClosed => {
                    assert!(!blank(&get("cloud")))
                }
                ConfigError::BadApiBase(value) => assert_eq!(Some(value), get("api-base").as_ref()),
                ConfigError::UnknownTheme(value) => assert_eq!(Some(value), get("theme").as_ref()),
                ConfigError::OutOfRange { name, value, .. } => {
                    assert_eq!(Some(value), get(name).as_ref());
                    let (low, high) = if *name == "page-size" {
                        (1, 999)
                    } else {
                        (8, 256)
                    };
                    assert_eq!(number(name, low, high), Some(None));
                }
            }
        }
    }
    // Refusals are for bad values only: well-formed attributes always work.
    let theme_ok = get("theme").is_none_or(|t| {
        matches!(
            t.trim().to_ascii_lowercase().as_str(),
            "" | "auto" | "light" | "dark"
        )
    });
    let numbers_ok = number("page-size", 1, 999).is_none_or(|n| n.is_some())
        && number("password-length", 8, 256).is_none_or(|n| n.is_some());
    let base_ok = blank(&get("api-base"));
    let cloud_ok = blank(&get("cloud"))
        || matches!(
            get("cloud")
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase()
                .as_str(),
            "worldwide"
                | "global"
                | "public"
                | "gcc"
                | "usgov-l4"
                | "usgov"
                | "gcch"
                | "gcc-high"
                | "usgov-l5"
                | "dod"
                | "china"
                | "21vianet"
        );
    if theme_ok && numbers_ok && base_ok && cloud_ok {
        assert!(result.is_ok(), "{result:?}");
    }
}

#[test]
fn config_attributes() {
    fuzz("config_attributes", generate_config_input, check_config);
}
