//! Who may reset whom once scopes count: roles assigned to an administrative
//! unit act only on its members, a restricted-management unit's members are
//! reached only from that unit's scope, and members or owners of a
//! role-assignable group only by Privileged Authentication and Global
//! Administrators (entra-docs privileged-roles-permissions.md,
//! admin-units-assign-roles.md, admin-units-restricted-management.md).

use super::{ResetDenial, Role, can_reset_anyone, first_role_out_of_reach};

/// Where a role assignment applies: Graph's `directoryScopeId`.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    /// `"/"`: the whole tenant.
    Tenant,
    /// `"/administrativeUnits/{id}"`: the members of that unit (id in lower case).
    Unit(String),
    /// Another scope (an application's, say): it reaches no user.
    Elsewhere,
}

/// Graph's prefix of a scope that is an administrative unit.
const UNIT_SCOPE_PREFIX: &str = "/administrativeUnits/";

impl Scope {
    /// Reads a `directoryScopeId`; a missing one reaches no user.
    pub fn from_directory_scope_id(id: Option<&str>) -> Scope {
        match id {
            Some("/") => Scope::Tenant,
            Some(path) => match path.strip_prefix(UNIT_SCOPE_PREFIX) {
                Some(unit) if !unit.is_empty() && !unit.contains('/') => {
                    Scope::Unit(unit.to_ascii_lowercase())
                }
                _ => Scope::Elsewhere,
            },
            None => Scope::Elsewhere,
        }
    }
}

/// One role held at one scope.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Assignment {
    pub role: Role,
    pub scope: Scope,
}

impl Assignment {
    pub fn tenant_wide(role: Role) -> Self {
        Assignment {
            role,
            scope: Scope::Tenant,
        }
    }
}

/// What decides whether a user may be reset, besides who resets them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TargetFacts<'a> {
    /// The roles the target holds, directly or through a role-assignable group.
    pub roles: Vec<Role>,
    /// The administrative units the target is a member of (ids in lower case).
    pub units: Vec<&'a str>,
    /// Those of `units` that are restricted-management units.
    pub restricted_units: Vec<&'a str>,
    /// Member or owner of a role-assignable group.
    pub in_role_assignable_group: bool,
}

/// Whether an admin holding `actor` may reset the target's password.
///
/// Only the assignments whose scope reaches the target count: tenant-wide
/// ones and those of the target's units, or, for a member of a restricted
/// unit, only those assigned at a restricted unit of theirs. The role matrix
/// then applies to the roles that count, never lifted by a scope.
pub fn check_scoped_reset(
    actor_id: &str,
    actor: &[Assignment],
    target_id: &str,
    target: &TargetFacts<'_>,
) -> Result<(), ResetDenial> {
    if actor_id.eq_ignore_ascii_case(target_id) {
        return Err(ResetDenial::OwnAccount);
    }
    let all_roles: Vec<Role> = actor.iter().map(|a| a.role).collect();
    if !can_reset_anyone(&all_roles) {
        return Err(ResetDenial::NoResetRole);
    }
    let restricted = !target.restricted_units.is_empty();
    let reaches = |scope: &Scope| match scope {
        Scope::Tenant => !restricted,
        Scope::Unit(unit) if restricted => target.restricted_units.contains(&unit.as_str()),
        Scope::Unit(unit) => target.units.contains(&unit.as_str()),
        Scope::Elsewhere => false,
    };
    let counting: Vec<Role> = actor
        .iter()
        .filter(|a| reaches(&a.scope))
        .map(|a| a.role)
        .collect();
    if !can_reset_anyone(&counting) {
        return Err(if restricted {
            ResetDenial::RestrictedUnit
        } else {
            ResetDenial::OutsideUnits
        });
    }
    let top = [
        Role::PrivilegedAuthenticationAdministrator,
        Role::GlobalAdministrator,
    ];
    if target.in_role_assignable_group && !counting.iter().any(|role| top.contains(role)) {
        return Err(ResetDenial::RoleAssignableGroup);
    }
    match first_role_out_of_reach(&counting, &target.roles) {
        Some(role) => Err(ResetDenial::TargetRole(role)),
        None => Ok(()),
    }
}

