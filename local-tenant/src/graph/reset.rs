//! `PATCH /users/{id}` with a `passwordProfile`: the reset itself, with the
//! tenant's own Entra rules (who may reset whom, the password policy).

use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;
use serde::Deserialize;
use zeroize::Zeroizing;

use crate::audit::RESET_PASSWORD;
use crate::auth::authenticate;
use crate::directory;
use crate::entra::password_policy::{PasswordOwner, broken_rules};
use crate::entra::roles::authorise_password_reset;
use crate::faults::FaultRoute;
use crate::graph::errors::{GraphError, GraphResult, ON_PREMISES_MASTERED, PASSWORD_COMPLEXITY};
use crate::graph::odata::check_type;
use crate::graph::{Attempt, RequestOrigin, target_with_standing};
use crate::hashing::{hash_password, wipe};
use crate::seed::TENANT_NAME;
use crate::state::SharedState;

/// The body of the PATCH. Microsoft's generated SDKs may annotate the user
/// and its `passwordProfile` with `@odata.type`, leave optional properties
/// out, or send them as null (every property of `passwordProfile` is
/// nullable in Graph's metadata); Graph takes all of these.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ResetBody {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    password_profile: PasswordProfile,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PasswordProfile {
    #[serde(rename = "@odata.type")]
    odata_type: Option<String>,
    password: Option<Zeroizing<String>>,
    force_change_password_next_sign_in: Option<bool>,
    force_change_password_next_sign_in_with_mfa: Option<bool>,
}

pub async fn reset_password(
    State(state): State<SharedState>,
    origin: RequestOrigin,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    state
        .faults
        .run(FaultRoute::ResetPassword, || {
            attempt(state.clone(), origin, headers, id, body)
        })
        .await
}

async fn attempt(
    state: SharedState,
    origin: RequestOrigin,
    headers: HeaderMap,
    id: String,
    body: Bytes,
) -> GraphResult {
    let mut attempt = Attempt::on(&id);
    let result = apply(&state, &headers, &id, body, &mut attempt).await;
    attempt
        .record(&state, RESET_PASSWORD, origin, &result)
        .await?;
    result.map(|()| StatusCode::NO_CONTENT.into_response())
}

async fn apply(
    state: &SharedState,
    headers: &HeaderMap,
    id: &str,
    body: Bytes,
    attempt: &mut Attempt,
) -> Result<(), GraphError> {
    let actor = authenticate(state, headers).await?;
    attempt.actor = Some(actor.user.clone());
    actor
        .scopes
        .require(crate::scopes::WRITE_PASSWORD_PROFILE)?;
    // A throttled write is refused before anything else happens.
    state
        .throttle
        .try_acquire()
        .map_err(GraphError::throttled)?;
    let profile = parse_body(body)?;

    let (target, standing) = target_with_standing(state, id).await?;
    attempt.target_user = Some(target.clone());

    authorise_password_reset(&actor.user.id, &actor.assignments, &target.id, &standing)
        .map_err(|_| GraphError::forbidden())?;
    // The password of a synced user is mastered on-premises; Graph refuses
    // to change it whoever asks.
    if target.on_premises_sync_enabled {
        return Err(GraphError::bad_request(ON_PREMISES_MASTERED));
    }

    let password = profile
        .password
        .ok_or_else(|| GraphError::bad_request("The passwordProfile needs a password."))?;
    let owner = PasswordOwner {
        given_name: target.given_name.as_deref(),
        surname: target.surname.as_deref(),
        tenant_name: Some(TENANT_NAME),
    };
    // Graph names no rule in its answer, so neither does this tenant: a
    // banned password (global or custom list) gets the same 400 as a weak one.
    if !broken_rules(&password, &owner).is_empty() {
        return Err(GraphError::bad_request(PASSWORD_COMPLEXITY));
    }
    let hash = tokio::task::spawn_blocking(move || hash_password(&password))
        .await
        .expect("hashing does not panic");
    // Left out or null: false, Graph's default.
    let (force, force_mfa) = (
        profile.force_change_password_next_sign_in.unwrap_or(false),
        profile
            .force_change_password_next_sign_in_with_mfa
            .unwrap_or(false),
    );
    let user_id = target.id.clone();
    state
        .db
        .call(move |conn| directory::set_password(conn, &user_id, &hash, force, force_mfa))
        .await?;
    Ok(())
}

/// Parses the body and wipes the request bytes, which hold the password.
/// serde's messages can quote the input, so none of them reaches the client.
fn parse_body(body: Bytes) -> Result<PasswordProfile, GraphError> {
    let parsed = serde_json::from_slice::<ResetBody>(&body);
    wipe(body);
    let body = parsed.map_err(|_| {
        GraphError::bad_request(
            "The request body must be {\"passwordProfile\": {\"password\": ..., \
             \"forceChangePasswordNextSignIn\": ..., \"forceChangePasswordNextSignInWithMfa\": ...}}.",
        )
    })?;
    check_type(body.odata_type.as_deref(), "user")?;
    check_type(
        body.password_profile.odata_type.as_deref(),
        "passwordProfile",
    )?;
    Ok(body.password_profile)
}
