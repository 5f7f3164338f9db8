//! Reading the directory: `/me`, `/users`, one user, and directory roles.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::auth::Actor;
use crate::auth::authenticate;
use crate::containers::{self, AdministrativeUnit};
use crate::directory::PageKey;
use crate::directory::{self, ListRequest, SELECT_ONLY_USER_PROPERTIES, USER_PROPERTIES, User};
use crate::entra::roles::{DirectoryRole, may_read_audit_logs};
use crate::faults::FaultRoute;
use crate::graph::errors::{GraphError, GraphResult};
use crate::graph::query::{self, collection_page, cut_page, next_link};
use crate::scopes::{self, Scopes};
use crate::search::{SearchError, parse_filter, parse_search};
use crate::seed::role_object_id;
use crate::state::{AppState, SharedState};

const ROLE_PROPERTIES: [&str; 3] = ["id", "displayName", "roleTemplateId"];
const DEFAULT_TOP: usize = 100;

pub async fn me(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::Me, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_ME)?;
            let options = query::parse(raw.as_deref())?;
            single_user(&state, &actor, &actor.user, options.select.as_deref())
        })
        .await
}

pub async fn my_roles(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::MyRoles, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_MY_MEMBERSHIPS)?;
            let user_id = actor.user.id.clone();
            let (groups, units) = state
                .db
                .call(move |conn| -> rusqlite::Result<_> {
                    Ok((
                        directory::groups_of(conn, &user_id)?,
                        containers::units_of(conn, &user_id)?,
                    ))
                })
                .await?;
            let memberships = Memberships {
                roles: &actor.roles,
                groups: &groups,
                units: &units,
            };
            let path = "/v1.0/me/transitiveMemberOf/microsoft.graph.directoryRole";
            memberships_page(
                &state,
                &actor.scopes,
                &memberships,
                &headers,
                path,
                raw.as_deref(),
            )
        })
        .await
}

pub async fn get_user(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::GetUser, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_USERS)?;
            let options = query::parse(raw.as_deref())?;
            let key = id.clone();
            let user = state
                .db
                .call(move |conn| directory::find_user(conn, &key))
                .await?
                .ok_or_else(|| GraphError::not_found(&id))?;
            single_user(&state, &actor, &user, options.select.as_deref())
        })
        .await
}

pub async fn user_roles(
    State(state): State<SharedState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::UserRoles, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_USER_MEMBERSHIPS)?;
            let key = id.clone();
            let (roles, groups, units) = state
                .db
                .call(move |conn| -> rusqlite::Result<_> {
                    let Some(user) = directory::find_user(conn, &key)? else {
                        return Ok(None);
                    };
                    Ok(Some((
                        directory::roles_of(conn, &user.id)?,
                        directory::groups_of(conn, &user.id)?,
                        containers::units_of(conn, &user.id)?,
                    )))
                })
                .await?
                .ok_or_else(|| GraphError::not_found(&id))?;
            let memberships = Memberships {
                roles: &roles,
                groups: &groups,
                units: &units,
            };
            let path = format!(
                "/v1.0/users/{}/transitiveMemberOf/microsoft.graph.directoryRole",
                query::encode(&id)
            );
            memberships_page(
                &state,
                &actor.scopes,
                &memberships,
                &headers,
                &path,
                raw.as_deref(),
            )
        })
        .await
}

pub async fn list_users(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::ListUsers, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_USERS)?;
            let options = query::parse(raw.as_deref())?;
            let selected = user_selection(&actor, options.select.as_deref())?;
            let request = list_request(&headers, &options)?;
            let page = state
                .db
                .call(move |conn| directory::list_users(conn, &request))
                .await?;

            let base = &state.site.public_origin;
            let users: Vec<Value> = page
                .users
                .iter()
                .map(|user| Value::Object(user.to_json(&selected)))
                .collect();
            let link = page
                .next
                .as_ref()
                .map(|key| next_link(base, "/v1.0/users", &options.pairs, key));
            let body = collection_page(base, "users", page.count, users, link);
            Ok(Json(body).into_response())
        })
        .await
}