/// The roles that may sign a user out of all sessions
/// (`microsoft.directory/users/invalidateAllRefreshTokens`, entra-docs
/// permissions-reference.md). Password Administrator resets passwords but does
/// not hold it.
pub const SESSION_REVOKERS: [Role; 5] = [
    Role::HelpdeskAdministrator,
    Role::AuthenticationAdministrator,
    Role::UserAdministrator,
    Role::PrivilegedAuthenticationAdministrator,
    Role::GlobalAdministrator,
];

/// Whether an admin holding `actor` may sign the target out of all sessions:
/// the reset's rules (scopes, restricted units, role-assignable groups, the
/// role matrix), with only the assignments of a role that may sign users out.
pub fn check_scoped_sign_out(
    actor_id: &str,
    actor: &[Assignment],
    target_id: &str,
    target: &TargetFacts<'_>,
) -> Result<(), ResetDenial> {
    let revoking: Vec<Assignment> = actor
        .iter()
        .filter(|a| SESSION_REVOKERS.contains(&a.role))
        .cloned()
        .collect();
    check_scoped_reset(actor_id, &revoking, target_id, target)
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    fn at(role: Role, unit: &str) -> Assignment {
        Assignment {
            role,
            scope: Scope::Unit(unit.into()),
        }
    }

    fn check(actor: &[Assignment], target: &TargetFacts) -> Result<(), ResetDenial> {
        check_scoped_reset("actor", actor, "target", target)
    }

    #[test]
    fn scopes_are_read_from_graphs_directory_scope_id() {
        assert_eq!(Scope::from_directory_scope_id(Some("/")), Scope::Tenant);
        assert_eq!(
            Scope::from_directory_scope_id(Some("/administrativeUnits/AB-12")),
            Scope::Unit("ab-12".into())
        );
        for elsewhere in [
            Some(""),
            Some("/administrativeUnits/"),
            Some("/administrativeUnits/a/b"),
            Some("/0f2a1c3e-app"),
            None,
        ] {
            assert_eq!(
                Scope::from_directory_scope_id(elsewhere),
                Scope::Elsewhere,
                "{elsewhere:?}"
            );
        }
    }

    #[test]
    fn each_denial_is_named() {
        let helpdesk_paris = [at(HelpdeskAdministrator, "paris")];
        assert_eq!(
            check(&helpdesk_paris, &TargetFacts::default()),
            Err(ResetDenial::OutsideUnits)
        );
        let in_vault = TargetFacts {
            units: vec!["vault"],
            restricted_units: vec!["vault"],
            ..TargetFacts::default()
        };
        assert_eq!(
            check(&[Assignment::tenant_wide(GlobalAdministrator)], &in_vault),
            Err(ResetDenial::RestrictedUnit)
        );
        assert_eq!(
            check(&[at(PasswordAdministrator, "vault")], &in_vault),
            Ok(())
        );
        let grouped = TargetFacts {
            in_role_assignable_group: true,
            ..TargetFacts::default()
        };
        assert_eq!(
            check(&[Assignment::tenant_wide(PasswordAdministrator)], &grouped),
            Err(ResetDenial::RoleAssignableGroup)
        );
        let reader = TargetFacts {
            roles: vec![ReportsReader],
            ..TargetFacts::default()
        };
        assert_eq!(
            check(&[Assignment::tenant_wide(PasswordAdministrator)], &reader),
            Err(ResetDenial::TargetRole(ReportsReader))
        );
        assert_eq!(
            check(&[Assignment::tenant_wide(HelpdeskAdministrator)], &reader),
            Ok(())
        );
        assert_eq!(
            check(&[at(GroupsAdministrator, "paris")], &TargetFacts::default()),
            Err(ResetDenial::NoResetRole)
        );
        assert_eq!(
            check_scoped_reset(
                "ME",
                &[Assignment::tenant_wide(GlobalAdministrator)],
                "me",
                &TargetFacts::default()
            ),
            Err(ResetDenial::OwnAccount)
        );
    }

    #[test]
    fn a_scope_elsewhere_reaches_nobody() {
        let actor = [Assignment {
            role: GlobalAdministrator,
            scope: Scope::Elsewhere,
        }];
        assert_eq!(
            check(&actor, &TargetFacts::default()),
            Err(ResetDenial::OutsideUnits)
        );
    }
}
