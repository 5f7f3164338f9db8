//! `POST /_dev/signin`: checks a password as a sign-in page would, so tests
//! can prove a reset took. Every refusal costs one Argon2 check, so the time
//! taken does not tell an unknown or disabled account from a wrong password,
//! and failures per account name are limited.

use axum::Json;
use axum::extract::State;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;
use zeroize::Zeroizing;

use crate::directory;
use crate::graph::errors::{GraphError, GraphResult};
use crate::hashing::{dummy_hash, verify_password, wipe};
use crate::state::SharedState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SignInRequest {
    user_principal_name: String,
    password: Zeroizing<String>,
}

pub async fn sign_in(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let parsed = serde_json::from_slice::<SignInRequest>(&body);
    wipe(body);
    let request = parsed.map_err(|_| {
        GraphError::bad_request("The body must be {\"userPrincipalName\": ..., \"password\": ...}.")
    })?;
    let upn = request.user_principal_name;
    if let Err(retry_after) = state.sign_in_lockout.attempt(&upn) {
        return Ok(locked_out(retry_after));
    }
    let key = upn.clone();
    let credentials = state
        .db
        .call(move |conn| directory::credentials(conn, &key))
        .await?;
    let usable_hash = credentials
        .as_ref()
        .filter(|found| found.account_enabled)
        .and_then(|found| found.password_hash.clone());
    let can_succeed = usable_hash.is_some();
    let hash = usable_hash.unwrap_or_else(|| dummy_hash().to_string());
    let password = request.password;
    let matches = tokio::task::spawn_blocking(move || verify_password(&password, &hash))
        .await
        .expect("verifying does not panic");
    Ok(match credentials.filter(|_| can_succeed && matches) {
        Some(found) => {
            state.sign_in_lockout.succeeded(&upn);
            // Only successes are recorded: a write on failures would make a
            // wrong password for an existing account slower than for an
            // unknown one.
            let key = upn.clone();
            state
                .db
                .call(move |conn| directory::record_sign_in(conn, &key))
                .await?;
            // Changing with MFA is still changing: both flags mean "must change".
            Json(json!({
                "ok": true,
                "mustChangePassword": found.force_change || found.force_change_mfa,
            }))
            .into_response()
        }
        None => (StatusCode::UNAUTHORIZED, Json(json!({ "ok": false }))).into_response(),
    })
}

fn locked_out(retry_after: u64) -> Response {
    let mut response = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({ "ok": false, "error": "Too many failed sign-ins; try again later." })),
    )
        .into_response();
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(retry_after));
    response
}
