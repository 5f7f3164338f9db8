//! Command line and environment. Hand-rolled: a dozen flags do not need a parser crate.

use std::path::PathBuf;

use crate::clock::Clock;
use crate::logging::LogSink;
use crate::site::Authority;

pub const USAGE: &str = "\
local-tenant: a local Microsoft Graph subset for the reset-password widget

USAGE: local-tenant [OPTIONS]

  --host HOST            address to listen on (default 127.0.0.1)
  --port PORT            port (env PORT; default 8080; 0 picks a free one)
  --db PATH              SQLite file (default .local-tenant/tenant.sqlite)
  --reseed               reset the database to the seed data at start
  --users N              users in the directory, named ones included (default 500)
  --static-dir DIR       widget files served at / (default dist)
  --connect-src ORIGIN   extra origin allowed in the CSP connect-src (repeatable)
  --cors-origin ORIGIN   origin allowed to call /v1.0 cross-origin (repeatable;
                         env CORS_ORIGINS, comma-separated)
  --allowed-host NAME[:PORT]
                         another Host name to answer to, besides 127.0.0.1,
                         localhost and [::1] (repeatable; port default: --port)
  --public-origin ORIGIN origin of absolute links such as @odata.nextLink
                         (default http://HOST:PORT)
  --write-rate N         directory writes per second, burst N (default 0 = off)
  --mail-rate N          messages one mailbox may send per minute (default 30; 0 = off)
  --smtp HOST:PORT       also relay every sent mail to this SMTP server
  -h, --help             this text
";

#[derive(Clone, Debug)]
pub struct Config {
    pub host: String,
    pub port: u16,
    pub db_path: PathBuf,
    pub reseed: bool,
    pub users: usize,
    pub static_dir: PathBuf,
    pub connect_src: Vec<String>,
    pub cors_origins: Vec<String>,
    /// `NAME[:PORT]` values, checked to parse as an [`Authority`].
    pub allowed_hosts: Vec<String>,
    pub public_origin: Option<String>,
    pub write_rate: u32,
    /// sendMail messages per mailbox and minute; 0 turns the limit off.
    pub mail_rate: u32,
    pub smtp: Option<String>,
    pub log: LogSink,
    /// Time for sign-in lockouts; tests move it forward instead of sleeping.
    pub clock: Clock,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            host: "127.0.0.1".into(),
            port: 8080,
            db_path: PathBuf::from(".local-tenant/tenant.sqlite"),
            reseed: false,
            users: 500,
            static_dir: PathBuf::from("dist"),
            connect_src: Vec::new(),
            cors_origins: Vec::new(),
            allowed_hosts: Vec::new(),
            public_origin: None,
            write_rate: 0,
            mail_rate: crate::throttle::MAIL_PER_MINUTE,
            smtp: None,
            log: LogSink::Stderr,
            clock: Clock::default(),
        }
    }
}

#[derive(Debug)]
pub enum Command {
    Run(Box<Config>),
    Help,
}

impl Config {
    /// Flags win over the environment; `env` is a lookup so tests need not touch
    /// the process environment.
    pub fn from_args(
        args: impl IntoIterator<Item = String>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Result<Command, String> {
        let mut config = Config::default();
        if let Some(port) = env("PORT") {
            config.port = parse_number("PORT", &port)?;
        }
        if let Some(origins) = env("CORS_ORIGINS") {
            for origin in origins.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                config.cors_origins.push(checked_origin(origin)?);
            }
        }
        let mut cli_cors = Vec::new();
        let mut args = args.into_iter();
        while let Some(flag) = args.next() {
            let (name, inline) = match flag.split_once('=') {
                Some((name, value)) if name.starts_with("--") => (name.to_string(), Some(value)),
                _ => (flag.clone(), None),
            };
            let mut value = || -> Result<String, String> {
                match &inline {
                    Some(value) => Ok(value.to_string()),
                    None => args.next().ok_or_else(|| format!("{name} needs a value")),
                }
            };
            match name.as_str() {
                "-h" | "--help" => return Ok(Command::Help),
                "--host" => config.host = value()?,
                "--port" => config.port = parse_number("--port", &value()?)?,
                "--db" => config.db_path = PathBuf::from(value()?),
                "--reseed" => config.reseed = true,
                "--users" => config.users = parse_number("--users", &value()?)?,
                "--static-dir" => config.static_dir = PathBuf::from(value()?),
                "--connect-src" => config.connect_src.push(checked_origin(&value()?)?),
                "--cors-origin" => cli_cors.push(checked_origin(&value()?)?),
                "--allowed-host" => config.allowed_hosts.push(checked_host(&value()?)?),
                "--public-origin" => config.public_origin = Some(checked_origin(&value()?)?),
                "--write-rate" => config.write_rate = parse_number("--write-rate", &value()?)?,
                "--mail-rate" => config.mail_rate = parse_number("--mail-rate", &value()?)?,
                "--smtp" => config.smtp = Some(value()?),
                other => return Err(format!("unknown argument {other:?}; see --help")),
            }
        }
        if !cli_cors.is_empty() {
            config.cors_origins = cli_cors;
        }
        Ok(Command::Run(Box::new(config)))
    }
}

