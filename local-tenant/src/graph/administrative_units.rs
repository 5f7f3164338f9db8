//! `GET /directory/administrativeUnits` (directory-list-administrativeunits)
//! and a unit's members (administrativeunit-list-members).

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::auth::authenticate;
use crate::containers::{self, AdministrativeUnit, Relation};
use crate::directory::PageKey;
use crate::faults::FaultRoute;
use crate::graph::members::related_users_page;
use crate::graph::query::{self, PLAIN_LIST_OPTIONS, page_of};
use crate::scopes;
use crate::state::SharedState;

const DEFAULT_TOP: usize = 100;

/// The unit properties this tenant knows, in Graph's spelling.
pub const UNIT_PROPERTIES: [&str; 5] = [
    "id",
    "displayName",
    "description",
    "isMemberManagementRestricted",
    "visibility",
];

/// The `selected` properties of a unit; `description` and `visibility` are
/// null (no description, public membership).
pub fn unit_json(unit: &AdministrativeUnit, selected: &[&str]) -> Map<String, Value> {
    let mut object = Map::new();
    for property in selected {
        let value = match *property {
            "id" => json!(unit.id),
            "displayName" => json!(unit.display_name),
            "isMemberManagementRestricted" => json!(unit.is_member_management_restricted),
            _ => Value::Null,
        };
        object.insert((*property).to_string(), value);
    }
    object
}

pub async fn list_units(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::ListAdministrativeUnits, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_ADMINISTRATIVE_UNITS)?;
            let options = query::parse_supporting(raw.as_deref(), &PLAIN_LIST_OPTIONS)?;
            let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
            let selected = query::select(
                options.select.as_deref(),
                &UNIT_PROPERTIES,
                "administrativeUnit",
            )?;
            let after = options.page_start()?;
            let units = state
                .db
                .call(move |conn| containers::list_units(conn, after.as_ref(), top + 1))
                .await?;
            let body = page_of(
                &state.site.public_origin,
                "/v1.0/directory/administrativeUnits",
                "directory/administrativeUnits",
                &options.pairs,
                units,
                top,
                |unit| PageKey::by_name(&unit.display_name, &unit.id),
                |unit| Value::Object(unit_json(unit, &selected)),
            );
            Ok(Json(body).into_response())
        })
        .await
}

pub async fn unit_members(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::AdministrativeUnitMembers, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_ADMINISTRATIVE_UNITS)?;
            related_users_page(
                &state,
                Relation::UnitMembers,
                &id,
                "/v1.0/directory/administrativeUnits/{id}/members",
                raw.as_deref(),
            )
            .await
        })
        .await
}
