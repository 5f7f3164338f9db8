//! `POST /users/{id}/revokeSignInSessions` (Graph's `user: revokeSignInSessions`):
//! signs the user out of all sessions. Here that ends every token issued to
//! the user before the call, so each of them gets 401 afterwards.
//!
//! As Graph documents it: no request body; 200 with
//! `{"@odata.context": ".../$metadata#Edm.Boolean", "value": true}`; 404 for
//! an unknown user; 403 `Authorization_RequestDenied` unless the caller is the
//! user or holds a role that may invalidate the user's refresh tokens (see
//! [`authorise_session_revocation`]). Delegated permission
//! `User.RevokeSessions.All` (or `User.ReadWrite.All`, `Directory.ReadWrite.All`):
//! this tenant's tokens carry no scopes, so the role is all it checks.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::audit::REVOKE_SIGN_IN_SESSIONS;
use crate::auth::{authenticate, revoke_tokens};
use crate::entra::roles::authorise_session_revocation;
use crate::faults::FaultRoute;
use crate::graph::errors::{GraphError, GraphResult};
use crate::graph::{Attempt, RequestOrigin, target_with_standing};
use crate::state::SharedState;

pub async fn revoke_sign_in_sessions(
    State(state): State<SharedState>,
    origin: RequestOrigin,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    state
        .faults
        .run(FaultRoute::RevokeSignInSessions, || {
            attempt(state.clone(), origin, headers, id)
        })
        .await
}

async fn attempt(
    state: SharedState,
    origin: RequestOrigin,
    headers: HeaderMap,
    id: String,
) -> GraphResult {
    let mut attempt = Attempt::on(&id);
    let result = apply(&state, &headers, &id, &mut attempt).await;
    attempt
        .record(&state, REVOKE_SIGN_IN_SESSIONS, origin, &result)
        .await?;
    result?;
    let context = format!("{}/v1.0/$metadata#Edm.Boolean", state.site.public_origin);
    Ok(Json(json!({ "@odata.context": context, "value": true })).into_response())
}

async fn apply(
    state: &SharedState,
    headers: &HeaderMap,
    id: &str,
    attempt: &mut Attempt,
) -> Result<(), GraphError> {
    let actor = authenticate(state, headers).await?;
    attempt.actor = Some(actor.user.clone());
    actor.scopes.require(crate::scopes::REVOKE_SESSIONS)?;
    // A write: throttled like the reset, before anything happens.
    state
        .throttle
        .try_acquire()
        .map_err(GraphError::throttled)?;
    let (target, standing) = target_with_standing(state, id).await?;
    attempt.target_user = Some(target.clone());
    authorise_session_revocation(&actor.user.id, &actor.assignments, &target.id, &standing)
        .map_err(|_| GraphError::forbidden())?;
    let user_id = target.id;
    state
        .db
        .call(move |conn| revoke_tokens(conn, &user_id))
        .await?;
    Ok(())
}
