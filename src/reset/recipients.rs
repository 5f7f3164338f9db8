//! Parsing the "Recipients" box: up to five addresses, separated by `;` or `,`.

/// The most addresses one notification goes to, as in the admin center.
pub const MAX_RECIPIENTS: usize = 5;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RecipientsError {
    #[error("enter at least one email address")]
    Empty,
    #[error("\"{0}\" is not a valid email address")]
    InvalidAddress(String),
    #[error("\"{0}\" appears more than once")]
    Duplicate(String),
    #[error("{found} addresses were entered; the limit is {limit}")]
    TooMany { found: usize, limit: usize },
}

/// Splits and checks the recipients text. Returns every address trimmed, in
/// the order typed, or the first problem found (bad addresses before the count,
/// so the admin fixes the one they can see).
pub fn parse_recipients(text: &str) -> Result<Vec<String>, RecipientsError> {
    let addresses: Vec<&str> = text
        .split([';', ','])
        .map(str::trim)
        .filter(|part| !part.is_empty())
        .collect();
    if addresses.is_empty() {
        return Err(RecipientsError::Empty);
    }
    for (index, address) in addresses.iter().enumerate() {
        if !is_valid_address(address) {
            return Err(RecipientsError::InvalidAddress(truncate_for_message(
                address,
            )));
        }
        // A handful of addresses: a scan is enough, and no hash table ships.
        if addresses[..index]
            .iter()
            .any(|earlier| earlier.eq_ignore_ascii_case(address))
        {
            return Err(RecipientsError::Duplicate((*address).to_string()));
        }
    }
    if addresses.len() > MAX_RECIPIENTS {
        return Err(RecipientsError::TooMany {
            found: addresses.len(),
            limit: MAX_RECIPIENTS,
        });
    }
    Ok(addresses.into_iter().map(str::to_string).collect())
}

/// A pragmatic check of `local@domain.tld`: what mail servers accept in
/// practice, without the corners of RFC 5322 that no admin types.
pub fn is_valid_address(address: &str) -> bool {
    let Some((local, domain)) = address.rsplit_once('@') else {
        return false;
    };
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && local
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~.".contains(c));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = domain.len() <= 253
        && labels.len() >= 2
        && labels.iter().all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()));
    local_ok && domain_ok
}

/// Keeps messages readable when someone pastes a paragraph into the box.
fn truncate_for_message(text: &str) -> String {
    const LIMIT: usize = 60;
    if text.chars().count() <= LIMIT {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LIMIT).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_on_semicolons_and_commas() {
        assert_eq!(
            parse_recipients(" a@example.net; b@example.org ,c@contoso.example ").unwrap(),
            vec!["a@example.net", "b@example.org", "c@contoso.example"]
        );
    }

    #[test]
    fn names_the_bad_address() {
        assert_eq!(
            parse_recipients("a@example.net; not-an-address"),
            Err(RecipientsError::InvalidAddress("not-an-address".into()))
        );
        for bad in [
            "a@b",
            "@example.net",
            "a@@example.net",
            "a b@example.net",
            "a@exa_mple.net",
            "a..b@x.net",
            "a@-x.net",
        ] {
            assert!(!is_valid_address(bad), "{bad} should be refused");
        }
    }

    #[test]
    fn refuses_more_than_five_with_the_limit() {
        let six = (1..=6)
            .map(|i| format!("u{i}@example.net"))
            .collect::<Vec<_>>()
            .join(";");
        let err = parse_recipients(&six).unwrap_err();
        assert_eq!(err, RecipientsError::TooMany { found: 6, limit: 5 });
        assert_eq!(err.to_string(), "6 addresses were entered; the limit is 5");
    }

    #[test]
    fn refuses_duplicates_and_empty() {
        assert_eq!(
            parse_recipients("a@example.net; A@example.net"),
            Err(RecipientsError::Duplicate("A@example.net".into()))
        );
        assert_eq!(parse_recipients(" ; , "), Err(RecipientsError::Empty));
    }

    proptest! {
        #[test]
        fn never_panics(text in ".{0,300}") {
            let _ = parse_recipients(&text);
        }

        #[test]
        fn accepted_addresses_are_valid(text in "[a-z0-9@.;, -]{0,80}") {
            if let Ok(list) = parse_recipients(&text) {
                prop_assert!(list.len() <= MAX_RECIPIENTS);
                prop_assert!(list.iter().all(|a| is_valid_address(a)));
            }
        }
    }
}
