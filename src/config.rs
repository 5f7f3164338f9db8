//! Widget configuration, read from the host element's attributes and checked.

use crate::api::url;
use crate::i18n::Lang;

/// Microsoft Graph national clouds. Tokens are not valid across clouds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cloud {
    Worldwide,
    UsGovL4,
    UsGovL5,
    China,
}

impl Cloud {
    pub fn graph_base(self) -> &'static str {
        match self {
            Cloud::Worldwide => "https://graph.microsoft.com/v1.0",
            Cloud::UsGovL4 => "https://graph.microsoft.us/v1.0",
            Cloud::UsGovL5 => "https://dod-graph.microsoft.us/v1.0",
            Cloud::China => "https://microsoftgraph.chinacloudapi.cn/v1.0",
        }
    }

    /// Where the cloud's users sign in, as the notification mail tells them.
    /// Worldwide: Microsoft Support's "Sign in to Microsoft 365" sends users
    /// to office.com; US Government (GCC High, DoD) and 21Vianet have their
    /// own portals (Microsoft 365 national cloud endpoints).
    pub fn sign_in_url(self) -> &'static str {
        match self {
            Cloud::Worldwide => "https://www.office.com",
            Cloud::UsGovL4 | Cloud::UsGovL5 => "https://portal.office365.us",
            Cloud::China => "https://portal.partner.microsoftonline.cn",
        }
    }
}

/// Colour scheme: follow the page (`Auto`) or force one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Theme {
    #[default]
    Auto,
    Light,
    Dark,
}

impl Theme {
    pub fn name(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ConfigError {
    #[error("theme \"{0}\" must be light, dark or auto")]
    UnknownTheme(String),
    #[error("unknown cloud \"{0}\": use worldwide, usgov-l4, usgov-l5 or china")]
    UnknownCloud(String),
    #[error(
        "Microsoft Cloud Deutschland closed on 29 October 2021; \
         German tenants now use the worldwide cloud (cloud=\"worldwide\")"
    )]
    GermanyClosed,
    #[error("attribute {name}=\"{value}\" must be a whole number from {min} to {max}")]
    OutOfRange {
        name: &'static str,
        value: String,
        min: u32,
        max: u32,
    },
    #[error("api-base \"{0}\" must be an https:// URL, or a path on this site starting with /")]
    BadApiBase(String),
    #[error("sign-in-url \"{0}\" must be an https:// URL")]
    BadSignInUrl(String),
}

#[derive(Clone, Debug, PartialEq)]
pub struct WidgetConfig {
    /// Graph v1.0 root, without a trailing slash.
    pub api_base: String,
    pub lang: Option<Lang>,
    pub page_size: u32,
    pub password_length: usize,
    /// The organisation's name, a banned term in passwords (Entra bans it too).
    pub tenant_name: Option<String>,
    pub theme: Theme,
    /// Where the notification mail tells users to sign in: the cloud's
    /// address unless the host set its own.
    pub sign_in_url: String,
}

impl Default for WidgetConfig {
    fn default() -> Self {
        WidgetConfig {
            api_base: "/v1.0".to_string(),
            lang: None,
            page_size: 100,
            password_length: 16,
            tenant_name: None,
            theme: Theme::Auto,
            sign_in_url: Cloud::Worldwide.sign_in_url().to_string(),
        }
    }
}

impl WidgetConfig {
    /// Builds the configuration from attribute lookups. `api-base` wins over
    /// `cloud`; without either the widget talks to `/v1.0` on its own origin
    /// (the local tenant).
    pub fn from_attributes(get: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let mut config = WidgetConfig::default();
        if let Some(cloud) = get("cloud").filter(|c| !c.trim().is_empty()) {
            let cloud = parse_cloud(&cloud)?;
            config.api_base = cloud.graph_base().to_string();
            config.sign_in_url = cloud.sign_in_url().to_string();
        }
        if let Some(address) = get("sign-in-url").filter(|a| !a.trim().is_empty()) {
            config.sign_in_url = parse_sign_in_url(&address)?;
        }
        if let Some(base) = get("api-base").filter(|b| !b.trim().is_empty()) {
            config.api_base = parse_api_base(&base)?;
        }
        config.lang = get("lang").and_then(|tag| Lang::from_tag(&tag));
        config.tenant_name = get("tenant-name")
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty());
        if let Some(value) = get("theme") {
            config.theme = match value.trim().to_ascii_lowercase().as_str() {
                "" | "auto" => Theme::Auto,
                "light" => Theme::Light,
                "dark" => Theme::Dark,
                _ => return Err(ConfigError::UnknownTheme(value)),
            };
        }
        if let Some(value) = get("page-size") {
            config.page_size = parse_number("page-size", &value, 1, 999)?;
        }
        if let Some(value) = get("password-length") {
            config.password_length = parse_number("password-length", &value, 8, 256)? as usize;
        }
        Ok(config)
    }
}

