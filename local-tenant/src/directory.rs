//! Users and their directory roles, as stored.

use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, Row, params, params_from_iter};
use serde_json::{Map, Value as Json, json};

use crate::clock;
use crate::entra::roles::DirectoryRole;
use crate::entra::scope::tenant_wide_roles;
use crate::rbac;
use crate::search::{SearchExpr, UserFilter};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: String,
    pub display_name: String,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub user_principal_name: String,
    pub mail: Option<String>,
    pub other_mails: Vec<String>,
    pub account_enabled: bool,
    /// When the password was last reset or changed (RFC 3339), if ever.
    pub last_password_change: Option<String>,
    /// The last sign-in, successful or not, and the last successful one.
    pub last_sign_in: Option<String>,
    pub last_successful_sign_in: Option<String>,
    /// An ISO 639-1 code with a region (`fr-FR`), as the user chose it.
    pub preferred_language: Option<String>,
    /// When the account was created (RFC 3339, UTC).
    pub created: Option<String>,
    /// Synced from an on-premises directory (`onPremisesSyncEnabled`): its
    /// password is mastered there and Graph refuses to reset it.
    pub on_premises_sync_enabled: bool,
}

/// Properties Graph returns only when `$select` names them.
/// `signInActivity` needs an audit-log reader's role (see `entra::roles`).
/// `createdDateTime` too: it is not in Graph's default set for users.
/// `onPremisesSyncEnabled` too (user resource: "Returned only on $select").
pub const SELECT_ONLY_USER_PROPERTIES: [&str; 4] = [
    "lastPasswordChangeDateTime",
    "signInActivity",
    "createdDateTime",
    "onPremisesSyncEnabled",
];

/// Every user property this tenant knows, in Graph's spelling.
pub const USER_PROPERTIES: [&str; 9] = [
    "id",
    "displayName",
    "givenName",
    "surname",
    "userPrincipalName",
    "mail",
    "otherMails",
    "accountEnabled",
    "preferredLanguage",
];

impl User {
    /// The Graph JSON of the user with the `selected` properties only.
    pub fn to_json(&self, selected: &[&str]) -> Map<String, Json> {
        let mut object = Map::new();
        for property in selected {
            let value = match *property {
                "id" => json!(self.id),
                "displayName" => json!(self.display_name),
                "givenName" => json!(self.given_name),
                "surname" => json!(self.surname),
                "userPrincipalName" => json!(self.user_principal_name),
                "mail" => json!(self.mail),
                "otherMails" => json!(self.other_mails),
                "accountEnabled" => json!(self.account_enabled),
                "preferredLanguage" => json!(self.preferred_language),
                "createdDateTime" => json!(self.created),
                // Graph has `true` for a synced user and `null` for a cloud one.
                "onPremisesSyncEnabled" => json!(self.on_premises_sync_enabled.then_some(true)),
                "lastPasswordChangeDateTime" => json!(self.last_password_change),
                "signInActivity" => json!({
                    "lastSignInDateTime": self.last_sign_in,
                    "lastSignInRequestId": null,
                    "lastNonInteractiveSignInDateTime": null,
                    "lastNonInteractiveSignInRequestId": null,
                    "lastSuccessfulSignInDateTime": self.last_successful_sign_in,
                    "lastSuccessfulSignInRequestId": null,
                }),
                _ => continue,
            };
            object.insert((*property).to_string(), value);
        }
        object
    }
}

pub(crate) const USER_COLUMNS: &str = "id, display_name, given_name, surname, upn, mail, other_mails, \
     account_enabled, last_password_change, last_sign_in, last_successful_sign_in, \
     preferred_language, created, on_premises_sync";

