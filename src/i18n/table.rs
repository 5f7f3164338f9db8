//! The translation tables the build ships beside the wasm (`i18n/fr.txt`, ...):
//! one `key = text` line per field of [`Strings`], in declaration order, `\n`
//! standing for a line break; blank lines and lines starting with `#` are
//! comments. The widget fetches only the table of the language in use, so
//! the others cost nothing to an admin who never reads them.

use super::{Lang, Strings};

/// The tables as they are in the source tree, for tests and tools. The
/// widget itself never names these, so they stay out of its wasm.
pub fn bundled_text(lang: Lang) -> Option<&'static str> {
    match lang {
        Lang::En => None,
        Lang::Fr => Some(include_str!("tables/fr.txt")),
        Lang::De => Some(include_str!("tables/de.txt")),
        Lang::Zh => Some(include_str!("tables/zh.txt")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableError {
    /// A line that is neither a comment nor `key = text`.
    NotATable,
    /// The keys, or their order, differ from this build's [`Strings`]: a
    /// table of another version of the widget.
    OtherVersion,
}

/// Reads a table. The text must live as long as the page (the widget leaks
/// the one it fetched): the texts point into it.
pub fn parse(text: &'static str) -> Result<Strings, TableError> {
    let mut texts = [""; Strings::FIELD_COUNT];
    let mut count = 0;
    let mut keys = KeyHash::new();
    for line in text.lines() {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (key, value) = line.split_once(" = ").ok_or(TableError::NotATable)?;
        keys.add(key);
        let slot = texts.get_mut(count).ok_or(TableError::OtherVersion)?;
        *slot = if value.contains("\\n") {
            Box::leak(value.replace("\\n", "\n").into_boxed_str())
        } else {
            value
        };
        count += 1;
    }
    if count != Strings::FIELD_COUNT || keys.0 != Strings::KEY_HASH {
        return Err(TableError::OtherVersion);
    }
    Ok(Strings::from_texts(texts))
}

/// FNV-1a over the keys, each followed by a line break: the build computes
/// the same over the field names, so the names themselves need not be in the
/// wasm to tell a table of another version.
pub(super) struct KeyHash(pub(super) u32);

impl KeyHash {
    pub(super) const fn new() -> KeyHash {
        KeyHash(0x811c_9dc5)
    }

    pub(super) const fn add_bytes(mut self, bytes: &[u8]) -> KeyHash {
        let mut at = 0;
        while at < bytes.len() {
            self.0 = (self.0 ^ bytes[at] as u32).wrapping_mul(0x0100_0193);
            at += 1;
        }
        self.0 = (self.0 ^ b'\n' as u32).wrapping_mul(0x0100_0193);
        self
    }

    fn add(&mut self, key: &str) {
        *self = KeyHash(self.0).add_bytes(key.as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leak(text: String) -> &'static str {
        Box::leak(text.into_boxed_str())
    }

    /// The keys of a shipped table, in order.
    fn keys(text: &str) -> Vec<&str> {
        text.lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| l.split_once(" = ").expect("key = text").0)
            .collect()
    }

    #[test]
    fn every_shipped_table_has_every_key_once_in_declaration_order() {
        let fields: Vec<&str> = super::super::EN.fields().iter().map(|(k, _)| *k).collect();
        for lang in [Lang::Fr, Lang::De, Lang::Zh] {
            let text = bundled_text(lang).unwrap();
            for field in &fields {
                assert!(keys(text).contains(field), "{lang:?}: {field} is missing");
            }
            assert_eq!(keys(text), fields, "{lang:?}: extra, doubled or moved keys");
            assert!(parse(text).is_ok(), "{lang:?}");
        }
    }

    #[test]
    fn a_line_break_is_written_backslash_n() {
        let en = super::super::EN.fields();
        let text: String = en
            .iter()
            .map(|(k, v)| format!("{k} = {}\n", v.replace('\n', "\\n")))
            .collect();
        let parsed = parse(leak(text)).unwrap();
        assert_eq!(parsed.fields(), en);
        assert!(parsed.mail_body.contains("\n\n"));
    }

    #[test]
    fn a_table_of_another_version_is_refused() {
        let en = super::super::EN.fields();
        let line = |(k, v): &(&str, &str)| format!("{k} = {}\n", v.replace('\n', "\\n"));
        let short: String = en[1..].iter().map(line).collect();
        assert_eq!(parse(leak(short)).err(), Some(TableError::OtherVersion));
        let mut swapped = en;
        swapped.swap(0, 1);
        let swapped: String = swapped.iter().map(line).collect();
        assert_eq!(parse(leak(swapped)).err(), Some(TableError::OtherVersion));
        let longer: String = en.iter().chain(&en[..1]).map(line).collect();
        assert_eq!(parse(leak(longer)).err(), Some(TableError::OtherVersion));
        let renamed =
            en.iter()
                .map(line)
                .collect::<String>()
                .replacen("active_users", "active_user", 1);
        assert_eq!(parse(leak(renamed)).err(), Some(TableError::OtherVersion));
        assert_eq!(parse("<!doctype html>").err(), Some(TableError::NotATable));
        assert_eq!(parse("").err(), Some(TableError::OtherVersion));
    }
}
