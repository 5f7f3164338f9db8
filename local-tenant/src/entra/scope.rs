//! Where a role assignment applies, and what stands between an admin and a
//! user beyond the user's roles.
//!
//! Sources: entra-docs `admin-units-assign-roles.md` (a role scoped to an
//! administrative unit acts only on the unit's members),
//! `admin-units-restricted-management.md` (in a restricted-management unit
//! only admins assigned at that unit's scope may change a member; tenant-wide
//! roles, Global Administrator included, may not) and
//! `privileged-roles-permissions.md` (members and owners of role-assignable
//! groups).

use crate::entra::roles::DirectoryRole;

/// Graph's `directoryScopeId` for the whole tenant.
pub const TENANT_SCOPE_ID: &str = "/";
const UNIT_SCOPE_PREFIX: &str = "/administrativeUnits/";

/// The scope of a role assignment, as Graph's `directoryScopeId` names it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectoryScope {
    /// `"/"`: the whole tenant.
    Tenant,
    /// `"/administrativeUnits/{id}"`: the members of one administrative unit.
    AdministrativeUnit(String),
}

impl DirectoryScope {
    /// Reads a `directoryScopeId`; `None` for a scope this tenant has no
    /// kind of (an application, a single object).
    pub fn parse(directory_scope_id: &str) -> Option<DirectoryScope> {
        if directory_scope_id == TENANT_SCOPE_ID {
            return Some(DirectoryScope::Tenant);
        }
        directory_scope_id
            .strip_prefix(UNIT_SCOPE_PREFIX)
            .filter(|id| !id.is_empty() && !id.contains('/'))
            .map(|id| DirectoryScope::AdministrativeUnit(id.to_string()))
    }

    /// The `directoryScopeId`.
    pub fn id(&self) -> String {
        match self {
            DirectoryScope::Tenant => TENANT_SCOPE_ID.to_string(),
            DirectoryScope::AdministrativeUnit(unit) => format!("{UNIT_SCOPE_PREFIX}{unit}"),
        }
    }
}

/// One active role assignment of a user: held directly, or through a
/// role-assignable group the user is a member of.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RoleAssignment {
    pub role: DirectoryRole,
    pub scope: DirectoryScope,
}

impl RoleAssignment {
    pub fn tenant_wide(role: DirectoryRole) -> RoleAssignment {
        RoleAssignment {
            role,
            scope: DirectoryScope::Tenant,
        }
    }
}

/// The roles a set of assignments grants tenant-wide, without repeats: the
/// `directoryRole`s Graph lists in `transitiveMemberOf` (unit-scoped roles
/// are not among them).
pub fn tenant_wide_roles(assignments: &[RoleAssignment]) -> Vec<DirectoryRole> {
    let mut roles: Vec<DirectoryRole> = Vec::new();
    for assignment in assignments {
        if assignment.scope == DirectoryScope::Tenant && !roles.contains(&assignment.role) {
            roles.push(assignment.role);
        }
    }
    roles
}

/// The user an admin acts on, as far as the authoriser cares.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetStanding {
    /// Every role the user holds actively, whatever its scope: a Helpdesk
    /// Administrator of one unit is a Helpdesk Administrator all the same.
    pub roles: Vec<DirectoryRole>,
    /// The administrative units the user is a member of (ids).
    pub units: Vec<String>,
    /// Those of `units` that are restricted-management units.
    pub restricted_units: Vec<String>,
    /// A member or owner of a role-assignable group.
    pub in_role_assignable_group: bool,
}

impl TargetStanding {
    /// A user with these roles and nothing else around them.
    pub fn with_roles(roles: &[DirectoryRole]) -> TargetStanding {
        TargetStanding {
            roles: roles.to_vec(),
            ..TargetStanding::default()
        }
    }

    /// Whether an assignment at `scope` applies to this user. A member of a
    /// restricted-management unit is reached only from that unit's scope;
    /// anyone else from the tenant's, or from a unit they are a member of.
    pub fn is_within(&self, scope: &DirectoryScope) -> bool {
        match scope {
            DirectoryScope::Tenant => self.restricted_units.is_empty(),
            DirectoryScope::AdministrativeUnit(unit) if self.restricted_units.is_empty() => {
                self.units.contains(unit)
            }
            DirectoryScope::AdministrativeUnit(unit) => self.restricted_units.contains(unit),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_ids_read_back() {
        for scope in [
            DirectoryScope::Tenant,
            DirectoryScope::AdministrativeUnit("abc".into()),
        ] {
            assert_eq!(DirectoryScope::parse(&scope.id()), Some(scope));
        }
        assert_eq!(DirectoryScope::parse(""), None);
        assert_eq!(DirectoryScope::parse("/administrativeUnits/"), None);
        assert_eq!(DirectoryScope::parse("/administrativeUnits/a/b"), None);
        assert_eq!(DirectoryScope::parse("/abc"), None);
    }

    #[test]
    fn restricted_units_shut_out_every_other_scope() {
        let paris = DirectoryScope::AdministrativeUnit("paris".into());
        let vault = DirectoryScope::AdministrativeUnit("vault".into());
        let nobody_special = TargetStanding::default();
        assert!(nobody_special.is_within(&DirectoryScope::Tenant));
        assert!(!nobody_special.is_within(&paris));
        let parisian = TargetStanding {
            units: vec!["paris".into()],
            ..TargetStanding::default()
        };
        assert!(parisian.is_within(&DirectoryScope::Tenant) && parisian.is_within(&paris));
        assert!(!parisian.is_within(&vault));
        let locked = TargetStanding {
            units: vec!["paris".into(), "vault".into()],
            restricted_units: vec!["vault".into()],
            ..TargetStanding::default()
        };
        assert!(locked.is_within(&vault));
        assert!(!locked.is_within(&paris) && !locked.is_within(&DirectoryScope::Tenant));
    }

    #[test]
    fn only_tenant_wide_roles_are_directory_roles() {
        use DirectoryRole::*;
        let assignments = [
            RoleAssignment::tenant_wide(PasswordAdministrator),
            RoleAssignment {
                role: HelpdeskAdministrator,
                scope: DirectoryScope::AdministrativeUnit("paris".into()),
            },
            RoleAssignment::tenant_wide(PasswordAdministrator),
        ];
        assert_eq!(tenant_wide_roles(&assignments), [PasswordAdministrator]);
    }
}
