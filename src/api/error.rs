//! One error type for every call to the tenant API, built in one place from
//! the HTTP status, the `Retry-After` header and Graph's error body.

use super::models::GraphErrorBody;

/// What Graph said about a failed call besides its status: the error code
/// the widget classifies by, and the `request-id` Microsoft support asks for
/// (from `innerError`, else the `request-id` header).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GraphAnswer {
    pub code: String,
    pub request_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, dropped connection).
    #[error("the tenant could not be reached: {0}")]
    Network(String),
    #[error("the tenant did not answer in time")]
    Timeout,
    /// 401: the token is missing, expired, for another cloud, or its account is disabled.
    #[error("the sign-in has expired or is not valid for this tenant")]
    Unauthorized { graph: GraphAnswer },
    /// 403: the signed-in admin may not do this.
    #[error("you don't have permission to do this: {message}")]
    Forbidden { message: String, graph: GraphAnswer },
    /// 404: the user was deleted or never existed.
    #[error("the user no longer exists")]
    NotFound { graph: GraphAnswer },
    /// 404 `MailboxNotEnabledForRESTAPI` on sendMail: the signed-in admin
    /// has no Exchange Online mailbox to send from.
    #[error("the signed-in account has no mailbox")]
    MailboxNotEnabled { graph: GraphAnswer },
    /// 400 on a password reset whose message names the password: the
    /// tenant's complexity or banned-password rules.
    #[error("the tenant refused the password: {message}")]
    PasswordRejected { message: String, graph: GraphAnswer },
    /// 400 on a password reset of a user synced from an on-premises
    /// directory: the password is changed there, not through Graph.
    #[error("the user is managed in an on-premises directory: {message}")]
    OnPremisesManaged { message: String, graph: GraphAnswer },
    #[error("the tenant refused the request ({}): {message}", .graph.code)]
    BadRequest { message: String, graph: GraphAnswer },
    #[error("the request conflicts with a change made meanwhile: {message}")]
    Conflict { message: String, graph: GraphAnswer },
    /// 429: throttled; nothing was applied. `retry_after_secs` is set when
    /// the answer said how long to wait and the browser let it be read
    /// (cross-origin, Graph does not expose `Retry-After`).
    #[error("the tenant is busy")]
    Throttled {
        retry_after_secs: Option<u32>,
        graph: GraphAnswer,
    },
    /// 5xx. `retry_after_secs` is set when the server said when to come back.
    #[error("the tenant had a problem (HTTP {status})")]
    Server {
        status: u16,
        retry_after_secs: Option<u32>,
        graph: GraphAnswer,
    },
    /// The answer could not be understood.
    #[error("the tenant sent an answer that could not be read: {0}")]
    Malformed(String),
    /// Graph answered, but without what the token may not read: role
    /// objects in its "limited information" shape. Names the delegated
    /// permission the app registration lacks.
    #[error("the widget needs the {0} permission")]
    PermissionMissing(&'static str),
}

/// Which call failed, because Graph reuses codes with different meanings.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallKind {
    Read,
    ResetPassword,
    SendMail,
    /// `revokeSignInSessions`: a write Graph throttles as one, but sending it
    /// twice signs the user out twice, no harm done, so it is retried as a
    /// read is (a lost answer too).
    RevokeSessions,
}

impl CallKind {
    /// Whether a call whose outcome is unknown may be sent again as is.
    pub fn may_repeat(self) -> bool {
        matches!(self, CallKind::Read | CallKind::RevokeSessions)
    }
}

/// Graph's code for sendMail from an account without an Exchange Online mailbox.
pub const MAILBOX_NOT_ENABLED: &str = "MailboxNotEnabledForRESTAPI";
/// The start of Graph's message for a change to a user synced from on-premises.
const ON_PREMISES_MASTERED: &str = "on-premises mastered";