pub fn parse_cloud(value: &str) -> Result<Cloud, ConfigError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "worldwide" | "global" | "public" | "gcc" => Ok(Cloud::Worldwide),
        "usgov-l4" | "usgov" | "gcch" | "gcc-high" => Ok(Cloud::UsGovL4),
        "usgov-l5" | "dod" => Ok(Cloud::UsGovL5),
        "china" | "21vianet" => Ok(Cloud::China),
        "germany" | "de" => Err(ConfigError::GermanyClosed),
        _ => Err(ConfigError::UnknownCloud(value.to_string())),
    }
}

/// An https address with a host; it goes into a plain-text mail, so `"`
/// and `<` are refused as well, with what the URL parser refuses.
fn parse_sign_in_url(value: &str) -> Result<String, ConfigError> {
    let trimmed = value.trim();
    let readable = !trimmed.contains(['"', '<', '>'])
        && url::parse(trimmed).is_some_and(|u| u.scheme == "https" && !u.host.is_empty());
    if readable {
        Ok(trimmed.to_string())
    } else {
        Err(ConfigError::BadSignInUrl(value.to_string()))
    }
}

fn parse_api_base(value: &str) -> Result<String, ConfigError> {
    let trimmed = value.trim().trim_end_matches('/');
    if api_base_is_safe(trimmed) {
        Ok(trimmed.to_string())
    } else {
        Err(ConfigError::BadApiBase(value.to_string()))
    }
}

/// Where the widget may send bearer tokens: https to any host, plain http
/// only to this machine by name or address, or a path on the page's own
/// origin. Checked on the parsed URL, not on its text: as text,
/// `http://127.0.0.1:@evil.example` starts like this machine but is not.
fn api_base_is_safe(base: &str) -> bool {
    // `"` and `<` would break out of the error message's markup; browsers
    // read `\` as `/`, so `/\host` would leave the site.
    if base
        .chars()
        .any(|c| c.is_whitespace() || c == '"' || c == '<' || c == '\\')
    {
        return false;
    }
    let path = if base.starts_with('/') {
        if base.starts_with("//") || base.contains(['?', '#']) {
            return false;
        }
        base
    } else {
        let Some(url) = url::parse(base) else {
            return false;
        };
        let allowed = match url.scheme.as_str() {
            "https" => true,
            "http" => matches!(url.host.as_str(), "localhost" | "127.0.0.1"),
            _ => false,
        };
        if !allowed || url.has_query_or_fragment {
            return false;
        }
        url.path
    };
    // Next links are checked against this path as a prefix: it must be the
    // path the browser will use.
    !url::has_dot_segment(path)
}

