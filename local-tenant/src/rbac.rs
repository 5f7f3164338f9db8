//! Role assignments and PIM eligibilities, as stored, and what they make of
//! a user: the assignments an admin acts with, the standing a target has.

use rusqlite::{Connection, OptionalExtension, params};

use crate::directory::{self, User};
use crate::entra::roles::DirectoryRole;
use crate::entra::scope::{DirectoryScope, RoleAssignment, TargetStanding};
use crate::ids::deterministic_guid;

/// One row of `role_assignments`, as Graph's `unifiedRoleAssignment` has it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredAssignment {
    pub id: String,
    pub principal_id: String,
    /// The template id: Graph's `roleDefinitionId` for a built-in role.
    pub role_definition_id: String,
    pub directory_scope_id: String,
}

/// The id of an assignment, stable across reseeds and migrations.
pub fn assignment_id(principal_id: &str, role_template_id: &str, scope_id: &str) -> String {
    deterministic_guid(&format!(
        "roleAssignment:{}:{}:{scope_id}",
        principal_id.to_lowercase(),
        role_template_id.to_lowercase()
    ))
}

/// Assigns a role (idempotent); returns the assignment's id and whether it
/// is new.
pub fn assign(
    conn: &Connection,
    principal_id: &str,
    role_template_id: &str,
    scope: &DirectoryScope,
) -> rusqlite::Result<(String, bool)> {
    let scope_id = scope.id();
    let id = assignment_id(principal_id, role_template_id, &scope_id);
    let added = conn
        .prepare_cached(
            "INSERT OR IGNORE INTO role_assignments \
             (id, principal_id, role_template_id, directory_scope_id) VALUES (?1, ?2, ?3, ?4)",
        )?
        .execute(params![id, principal_id, role_template_id, scope_id])?;
    Ok((id, added == 1))
}

/// Makes a role one the user may activate (PIM), without assigning it.
pub fn make_eligible(
    conn: &Connection,
    principal_id: &str,
    role_template_id: &str,
    scope: &DirectoryScope,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT OR IGNORE INTO role_eligibilities \
         (principal_id, role_template_id, directory_scope_id) VALUES (?1, ?2, ?3)",
    )?
    .execute(params![principal_id, role_template_id, scope.id()])?;
    Ok(())
}

/// Role-assignable groups the user is a member of: their roles are the
/// user's too (owners get none of them).
const ROLE_GROUPS_OF_MEMBER: &str = "SELECT m.group_id FROM group_members m \
     JOIN groups g ON g.id = m.group_id AND g.is_assignable_to_role = 'true' \
     WHERE m.user_id = ?1";

/// The user's active assignments, held directly or through a role-assignable
/// group, sorted and without repeats. Scopes this tenant has no kind of are
/// left out.
pub fn assignments_of(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<RoleAssignment>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT role_template_id, directory_scope_id FROM role_assignments \
         WHERE principal_id = ?1 OR principal_id IN ({ROLE_GROUPS_OF_MEMBER})"
    ))?;
    let rows = statement.query_map([user_id], |row| {
        Ok((row.get::<_, String>(0)?, row.get::<_, String>(1)?))
    })?;
    let mut assignments = Vec::new();
    for row in rows {
        let (template, scope) = row?;
        if let Some(scope) = DirectoryScope::parse(&scope) {
            assignments.push(RoleAssignment {
                role: DirectoryRole::from_template_id(&template),
                scope,
            });
        }
    }
    assignments.sort();
    assignments.dedup();
    Ok(assignments)
}

/// What the authoriser needs to know about a target: every active role, the
/// units it is a member of, and whether a role-assignable group holds it as
/// a member or an owner.
pub fn standing_of(conn: &Connection, user_id: &str) -> rusqlite::Result<TargetStanding> {
    let mut roles: Vec<DirectoryRole> = assignments_of(conn, user_id)?
        .into_iter()
        .map(|assignment| assignment.role)
        .collect();
    roles.sort();
    roles.dedup();
    let member_of = crate::containers::units_of(conn, user_id)?;
    let units = member_of.iter().map(|unit| unit.id.clone()).collect();
    let restricted_units = member_of
        .iter()
        .filter(|unit| unit.is_member_management_restricted)
        .map(|unit| unit.id.clone())
        .collect();
    let in_role_assignable_group = conn
        .prepare_cached(&format!(
            "SELECT 1 WHERE EXISTS ({ROLE_GROUPS_OF_MEMBER}) OR EXISTS (SELECT 1 FROM group_owners o \
             JOIN groups g ON g.id = o.group_id AND g.is_assignable_to_role = 'true' \
             WHERE o.user_id = ?1)"
        ))?
        .exists([user_id])?;
    Ok(TargetStanding {
        roles,
        units,
        restricted_units,
        in_role_assignable_group,
    })
}

