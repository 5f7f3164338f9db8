//! `POST /_dev/pim/activate`: what a PIM activation does to the directory.
//! An eligible role becomes an active assignment (it appears in
//! `roleAssignments` and, tenant-wide, in `transitiveMemberOf`), and the
//! user may act with it from the next request on.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use bytes::Bytes;
use serde::Deserialize;
use serde_json::json;

use crate::dev::parse;
use crate::directory;
use crate::graph::errors::{GraphError, GraphResult};
use crate::rbac::{self, Eligibility};
use crate::state::SharedState;

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct ActivationRequest {
    user_principal_name: String,
    /// The role's template id; may be left out when the user is eligible
    /// for one role only.
    role_definition_id: Option<String>,
}

enum Outcome {
    UnknownUser,
    Refused(String),
    Activated(rbac::StoredAssignment, bool),
}

pub async fn activate(State(state): State<SharedState>, body: Bytes) -> GraphResult {
    let request: ActivationRequest = parse(&body)?;
    let upn = request.user_principal_name.clone();
    let named = upn.clone();
    let outcome = state
        .db
        .call(move |conn| -> rusqlite::Result<Outcome> {
            let Some(user) = directory::find_user(conn, &request.user_principal_name)? else {
                return Ok(Outcome::UnknownUser);
            };
            let eligible = rbac::eligibilities_of(conn, &user.id)?;
            let chosen = choose(&eligible, request.role_definition_id.as_deref(), &named);
            match chosen {
                Ok(eligibility) => {
                    let (assignment, created) = rbac::activate(conn, &user.id, eligibility)?;
                    Ok(Outcome::Activated(assignment, created))
                }
                Err(reason) => Ok(Outcome::Refused(reason)),
            }
        })
        .await?;
    match outcome {
        Outcome::UnknownUser => Err(GraphError::not_found(&upn)),
        Outcome::Refused(reason) => Err(GraphError::bad_request(reason)),
        Outcome::Activated(assignment, created) => {
            let status = if created {
                StatusCode::CREATED
            } else {
                StatusCode::OK
            };
            Ok((
                status,
                Json(json!({
                    "id": assignment.id,
                    "principalId": assignment.principal_id,
                    "roleDefinitionId": assignment.role_definition_id,
                    "directoryScopeId": assignment.directory_scope_id,
                })),
            )
                .into_response())
        }
    }
}

/// The eligibility to activate: the named role, or the only one.
fn choose<'a>(
    eligible: &'a [Eligibility],
    role_definition_id: Option<&str>,
    upn: &str,
) -> Result<&'a Eligibility, String> {
    match (role_definition_id, eligible) {
        (_, []) => Err(format!("{upn} is eligible for no role.")),
        (None, [only]) => Ok(only),
        (None, _) => Err(format!(
            "{upn} is eligible for several roles: name one with roleDefinitionId."
        )),
        (Some(wanted), _) => eligible
            .iter()
            .find(|e| e.role_template_id.eq_ignore_ascii_case(wanted.trim()))
            .ok_or_else(|| format!("{upn} is not eligible for the role {wanted}.")),
    }
}
