//! Text that trips parsers, and small edits of valid text: the raw material
//! of every fuzz target.

use crate::Rng;

/// Mostly short, sometimes long, now and then very long.
pub(crate) fn any_length(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..60 => rng.below(12),
        60..90 => rng.below(64),
        90..99 => rng.below(400),
        _ => rng.below(4000),
    }
}

/// Characters that trip parsers: controls, invisible and direction marks,
/// full-width separators, case mappings that change length, combining marks,
/// right-to-left letters, emoji parts, and ASCII with a meaning somewhere.
#[rustfmt::skip]
pub(crate) const TRICKY: &[char] = &[
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

pub(crate) fn any_char(rng: &mut Rng) -> char {
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

pub(crate) fn any_string(rng: &mut Rng, length: usize) -> String {
    (0..length).map(|_| any_char(rng)).collect()
}

/// A string of `any_length(rng)` characters of any kind.
pub(crate) fn random_text(rng: &mut Rng) -> String {
    let length = any_length(rng);
    any_string(rng, length)
}

pub(crate) fn text_between(rng: &mut Rng, low: usize, high: usize) -> String {
    let length = rng.range(low, high);
    any_string(rng, length)
}

pub(crate) fn ascii_from(rng: &mut Rng, alphabet: &[u8], length: usize) -> String {
    (0..length).map(|_| rng.pick(alphabet) as char).collect()
}

pub(crate) fn ascii_run(rng: &mut Rng, alphabet: &[u8], low: usize, high: usize) -> String {
    let length = rng.range(low, high);
    ascii_from(rng, alphabet, length)
}

/// Inserts, deletes or replaces a few characters, on character boundaries.
pub(crate) fn mutate_chars(rng: &mut Rng, text: &str) -> String {
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

pub(crate) fn flip_ascii_case(rng: &mut Rng, text: &str) -> String {
    with_ascii_case(text, std::iter::from_fn(|| Some(rng.one_in(2))))
}

/// Each ASCII letter upper-cased where `upper` says so, else lower-cased;
/// `upper` needs one answer per character.
pub(crate) fn with_ascii_case(text: &str, upper: impl IntoIterator<Item = bool>) -> String {
    text.chars()
        .zip(upper)
        .map(|(c, upper)| {
            if upper {
                c.to_ascii_uppercase()
            } else {
                c.to_ascii_lowercase()
            }
        })
        .collect()
}

pub(crate) fn pad_with_whitespace(rng: &mut Rng, text: &str) -> String {
    let spaces = [" ", "  ", "\t", "\n", "\r\n", "\u{a0}", "\u{3000}", ""];
    format!("{}{text}{}", rng.pick(&spaces), rng.pick(&spaces))
}
