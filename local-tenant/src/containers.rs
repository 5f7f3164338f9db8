//! Groups and administrative units, as stored: what they are, who their
//! members (and a group's owners) are.

use rusqlite::{Connection, OptionalExtension, params};

use crate::directory::{PageKey, USER_COLUMNS, User, user_from_row};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Group {
    pub id: String,
    pub display_name: String,
    /// `isAssignableToRole`: the group may hold directory roles.
    pub is_assignable_to_role: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AdministrativeUnit {
    pub id: String,
    pub display_name: String,
    /// `isMemberManagementRestricted`: only admins scoped to the unit may
    /// manage its members.
    pub is_member_management_restricted: bool,
}

fn group_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<Group> {
    Ok(Group {
        id: row.get(0)?,
        display_name: row.get(1)?,
        is_assignable_to_role: row.get::<_, Option<String>>(2)?.as_deref() == Some("true"),
    })
}

fn unit_from_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<AdministrativeUnit> {
    Ok(AdministrativeUnit {
        id: row.get(0)?,
        display_name: row.get(1)?,
        is_member_management_restricted: row.get(2)?,
    })
}

pub fn find_group(conn: &Connection, id: &str) -> rusqlite::Result<Option<Group>> {
    conn.prepare_cached(
        "SELECT id, display_name, is_assignable_to_role FROM groups WHERE lower(id) = lower(?1)",
    )?
    .query_row([id], group_from_row)
    .optional()
}

/// Up to `limit` groups after `after`, in (displayName, id) order;
/// `assignable` keeps those whose `isAssignableToRole` is that value.
pub fn list_groups(
    conn: &Connection,
    assignable: Option<bool>,
    after: Option<&PageKey>,
    limit: usize,
) -> rusqlite::Result<Vec<Group>> {
    let (name, id) = after.map_or(("", ""), |key| (key.display_name.as_str(), key.id.as_str()));
    let sql = format!(
        "SELECT id, display_name, is_assignable_to_role FROM groups \
         WHERE (display_name, id) > (?1, ?2) \
         AND (?3 IS NULL OR (coalesce(is_assignable_to_role, 'false') = 'true') = ?3) \
         ORDER BY display_name, id LIMIT {limit}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![name, id, assignable], group_from_row)?;
    rows.collect()
}

pub fn find_unit(conn: &Connection, id: &str) -> rusqlite::Result<Option<AdministrativeUnit>> {
    conn.prepare_cached(
        "SELECT id, display_name, is_member_management_restricted FROM administrative_units \
         WHERE lower(id) = lower(?1)",
    )?
    .query_row([id], unit_from_row)
    .optional()
}

/// Up to `limit` units after `after`, in (displayName, id) order.
pub fn list_units(
    conn: &Connection,
    after: Option<&PageKey>,
    limit: usize,
) -> rusqlite::Result<Vec<AdministrativeUnit>> {
    let (name, id) = after.map_or(("", ""), |key| (key.display_name.as_str(), key.id.as_str()));
    let sql = format!(
        "SELECT id, display_name, is_member_management_restricted FROM administrative_units \
         WHERE (display_name, id) > (?1, ?2) ORDER BY display_name, id LIMIT {limit}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![name, id], unit_from_row)?;
    rows.collect()
}

/// The administrative units the user is a member of, by id.
pub fn units_of(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<AdministrativeUnit>> {
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.display_name, u.is_member_management_restricted \
             FROM administrative_unit_members m JOIN administrative_units u ON u.id = m.unit_id \
             WHERE m.user_id = ?1 ORDER BY u.id",
    )?;
    let rows = statement.query_map([user_id], unit_from_row)?;
    rows.collect()
}

/// Whose users a listing reads: a group's members or owners, or a unit's
/// members.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    GroupMembers,
    GroupOwners,
    UnitMembers,
}

impl Relation {
    fn table_and_key(self) -> (&'static str, &'static str) {
        match self {
            Relation::GroupMembers => ("group_members", "group_id"),
            Relation::GroupOwners => ("group_owners", "group_id"),
            Relation::UnitMembers => ("administrative_unit_members", "unit_id"),
        }
    }
}

/// Up to `limit` users of the relation, after the user id `after`, in id
/// order.
pub fn related_users(
    conn: &Connection,
    relation: Relation,
    container_id: &str,
    after: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<User>> {
    let (table, key) = relation.table_and_key();
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id IN \
         (SELECT user_id FROM {table} WHERE {key} = ?1 AND user_id > ?2) \
         ORDER BY id LIMIT {limit}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![container_id, after.unwrap_or("")], user_from_row)?;
    rows.collect()
}
