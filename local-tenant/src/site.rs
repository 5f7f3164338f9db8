//! Where the tenant is reached: the `Host` names it answers to and the public
//! origin its absolute links start with.
//!
//! A browser tab on this machine is a loopback peer too, and DNS rebinding
//! lets a foreign page send requests here under its own host name. Answering
//! only to known `Host` values shuts that out.

use axum::extract::{Request, State};
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::config::Config;
use crate::state::SharedState;

const LOOPBACK_NAMES: [&str; 3] = ["127.0.0.1", "localhost", "[::1]"];

/// A host name (IPv6 in brackets, lower case) and the port, if one was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authority {
    pub name: String,
    pub port: Option<u16>,
}

impl Authority {
    /// Reads `name`, `name:port`, `[v6]` or `[v6]:port`.
    pub fn parse(text: &str) -> Option<Authority> {
        let text = text.trim().to_ascii_lowercase();
        let (name, port) = match text.strip_prefix('[') {
            Some(rest) => {
                let (inside, after) = rest.split_once(']')?;
                let valid = !inside.is_empty()
                    && inside
                        .chars()
                        .all(|c| c.is_ascii_hexdigit() || ":.".contains(c));
                if !valid {
                    return None;
                }
                (format!("[{inside}]"), after)
            }
            None => match text.find(':') {
                Some(colon) => (text[..colon].to_string(), &text[colon..]),
                None => (text.clone(), ""),
            },
        };
        let port = match port {
            "" => None,
            written => Some(written.strip_prefix(':')?.parse().ok()?),
        };
        let valid_name = !name.is_empty()
            && (name.starts_with('[')
                || name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "-.".contains(c)));
        valid_name.then_some(Authority { name, port })
    }
}

pub struct Site {
    /// `scheme://host[:port]`, no trailing slash: the start of every absolute link.
    pub public_origin: String,
    allowed: Vec<Authority>,
}

impl Site {
    /// `port` is the port actually bound (the configured one may be 0).
    pub fn new(config: &Config, port: u16) -> Site {
        let bind_name = bracketed(&config.host);
        let public_origin = config.public_origin.clone().unwrap_or_else(|| {
            let reachable = if is_unspecified(&bind_name) {
                "127.0.0.1"
            } else {
                bind_name.as_str()
            };
            format!("http://{reachable}:{port}")
        });
        let mut allowed = Vec::new();
        for name in LOOPBACK_NAMES.into_iter().chain([bind_name.as_str()]) {
            add_with_port(&mut allowed, name, port);
        }
        if let Some((scheme, authority)) = public_origin.split_once("://")
            && let Some(authority) = Authority::parse(authority)
        {
            let default_port = if scheme == "https" { 443 } else { 80 };
            let port = authority.port.unwrap_or(default_port);
            add_with_port(&mut allowed, &authority.name, port);
            if port == default_port {
                allowed.push(Authority {
                    name: authority.name,
                    port: None,
                });
            }
        }
        for extra in config
            .allowed_hosts
            .iter()
            .filter_map(|h| Authority::parse(h))
        {
            add_with_port(&mut allowed, &extra.name, extra.port.unwrap_or(port));
        }
        Site {
            public_origin,
            allowed,
        }
    }

    pub fn allows_host(&self, host: &str) -> bool {
        Authority::parse(host).is_some_and(|authority| self.allowed.contains(&authority))
    }

    /// The tenant's own origin as the browser sees it: the `Host` it was
    /// reached under (already checked), or the configured public origin.
    pub fn is_own_origin(&self, origin: &str, host: &str) -> bool {
        origin.eq_ignore_ascii_case(&format!("http://{host}"))
            || origin.eq_ignore_ascii_case(&self.public_origin)
    }
}

fn add_with_port(allowed: &mut Vec<Authority>, name: &str, port: u16) {
    allowed.push(Authority {
        name: name.to_ascii_lowercase(),
        port: Some(port),
    });
    // Clients leave out the default port.
    if port == 80 {
        allowed.push(Authority {
            name: name.to_ascii_lowercase(),
            port: None,
        });
    }
}

fn bracketed(host: &str) -> String {
    if host.contains(':') && !host.starts_with('[') {
        format!("[{host}]")
    } else {
        host.to_ascii_lowercase()
    }
}

fn is_unspecified(name: &str) -> bool {
    matches!(name, "0.0.0.0" | "[::]")
}

/// Refuses, before anything else runs, a request whose `Host` (or absolute
/// request target) names a host the tenant does not answer to.
pub async fn only_known_hosts(
    State(state): State<SharedState>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|value| value.to_str().ok());
    let target_ok = request
        .uri()
        .authority()
        .is_none_or(|authority| state.site.allows_host(authority.as_str()));
    if target_ok && host.is_some_and(|host| state.site.allows_host(host)) {
        next.run(request).await
    } else {
        (
            StatusCode::MISDIRECTED_REQUEST,
            [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
            "This local tenant does not answer to this Host name; see --allowed-host.\n",
        )
            .into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(adjust: impl FnOnce(&mut Config)) -> Site {
        let mut config = Config::default();
        adjust(&mut config);
        Site::new(&config, 8080)
    }

    #[test]
    fn parses_authorities() {
        let parsed = |text| Authority::parse(text).map(|a| (a.name, a.port));
        assert_eq!(parsed("LocalHost:81"), Some(("localhost".into(), Some(81))));
        assert_eq!(parsed("[::1]:8080"), Some(("[::1]".into(), Some(8080))));
        assert_eq!(parsed("devbox"), Some(("devbox".into(), None)));
        for bad in [
            "", ":80", "a:b", "a:80:81", "[zz]", "a b", "a/b", "::1", "a:99999",
        ] {
            assert_eq!(parsed(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn answers_loopback_names_on_its_port_and_configured_names() {
        let site = site(|config| config.allowed_hosts = vec!["devbox".into(), "vm:9000".into()]);
        for host in [
            "127.0.0.1:8080",
            "localhost:8080",
            "[::1]:8080",
            "devbox:8080",
            "vm:9000",
        ] {
            assert!(site.allows_host(host), "{host}");
        }
        for host in [
            "rebind.attacker.example:8080",
            "localhost:8081",
            "localhost",
            "127.0.0.1",
            "devbox:9000",
            "",
        ] {
            assert!(!site.allows_host(host), "{host}");
        }
        assert_eq!(site.public_origin, "http://127.0.0.1:8080");
    }

    #[test]
    fn public_origin_is_answered_with_or_without_its_default_port() {
        let site = site(|config| config.public_origin = Some("https://tenant.example".into()));
        assert!(site.allows_host("tenant.example"));
        assert!(site.allows_host("tenant.example:443"));
        assert!(!site.allows_host("tenant.example:80"));
        assert!(site.is_own_origin("https://tenant.example", "tenant.example"));
        assert!(site.is_own_origin("http://localhost:8080", "localhost:8080"));
        assert!(!site.is_own_origin("http://127.0.0.1:8081", "127.0.0.1:8080"));
        assert!(!site.is_own_origin("null", "127.0.0.1:8080"));
    }

    #[test]
    fn an_unspecified_bind_address_links_to_loopback() {
        let any = site(|config| config.host = "0.0.0.0".into());
        assert_eq!(any.public_origin, "http://127.0.0.1:8080");
        let site = site(|config| config.host = "::1".into());
        assert_eq!(site.public_origin, "http://[::1]:8080");
        assert!(site.allows_host("[::1]:8080"));
    }
}