/// Which assignments a listing asks for (`$filter`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AssignmentFilter {
    PrincipalId(String),
    RoleDefinitionId(String),
}

/// Up to `limit` active assignments after the id `after`, in id order.
pub fn list_assignments(
    conn: &Connection,
    filter: Option<&AssignmentFilter>,
    after: Option<&str>,
    limit: usize,
) -> rusqlite::Result<Vec<StoredAssignment>> {
    let (condition, value) = match filter {
        None => ("1", String::new()),
        Some(AssignmentFilter::PrincipalId(id)) => ("lower(principal_id) = lower(?2)", id.clone()),
        Some(AssignmentFilter::RoleDefinitionId(id)) => {
            ("lower(role_template_id) = lower(?2)", id.clone())
        }
    };
    let sql = format!(
        "SELECT id, principal_id, role_template_id, directory_scope_id FROM role_assignments \
         WHERE id > ?1 AND ({condition} OR ?2 IS NULL) ORDER BY id LIMIT {limit}"
    );
    let value = filter.map(|_| value);
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(params![after.unwrap_or(""), value], |row| {
        Ok(StoredAssignment {
            id: row.get(0)?,
            principal_id: row.get(1)?,
            role_definition_id: row.get(2)?,
            directory_scope_id: row.get(3)?,
        })
    })?;
    rows.collect()
}

/// A role's eligibility (PIM) of one user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Eligibility {
    pub role_template_id: String,
    pub directory_scope_id: String,
}

pub fn eligibilities_of(conn: &Connection, user_id: &str) -> rusqlite::Result<Vec<Eligibility>> {
    let mut statement = conn.prepare_cached(
        "SELECT role_template_id, directory_scope_id FROM role_eligibilities \
         WHERE principal_id = ?1 ORDER BY role_template_id, directory_scope_id",
    )?;
    let rows = statement.query_map([user_id], |row| {
        Ok(Eligibility {
            role_template_id: row.get(0)?,
            directory_scope_id: row.get(1)?,
        })
    })?;
    rows.collect()
}

/// Activates an eligibility, as PIM does: the role becomes an active
/// assignment (the eligibility stays, for the next activation). Returns the
/// assignment and whether it is new.
pub fn activate(
    conn: &Connection,
    user_id: &str,
    eligibility: &Eligibility,
) -> rusqlite::Result<(StoredAssignment, bool)> {
    let scope =
        DirectoryScope::parse(&eligibility.directory_scope_id).unwrap_or(DirectoryScope::Tenant);
    let (id, created) = assign(conn, user_id, &eligibility.role_template_id, &scope)?;
    let assignment = StoredAssignment {
        id,
        principal_id: user_id.to_string(),
        role_definition_id: eligibility.role_template_id.clone(),
        directory_scope_id: scope.id(),
    };
    Ok((assignment, created))
}

/// The name of a scope for people: "tenant-wide" is left unsaid.
fn scope_label(conn: &Connection, scope_id: &str) -> rusqlite::Result<Option<String>> {
    match DirectoryScope::parse(scope_id) {
        Some(DirectoryScope::AdministrativeUnit(unit)) => {
            let name: Option<String> = conn
                .prepare_cached("SELECT display_name FROM administrative_units WHERE id = ?1")?
                .query_row([&unit], |row| row.get(0))
                .optional()?;
            Ok(Some(format!(
                "administrative unit {}",
                name.unwrap_or(unit)
            )))
        }
        _ => Ok(None),
    }
}

/// The seeded admins in seed order: users with an active assignment (direct
/// or through a group) or an eligibility, each role named with its scope.
pub fn admins(conn: &Connection) -> rusqlite::Result<Vec<(User, Vec<String>)>> {
    let ids: Vec<String> = conn
        .prepare(
            "SELECT id FROM users WHERE id IN (SELECT principal_id FROM role_assignments) \
             OR id IN (SELECT principal_id FROM role_eligibilities) \
             OR id IN (SELECT m.user_id FROM group_members m JOIN role_assignments a \
                       ON a.principal_id = m.group_id) ORDER BY seq",
        )?
        .query_map([], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut admins = Vec::new();
    for id in ids {
        let Some(user) = directory::find_user(conn, &id)? else {
            continue;
        };
        let mut labels = Vec::new();
        for assignment in assignments_of(conn, &id)? {
            let name = assignment.role.display_name();
            labels.push(match scope_label(conn, &assignment.scope.id())? {
                Some(scope) => format!("{name} ({scope})"),
                None => name.to_string(),
            });
        }
        for eligibility in eligibilities_of(conn, &id)? {
            let role = DirectoryRole::from_template_id(&eligibility.role_template_id);
            let active = labels.iter().any(|label| label == role.display_name());
            if !active {
                labels.push(format!("{} (eligible)", role.display_name()));
            }
        }
        admins.push((user, labels));
    }
    Ok(admins)
}