fn parse_number<T: std::str::FromStr>(name: &str, text: &str) -> Result<T, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{name}: {text:?} is not a valid number"))
}

/// Origins end up in a CSP header and a CORS allow-list: accept only
/// `scheme://host[:port]`, so nothing can smuggle in another directive.
fn checked_origin(origin: &str) -> Result<String, String> {
    let origin = origin.trim().trim_end_matches('/');
    let rest = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"));
    let valid = rest.is_some_and(|host| {
        !host.is_empty()
            && host
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "-.:[]".contains(c))
    });
    if valid {
        Ok(origin.to_string())
    } else {
        Err(format!(
            "{origin:?} is not an origin like https://host:port"
        ))
    }
}

fn checked_host(host: &str) -> Result<String, String> {
    Authority::parse(host)
        .map(|_| host.trim().to_string())
        .ok_or_else(|| format!("{host:?} is not a host name like devbox or devbox:8080"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str], env: &[(&str, &str)]) -> Result<Config, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let lookup = |key: &str| env.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        match Config::from_args(args.iter().map(|a| a.to_string()), lookup)? {
            Command::Run(config) => Ok(*config),
            Command::Help => Err("help".into()),
        }
    }

    #[test]
    fn defaults_env_and_flags() {
        let config = parse(&[], &[]).unwrap();
        assert_eq!(
            (config.host.as_str(), config.port, config.users),
            ("127.0.0.1", 8080, 500)
        );
        let config = parse(&["--users=20", "--reseed"], &[("PORT", "9000")]).unwrap();
        assert_eq!((config.port, config.users, config.reseed), (9000, 20, true));
        let config = parse(
            &[
                "--port",
                "81",
                "--cors-origin",
                "http://a.test:3000",
                "--connect-src",
                "https://b.test",
            ],
            &[
                ("PORT", "9000"),
                ("CORS_ORIGINS", "http://x.test, http://y.test"),
            ],
        )
        .unwrap();
        assert_eq!(config.port, 81);
        assert_eq!(config.cors_origins, ["http://a.test:3000"]);
        assert_eq!(config.connect_src, ["https://b.test"]);
        let config = parse(
            &[
                "--allowed-host",
                "devbox",
                "--allowed-host=vm:9000",
                "--public-origin",
                "https://tenant.example/",
            ],
            &[],
        )
        .unwrap();
        assert_eq!(config.allowed_hosts, ["devbox", "vm:9000"]);
        assert_eq!(
            config.public_origin.as_deref(),
            Some("https://tenant.example")
        );
        let config = parse(&[], &[("CORS_ORIGINS", "http://x.test,http://y.test")]).unwrap();
        assert_eq!(config.cors_origins, ["http://x.test", "http://y.test"]);
    }

    #[test]
    fn refuses_bad_input() {
        assert!(parse(&["--port", "x"], &[]).is_err());
        assert!(parse(&["--frobnicate"], &[]).is_err());
        assert!(parse(&["--connect-src", "https://a.test; script-src *"], &[]).is_err());
        assert!(parse(&["--cors-origin", "*"], &[]).is_err());
        assert!(parse(&["--db"], &[]).is_err());
        assert!(parse(&["--allowed-host", "a.test/x"], &[]).is_err());
        assert!(parse(&["--public-origin", "tenant.example"], &[]).is_err());
        assert_eq!(parse(&["--help"], &[]).unwrap_err(), "help");
    }
}
