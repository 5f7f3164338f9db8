//! `POST /me/sendMail`: checks the message, keeps it in the outbox, answers
//! 202, and relays it over SMTP when a relay is configured.

use std::time::Instant;

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;

use crate::auth::authenticate;
use crate::entra::addresses::is_routable_address;
use crate::faults::FaultRoute;
use crate::graph::errors::{GraphError, GraphResult};
use crate::outbox::{self, Mail};
use crate::state::SharedState;
use crate::{audit, audit::SEND_MAIL, clock, smtp};

/// Exchange refuses messages with more recipients than this.
const MAX_RECIPIENTS: usize = 500;

/// The action's parameters. Graph's metadata names them `Message` and
/// `SaveToSentItems`, which is how Microsoft's generated SDKs send them;
/// Graph's own examples write `message` and `saveToSentItems`. Graph takes
/// both spellings.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SendMailBody {
    #[serde(alias = "Message")]
    message: Option<Message>,
    /// Nothing is kept in a Sent Items folder here, but the value must be a
    /// boolean, as the metadata declares it.
    #[serde(alias = "SaveToSentItems")]
    #[allow(dead_code)]
    save_to_sent_items: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Message {
    subject: Option<String>,
    body: Option<ItemBody>,
    #[serde(default)]
    to_recipients: Vec<Recipient>,
    #[serde(default)]
    cc_recipients: Vec<Recipient>,
    #[serde(default)]
    bcc_recipients: Vec<Recipient>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ItemBody {
    content_type: Option<String>,
    content: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Recipient {
    email_address: Option<EmailAddress>,
}

#[derive(Deserialize)]
struct EmailAddress {
    address: Option<String>,
}

pub async fn send_mail(
    State(state): State<SharedState>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    state
        .faults
        .run(FaultRoute::SendMail, || {
            attempt(state.clone(), headers, body)
        })
        .await
}

async fn attempt(state: SharedState, headers: HeaderMap, body: Bytes) -> GraphResult {
    let actor = authenticate(&state, &headers).await;
    let actor_upn = actor
        .as_ref()
        .ok()
        .map(|a| a.user.user_principal_name.clone());
    let parsed = actor.and_then(|actor| {
        // Without `Mail.Send`, Exchange refuses before looking at the mailbox.
        if !actor.scopes.allow_any(crate::scopes::SEND_MAIL) {
            return Err(access_denied());
        }
        // An account without an Exchange Online mailbox has no `mail`.
        let sender = actor.user.mail.ok_or_else(mailbox_not_enabled)?;
        let mail = parse_message(&body, sender.clone())?;
        // Over the mailbox's sending limit: 429 with Retry-After, nothing sent.
        state
            .mailbox_limit
            .try_send(&sender, Instant::now())
            .map_err(GraphError::throttled)?;
        Ok(mail)
    });
    let target = match &parsed {
        Ok(mail) => mail.to.join(", "),
        Err(_) => String::new(),
    };
    let stored = match parsed {
        Ok(mail) => {
            let sent_at = clock::rfc3339_now();
            let for_outbox = mail.clone();
            let id = state
                .db
                .call(move |conn| outbox::insert(conn, &for_outbox, &sent_at))
                .await?;
            Ok((id, mail))
        }
        Err(error) => Err(error),
    };
    let outcome = match &stored {
        Ok(_) => "success".to_string(),
        Err(error) => error.code.clone(),
    };
    state
        .db
        .call(move |conn| audit::record(conn, actor_upn.as_deref(), SEND_MAIL, &target, &outcome))
        .await?;
    let (id, mail) = stored?;
    if let Some(relay) = state.config.smtp.clone() {
        let log = state.config.log.clone();
        tokio::spawn(async move {
            if let Err(error) = smtp::relay(&relay, &mail).await {
                log.line(format!(
                    "smtp relay of message {id} to {relay} failed: {error}"
                ));
            }
        });
    }
    Ok(StatusCode::ACCEPTED.into_response())
}

/// Exchange's answer to a token without `Mail.Send`.
fn access_denied() -> GraphError {
    GraphError::new(
        axum::http::StatusCode::FORBIDDEN,
        "ErrorAccessDenied",
        "Access is denied. Check credentials and try again.",
    )
}

/// Graph's answer to sendMail from an account without a mailbox (an
/// unlicensed, inactive or on-premises one).
fn mailbox_not_enabled() -> GraphError {
    GraphError::new(
        StatusCode::NOT_FOUND,
        "MailboxNotEnabledForRESTAPI",
        "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
    )
}

fn invalid_request(message: &str) -> GraphError {
    GraphError::new(StatusCode::BAD_REQUEST, "ErrorInvalidRequest", message)
}

fn invalid_recipients(message: String) -> GraphError {
    GraphError::new(StatusCode::BAD_REQUEST, "ErrorInvalidRecipients", message)
}

fn parse_message(body: &[u8], sender: String) -> Result<Mail, GraphError> {
    let parsed: SendMailBody = serde_json::from_slice(body)
        .map_err(|_| invalid_request("The request body is not a valid sendMail request."))?;
    let message = parsed
        .message
        .ok_or_else(|| invalid_request("The message is missing."))?;
    let subject = message
        .subject
        .ok_or_else(|| invalid_request("The message has no subject."))?;
    let item = message
        .body
        .ok_or_else(|| invalid_request("The message has no body."))?;
    let content = item
        .content
        .ok_or_else(|| invalid_request("The message body has no content."))?;
    let content_type = match item.content_type.as_deref().map(str::trim) {
        None => "Text",
        Some(kind) if kind.eq_ignore_ascii_case("text") => "Text",
        Some(kind) if kind.eq_ignore_ascii_case("html") => "HTML",
        Some(_) => {
            return Err(invalid_request(
                "The body contentType must be Text or HTML.",
            ));
        }
    };
    let to = addresses(message.to_recipients)?;
    if to.is_empty() {
        return Err(invalid_recipients(
            "At least one recipient is required.".into(),
        ));
    }
    let cc = addresses(message.cc_recipients)?;
    let bcc = addresses(message.bcc_recipients)?;
    if to.len() + cc.len() + bcc.len() > MAX_RECIPIENTS {
        return Err(invalid_recipients(format!(
            "A message can have at most {MAX_RECIPIENTS} recipients."
        )));
    }
    Ok(Mail {
        sender,
        to,
        cc,
        bcc,
        subject,
        content_type: content_type.into(),
        body: content,
    })
}

fn addresses(recipients: Vec<Recipient>) -> Result<Vec<String>, GraphError> {
    recipients
        .into_iter()
        .map(|recipient| {
            let address = recipient
                .email_address
                .and_then(|e| e.address)
                .unwrap_or_default();
            let address = address.trim();
            if is_routable_address(address) {
                Ok(address.to_string())
            } else {
                Err(invalid_recipients(format!(
                    "At least one recipient isn't valid: '{}' is not a valid email address.",
                    address.chars().take(100).collect::<String>()
                )))
            }
        })
        .collect()
}
