//! Graph's error body. Handlers return a `GraphError`; the request-context
//! middleware (see `server.rs`) fills in `innerError`, which needs the request
//! and client request ids.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::clock;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GraphError {
    pub status: StatusCode,
    pub code: String,
    pub message: String,
    pub retry_after: Option<u64>,
}

pub type GraphResult = Result<Response, GraphError>;

/// Rides on the response from the handler to the middleware.
#[derive(Clone, Debug)]
pub struct PendingErrorBody {
    pub code: String,
    pub message: String,
}

pub const INSUFFICIENT_PRIVILEGES: &str = "Insufficient privileges to complete the operation.";
/// Graph's answer to a change of a property mastered on-premises, such as
/// the password of a user synced by Entra Connect (user-update).
pub const ON_PREMISES_MASTERED: &str = "Unable to update the specified properties for \
     on-premises mastered Directory Sync objects or objects currently undergoing migration.";
pub const PASSWORD_COMPLEXITY: &str = "The specified password does not comply with password \
     complexity requirements. Please provide a different password.";

impl GraphError {
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> GraphError {
        GraphError {
            status,
            code: code.into(),
            message: message.into(),
            retry_after: None,
        }
    }

    pub fn bad_request(message: impl Into<String>) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, "Request_BadRequest", message)
    }

    pub fn unsupported_query(message: impl Into<String>) -> GraphError {
        GraphError::new(StatusCode::BAD_REQUEST, "Request_UnsupportedQuery", message)
    }

    pub fn invalid_token(message: &str) -> GraphError {
        GraphError::new(
            StatusCode::UNAUTHORIZED,
            "InvalidAuthenticationToken",
            message,
        )
    }

    pub fn forbidden() -> GraphError {
        GraphError::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            INSUFFICIENT_PRIVILEGES,
        )
    }

    pub fn not_found(resource: &str) -> GraphError {
        GraphError::new(
            StatusCode::NOT_FOUND,
            "Request_ResourceNotFound",
            format!(
                "Resource '{resource}' does not exist or one of its queried reference-property \
                 objects are not present."
            ),
        )
    }

    pub fn throttled(retry_after: u64) -> GraphError {
        GraphError {
            retry_after: Some(retry_after),
            ..GraphError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "TooManyRequests",
                format!(
                    "Your request is throttled temporarily. Please try after {retry_after} seconds."
                ),
            )
        }
    }

    /// A database failure. Its detail goes to the log, not to the client.
    pub fn internal(error: &rusqlite::Error) -> GraphError {
        eprintln!("database error: {error}");
        GraphError::for_status(StatusCode::INTERNAL_SERVER_ERROR)
    }

    /// The code and message Graph uses for a bare status (faults use these).
    pub fn for_status(status: StatusCode) -> GraphError {
        let (code, message) = match status.as_u16() {
            400 => ("Request_BadRequest", "Bad request."),
            401 => (
                "InvalidAuthenticationToken",
                "Access token validation failure.",
            ),
            403 => ("Authorization_RequestDenied", INSUFFICIENT_PRIVILEGES),
            404 => ("Request_ResourceNotFound", "Resource not found."),
            409 => (
                "Request_ConcurrencyViolation",
                "The object was changed by another request.",
            ),
            429 => (
                "TooManyRequests",
                "Too many requests. Please try again later.",
            ),
            500 => ("generalException", "An internal server error occurred."),
            502 => ("badGateway", "The gateway received an invalid response."),
            503 => (
                "serviceNotAvailable",
                "The service is temporarily unavailable.",
            ),
            504 => (
                "gatewayTimeout",
                "The gateway did not receive a response in time.",
            ),
            _ => ("UnknownError", "The request failed."),
        };
        GraphError::new(status, code, message)
    }

    pub fn with_retry_after(mut self, seconds: Option<u64>) -> GraphError {
        self.retry_after = seconds.or(self.retry_after);
        self
    }
}

impl From<rusqlite::Error> for GraphError {
    fn from(error: rusqlite::Error) -> GraphError {
        GraphError::internal(&error)
    }
}

impl IntoResponse for GraphError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        if let Some(seconds) = self.retry_after {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response.extensions_mut().insert(PendingErrorBody {
            code: self.code,
            message: self.message,
        });
        response
    }
}

/// The JSON Graph sends for an error (Graph docs, "Microsoft Graph error
/// responses and resource types"): `code`, `message`, and an `innerError`
/// with the `date` (UTC, no zone suffix), `request-id` and `client-request-id`.
pub fn error_body(
    error: &PendingErrorBody,
    request_id: &str,
    client_request_id: &str,
) -> serde_json::Value {
    json!({
        "error": {
            "code": error.code,
            "message": error.message,
            "innerError": {
                "date": clock::graph_date_now(),
                "request-id": request_id,
                "client-request-id": client_request_id,
            }
        }
    })
}
