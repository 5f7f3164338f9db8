//! `GET /roleManagement/directory/roleAssignments` (Graph's
//! rbacapplication-list-roleassignments, directory provider): the active
//! role assignments, not PIM eligibilities. `$filter` on `principalId` or
//! `roleDefinitionId` (one `eq` clause), `$expand=principal`, `$select`,
//! `$top` and `@odata.nextLink`, in id order.

use axum::Json;
use axum::extract::{RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use rusqlite::Connection;
use serde_json::{Map, Value, json};

use crate::auth::authenticate;
use crate::containers;
use crate::directory::{self, PageKey, USER_PROPERTIES};
use crate::faults::FaultRoute;
use crate::graph::errors::GraphError;
use crate::graph::groups::{GROUP_PROPERTIES, group_json};
use crate::graph::query::{
    self, EqLiteral, ROLE_ASSIGNMENT_OPTIONS, collection_page, cut_page, eq_clause, next_link,
};
use crate::rbac::{self, AssignmentFilter, StoredAssignment};
use crate::scopes;
use crate::state::SharedState;

const PATH: &str = "/v1.0/roleManagement/directory/roleAssignments";
const PROPERTIES: [&str; 6] = [
    "id",
    "principalId",
    "roleDefinitionId",
    "directoryScopeId",
    "appScopeId",
    "condition",
];
/// Graph's default page for directory collections; `$top` up to 999.
const DEFAULT_TOP: usize = 100;

pub async fn list_role_assignments(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::ListRoleAssignments, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_ROLE_ASSIGNMENTS)?;
            let options = query::parse_supporting(raw.as_deref(), &ROLE_ASSIGNMENT_OPTIONS)?;
            let expand_principal = expands_principal(options.expand.as_deref())?;
            let filter = options.filter.as_deref().map(parse_filter).transpose()?;
            let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
            let selected = query::select(
                options.select.as_deref(),
                &PROPERTIES,
                "unifiedRoleAssignment",
            )?;
            let after = options.page_start()?.map(|key| key.id);
            let (rows, next) = state
                .db
                .call(move |conn| -> rusqlite::Result<_> {
                    let mut rows =
                        rbac::list_assignments(conn, filter.as_ref(), after.as_deref(), top + 1)?;
                    let next = cut_page(&mut rows, top, |last| PageKey::by_id(&last.id));
                    let mut objects = Vec::new();
                    for row in rows {
                        let principal = if expand_principal {
                            Some(principal_json(conn, &row.principal_id)?)
                        } else {
                            None
                        };
                        objects.push((row, principal));
                    }
                    Ok((objects, next))
                })
                .await?;
            let base = &state.site.public_origin;
            let link = next.map(|key| next_link(base, PATH, &options.pairs, &key));
            let value = rows
                .iter()
                .map(|(row, principal)| assignment_json(row, &selected, principal.clone()))
                .collect();
            let context = if expand_principal {
                "roleManagement/directory/roleAssignments(principal())"
            } else {
                "roleManagement/directory/roleAssignments"
            };
            Ok(Json(collection_page(base, context, None, value, link)).into_response())
        })
        .await
}

/// `$expand`: `principal` only (Graph also expands `roleDefinition` and
/// scopes; this tenant does not).
fn expands_principal(expand: Option<&str>) -> Result<bool, GraphError> {
    match expand.map(str::trim) {
        None => Ok(false),
        Some(expand) if expand.eq_ignore_ascii_case("principal") => Ok(true),
        Some(other) => Err(GraphError::unsupported_query(format!(
            "Unsupported $expand: '{other}'. This tenant expands 'principal' only."
        ))),
    }
}

/// `principalId eq '{id}'` or `roleDefinitionId eq '{id}'`.
fn parse_filter(filter: &str) -> Result<AssignmentFilter, GraphError> {
    let unsupported = || {
        GraphError::unsupported_query(format!(
            "Unsupported $filter: '{filter}'. This tenant filters role assignments with \
             principalId eq '{{id}}' or roleDefinitionId eq '{{id}}'."
        ))
    };
    match eq_clause(filter).ok_or_else(unsupported)? {
        (property, EqLiteral::Text(id)) if property.eq_ignore_ascii_case("principalId") => {
            Ok(AssignmentFilter::PrincipalId(id))
        }
        (property, EqLiteral::Text(id)) if property.eq_ignore_ascii_case("roleDefinitionId") => {
            Ok(AssignmentFilter::RoleDefinitionId(id))
        }
        _ => Err(unsupported()),
    }
}

fn assignment_json(row: &StoredAssignment, selected: &[&str], principal: Option<Value>) -> Value {
    let mut object = Map::new();
    for property in selected {
        let value = match *property {
            "id" => json!(row.id),
            "principalId" => json!(row.principal_id),
            "roleDefinitionId" => json!(row.role_definition_id),
            "directoryScopeId" => json!(row.directory_scope_id),
            _ => Value::Null, // appScopeId, condition: not used by directory roles here
        };
        object.insert((*property).to_string(), value);
    }
    if let Some(principal) = principal {
        object.insert("principal".into(), principal);
    }
    Value::Object(object)
}

/// The expanded principal: a user or a role-assignable group, typed as in a
/// `directoryObject` collection; null when it no longer exists.
fn principal_json(conn: &Connection, principal_id: &str) -> rusqlite::Result<Value> {
    if let Some(user) = directory::find_user(conn, principal_id)? {
        let mut object = Map::new();
        object.insert("@odata.type".into(), json!("#microsoft.graph.user"));
        object.extend(user.to_json(&USER_PROPERTIES));
        return Ok(Value::Object(object));
    }
    Ok(
        containers::find_group(conn, principal_id)?.map_or(Value::Null, |group| {
            let mut object = Map::new();
            object.insert("@odata.type".into(), json!("#microsoft.graph.group"));
            object.extend(group_json(&group, &GROUP_PROPERTIES));
            Value::Object(object)
        }),
    )
}