impl ApiError {
    /// Classifies a non-success answer by Graph's error code and message
    /// first, then by status. `request_id_header` is the `request-id`
    /// header, used when the body has no `innerError`.
    pub fn from_response(
        status: u16,
        retry_after: Option<&str>,
        body: &str,
        kind: CallKind,
    ) -> Self {
        ApiError::from_answer(status, retry_after, None, body, kind)
    }

    /// [`Self::from_response`], with the `request-id` header when the browser could read it.
    pub fn from_answer(
        status: u16,
        retry_after: Option<&str>,
        request_id_header: Option<&str>,
        body: &str,
        kind: CallKind,
    ) -> Self {
        let retry_after_secs = retry_after.and_then(parse_retry_after);
        let detail = serde_json::from_str::<GraphErrorBody>(body)
            .ok()
            .map(|b| b.error);
        let message = detail
            .as_ref()
            .map(|d| d.message.clone())
            .filter(|m| !m.is_empty())
            .unwrap_or_else(|| format!("HTTP {status}"));
        let from_body = detail
            .as_ref()
            .and_then(|d| d.inner_error.as_ref())
            .and_then(|inner| inner.request_id.clone());
        let request_id = from_body
            .or_else(|| request_id_header.map(str::to_string))
            .map(|id| id.trim().chars().take(64).collect::<String>())
            .filter(|id| !id.is_empty());
        let graph = GraphAnswer {
            code: detail.map(|d| d.code).unwrap_or_default(),
            request_id,
        };
        let about_password = message.to_ascii_lowercase().contains("password");
        let on_premises = message.to_ascii_lowercase().contains(ON_PREMISES_MASTERED);
        match status {
            401 => ApiError::Unauthorized { graph },
            403 => ApiError::Forbidden { message, graph },
            404 if kind == CallKind::SendMail && graph.code == MAILBOX_NOT_ENABLED => {
                ApiError::MailboxNotEnabled { graph }
            }
            404 => ApiError::NotFound { graph },
            409 | 412 => ApiError::Conflict { message, graph },
            429 => ApiError::Throttled {
                retry_after_secs,
                graph,
            },
            400 if kind == CallKind::ResetPassword && on_premises => {
                ApiError::OnPremisesManaged { message, graph }
            }
            400 if kind == CallKind::ResetPassword && about_password => {
                ApiError::PasswordRejected { message, graph }
            }
            400..=499 => ApiError::BadRequest { message, graph },
            504 => ApiError::Timeout,
            _ => ApiError::Server {
                status,
                retry_after_secs,
                graph,
            },
        }
    }

    /// What Graph said, when the call got an answer.
    pub fn graph(&self) -> Option<&GraphAnswer> {
        match self {
            ApiError::Network(_)
            | ApiError::Timeout
            | ApiError::Malformed(_)
            | ApiError::PermissionMissing(_) => None,
            ApiError::Unauthorized { graph }
            | ApiError::Forbidden { graph, .. }
            | ApiError::NotFound { graph }
            | ApiError::MailboxNotEnabled { graph }
            | ApiError::PasswordRejected { graph, .. }
            | ApiError::OnPremisesManaged { graph, .. }
            | ApiError::BadRequest { graph, .. }
            | ApiError::Conflict { graph, .. }
            | ApiError::Throttled { graph, .. }
            | ApiError::Server { graph, .. } => Some(graph),
        }
    }

    /// The `request-id` of the failed call, to quote in a support ticket.
    pub fn request_id(&self) -> Option<&str> {
        self.graph().and_then(|g| g.request_id.as_deref())
    }

    /// True when the server said the request was not applied and asked us to
    /// come back: the only case where a write may be sent again. A 429 is
    /// such a refusal with or without a readable `Retry-After`.
    pub fn write_was_not_applied(&self) -> bool {
        matches!(
            self,
            ApiError::Throttled { .. }
                | ApiError::Server {
                    status: 503,
                    retry_after_secs: Some(_),
                    ..
                }
        )
    }