pub(crate) fn user_from_row(row: &Row<'_>) -> rusqlite::Result<User> {
    let other_mails: String = row.get(6)?;
    Ok(User {
        id: row.get(0)?,
        display_name: row.get(1)?,
        given_name: row.get(2)?,
        surname: row.get(3)?,
        user_principal_name: row.get(4)?,
        mail: row.get(5)?,
        other_mails: serde_json::from_str(&other_mails).unwrap_or_default(),
        account_enabled: row.get(7)?,
        last_password_change: row.get(8)?,
        last_sign_in: row.get(9)?,
        last_successful_sign_in: row.get(10)?,
        preferred_language: row.get(11)?,
        created: row.get(12)?,
        on_premises_sync_enabled: row.get::<_, Option<String>>(13)?.as_deref() == Some("true"),
    })
}

/// Looks a user up by object id or by user principal name, as Graph does.
pub fn find_user(conn: &Connection, id_or_upn: &str) -> rusqlite::Result<Option<User>> {
    let key = id_or_upn.to_lowercase();
    conn.prepare_cached(&format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = ?1 UNION ALL \
         SELECT {USER_COLUMNS} FROM users WHERE upn_lower = ?1 LIMIT 1"
    ))?
    .query_row([key], user_from_row)
    .optional()
}

