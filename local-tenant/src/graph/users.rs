//! Reading the directory: `/me`, `/users`, one user, and directory roles.

use axum::Json;
use axum::extract::{Path, RawQuery, State};
use axum::http::{HeaderMap, header};
use axum::response::{IntoResponse, Response};
use serde_json::{Map, Value, json};

use crate::auth::Actor;
use crate::auth::authenticate;
use crate::directory::{self, ListRequest, SELECT_ONLY_USER_PROPERTIES, USER_PROPERTIES, User};
use crate::entra::roles::{DirectoryRole, may_read_audit_logs};
use crate::faults::FaultRoute;
use crate::graph::errors::{GraphError, GraphResult};
use crate::graph::query::{self, collection_page, decode_skiptoken, next_link};
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
            roles_page(&state, &actor.roles, raw.as_deref())
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
            authenticate(&state, &headers).await?;
            let key = id.clone();
            let roles = state
                .db
                .call(move |conn| match directory::find_user(conn, &key)? {
                    Some(user) => directory::roles_of(conn, &user.id).map(Some),
                    None => Ok(None),
                })
                .await?
                .ok_or_else(|| GraphError::not_found(&id))?;
            roles_page(&state, &roles, raw.as_deref())
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
            authenticate(&state, &headers).await?;
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
    let top = match &options.top {
        None => DEFAULT_TOP,
        Some(text) => text
            .trim()
            .parse()
            .ok()
            .filter(|top| (1..=999).contains(top))
            .ok_or_else(|| {
                GraphError::unsupported_query(format!(
                    "Invalid page size specified: '{text}'. Must be between 1 and 999 inclusive."
                ))
            })?,
    };
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
    let after = options
        .skiptoken
        .as_deref()
        .map(decode_skiptoken)
        .transpose()?;
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

fn roles_page(state: &AppState, roles: &[DirectoryRole], raw_query: Option<&str>) -> GraphResult {
    let options = query::parse(raw_query)?;
    let selected = query::select(options.select.as_deref(), &ROLE_PROPERTIES, "directoryRole")?;
    let value: Vec<Value> = roles
        .iter()
        .map(|role| {
            let mut object = Map::new();
            object.insert(
                "@odata.type".into(),
                json!("#microsoft.graph.directoryRole"),
            );
            for property in &selected {
                let value = match *property {
                    "id" => json!(role_object_id(*role)),
                    "displayName" => json!(role.display_name()),
                    _ => json!(role.template_id()),
                };
                object.insert((*property).into(), value);
            }
            Value::Object(object)
        })
        .collect();
    let context = format!(
        "{}/v1.0/$metadata#directoryObjects",
        state.site.public_origin
    );
    Ok(Json(json!({ "@odata.context": context, "value": value })).into_response())
}