/// `GET /users/$count`: how many users match `$search` or `$filter` (all
/// users without them), as a plain-text number. Graph answers it only as an
/// advanced query: without `ConsistencyLevel: eventual` it is a 400
/// (user-list, "Get only a count of users"; the error Graph gives then is
/// the one below, as reported in microsoft-graph-docs-contrib#2716).
pub async fn count_users(
    State(state): State<SharedState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    state
        .faults
        .run(FaultRoute::CountUsers, || async {
            let actor = authenticate(&state, &headers).await?;
            actor.scopes.require(scopes::READ_USERS)?;
            let options = query::parse(raw.as_deref())?;
            if !eventual(&headers) {
                return Err(GraphError::bad_request(
                    "$count is not currently supported.",
                ));
            }
            let request = list_request(&headers, &options)?;
            let count = state
                .db
                .call(move |conn| directory::count_users(conn, &request))
                .await?;
            Ok((
                [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
                count.to_string(),
            )
                .into_response())
        })
        .await
}

/// Whether the request is an advanced query (`ConsistencyLevel: eventual`).
fn eventual(headers: &HeaderMap) -> bool {
    headers
        .get("consistencylevel")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.trim().eq_ignore_ascii_case("eventual"))
}

/// Checks `$top`, `$search`, `$count`, `$filter` and `$skiptoken` as Graph does.
fn list_request(
    headers: &HeaderMap,
    options: &query::QueryOptions,
) -> Result<ListRequest, GraphError> {
    let eventual = eventual(headers);
    let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
    let search = match &options.search {
        None => None,
        Some(_) if !eventual => {
            return Err(GraphError::unsupported_query(
                "Request with $search query parameter only works through MSGraph with a special \
                 request header: 'ConsistencyLevel: eventual'",
            ));
        }
        Some(text) => Some(parse_search(text).map_err(|error| match error {
            SearchError::Malformed(reason) => {
                GraphError::bad_request(format!("Invalid $search query: {reason}."))
            }
            SearchError::TooLarge(reason) => {
                GraphError::unsupported_query(format!("Unsupported $search query: {reason}."))
            }
        })?),
    };
    let count = match options.count.as_deref().map(str::trim) {
        None | Some("false") => false,
        Some("true") => eventual,
        Some(other) => {
            return Err(GraphError::bad_request(format!(
                "'{other}' is not a valid $count value."
            )));
        }
    };
    let filter = match &options.filter {
        None => None,
        Some(text) => Some(parse_filter(text).map_err(|reason| {
            GraphError::unsupported_query(format!("Unsupported $filter: {reason}."))
        })?),
    };
    order_by_display_name(options.orderby.as_deref())?;
    let after = options.page_start()?;
    Ok(ListRequest {
        search,
        filter,
        after,
        top,
        count,
    })
}

/// `$orderby`: users are always answered in display-name order (the order
/// keyset paging keeps), so `displayName` (ascending) is accepted, as Graph
/// accepts it without advanced query headers; other orders are not served.
fn order_by_display_name(orderby: Option<&str>) -> Result<(), GraphError> {
    let Some(orderby) = orderby else {
        return Ok(());
    };
    let words: Vec<&str> = orderby.split_whitespace().collect();
    match words[..] {
        [property] | [property, "asc"] if property.eq_ignore_ascii_case("displayName") => Ok(()),
        _ => Err(GraphError::unsupported_query(format!(
            "Unsupported $orderby: '{orderby}'. This tenant orders users by displayName, ascending."
        ))),
    }
}

/// The user properties to return. `signInActivity` only with `$select`, and
/// only for an audit-log reader, as Graph has it (`user` resource,
/// `signInActivity`: `AuditLog.Read.All` and a reports role).
fn user_selection(actor: &Actor, select: Option<&str>) -> Result<Vec<&'static str>, GraphError> {
    let selected = query::select_with(
        select,
        &USER_PROPERTIES,
        &SELECT_ONLY_USER_PROPERTIES,
        "user",
    )?;
    if selected.contains(&"signInActivity") && !may_read_audit_logs(&actor.roles) {
        return Err(GraphError::forbidden());
    }
    Ok(selected)
}

fn single_user(state: &AppState, actor: &Actor, user: &User, select: Option<&str>) -> GraphResult {
    let selected = user_selection(actor, select)?;
    let mut body = Map::new();
    let context = format!("{}/v1.0/$metadata#users/$entity", state.site.public_origin);
    body.insert("@odata.context".into(), json!(context));
    body.extend(user.to_json(&selected));
    Ok(Json(Value::Object(body)).into_response())
}

/// What a user is a member of: tenant-wide directory roles (held directly
/// or through a role-assignable group; "roles scoped to an administrative
/// unit are not in transitiveMemberOf", nor PIM-eligible ones), groups and
/// administrative units.
struct Memberships<'a> {
    roles: &'a [DirectoryRole],
    groups: &'a [(String, String)],
    units: &'a [AdministrativeUnit],
}