    /// True when a write failed without saying whether the tenant applied it:
    /// no answer in time, a lost or unreadable answer, or a server error other
    /// than the refusals of [`Self::write_was_not_applied`]. The admin must be
    /// told that the change may have been made.
    pub fn write_may_have_applied(&self) -> bool {
        match self {
            ApiError::Network(_) | ApiError::Timeout | ApiError::Malformed(_) => true,
            ApiError::Server { .. } => !self.write_was_not_applied(),
            _ => false,
        }
    }

    /// A stable code for events to the host page and for tests.
    pub fn code(&self) -> &'static str {
        match self {
            ApiError::Network(_) => "network",
            ApiError::Timeout => "timeout",
            ApiError::Unauthorized { .. } => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound { .. } => "notFound",
            ApiError::MailboxNotEnabled { .. } => "mailboxNotEnabled",
            ApiError::PasswordRejected { .. } => "passwordRejected",
            ApiError::OnPremisesManaged { .. } => "onPremisesManaged",
            ApiError::BadRequest { .. } => "badRequest",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Throttled { .. } => "throttled",
            ApiError::Server { .. } => "server",
            ApiError::Malformed(_) => "malformed",
            ApiError::PermissionMissing(_) => "permissionMissing",
        }
    }

    /// The wait the server named, when the browser could read it.
    pub fn retry_after_secs(&self) -> Option<u32> {
        match self {
            ApiError::Throttled {
                retry_after_secs, ..
            }
            | ApiError::Server {
                retry_after_secs, ..
            } => *retry_after_secs,
            _ => None,
        }
    }
}

/// Checks the body of a write's success answer. Graph sends none (204, 202)
/// or JSON; anything else came from something that is not the tenant (a
/// proxy's page, a cut answer), so the write may or may not have happened.
pub fn check_write_answer(body: &str) -> Result<(), ApiError> {
    if body.trim().is_empty() {
        return Ok(());
    }
    serde_json::from_str::<serde::de::IgnoredAny>(body)
        .map(drop)
        .map_err(|e| ApiError::Malformed(e.to_string()))
}

