//! `POST /me/changePassword`: the signed-in user changes their own password
//! (Graph's `user: changePassword`; 204 on success). The current password
//! must match, the new one must pass the tenant's password policy; the
//! change clears "must change at next sign-in" and is audited.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::auth::authenticate;
use crate::directory::{self, User};
use crate::entra::password_policy::{PasswordOwner, broken_rules};
use crate::graph::RequestOrigin;
use crate::graph::errors::{GraphError, GraphResult, PASSWORD_COMPLEXITY};
use crate::hashing::{hash_password, verify_password, wipe};
use crate::seed::TENANT_NAME;
use crate::state::SharedState;
use crate::{audit, audit::CHANGE_PASSWORD};

/// What Graph answers when the current password does not match (or the
/// caller may not change it): 403 with this message.
pub const CHANGE_DENIED: &str = "Access to change password operation is denied.";

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ChangeBody {
    current_password: Zeroizing<String>,
    new_password: Zeroizing<String>,
}

pub async fn change_password(
    State(state): State<SharedState>,
    origin: RequestOrigin,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let mut actor: Option<User> = None;
    let result = apply(&state, &headers, body, &mut actor).await;
    let (outcome, reason) = match &result {
        Ok(()) => ("success".to_string(), String::new()),
        Err(error) => (error.code.clone(), error.message.clone()),
    };
    let recorded = state
        .db
        .call(move |conn| {
            let target = actor
                .as_ref()
                .map_or_else(|| "me".to_string(), |a| a.user_principal_name.clone());
            audit::record_event(
                conn,
                &audit::Event {
                    action: CHANGE_PASSWORD,
                    actor: actor.as_ref(),
                    ip_address: origin.ip_address.as_deref(),
                    correlation_id: origin.correlation_id.as_deref(),
                    target: &target,
                    target_user: actor.as_ref(),
                    outcome: &outcome,
                    result_reason: &reason,
                },
            )
        })
        .await;
    let answer: GraphResult = recorded
        .map_err(GraphError::from)
        .and(result)
        .map(|()| StatusCode::NO_CONTENT.into_response());
    answer.into_response()
}

async fn apply(
    state: &SharedState,
    headers: &HeaderMap,
    body: Bytes,
    actor_out: &mut Option<User>,
) -> Result<(), GraphError> {
    let actor = authenticate(state, headers).await?;
    actor.scopes.require(crate::scopes::CHANGE_OWN_PASSWORD)?;
    let user = actor.user;
    *actor_out = Some(user.clone());
    state
        .throttle
        .try_acquire()
        .map_err(GraphError::throttled)?;
    let parsed = serde_json::from_slice::<ChangeBody>(&body);
    wipe(body);
    // serde's messages can quote the input, so none of them reaches the client.
    let request = parsed.map_err(|_| {
        GraphError::bad_request(
            "The request body must be {\"currentPassword\": ..., \"newPassword\": ...}.",
        )
    })?;

    // Guessing the current password here counts against the same limit as
    // guessing it at sign-in.
    let upn = user.user_principal_name.clone();
    state
        .sign_in_lockout
        .attempt(&upn)
        .map_err(GraphError::throttled)?;
    let user_id = user.id.clone();
    let stored = state
        .db
        .call(move |conn| directory::password_hash(conn, &user_id))
        .await?;
    let current = request.current_password;
    let matches = match stored {
        Some(hash) => tokio::task::spawn_blocking(move || verify_password(&current, &hash))
            .await
            .expect("verifying does not panic"),
        None => false,
    };
    if !matches {
        return Err(GraphError::new(
            StatusCode::FORBIDDEN,
            "Authorization_RequestDenied",
            CHANGE_DENIED,
        ));
    }
    state.sign_in_lockout.succeeded(&upn);

    let owner = PasswordOwner {
        given_name: user.given_name.as_deref(),
        surname: user.surname.as_deref(),
        tenant_name: Some(TENANT_NAME),
    };
    let new_password = request.new_password;
    if !broken_rules(&new_password, &owner).is_empty() {
        return Err(GraphError::bad_request(PASSWORD_COMPLEXITY));
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&new_password))
        .await
        .expect("hashing does not panic");
    let user_id = user.id.clone();
    state
        .db
        .call(move |conn| directory::set_password(conn, &user_id, &hash, false, false))
        .await?;
    Ok(())
}
