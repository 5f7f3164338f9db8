//! One error type for every call to the tenant API, built in one place from
//! the HTTP status, the `Retry-After` header and Graph's error body.

use super::models::GraphErrorBody;

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ApiError {
    /// The request never got an answer (offline, DNS, CORS, dropped connection).
    #[error("the tenant could not be reached: {0}")]
    Network(String),
    #[error("the tenant did not answer in time")]
    Timeout,
    /// 401: the token is missing, expired or for another cloud.
    #[error("the sign-in has expired or is not valid for this tenant")]
    Unauthorized,
    /// 403: the signed-in admin may not do this.
    #[error("you don't have permission to do this: {message}")]
    Forbidden { message: String },
    /// 404: the user was deleted or never existed.
    #[error("the user no longer exists")]
    NotFound,
    /// 400 on a password reset: the tenant's complexity or banned-password rules.
    #[error("the tenant refused the password: {message}")]
    PasswordRejected { message: String },
    #[error("the tenant refused the request ({code}): {message}")]
    BadRequest { code: String, message: String },
    #[error("the request conflicts with a change made meanwhile: {message}")]
    Conflict { message: String },
    /// 429: throttled; nothing was applied.
    #[error("the tenant is busy; try again in {retry_after_secs} s")]
    Throttled { retry_after_secs: u32 },
    /// 5xx. `retry_after_secs` is set when the server said when to come back.
    #[error("the tenant had a problem (HTTP {status})")]
    Server {
        status: u16,
        retry_after_secs: Option<u32>,
    },
    /// The answer could not be understood.
    #[error("the tenant sent an answer that could not be read: {0}")]
    Malformed(String),
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

/// Default wait for a 429 without `Retry-After`, as Graph's guidance suggests.
const DEFAULT_THROTTLE_SECS: u32 = 10;

impl ApiError {
    /// Classifies a non-success answer.
    pub fn from_response(
        status: u16,
        retry_after: Option<&str>,
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
        let code = detail.map(|d| d.code).unwrap_or_default();
        match status {
            401 => ApiError::Unauthorized,
            403 => ApiError::Forbidden { message },
            404 => ApiError::NotFound,
            409 | 412 => ApiError::Conflict { message },
            429 => ApiError::Throttled {
                retry_after_secs: retry_after_secs.unwrap_or(DEFAULT_THROTTLE_SECS),
            },
            400 if kind == CallKind::ResetPassword => ApiError::PasswordRejected { message },
            400..=499 => ApiError::BadRequest { code, message },
            504 => ApiError::Timeout,
            _ => ApiError::Server {
                status,
                retry_after_secs,
            },
        }
    }

    /// True when the server said the request was not applied and asked us to
    /// come back: the only case where a write may be sent again.
    pub fn write_was_not_applied(&self) -> bool {
        matches!(
            self,
            ApiError::Throttled { .. }
                | ApiError::Server {
                    status: 503,
                    retry_after_secs: Some(_)
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
            ApiError::Unauthorized => "unauthorized",
            ApiError::Forbidden { .. } => "forbidden",
            ApiError::NotFound => "notFound",
            ApiError::PasswordRejected { .. } => "passwordRejected",
            ApiError::BadRequest { .. } => "badRequest",
            ApiError::Conflict { .. } => "conflict",
            ApiError::Throttled { .. } => "throttled",
            ApiError::Server { .. } => "server",
            ApiError::Malformed(_) => "malformed",
        }
    }

    pub fn retry_after_secs(&self) -> Option<u32> {
        match self {
            ApiError::Throttled { retry_after_secs } => Some(*retry_after_secs),
            ApiError::Server {
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

    const FORBIDDEN: &str = r#"{"error":{"code":"Authorization_RequestDenied","message":"Insufficient privileges to complete the operation.","innerError":{"date":"2026-01-01T00:00:00","request-id":"r","client-request-id":"c"}}}"#;

    #[test]
    fn reads_graph_error_bodies() {
        assert_eq!(
            ApiError::from_response(403, None, FORBIDDEN, CallKind::ResetPassword),
            ApiError::Forbidden {
                message: "Insufficient privileges to complete the operation.".into()
            }
        );
        let policy = r#"{"error":{"code":"Request_BadRequest","message":"The specified password does not comply with password complexity requirements."}}"#;
        assert!(matches!(
            ApiError::from_response(400, None, policy, CallKind::ResetPassword),
            ApiError::PasswordRejected { .. }
        ));
        assert!(matches!(
            ApiError::from_response(400, None, policy, CallKind::Read),
            ApiError::BadRequest { ref code, .. } if code == "Request_BadRequest"
        ));
    }

    #[test]
    fn survives_bodies_that_are_not_graph_errors() {
        assert_eq!(
            ApiError::from_response(403, None, "<html>oops", CallKind::Read),
            ApiError::Forbidden {
                message: "HTTP 403".into()
            }
        );
        assert_eq!(
            ApiError::from_response(500, None, "", CallKind::Read),
            ApiError::Server {
                status: 500,
                retry_after_secs: None
            }
        );
    }

    #[test]
    fn retry_after_is_honoured_and_capped() {
        assert_eq!(
            ApiError::from_response(429, Some("7"), "", CallKind::SendMail),
            ApiError::Throttled {
                retry_after_secs: 7
            }
        );
        assert_eq!(
            ApiError::from_response(429, Some("soon"), "", CallKind::SendMail).retry_after_secs(),
            Some(DEFAULT_THROTTLE_SECS)
        );
        assert_eq!(
            ApiError::from_response(503, Some("99999"), "", CallKind::Read).retry_after_secs(),
            Some(300)
        );
    }

    #[test]
    fn a_null_code_keeps_the_message_next_to_it() {
        let body = r#"{"error":{"code":null,"message":"Insufficient privileges."}}"#;
        assert_eq!(
            ApiError::from_response(403, None, body, CallKind::Read),
            ApiError::Forbidden {
                message: "Insufficient privileges.".into()
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
        assert!(
            ApiError::Throttled {
                retry_after_secs: 1
            }
            .write_was_not_applied()
        );
        assert!(
            ApiError::Server {
                status: 503,
                retry_after_secs: Some(2)
            }
            .write_was_not_applied()
        );
        assert!(
            !ApiError::Server {
                status: 503,
                retry_after_secs: None
            }
            .write_was_not_applied()
        );
        assert!(
            !ApiError::Server {
                status: 500,
                retry_after_secs: None
            }
            .write_was_not_applied()
        );
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