/// `Retry-After` in whole seconds (Graph never sends the HTTP-date form);
/// absurd values are capped so a bad header cannot freeze the widget, even
/// those too large for a number.
fn parse_retry_after(value: &str) -> Option<u32> {
    let digits = value.trim();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(digits.parse::<u32>().map_or(300, |s| s.min(300)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FORBIDDEN: &str = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-01-01T00:00:00","request-id":"r-1","client-request-id":"c"}}}"#;

    fn answer(code: &str, request_id: Option<&str>) -> GraphAnswer {
        GraphAnswer {
            code: code.into(),
            request_id: request_id.map(str::to_string),
        }
    }

    fn graph_body(code: &str, message: &str) -> String {
        serde_json::json!({"error": {"code": code, "message": message,
            "innerError": {"date": "2026-01-01T00:00:00", "request-id": "rid-7", "client-request-id": "c"}}})
        .to_string()
    }

    #[test]
    fn reads_graph_error_bodies_with_their_code_and_request_id() {
        assert_eq!(
            ApiError::from_response(403, None, FORBIDDEN, CallKind::ResetPassword),
            ApiError::Forbidden {
                message: "Insufficient privileges to complete the operation.".into(),
                graph: answer("Authorization_RequestDenied", Some("r-1")),
            }
        );
        let policy = graph_body(
            "Request_BadRequest",
            "The specified password does not comply with password complexity requirements.",
        );
        let rejected = ApiError::from_response(400, None, &policy, CallKind::ResetPassword);
        assert!(matches!(rejected, ApiError::PasswordRejected { .. }));
        assert_eq!(rejected.request_id(), Some("rid-7"));
        assert!(matches!(
            ApiError::from_response(400, None, &policy, CallKind::Read),
            ApiError::BadRequest { ref graph, .. } if graph.code == "Request_BadRequest"
        ));
    }

    #[test]
    fn the_header_gives_the_request_id_when_the_body_has_none() {
        let error = ApiError::from_answer(500, None, Some("hdr-1"), "<html>", CallKind::Read);
        assert_eq!(error.request_id(), Some("hdr-1"));
        let both = ApiError::from_answer(403, None, Some("hdr-1"), FORBIDDEN, CallKind::Read);
        assert_eq!(both.request_id(), Some("r-1"), "the body's id wins");
        assert_eq!(ApiError::Timeout.request_id(), None);
    }

    #[test]
    fn a_400_on_reset_is_a_refused_password_only_when_graph_says_so() {
        // Guards against reading every 400 on a reset as a weak password.
        let on_premises = graph_body(
            "Request_BadRequest",
            "Unable to update the specified properties for on-premises mastered Directory \
             Sync objects or objects currently undergoing migration.",
        );
        assert!(matches!(
            ApiError::from_response(400, None, &on_premises, CallKind::ResetPassword),
            ApiError::OnPremisesManaged { .. }
        ));
        let malformed_body = graph_body("BadRequest", "Invalid JSON in the request body.");
        assert!(matches!(
            ApiError::from_response(400, None, &malformed_body, CallKind::ResetPassword),
            ApiError::BadRequest { .. }
        ));
        assert!(matches!(
            ApiError::from_response(400, None, "", CallKind::ResetPassword),
            ApiError::BadRequest { .. }
        ));
    }

    #[test]
    fn a_404_on_send_mail_with_graphs_code_is_a_missing_mailbox() {
        let body = graph_body(
            MAILBOX_NOT_ENABLED,
            "The mailbox is either inactive, soft-deleted, or is hosted on-premise.",
        );
        let error = ApiError::from_response(404, None, &body, CallKind::SendMail);
        assert!(matches!(error, ApiError::MailboxNotEnabled { .. }));
        assert_eq!(error.code(), "mailboxNotEnabled");
        assert!(matches!(
            ApiError::from_response(404, None, "", CallKind::SendMail),
            ApiError::NotFound { .. }
        ));
        assert!(matches!(
            ApiError::from_response(404, None, &body, CallKind::Read),
            ApiError::NotFound { .. }
        ));
    }

    #[test]
    fn survives_bodies_that_are_not_graph_errors() {
        assert_eq!(
            ApiError::from_response(403, None, "<html>oops", CallKind::Read),
            ApiError::Forbidden {
                message: "HTTP 403".into(),
                graph: GraphAnswer::default(),
            }
        );
        assert_eq!(
            ApiError::from_response(500, None, "", CallKind::Read),
            ApiError::Server {
                status: 500,
                retry_after_secs: None,
                graph: GraphAnswer::default(),
            }
        );
    }

    #[test]
    fn retry_after_is_honoured_capped_and_may_be_missing() {
        assert_eq!(
            ApiError::from_response(429, Some("7"), "", CallKind::SendMail).retry_after_secs(),
            Some(7)
        );
        // Cross-origin the header cannot be read: no wait is made up here;
        // the retry policy backs off on its own.
        let hidden = ApiError::from_response(429, None, "", CallKind::SendMail);
        assert_eq!(hidden.retry_after_secs(), None);
        assert!(hidden.write_was_not_applied());
        assert_eq!(
            ApiError::from_response(429, Some("soon"), "", CallKind::SendMail).retry_after_secs(),
            None
        );
        assert_eq!(
            ApiError::from_response(503, Some("99999"), "", CallKind::Read).retry_after_secs(),
            Some(300)
        );
    }

    #[test]
    fn an_inner_error_of_another_shape_keeps_the_message() {
        // Found by the fuzz test: a number as innerError made the whole body
        // unreadable, so Graph's message was lost.
        for inner in ["8805878990610863912", r#"{"request-id":7}"#, "null", "[]"] {
            let body =
                format!(r#"{{"error":{{"code":"x","message":"Kept.","innerError":{inner}}}}}"#);
            let error = ApiError::from_response(403, None, &body, CallKind::Read);
            assert_eq!(
                error,
                ApiError::Forbidden {
                    message: "Kept.".into(),
                    graph: answer("x", None),
                },
                "{inner}"
            );
        }
    }

    #[test]
    fn a_null_code_keeps_the_message_next_to_it() {
        let body = r#"{"error":{"code":null,"message":"Insufficient privileges."}}"#;
        assert_eq!(
            ApiError::from_response(403, None, body, CallKind::Read),
            ApiError::Forbidden {
                message: "Insufficient privileges.".into(),
                graph: GraphAnswer::default(),
            }
        );
    }

    #[test]
    fn retry_after_beyond_u32_is_capped_not_dropped() {
        // Found by the fuzz test: a value too large for u32 was read as no
        // header at all, so a 503 asking for a long wait looked like a plain 503.
        let huge = ApiError::from_response(503, Some("99999999999999999999"), "", CallKind::Read);
        assert_eq!(huge.retry_after_secs(), Some(300));
        assert!(huge.write_was_not_applied());
        // Only digits are seconds, as HTTP defines them.
        for odd in ["+5", "-1", "1.5", "", "٣"] {
            assert_eq!(parse_retry_after(odd), None, "{odd}");
        }
    }

    #[test]
    fn only_refused_writes_count_as_not_applied() {
        let refused = |status, retry: Option<&str>| {
            ApiError::from_response(status, retry, "", CallKind::ResetPassword)
        };
        assert!(refused(429, Some("1")).write_was_not_applied());
        assert!(refused(429, None).write_was_not_applied());
        assert!(refused(503, Some("2")).write_was_not_applied());
        assert!(!refused(503, None).write_was_not_applied());
        assert!(!refused(500, None).write_was_not_applied());
        assert!(!ApiError::Timeout.write_was_not_applied());
    }

    #[test]
    fn lost_or_unreadable_answers_leave_a_write_unknown() {
        for unknown in [
            ApiError::Network("dropped".into()),
            ApiError::Timeout,
            ApiError::Malformed("cut".into()),
            ApiError::from_response(500, None, "", CallKind::ResetPassword),
            ApiError::from_response(502, None, "", CallKind::ResetPassword),
            ApiError::from_response(503, None, "", CallKind::ResetPassword),
            ApiError::from_response(504, None, "", CallKind::ResetPassword),
        ] {
            assert!(unknown.write_may_have_applied(), "{unknown:?}");
        }
        for refused in [
            ApiError::from_response(401, None, "", CallKind::ResetPassword),
            ApiError::from_response(403, None, "", CallKind::ResetPassword),
            ApiError::from_response(404, None, "", CallKind::ResetPassword),
            ApiError::from_response(400, None, "", CallKind::ResetPassword),
            ApiError::from_response(429, Some("1"), "", CallKind::ResetPassword),
            ApiError::from_response(503, Some("1"), "", CallKind::ResetPassword),
        ] {
            assert!(!refused.write_may_have_applied(), "{refused:?}");
        }
    }

    #[test]
    fn only_reads_and_sign_outs_may_be_repeated() {
        assert!(CallKind::Read.may_repeat());
        assert!(CallKind::RevokeSessions.may_repeat());
        assert!(!CallKind::ResetPassword.may_repeat());
        assert!(!CallKind::SendMail.may_repeat());
    }

    #[test]
    fn a_write_answer_is_empty_or_json() {
        assert_eq!(check_write_answer(""), Ok(()));
        assert_eq!(check_write_answer(" \n"), Ok(()));
        assert_eq!(check_write_answer(r#"{"id":"x"}"#), Ok(()));
        assert!(matches!(
            check_write_answer(r#"{"value":[{"id":"#),
            Err(ApiError::Malformed(_))
        ));
        assert!(matches!(
            check_write_answer("<html>Sign in to continue</html>"),
            Err(ApiError::Malformed(_))
        ));
    }
}