/// The user's tenant-wide active roles, held directly or through a
/// role-assignable group: the `directoryRole`s of `transitiveMemberOf`.
pub fn roles_of(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<DirectoryRole>> {
    Ok(tenant_wide_roles(&rbac::assignments_of(conn, user_id)?))
}

/// The groups the user is a member of, as (id, displayName), by id.
pub fn groups_of(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<(String, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT g.id, g.display_name FROM group_members m JOIN groups g ON g.id = m.group_id \
         WHERE m.user_id = ?1 ORDER BY g.id",
    )?;
    let groups = statement.query_map([user_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
    groups.collect()
}

/// Where a page starts: the sort key of the last user of the previous page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageKey {
    pub display_name: String,
    pub id: String,
}

impl PageKey {
    /// The key of a list ordered by id alone.
    pub fn by_id(id: &str) -> PageKey {
        PageKey {
            display_name: String::new(),
            id: id.to_string(),
        }
    }

    /// The key of a list ordered by display name, then id.
    pub fn by_name(display_name: &str, id: &str) -> PageKey {
        PageKey {
            display_name: display_name.to_string(),
            id: id.to_string(),
        }
    }
}

pub struct ListRequest {
    pub search: Option<SearchExpr>,
    pub filter: Option<UserFilter>,
    pub after: Option<PageKey>,
    pub top: usize,
    pub count: bool,
}

pub struct ListPage {
    pub users: Vec<User>,
    /// Set when more users follow this page.
    pub next: Option<PageKey>,
    pub count: Option<u64>,
}

/// One page in the stable order (displayName, id): keyset paging, so users
/// are neither missed nor repeated however deep the paging goes.
pub fn list_users(conn: &Connection, request: &ListRequest) -> rusqlite::Result<ListPage> {
    let (mut condition, mut values) = matching(request);
    let count = if request.count {
        let sql = format!("SELECT count(*) FROM users WHERE {condition}");
        let count: i64 = conn
            .prepare_cached(&sql)?
            .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
        Some(count.unsigned_abs())
    } else {
        None
    };
    if let Some(after) = &request.after {
        condition.push_str(" AND (display_name, id) > (?, ?)");
        values.push(Value::Text(after.display_name.clone()));
        values.push(Value::Text(after.id.clone()));
    }
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE {condition} ORDER BY display_name, id LIMIT {}",
        request.top + 1
    );
    let mut users = conn
        .prepare_cached(&sql)?
        .query_map(params_from_iter(values.iter()), user_from_row)?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if users.len() > request.top {
        users.truncate(request.top);
        users.last().map(|last| PageKey {
            display_name: last.display_name.clone(),
            id: last.id.clone(),
        })
    } else {
        None
    };
    Ok(ListPage { users, next, count })
}

/// How many users match the request's `$search` and `$filter`
/// (`GET /users/$count`); paging fields are ignored.
pub fn count_users(conn: &Connection, request: &ListRequest) -> rusqlite::Result<u64> {
    let (condition, values) = matching(request);
    let sql = format!("SELECT count(*) FROM users WHERE {condition}");
    let count: i64 = conn
        .prepare_cached(&sql)?
        .query_row(params_from_iter(values.iter()), |r| r.get(0))?;
    Ok(count.unsigned_abs())
}

/// The WHERE clause for `$search` and `$filter`, with its parameters.
fn matching(request: &ListRequest) -> (String, Vec<Value>) {
    let mut conditions = Vec::new();
    let mut values = Vec::new();
    if let Some(search) = &request.search {
        let mut alternatives = Vec::new();
        for all_of in &search.any_of {
            if all_of.iter().any(|clause| clause.words.is_empty()) {
                alternatives.push("0".to_string());
                continue;
            }
            let mut words = Vec::new();
            for clause in all_of {
                for word in &clause.words {
                    words.push(format!("instr({}, ?) > 0", clause.field.words_sql()));
                    values.push(Value::Text(format!(" {word}")));
                }
            }
            alternatives.push(format!("({})", words.join(" AND ")));
        }
        conditions.push(format!("({})", alternatives.join(" OR ")));
    }
    match &request.filter {
        Some(UserFilter::StartsWith(filter)) => {
            conditions.push(format!(
                "substr({}, 1, length(?)) = ?",
                filter.field.lower_sql()
            ));
            values.push(Value::Text(filter.prefix.clone()));
            values.push(Value::Text(filter.prefix.clone()));
        }
        Some(UserFilter::AccountEnabled(enabled)) => {
            conditions.push("account_enabled = ?".into());
            values.push(Value::Integer(i64::from(*enabled)));
        }
        None => {}
    }
    if conditions.is_empty() {
        conditions.push("1".into());
    }
    (conditions.join(" AND "), values)
}

/// What sign-in needs to know about a user.
pub struct Credentials {
    pub password_hash: Option<String>,
    pub force_change: bool,
    pub force_change_mfa: bool,
    pub account_enabled: bool,
}

pub fn credentials(conn: &Connection, upn: &str) -> rusqlite::Result<Option<Credentials>> {
    conn.prepare_cached(
        "SELECT password_hash, force_change, force_change_mfa, account_enabled \
         FROM users WHERE upn_lower = ?1",
    )?
    .query_row([upn.to_lowercase()], |row| {
        Ok(Credentials {
            password_hash: row.get(0)?,
            force_change: row.get(1)?,
            force_change_mfa: row.get(2)?,
            account_enabled: row.get(3)?,
        })
    })
    .optional()
}

pub fn set_password(
    conn: &Connection,
    user_id: &str,
    password_hash: &str,
    force_change: bool,
    force_change_mfa: bool,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "UPDATE users SET password_hash = ?2, force_change = ?3, force_change_mfa = ?4, \
         last_password_change = ?5 WHERE id = ?1",
    )?
    .execute(params![
        user_id,
        password_hash,
        force_change,
        force_change_mfa,
        clock::rfc3339_now()
    ])?;
    Ok(())
}

/// The password hash of a user, for checking a current password.
pub fn password_hash(conn: &Connection, user_id: &str) -> rusqlite::Result<Option<String>> {
    conn.prepare_cached("SELECT password_hash FROM users WHERE id = ?1")?
        .query_row([user_id], |row| row.get(0))
        .optional()
        .map(Option::flatten)
}

/// A successful interactive sign-in, for `signInActivity`.
pub fn record_sign_in(conn: &Connection, upn: &str) -> rusqlite::Result<()> {
    let now = clock::rfc3339_now();
    conn.prepare_cached(
        "UPDATE users SET last_sign_in = ?2, last_successful_sign_in = ?2 WHERE upn_lower = ?1",
    )?
    .execute(params![upn.to_lowercase(), now])?;
    Ok(())
}
