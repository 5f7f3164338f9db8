//! The Microsoft Graph v1.0 subset under `/v1.0`.

pub mod administrative_units;
pub mod audit_logs;
pub mod change_password;
pub mod errors;
pub mod groups;
pub mod mail;
pub mod members;
pub mod odata;
pub mod query;
pub mod reset;
pub mod role_assignments;
pub mod sessions;
pub mod users;

use std::convert::Infallible;
use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::directory::{self, User};
use crate::entra::scope::TargetStanding;
use crate::rbac;
use crate::server::RequestId;
use crate::state::SharedState;
use errors::GraphError;

pub fn router(state: SharedState) -> Router {
    let cors = cors_layer(&state.config.cors_origins);
    let router = Router::new()
        .route("/me", get(users::me))
        .route(
            "/me/transitiveMemberOf/microsoft.graph.directoryRole",
            get(users::my_roles),
        )
        // The same cast by the alias Graph's metadata declares for its
        // namespace, as Microsoft's generated SDKs write it.
        .route(
            "/me/transitiveMemberOf/graph.directoryRole",
            get(users::my_roles),
        )
        .route("/me/sendMail", post(mail::send_mail))
        .route("/me/changePassword", post(change_password::change_password))
        .route(
            "/auditLogs/directoryAudits",
            get(audit_logs::list_directory_audits),
        )
        .route("/users", get(users::list_users))
        .route("/users/$count", get(users::count_users))
        .route(
            "/users/{id}",
            get(users::get_user).patch(reset::reset_password),
        )
        .route(
            "/users/{id}/transitiveMemberOf/microsoft.graph.directoryRole",
            get(users::user_roles),
        )
        .route(
            "/users/{id}/transitiveMemberOf/graph.directoryRole",
            get(users::user_roles),
        )
        .route(
            "/users/{id}/revokeSignInSessions",
            post(sessions::revoke_sign_in_sessions),
        )
        .route(
            "/roleManagement/directory/roleAssignments",
            get(role_assignments::list_role_assignments),
        )
        .route("/groups", get(groups::list_groups))
        .route("/groups/{id}/members", get(groups::group_members))
        .route("/groups/{id}/owners", get(groups::group_owners))
        .route(
            "/directory/administrativeUnits",
            get(administrative_units::list_units),
        )
        .route(
            "/directory/administrativeUnits/{id}/members",
            get(administrative_units::unit_members),
        )
        .fallback(unknown_segment)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
    }
}

/// The user a write names (by id or sign-in name) and their standing (roles,
/// units, role-assignable groups), or 404.
pub async fn target_with_standing(
    state: &SharedState,
    id: &str,
) -> Result<(User, TargetStanding), GraphError> {
    let key = id.to_string();
    state
        .db
        .call(move |conn| match directory::find_user(conn, &key)? {
            Some(user) => {
                let standing = rbac::standing_of(conn, &user.id)?;
                Ok(Some((user, standing)))
            }
            None => Ok(None),
        })
        .await
        .map_err(|error: rusqlite::Error| GraphError::internal(&error))?
        .ok_or_else(|| GraphError::not_found(id))
}

/// Who tried a write on whom, filled in as the attempt gets that far, and
/// written to the audit log whatever the result (as Entra's audit does).
pub struct Attempt {
    pub actor: Option<User>,
    /// The target as the request named it.
    pub target: String,
    pub target_user: Option<User>,
}

impl Attempt {
    pub fn on(target: &str) -> Attempt {
        Attempt {
            actor: None,
            target: target.to_string(),
            target_user: None,
        }
    }

    /// Records `action`: `success`, or Graph's error code and message.
    pub async fn record<T>(
        self,
        state: &SharedState,
        action: &'static str,
        origin: RequestOrigin,
        result: &Result<T, GraphError>,
    ) -> Result<(), GraphError> {
        let (outcome, reason) = match result {
            Ok(_) => ("success".to_string(), String::new()),
            Err(error) => (error.code.clone(), error.message.clone()),
        };
        state
            .db
            .call(move |conn| {
                crate::audit::record_event(
                    conn,
                    &crate::audit::Event {
                        action,
                        actor: self.actor.as_ref(),
                        ip_address: origin.ip_address.as_deref(),
                        correlation_id: origin.correlation_id.as_deref(),
                        target: &self.target,
                        target_user: self.target_user.as_ref(),
                        outcome: &outcome,
                        result_reason: &reason,
                    },
                )
            })
            .await?;
        Ok(())
    }
}

/// Where a request came from, for the audit: the caller's address and the
/// request's `request-id` (kept as the record's `correlationId`).
pub struct RequestOrigin {
    pub ip_address: Option<String>,
    pub correlation_id: Option<String>,
}

impl<S: Send + Sync> FromRequestParts<S> for RequestOrigin {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(RequestOrigin {
            ip_address: parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|peer| peer.0.ip().to_string()),
            correlation_id: parts.extensions.get::<RequestId>().map(|id| id.0.clone()),
        })
    }
}

async fn unknown_segment(uri: Uri) -> GraphError {
    let segment = uri
        .path()
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or_default();
    GraphError::new(
        StatusCode::BAD_REQUEST,
        "BadRequest",
        format!("Resource not found for the segment '{segment}'."),
    )
}

async fn method_not_allowed(method: Method) -> GraphError {
    GraphError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "Request_BadRequest",
        format!("The HTTP method '{method}' is not supported for this resource."),
    )
}

/// Lets a host page on another origin embed the widget and call the tenant.
fn cors_layer(origins: &[String]) -> Option<CorsLayer> {
    if origins.is_empty() {
        return None;
    }
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|origin| HeaderValue::from_str(origin).ok())
        .collect();
    Some(
        CorsLayer::new()
            .allow_origin(AllowOrigin::list(origins))
            .allow_methods([Method::GET, Method::PATCH, Method::POST, Method::OPTIONS])
            .allow_headers([
                header::AUTHORIZATION,
                header::CONTENT_TYPE,
                HeaderName::from_static("consistencylevel"),
                HeaderName::from_static("client-request-id"),
            ])
            // As Graph: the ids, not `Retry-After` (microsoft-graph-docs#17488),
            // so a widget on another origin must pace itself without it.
            .expose_headers([
                HeaderName::from_static("request-id"),
                HeaderName::from_static("client-request-id"),
            ])
            .max_age(Duration::from_secs(600)),
    )
}
