//! `/_dev`: what tests and the demo page use to drive the tenant. Loopback
//! callers only, and no other origin's page (see `guard`).

mod guard;
mod pim;
mod sign_in;

use axum::extract::State;
use axum::http::StatusCode;
use axum::middleware;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use bytes::Bytes;
use serde::Deserialize;
use serde::de::DeserializeOwned;
use serde_json::{Value, json};

use crate::auth::issue_token;
use crate::directory;
use crate::faults::Fault;
use crate::graph::errors::{GraphError, GraphResult};
use crate::scopes::Scopes;
use crate::state::SharedState;
use crate::{audit, outbox, rbac, seed};

const DEFAULT_TOKEN_LIFETIME: u64 = 3600;
/// A reseed beyond this is a typo, not a test.
const MAX_USERS: usize = 5_000_000;

pub fn router(state: SharedState) -> Router {
    Router::new()
        .route("/token", post(token))
        .route("/outbox", get(list_outbox))
        .route("/signin", post(sign_in::sign_in))
        .route("/audit", get(list_audit))
        .route(
            "/faults",
            get(list_faults).post(add_faults).delete(clear_faults),
        )
        .route("/throttle", post(throttle))
        .route("/reseed", post(reseed))
        .route("/admins", get(admins))
        .route("/pim/activate", post(pim::activate))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            guard::own_origin_json_only,
        ))
        .layer(middleware::from_fn(guard::loopback_only))
        .with_state(state)
}

/// Parses a JSON body; an empty body reads as `{}` where the type allows it.
fn parse<T: DeserializeOwned>(body: &[u8]) -> Result<T, GraphError> {
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}".as_slice()
    } else {
        body
    };
    serde_json::from_slice(body)
        .map_err(|error| GraphError::bad_request(format!("Invalid request body: {error}")))
}

#[derive(Deserialize)]
struct TokenRequest {
    upn: String,
    expires_in: Option<u64>,
    /// The delegated permissions to grant, as a list or as a space-separated
    /// `scp`; the default grant (the README's list) when absent.
    scopes: Option<ScopeList>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum ScopeList {
    List(Vec<String>),
    Claim(String),
}

impl ScopeList {
    fn scopes(&self) -> Scopes {
        match self {
            ScopeList::List(list) => Scopes::parse(&list.join(" ")),
            ScopeList::Claim(claim) => Scopes::parse(claim),
        }
    }
}

enum Issued {
    Token(String),
    AccountDisabled,
    UnknownUser,
}

async fn token(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let request: TokenRequest = parse(&body)?;
    let lifetime = request.expires_in.unwrap_or(DEFAULT_TOKEN_LIFETIME);
    let scopes = request
        .scopes
        .as_ref()
        .map_or_else(Scopes::default_grant, ScopeList::scopes);
    let scope = scopes.claim();
    let upn = request.upn.clone();
    let issued = state
        .db
        .call(move |conn| match directory::find_user(conn, &upn)? {
            Some(user) if user.account_enabled => {
                issue_token(conn, &user.id, lifetime, &scopes).map(Issued::Token)
            }
            Some(_) => Ok(Issued::AccountDisabled),
            None => Ok(Issued::UnknownUser),
        })
        .await?;
    let token = match issued {
        Issued::Token(token) => token,
        Issued::AccountDisabled => return Ok(account_disabled()),
        Issued::UnknownUser => return Err(GraphError::not_found(&request.upn)),
    };
    Ok(Json(json!({
        "access_token": token,
        "token_type": "Bearer",
        "expires_in": lifetime,
        "scope": scope,
    }))
    .into_response())
}

/// What Entra's token endpoint answers for a disabled account.
fn account_disabled() -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({
            "error": "invalid_grant",
            "error_description": "AADSTS50057: The user account is disabled.",
            "error_codes": [50057],
        })),
    )
        .into_response()
}

async fn list_outbox(State(state): State<SharedState>) -> GraphResult {
    let messages = state.db.call(|conn| outbox::list(conn)).await?;
    Ok(Json(messages).into_response())
}

async fn list_audit(State(state): State<SharedState>) -> GraphResult {
    let entries = state.db.call(|conn| audit::list(conn)).await?;
    Ok(Json(entries).into_response())
}

async fn list_faults(State(state): State<SharedState>) -> Json<Vec<Fault>> {
    Json(state.faults.list())
}

/// One fault object or an array of them.
async fn add_faults(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let value: Value = parse(&body)?;
    let faults: Vec<Fault> = match value {
        Value::Array(items) => items
            .into_iter()
            .map(fault_from)
            .collect::<Result<_, _>>()?,
        single => vec![fault_from(single)?],
    };
    for fault in &faults {
        fault
            .check()
            .map_err(|reason| GraphError::bad_request(format!("Invalid fault: {reason}")))?;
    }
    let added = faults.len();
    let drops = faults.iter().any(|fault| fault.drop);
    state.faults.add(faults);
    if drops {
        state.idle_closer.close_idle_connections();
    }
    Ok((
        StatusCode::CREATED,
        Json(json!({ "added": added, "pending": state.faults.list() })),
    )
        .into_response())
}

fn fault_from(value: Value) -> Result<Fault, GraphError> {
    serde_json::from_value(value)
        .map_err(|error| GraphError::bad_request(format!("Invalid fault: {error}")))
}

async fn clear_faults(State(state): State<SharedState>) -> StatusCode {
    state.faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ThrottleRequest {
    writes_per_second: u32,
    burst: Option<u32>,
}

async fn throttle(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let request: ThrottleRequest = parse(&body)?;
    let burst = request.burst.unwrap_or(request.writes_per_second);
    state.throttle.configure(request.writes_per_second, burst);
    Ok(
        Json(json!({ "writesPerSecond": request.writes_per_second, "burst": burst }))
            .into_response(),
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReseedRequest {
    users: Option<usize>,
}

async fn reseed(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let request: ReseedRequest = parse(&body)?;
    let users = request.users.unwrap_or(state.config.users);
    if users > MAX_USERS {
        return Err(GraphError::bad_request(format!(
            "At most {MAX_USERS} users."
        )));
    }
    let hash = state.initial_hash.clone();
    state
        .db
        .call(move |conn| seed::seed(conn, users, &hash))
        .await?;
    state.faults.clear();
    state.throttle.reset();
    state.mailbox_limit.reset();
    state.sign_in_lockout.clear();
    Ok(Json(json!({ "users": users.max(seed::named_users().len()) })).into_response())
}

async fn admins(State(state): State<SharedState>) -> GraphResult {
    let admins = state.db.call(|conn| rbac::admins(conn)).await?;
    let list: Vec<Value> = admins
        .into_iter()
        .map(|(user, roles)| {
            json!({
                "id": user.id,
                "userPrincipalName": user.user_principal_name,
                "displayName": user.display_name,
                "roles": roles,
            })
        })
        .collect();
    Ok(Json(list).into_response())
}