/// `transitiveMemberOf/microsoft.graph.directoryRole` (or the alias
/// `graph.directoryRole`, as Microsoft's SDKs write it: the metadata's schema
/// `microsoft.graph` has the alias `graph`).
///
/// An OData cast on a membership list is an advanced query: it needs
/// `ConsistencyLevel: eventual` and `$count=true` (aad-advanced-queries;
/// user-list-transitivememberof, "Request headers"). Without them Graph has
/// been reported to ignore the cast and return every kind of membership
/// (microsoft-graph-docs#17604, where the docs team's answer was to send
/// both): so does this tenant, groups included, and a client that forgets
/// them is caught. Pages of 100 by default (`$top` 1..999) with
/// `@odata.nextLink`.
///
/// Objects the token may not read come back with limited information:
/// "only the @odata.type property for the object type and the id is
/// returned, while other properties are indicated as null"
/// (user-list-transitivememberof, "Important"; "Limited information returned
/// for inaccessible member objects"). Roles need one of
/// [`scopes::READ_ROLES`], groups one of [`scopes::READ_GROUPS`].
fn memberships_page(
    state: &AppState,
    granted: &Scopes,
    memberships: &Memberships,
    headers: &HeaderMap,
    path: &str,
    raw_query: Option<&str>,
) -> GraphResult {
    let options = query::parse(raw_query)?;
    let advanced = eventual(headers)
        && options
            .count
            .as_deref()
            .is_some_and(|count| count.trim() == "true");
    let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
    let after = options.page_start()?;
    let read_roles = granted.allow_any(scopes::READ_ROLES);
    let read_groups = granted.allow_any(scopes::READ_GROUPS);
    // An ignored cast leaves a list of directory objects of any kind.
    let type_name = if advanced {
        "directoryRole"
    } else {
        "directoryObject"
    };
    let selected = query::select(options.select.as_deref(), &ROLE_PROPERTIES, type_name)?;
    // (id, object) in id order, so pages follow one another by id.
    let mut objects: Vec<(String, Value)> = Vec::new();
    for role in memberships.roles {
        let id = role_object_id(*role);
        let object = member_object(
            "#microsoft.graph.directoryRole",
            &id,
            &selected,
            read_roles,
            |p| match p {
                "displayName" => json!(role.display_name()),
                _ => json!(role.template_id()),
            },
        );
        objects.push((id, object));
    }
    if !advanced {
        for (id, name) in memberships.groups {
            let object = member_object("#microsoft.graph.group", id, &selected, read_groups, |p| {
                match p {
                    "displayName" => json!(name),
                    // `roleTemplateId` is not a group's: null, as Graph has it for
                    // a property the object's type lacks.
                    _ => Value::Null,
                }
            });
            objects.push((id.clone(), object));
        }
        let read_units = granted.allow_any(scopes::READ_ADMINISTRATIVE_UNITS);
        for unit in memberships.units {
            let object = member_object(
                "#microsoft.graph.administrativeUnit",
                &unit.id,
                &selected,
                read_units,
                |p| match p {
                    "displayName" => json!(unit.display_name),
                    _ => Value::Null,
                },
            );
            objects.push((unit.id.clone(), object));
        }
    }
    objects.sort_by(|a, b| a.0.cmp(&b.0));
    let count = objects.len() as u64;
    let mut page: Vec<(String, Value)> = objects
        .into_iter()
        .filter(|(id, _)| after.as_ref().is_none_or(|key| *id > key.id))
        .collect();
    let base = &state.site.public_origin;
    let link = cut_page(&mut page, top, |(last, _)| PageKey::by_id(last))
        .map(|key| next_link(base, path, &options.pairs, &key));
    let value = page.into_iter().map(|(_, object)| object).collect();
    let body = collection_page(
        base,
        "directoryObjects",
        advanced.then_some(count),
        value,
        link,
    );
    Ok(Json(body).into_response())
}

/// One member object: its type and id, and the selected properties, null
/// when the token may not read objects of its type.
fn member_object(
    odata_type: &str,
    id: &str,
    selected: &[&str],
    readable: bool,
    property: impl Fn(&str) -> Value,
) -> Value {
    let mut object = Map::new();
    object.insert("@odata.type".into(), json!(odata_type));
    for name in selected {
        let value = match *name {
            "id" => json!(id),
            other if readable => property(other),
            _ => Value::Null,
        };
        object.insert((*name).into(), value);
    }
    Value::Object(object)
}
