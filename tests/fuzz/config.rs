//! The configuration attributes: what the host page may write on the element.

use std::collections::BTreeMap;

use reset_password_widget::config::{ConfigError, Theme, WidgetConfig};
use reset_password_widget::i18n::Lang;

use crate::graph::graph_string;
use crate::text::{flip_ascii_case, pad_with_whitespace, random_text, text_between};
use crate::{LANGS, Rng, fuzz};

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
                        "https://", "http://", "/", "//", "/\\", "\\\\", "HTTPS://", "HTTP://", ""
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
                        "127.0.0.1:@evil.example",
                        "localhost:8080@evil.example",
                        "graph.microsoft.com@evil.example",
                        "graph.microsoft.com.evil.example",
                        "graph%2Emicrosoft.com",
                        "localhost%2Eevil.example",
                        "[::1]:8080",
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

/// The host and the rest of an absolute URL as a browser's URL parser reads
/// them: the authority ends at the first `/`, `?`, `#` or backslash, and a `@`
/// inside it ends a user name, so the host is what follows the last `@`.
/// Written apart from the widget's parser, as an oracle should be.
fn browser_host(url: &str) -> Option<(String, String)> {
    let (scheme, rest) = url.split_once("://")?;
    let end = rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host_and_port = authority.rsplit('@').next().unwrap_or("");
    let host = if host_and_port.starts_with('[') {
        host_and_port.split_inclusive(']').next().unwrap_or("")
    } else {
        host_and_port.split(':').next().unwrap_or("")
    };
    Some((scheme.to_ascii_lowercase(), host.to_ascii_lowercase()))
}

/// An API base the widget may send bearer tokens to: https anywhere, plain
/// http only to this machine, or a path on the page's own origin. Judged on
/// the parsed URL: no user name, no escaped or empty host, no backslash.
fn assert_safe_api_base(base: &str) {
    assert!(!base.ends_with('/'), "{base:?}");
    assert!(
        !base
            .chars()
            .any(|c| c.is_whitespace() || matches!(c, '"' | '<' | '\\')),
        "{base:?}"
    );
    if base.starts_with('/') {
        assert!(!base.starts_with("//"), "{base:?} leaves the site");
        return;
    }
    let (scheme, host) =
        browser_host(base).unwrap_or_else(|| panic!("{base:?} is neither a URL nor a path"));
    let authority = base.split_once("://").map_or("", |(_, rest)| {
        rest.split(['/', '?', '#']).next().unwrap_or("")
    });
    assert!(!authority.contains('@'), "user name in {base:?}");
    assert!(!host.is_empty(), "no host in {base:?}");
    assert!(!host.contains('%'), "escaped host in {base:?}");
    match scheme.as_str() {
        "https" => {}
        "http" => assert!(
            host == "localhost" || host == "127.0.0.1",
            "plain http to {host:?} in {base:?}"
        ),
        _ => panic!("scheme {scheme:?} in {base:?}"),
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
                ConfigError::BadSignInUrl(value) => {
                    assert_eq!(Some(value), get("sign-in-url").as_ref())
                }
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
