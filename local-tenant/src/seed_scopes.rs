//! The seed's delegation: administrative units (one of them a
//! restricted-management unit), a role-assignable group holding a role,
//! unit-scoped admins and a PIM eligibility. The users are in `seed`.

use rusqlite::{Connection, params};

use crate::entra::roles::DirectoryRole::{self, *};
use crate::entra::scope::DirectoryScope;
use crate::ids::deterministic_guid;
use crate::rbac::{assign, make_eligible};
use crate::seed::{DOMAIN, user_id};

pub const PARIS_UNIT_NAME: &str = "Paris";
pub const VAULT_UNIT_NAME: &str = "Vault";
pub const TIER0_GROUP_NAME: &str = "Tier 0 operators";

/// The role the "Tier 0 operators" group holds tenant-wide.
pub const TIER0_GROUP_ROLE: DirectoryRole = PasswordAdministrator;
/// The role `eligible.admin@` may activate.
pub const ELIGIBLE_ROLE: DirectoryRole = PasswordAdministrator;

pub fn paris_unit_id() -> String {
    deterministic_guid("administrativeUnit:paris")
}

pub fn vault_unit_id() -> String {
    deterministic_guid("administrativeUnit:vault")
}

pub fn tier0_group_id() -> String {
    deterministic_guid("group:tier-0-operators")
}

fn user(local: &str) -> String {
    user_id(&format!("{local}@{DOMAIN}"))
}

fn template(role: DirectoryRole) -> &'static str {
    role.template_id().expect("seeded roles are known")
}

/// Adds the units, the group and the assignments; the users must be there.
pub fn seed_scopes(conn: &Connection) -> rusqlite::Result<()> {
    let (paris, vault) = (paris_unit_id(), vault_unit_id());
    let mut unit = conn.prepare(
        "INSERT INTO administrative_units (id, display_name, is_member_management_restricted) \
         VALUES (?1, ?2, ?3)",
    )?;
    unit.execute(params![paris, PARIS_UNIT_NAME, false])?;
    unit.execute(params![vault, VAULT_UNIT_NAME, true])?;
    let mut unit_member =
        conn.prepare("INSERT INTO administrative_unit_members (unit_id, user_id) VALUES (?1, ?2)")?;
    unit_member.execute(params![paris, user("paris.user")])?;
    unit_member.execute(params![vault, user("locked.user")])?;
    let paris_scope = DirectoryScope::AdministrativeUnit(paris);
    let vault_scope = DirectoryScope::AdministrativeUnit(vault);
    assign(
        conn,
        &user("paris.helpdesk"),
        template(HelpdeskAdministrator),
        &paris_scope,
    )?;
    assign(
        conn,
        &user("vault.helpdesk"),
        template(HelpdeskAdministrator),
        &vault_scope,
    )?;

    // A role-assignable group: its member holds its role; its owner (a
    // Global Administrator) is protected like its members.
    let tier0 = tier0_group_id();
    conn.execute(
        "INSERT INTO groups (id, display_name, is_assignable_to_role) VALUES (?1, ?2, 'true')",
        params![tier0, TIER0_GROUP_NAME],
    )?;
    conn.execute(
        "INSERT INTO group_members (group_id, user_id) VALUES (?1, ?2)",
        params![tier0, user("tier0.member")],
    )?;
    conn.execute(
        "INSERT INTO group_owners (group_id, user_id) VALUES (?1, ?2)",
        params![tier0, user("ga2")],
    )?;
    assign(
        conn,
        &tier0,
        template(TIER0_GROUP_ROLE),
        &DirectoryScope::Tenant,
    )?;

    make_eligible(
        conn,
        &user("eligible.admin"),
        template(ELIGIBLE_ROLE),
        &DirectoryScope::Tenant,
    )
}
