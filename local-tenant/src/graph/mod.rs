//! The Microsoft Graph v1.0 subset under `/v1.0`.

pub mod errors;
pub mod mail;
pub mod query;
pub mod reset;
pub mod users;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, Uri, header};
use axum::routing::{get, post};
use tower_http::cors::{AllowOrigin, CorsLayer};

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
        .route("/me/sendMail", post(mail::send_mail))
        .route("/users", get(users::list_users))
        .route(
            "/users/{id}",
            get(users::get_user).patch(reset::reset_password),
        )
        .route(
            "/users/{id}/transitiveMemberOf/microsoft.graph.directoryRole",
            get(users::user_roles),
        )
        .fallback(unknown_segment)
        .method_not_allowed_fallback(method_not_allowed)
        .with_state(state);
    match cors {
        Some(cors) => router.layer(cors),
        None => router,
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
            .expose_headers([header::RETRY_AFTER, HeaderName::from_static("request-id")])
            .max_age(Duration::from_secs(600)),
    )
}
