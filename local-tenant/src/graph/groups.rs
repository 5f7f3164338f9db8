//! `GET /groups` (group-list) with `$filter=isAssignableToRole eq true|false`,
//! and a group's members and owners (group-list-members, group-list-owners).

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::auth::authenticate;
use crate::containers::{self, Group, Relation};
use crate::directory::PageKey;
use crate::faults::FaultRoute;
use crate::graph::errors::GraphError;
use crate::graph::members::related_users_page;
use crate::graph::query::{self, EqLiteral, GROUP_OPTIONS, eq_clause, page_of};
use crate::scopes;
use crate::state::SharedState;

const DEFAULT_TOP: usize = 100;

/// The group properties this tenant knows, in Graph's spelling.
pub const GROUP_PROPERTIES: [&str; 7] = [
    "id",
    "displayName",
    "description",
    "groupTypes",
    "isAssignableToRole",
    "mailEnabled",
    "securityEnabled",
];

/// The `selected` properties of a group. Every group here is a security
/// group without mail or description.
pub fn group_json(group: &Group, selected: &[&str]) -> Map<String, Value> {
    let mut object = Map::new();
    for property in selected {
        let value = match *property {
            "id" => json!(group.id),
            "displayName" => json!(group.display_name),
            "groupTypes" => json!([]),
            "isAssignableToRole" => json!(group.is_assignable_to_role),
            "mailEnabled" => json!(false),
            "securityEnabled" => json!(true),
            _ => Value::Null,
        };
        object.insert((*property).to_string(), value);
    }
    object
}

pub async fn list_groups(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::ListGroups, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_GROUPS)?;
            let options = query::parse_supporting(raw.as_deref(), &GROUP_OPTIONS)?;
            let assignable = options.filter.as_deref().map(parse_filter).transpose()?;
            let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
            let selected = query::select(options.select.as_deref(), &GROUP_PROPERTIES, "group")?;
            let after = options.page_start()?;
            let groups = state
                .db
                .call(move |conn| {
                    containers::list_groups(conn, assignable, after.as_ref(), top + 1)
                })
                .await?;
            let body = page_of(
                &state.site.public_origin,
                "/v1.0/groups",
                "groups",
                &options.pairs,
                groups,
                top,
                |group| PageKey::by_name(&group.display_name, &group.id),
                |group| Value::Object(group_json(group, &selected)),
            );
            Ok(Json(body).into_response())
        })
        .await
}

/// `isAssignableToRole eq true|false`, the filter Graph documents for the
/// property without advanced query headers.
fn parse_filter(filter: &str) -> Result<bool, GraphError> {
    match eq_clause(filter) {
        Some((property, EqLiteral::Bool(value)))
            if property.eq_ignore_ascii_case("isAssignableToRole") =>
        {
            Ok(value)
        }
        _ => Err(GraphError::unsupported_query(format!(
            "Unsupported $filter: '{filter}'. This tenant filters groups with \
             isAssignableToRole eq true or false."
        ))),
    }
}

pub async fn group_members(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    related(state, headers, id, raw, Relation::GroupMembers).await
}

pub async fn group_owners(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    related(state, headers, id, raw, Relation::GroupOwners).await
}

async fn related(
    state: SharedState,
    headers: HeaderMap,
    id: String,
    raw: Option<String>,
    relation: Relation,
) -> Response {
    let (route, path) = match relation {
        Relation::GroupOwners => (FaultRoute::GroupOwners, "/v1.0/groups/{id}/owners"),
        _ => (FaultRoute::GroupMembers, "/v1.0/groups/{id}/members"),
    };
    state
        .faults
        .run(route, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_GROUPS)?;
            related_users_page(&state, relation, &id, path, raw.as_deref()).await
        })
        .await
}
