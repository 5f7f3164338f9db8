//! A small SMTP client for relaying outbox mail to a local catcher (MailHog,
//! smtp4dev...). Plain SMTP, no TLS or AUTH: it is meant for a relay on the
//! developer's machine. Bodies go base64-encoded so any UTF-8 text passes
//! any server, and no line can start with the end-of-data dot.

use std::io;
use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;

use crate::outbox::Mail;
use crate::{clock, ids};

const TIMEOUT: Duration = Duration::from_secs(15);

pub async fn relay(address: &str, mail: &Mail) -> io::Result<()> {
    tokio::time::timeout(TIMEOUT, conversation(address, mail))
        .await
        .map_err(|_| {
            io::Error::new(
                io::ErrorKind::TimedOut,
                "the SMTP server did not answer in time",
            )
        })?
}

async fn conversation(address: &str, mail: &Mail) -> io::Result<()> {
    let stream = TcpStream::connect(address).await?;
    let mut session = Session {
        stream: BufReader::new(stream),
    };
    session.expect(220).await?;
    session.command("EHLO local-tenant", 250).await?;
    session
        .command(&format!("MAIL FROM:<{}>", mail.sender), 250)
        .await?;
    for recipient in mail.to.iter().chain(&mail.cc).chain(&mail.bcc) {
        session
            .command(&format!("RCPT TO:<{recipient}>"), 250)
            .await?;
    }
    session.command("DATA", 354).await?;
    session.stream.write_all(message(mail).as_bytes()).await?;
    session.command(".", 250).await?;
    session.command("QUIT", 221).await
}

struct Session {
    stream: BufReader<TcpStream>,
}

impl Session {
    async fn command(&mut self, line: &str, expected: u16) -> io::Result<()> {
        self.stream
            .write_all(format!("{line}\r\n").as_bytes())
            .await?;
        self.expect(expected).await
    }

    /// Reads a reply (all its lines) and checks its code.
    async fn expect(&mut self, expected: u16) -> io::Result<()> {
        loop {
            let mut line = String::new();
            if self.stream.read_line(&mut line).await? == 0 {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the SMTP server hung up",
                ));
            }
            let code: u16 = line.get(..3).and_then(|c| c.parse().ok()).ok_or_else(|| {
                io::Error::new(io::ErrorKind::InvalidData, "the SMTP reply has no code")
            })?;
            if line.as_bytes().get(3) == Some(&b'-') {
                continue;
            }
            return if code == expected {
                Ok(())
            } else {
                Err(io::Error::other(format!(
                    "the SMTP server answered {code}, not {expected}"
                )))
            };
        }
    }
}

/// The RFC 5322 message, ending with CRLF (the dot follows as a command).
pub fn message(mail: &Mail) -> String {
    let subtype = if mail.content_type == "HTML" {
        "html"
    } else {
        "plain"
    };
    let mut headers = vec![
        format!("From: <{}>", mail.sender),
        format!("To: {}", angle_list(&mail.to)),
    ];
    if !mail.cc.is_empty() {
        headers.push(format!("Cc: {}", angle_list(&mail.cc)));
    }
    headers.extend([
        format!("Subject: {}", encode_header(&mail.subject)),
        format!("Date: {}", clock::rfc5322(clock::now_secs())),
        format!("Message-ID: <{}@local-tenant>", ids::random_guid()),
        "MIME-Version: 1.0".into(),
        format!("Content-Type: text/{subtype}; charset=utf-8"),
        "Content-Transfer-Encoding: base64".into(),
    ]);
    let encoded = STANDARD.encode(mail.body.as_bytes());
    let body: Vec<&str> = encoded
        .as_bytes()
        .chunks(76)
        .map(|chunk| std::str::from_utf8(chunk).expect("base64 is ASCII"))
        .collect();
    format!("{}\r\n\r\n{}\r\n", headers.join("\r\n"), body.join("\r\n"))
}

fn angle_list(addresses: &[String]) -> String {
    addresses
        .iter()
        .map(|a| format!("<{a}>"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Plain printable ASCII stays as is; anything else (accents, line breaks
/// that would inject headers) becomes an RFC 2047 encoded word.
fn encode_header(text: &str) -> String {
    if text.chars().all(|c| c == ' ' || c.is_ascii_graphic()) && !text.contains("=?") {
        text.to_string()
    } else {
        format!("=?UTF-8?B?{}?=", STANDARD.encode(text.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_encodes_subject_and_body() {
        let mail = Mail {
            sender: "admin@contoso.example".into(),
            to: vec!["a@example.net".into()],
            cc: vec![],
            bcc: vec!["hidden@example.net".into()],
            subject: "Réinitialisation\r\nBcc: x@evil.test".into(),
            content_type: "Text".into(),
            body: ".\r\nline".into(),
        };
        let text = message(&mail);
        assert!(text.contains("To: <a@example.net>\r\n"));
        assert!(!text.contains("hidden@example.net"));
        assert!(!text.contains("Bcc: x@evil.test"));
        assert!(text.contains("Subject: =?UTF-8?B?"));
        assert!(text.contains(&STANDARD.encode(".\r\nline")));
        assert!(!text.contains("\r\n.\r\n"));
    }
}
