//! The few parts of an absolute URL the widget decides on: scheme, host, port
//! and path. Only where a bearer token may go depends on them, so the parser
//! is strict: text a browser might read differently from us (a user name
//! before `@`, a backslash, an escaped or non-ASCII host) is refused rather
//! than guessed at. A small parser instead of a URL crate keeps the wasm small.

/// An absolute `scheme://host[:port]/path` URL, scheme and host in lowercase.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Url<'a> {
    pub scheme: String,
    pub host: String,
    /// The port written, or the scheme's default one.
    pub port: Option<u16>,
    /// From the first `/` after the host up to `?` or `#`; may be empty.
    pub path: &'a str,
    /// Whether a `?query` or `#fragment` follows the path.
    pub has_query_or_fragment: bool,
}

impl Url<'_> {
    /// Scheme, host and port: who receives what is sent to this URL.
    pub fn origin(&self) -> (&str, &str, Option<u16>) {
        (&self.scheme, &self.host, self.port)
    }
}

/// Parses `text` as an absolute URL, or `None` when it is not one we can read
/// without doubt.
pub fn parse(text: &str) -> Option<Url<'_>> {
    if text
        .chars()
        .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let (scheme, rest) = text.split_once("://")?;
    let mut scheme_chars = scheme.chars();
    let scheme_ok = scheme_chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && scheme_chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    if !scheme_ok {
        return None;
    }
    let scheme = scheme.to_ascii_lowercase();
    let authority_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, after) = rest.split_at(authority_end);
    // `user:pass@host`: the part a reader takes for the host is not the host.
    if authority.contains('@') {
        return None;
    }
    let (host, port_text) = split_host_port(authority)?;
    let port = match port_text {
        None => default_port(&scheme),
        Some(digits) => {
            if digits.is_empty() || digits.len() > 5 || !digits.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            Some(digits.parse::<u16>().ok()?)
        }
    };
    let path_end = after.find(['?', '#']).unwrap_or(after.len());
    Some(Url {
        scheme,
        host: host.to_ascii_lowercase(),
        port,
        path: &after[..path_end],
        has_query_or_fragment: path_end < after.len(),
    })
}

/// Reads `text` as the browser's fetch would from a page at `page`: a path
/// (`/v1.0/users?...`) is on the page's origin, anything else must be an
/// absolute URL.
pub fn parse_from_page<'a>(text: &'a str, page: &Url<'_>) -> Option<Url<'a>> {
    if !text.starts_with('/') || text.starts_with("//") {
        return parse(text);
    }
    if text
        .chars()
        .any(|c| c == '\\' || c.is_whitespace() || c.is_control())
    {
        return None;
    }
    let path_end = text.find(['?', '#']).unwrap_or(text.len());
    Some(Url {
        scheme: page.scheme.clone(),
        host: page.host.clone(),
        port: page.port,
        path: &text[..path_end],
        has_query_or_fragment: path_end < text.len(),
    })
}

/// Splits `host[:port]` or `[v6]:port`; refuses escaped, non-ASCII or empty hosts.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if let Some(v6) = authority.strip_prefix('[') {
        let (address, tail) = v6.split_once(']')?;
        let address_ok = !address.is_empty()
            && address.contains(':')
            && address
                .chars()
                .all(|c| c.is_ascii_hexdigit() || c == ':' || c == '.');
        if !address_ok {
            return None;
        }
        let host = &authority[..address.len() + 2];
        return match tail {
            "" => Some((host, None)),
            _ => Some((host, Some(tail.strip_prefix(':')?))),
        };
    }
    let (host, port) = match authority.split_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (authority, None),
    };
    let host_ok = !host.is_empty()
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.');
    host_ok.then_some((host, port))
}

fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "https" => Some(443),
        "http" => Some(80),
        _ => None,
    }
}

/// Whether `path` has a `.` or `..` segment (also written `%2e`), which a
/// browser resolves away, so the path it fetches is not the one checked.
pub fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        matches!(
            segment.to_ascii_lowercase().as_str(),
            "." | ".." | "%2e" | "%2e%2e" | ".%2e" | "%2e."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> Option<(String, String, Option<u16>)> {
        parse(text).map(|u| (u.scheme.clone(), u.host.clone(), u.port))
    }

    #[test]
    fn reads_scheme_host_port_and_path() {
        let url = parse("https://graph.microsoft.com/v1.0/users?$top=5").unwrap();
        assert_eq!(url.origin(), ("https", "graph.microsoft.com", Some(443)));
        assert_eq!(url.path, "/v1.0/users");
        assert!(url.has_query_or_fragment);
        let url = parse("HTTP://LocalHost:8080").unwrap();
        assert_eq!(url.origin(), ("http", "localhost", Some(8080)));
        assert_eq!(url.path, "");
        assert_eq!(
            origin("http://[::1]:8080/v1.0"),
            Some(("http".into(), "[::1]".into(), Some(8080)))
        );
    }

    #[test]
    fn a_host_that_only_starts_like_graph_is_another_host() {
        assert_eq!(
            origin("https://graph.microsoft.com.evil.example/v1.0"),
            Some((
                "https".into(),
                "graph.microsoft.com.evil.example".into(),
                Some(443)
            ))
        );
        assert_eq!(
            origin("http://127.0.0.1.nip.io/").unwrap().1,
            "127.0.0.1.nip.io"
        );
    }

    #[test]
    fn refuses_what_a_browser_could_read_another_way() {
        for text in [
            "http://127.0.0.1:@evil.example/v1.0",
            "https://graph.microsoft.com@evil.example",
            "https://user:pw@graph.microsoft.com/v1.0",
            "https://graph%2Emicrosoft.com/v1.0",
            "https://evil.example\\@graph.microsoft.com",
            "https://例子.测试/v1.0",
            "https://graph.microsoft.com:99999/v1.0",
            "https://graph.microsoft.com:/v1.0",
            "https://graph.microsoft.com:+443/v1.0",
            "https:///v1.0",
            "https://",
            "//graph.microsoft.com/v1.0",
            "/v1.0",
            "javascript:alert(1)",
            "https://[::1/v1.0",
            "https://[::1]x/v1.0",
            "https://graph microsoft.com/v1.0",
        ] {
            assert_eq!(parse(text), None, "{text}");
        }
    }

    #[test]
    fn dot_segments_are_seen_however_written() {
        assert!(has_dot_segment("/v1.0/../evil"));
        assert!(has_dot_segment("/v1.0/%2E%2e/evil"));
        assert!(has_dot_segment("/v1.0/./users"));
        assert!(!has_dot_segment("/v1.0/users"));
        assert!(!has_dot_segment("/v1.0/.well-known"));
    }
}
