//! The users of a group or an administrative unit (`/members`, `/owners`):
//! a `directoryObject` collection, each entry typed, in id order, paged.

use axum::Json;
use axum::response::IntoResponse;
use serde_json::{Map, Value, json};

use crate::containers::{self, Relation};
use crate::directory::{PageKey, USER_PROPERTIES};
use crate::graph::errors::{GraphError, GraphResult};
use crate::graph::query::{self, PLAIN_LIST_OPTIONS, collection_page, cut_page, encode, next_link};
use crate::state::SharedState;

const DEFAULT_TOP: usize = 100;

/// One page of the users related to `container_id`, which must exist (else
/// 404 naming `requested`, the id as the request spelled it). `path` is the
/// route under `/v1.0`, with `{id}` where the id goes.
pub async fn related_users_page(
    state: &SharedState,
    relation: Relation,
    requested: &str,
    path: &str,
    raw_query: Option<&str>,
) -> GraphResult {
    let options = query::parse_supporting(raw_query, &PLAIN_LIST_OPTIONS)?;
    let top = query::page_size(options.top.as_deref(), DEFAULT_TOP, 999)?;
    let selected = query::select(options.select.as_deref(), &USER_PROPERTIES, "user")?;
    let after = options.page_start()?.map(|key| key.id);
    let key = requested.to_string();
    let found = state
        .db
        .call(move |conn| -> rusqlite::Result<_> {
            let container = match relation {
                Relation::GroupMembers | Relation::GroupOwners => {
                    containers::find_group(conn, &key)?.map(|group| group.id)
                }
                Relation::UnitMembers => containers::find_unit(conn, &key)?.map(|unit| unit.id),
            };
            let Some(container) = container else {
                return Ok(None);
            };
            let users =
                containers::related_users(conn, relation, &container, after.as_deref(), top + 1)?;
            Ok(Some(users))
        })
        .await?;
    let mut users = found.ok_or_else(|| GraphError::not_found(requested))?;
    let base = &state.site.public_origin;
    let path = path.replace("{id}", &encode(requested));
    let link = cut_page(&mut users, top, |last| PageKey::by_id(&last.id))
        .map(|key| next_link(base, &path, &options.pairs, &key));
    let value = users
        .iter()
        .map(|user| {
            let mut object = Map::new();
            object.insert("@odata.type".into(), json!("#microsoft.graph.user"));
            object.extend(user.to_json(&selected));
            Value::Object(object)
        })
        .collect();
    let body = collection_page(base, "directoryObjects", None, value, link);
    Ok(Json(body).into_response())
}
