//! What `sendMail` takes as a recipient: an internet mail address that
//! Exchange can route. Anything else Graph refuses with 400
//! `ErrorInvalidRecipients` ("At least one recipient isn't valid").
//!
//! Sources: RFC 5321 §4.1.2 (Mailbox = Local-part "@" Domain) and §4.5.3.1
//! (64-octet local part, 255-octet domain); RFC 5322 §3.2.3 (dot-atom text).

const MAX_LOCAL_PART: usize = 64;
const MAX_DOMAIN: usize = 255;
const MAX_LABEL: usize = 63;

/// `local@domain`: an unquoted local part, a domain name with at least two
/// labels (an address without one cannot leave the tenant). Quoted local
/// parts and address literals are refused: no admin types them, and Exchange
/// Online does not route them.
pub fn is_routable_address(address: &str) -> bool {
    let Some((local_part, domain)) = address.rsplit_once('@') else {
        return false;
    };
    is_dot_atom(local_part) && is_domain_name(domain)
}

/// RFC 5322 `atext` characters, in dot-separated non-empty runs.
fn is_dot_atom(local_part: &str) -> bool {
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    local_part.len() <= MAX_LOCAL_PART
        && local_part
            .split('.')
            .all(|run| !run.is_empty() && run.chars().all(atext))
}

/// Letters, digits and inner hyphens per label; the top-level label is not
/// all digits, or it would read as an address.
fn is_domain_name(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let label_ok = |label: &&str| {
        (1..=MAX_LABEL).contains(&label.len())
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    };
    domain.len() <= MAX_DOMAIN
        && labels.len() >= 2
        && labels.iter().all(label_ok)
        && labels
            .last()
            .is_some_and(|top| !top.chars().all(|c| c.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routable_addresses() {
        for good in [
            "a@example.net",
            "first.last@contoso.example",
            "o'brien+tag@mail.example.org",
            "x@a-b.example",
        ] {
            assert!(is_routable_address(good), "{good}");
        }
    }

    #[test]
    fn refused_addresses() {
        for bad in [
            "",
            "not an address",
            "a@b",
            "@example.net",
            "a@",
            "a@@example.net",
            "a b@example.net",
            ".a@example.net",
            "a.@example.net",
            "a..b@example.net",
            "a@-x.example",
            "a@x_y.example",
            "a@example.",
            "a@10.0.0.1",
            "\"quoted\"@example.net",
        ] {
            assert!(!is_routable_address(bad), "{bad}");
        }
        assert!(!is_routable_address(&format!(
            "{}@example.net",
            "a".repeat(65)
        )));
    }
}