fn parse_number(name: &'static str, value: &str, min: u32, max: u32) -> Result<u32, ConfigError> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .filter(|n| (min..=max).contains(n))
        .ok_or_else(|| ConfigError::OutOfRange {
            name,
            value: value.to_string(),
            min,
            max,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(pairs: &[(&str, &str)]) -> Result<WidgetConfig, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        WidgetConfig::from_attributes(|name| map.get(name).cloned())
    }

    #[test]
    fn defaults_to_the_local_tenant() {
        assert_eq!(config(&[]).unwrap(), WidgetConfig::default());
    }

    #[test]
    fn clouds_map_to_their_graph_bases() {
        assert_eq!(
            config(&[("cloud", "usgov-l5")]).unwrap().api_base,
            "https://dod-graph.microsoft.us/v1.0"
        );
        assert_eq!(
            config(&[("cloud", "China")]).unwrap().api_base,
            "https://microsoftgraph.chinacloudapi.cn/v1.0"
        );
        assert_eq!(
            config(&[("cloud", "germany")]),
            Err(ConfigError::GermanyClosed)
        );
        assert!(ConfigError::GermanyClosed.to_string().contains("2021"));
        assert!(matches!(
            config(&[("cloud", "mars")]),
            Err(ConfigError::UnknownCloud(_))
        ));
    }

    #[test]
    fn api_base_wins_and_is_checked() {
        let c = config(&[
            ("cloud", "china"),
            ("api-base", "https://graph.example/v1.0/"),
        ])
        .unwrap();
        assert_eq!(c.api_base, "https://graph.example/v1.0");
        assert!(config(&[("api-base", "javascript:alert(1)")]).is_err());
        assert!(config(&[("api-base", "//evil.example/v1.0")]).is_err());
        assert!(config(&[("api-base", "http://10.0.0.1/v1.0")]).is_err());
        assert_eq!(
            config(&[("api-base", "http://localhost:8080/v1.0")])
                .unwrap()
                .api_base,
            "http://localhost:8080/v1.0"
        );
    }

    #[test]
    fn api_base_cannot_leave_the_site_or_loopback_by_lookalikes() {
        // Found by the fuzz test: a prefix check let these through.
        for base in [
            "http://localhost.evil.example/v1.0",
            "http://127.0.0.1.nip.io/v1.0",
            "http://localhostevil.example",
            "/\\evil.example/v1.0",
            "/v1.0\\..\\x",
        ] {
            assert_eq!(
                config(&[("api-base", base)]),
                Err(ConfigError::BadApiBase(base.into())),
                "{base}"
            );
        }
        assert!(config(&[("api-base", "http://127.0.0.1")]).is_ok());
    }

    #[test]
    fn api_base_is_judged_on_the_parsed_url_not_its_text() {
        // Each of these starts like an allowed base but sends the token elsewhere.
        for base in [
            "http://127.0.0.1:@evil.example/v1.0",
            "https://graph.microsoft.com@evil.example",
            "http://127.0.0.1.nip.io/",
            "http://[::1]:8080/v1.0",
            "https://graph%2Emicrosoft.com/v1.0",
            "http://localhost%2Eevil.example/v1.0",
            "https://graph.microsoft.com/v1.0?x=1",
            "https://graph.microsoft.com/v1.0/../../evil",
            "/v1.0/%2e%2e/x",
            "ftp://graph.microsoft.com/v1.0",
        ] {
            assert_eq!(
                config(&[("api-base", base)]),
                Err(ConfigError::BadApiBase(base.into())),
                "{base}"
            );
        }
        // Https to any host is the documented contract; the host named is
        // the whole host, not the prefix that looks like Graph.
        for base in [
            "https://graph.microsoft.com.evil.example/v1.0",
            "HTTPS://graph.microsoft.com/v1.0",
            "https://[::1]:8080/v1.0",
            "HTTP://LOCALHOST:8080/v1.0",
        ] {
            assert_eq!(config(&[("api-base", base)]).unwrap().api_base, base);
        }
    }

    #[test]
    fn numbers_are_range_checked_with_a_clear_message() {
        assert_eq!(config(&[("page-size", "50")]).unwrap().page_size, 50);
        let err = config(&[("password-length", "4")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "attribute password-length=\"4\" must be a whole number from 8 to 256"
        );
        assert!(config(&[("page-size", "abc")]).is_err());
    }

    #[test]
    fn theme_is_light_dark_or_auto() {
        assert_eq!(config(&[("theme", "Dark")]).unwrap().theme, Theme::Dark);
        assert_eq!(config(&[]).unwrap().theme, Theme::Auto);
        assert_eq!(
            config(&[("theme", "sepia")]).unwrap_err().to_string(),
            "theme \"sepia\" must be light, dark or auto"
        );
    }

    #[test]
    fn sign_in_address_follows_the_cloud_unless_the_host_sets_one() {
        let address = |pairs: &[(&str, &str)]| config(pairs).unwrap().sign_in_url;
        assert_eq!(address(&[]), "https://www.office.com");
        assert_eq!(
            address(&[("cloud", "usgov-l4")]),
            "https://portal.office365.us"
        );
        assert_eq!(
            address(&[("cloud", "usgov-l5")]),
            "https://portal.office365.us"
        );
        assert_eq!(
            address(&[("cloud", "china")]),
            "https://portal.partner.microsoftonline.cn"
        );
        assert_eq!(
            address(&[
                ("cloud", "china"),
                ("sign-in-url", " https://sso.contoso.example/start ")
            ]),
            "https://sso.contoso.example/start"
        );
        for wrong in [
            "http://sso.contoso.example",
            "javascript:alert(1)",
            "sso.contoso.example",
            "https://a.example/<b>",
        ] {
            let error = config(&[("sign-in-url", wrong)]).unwrap_err();
            assert_eq!(error, ConfigError::BadSignInUrl(wrong.into()));
            assert!(error.to_string().starts_with("sign-in-url \""), "{error}");
        }
    }

    #[test]
    fn language_attribute_is_optional() {
        assert_eq!(config(&[("lang", "fr-FR")]).unwrap().lang, Some(Lang::Fr));
        assert_eq!(config(&[("lang", "xx")]).unwrap().lang, None);
    }
}
