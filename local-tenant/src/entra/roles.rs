//! Directory roles, keyed by the `roleTemplateId` Graph reports, and the
//! authoriser for password resets.
//!
//! Source: entra-docs `privileged-roles-permissions.md`, "Who can reset
//! passwords"; scopes (administrative units, restricted-management units,
//! role-assignable groups) as `entra::scope` describes them.

use crate::entra::scope::{RoleAssignment, TargetStanding};

/// A directory role as Graph lists it in `transitiveMemberOf`. Roles this
/// tenant has no entry for are `Unlisted`: the docs' "all other built-in and
/// custom roles".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum DirectoryRole {
    GlobalAdministrator,
    PrivilegedAuthenticationAdministrator,
    PrivilegedRoleAdministrator,
    PasswordAdministrator,
    HelpdeskAdministrator,
    AuthenticationAdministrator,
    UserAdministrator,
    GroupsAdministrator,
    DirectoryReaders,
    GuestInviter,
    MessageCenterReader,
    ReportsReader,
    UsageSummaryReportsReader,
    UserExperienceSuccessManager,
    GlobalReader,
    IntuneAdministrator,
    SecurityReader,
    SecurityOperator,
    SecurityAdministrator,
    ApplicationAdministrator,
    CloudApplicationAdministrator,
    Unlisted,
}

use DirectoryRole::*;

/// Template id and display name of every role this tenant knows, as in
/// entra-docs `permissions-reference.md`.
const TEMPLATES: [(DirectoryRole, &str, &str); 21] = [
    (
        GlobalAdministrator,
        "62e90394-69f5-4237-9190-012177145e10",
        "Global Administrator",
    ),
    (
        PrivilegedAuthenticationAdministrator,
        "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
        "Privileged Authentication Administrator",
    ),
    (
        PrivilegedRoleAdministrator,
        "e8611ab8-c189-46e8-94e1-60213ab1f814",
        "Privileged Role Administrator",
    ),
    (
        PasswordAdministrator,
        "966707d0-3269-4727-9be2-8c3a10f19b9d",
        "Password Administrator",
    ),
    (
        HelpdeskAdministrator,
        "729827e3-9c14-49f7-bb1b-9608f156bbb8",
        "Helpdesk Administrator",
    ),
    (
        AuthenticationAdministrator,
        "c4e39bd9-1100-46d3-8c65-fb160da0071f",
        "Authentication Administrator",
    ),
    (
        UserAdministrator,
        "fe930be7-5e62-47db-91af-98c3a49a38b1",
        "User Administrator",
    ),
    (
        GroupsAdministrator,
        "fdd7a751-b60b-444a-984c-02652fe8fa1c",
        "Groups Administrator",
    ),
    (
        DirectoryReaders,
        "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
        "Directory Readers",
    ),
    (
        GuestInviter,
        "95e79109-95c0-4d8e-aee3-d01accf2d47b",
        "Guest Inviter",
    ),
    (
        MessageCenterReader,
        "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
        "Message Center Reader",
    ),
    (
        ReportsReader,
        "4a5d8f65-41da-4de4-8968-e035b65339cf",
        "Reports Reader",
    ),
    (
        UsageSummaryReportsReader,
        "75934031-6c7e-415a-99d7-48dbd49e875e",
        "Usage Summary Reports Reader",
    ),
    (
        UserExperienceSuccessManager,
        "27460883-1df1-4691-b032-3b79643e5e63",
        "User Experience Success Manager",
    ),
    (
        GlobalReader,
        "f2ef992c-3afb-46b9-b7cf-a126ee74c451",
        "Global Reader",
    ),
    (
        IntuneAdministrator,
        "3a2c62db-5318-420d-8d74-23affee5d9d5",
        "Intune Administrator",
    ),
    (
        SecurityReader,
        "5d6b6bb7-de71-4623-b4af-96380a352509",
        "Security Reader",
    ),
    (
        SecurityOperator,
        "5f2222b1-57c3-48ba-8ad5-d4759f1fde6f",
        "Security Operator",
    ),
    (
        SecurityAdministrator,
        "194ae4cb-b126-40b2-bd5b-6091b380977d",
        "Security Administrator",
    ),
    (
        ApplicationAdministrator,
        "9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3",
        "Application Administrator",
    ),
    (
        CloudApplicationAdministrator,
        "158c047a-c907-4556-b7ef-446551a6b5f7",
        "Cloud Application Administrator",
    ),
];

/// The built-in roles that read the audit logs (they hold
/// `microsoft.directory/auditLogs/allProperties/read`). Source: entra-docs
/// `how-to-authentication-methods-usage-insights.md`, "Permissions and
/// licenses"; Graph's `directoryaudit-list` names Reports Reader, Security
/// Reader and Security Administrator as the least privileged of them.
const AUDIT_LOG_READERS: [DirectoryRole; 8] = [
    ReportsReader,
    SecurityReader,
    GlobalReader,
    ApplicationAdministrator,
    CloudApplicationAdministrator,
    SecurityOperator,
    SecurityAdministrator,
    GlobalAdministrator,
];

/// May a user holding `roles` read the directory audit log and users'
/// `signInActivity`? (Graph also wants the app to hold `AuditLog.Read.All`;
/// this tenant's tokens carry no scopes, so the role is all it checks.)
pub fn may_read_audit_logs(roles: &[DirectoryRole]) -> bool {
    roles.iter().any(|role| AUDIT_LOG_READERS.contains(role))
}

/// Which users' passwords a role may reset.
enum ResetReach {
    /// Users with no admin role, or whose every role is one of these.
    UsersHoldingOnly(&'static [DirectoryRole]),
    /// Every user, administrators included.
    Everyone,
}

/// The columns of the docs' table, one per role that may reset passwords.
/// Every reach includes users with no role at all.
fn reset_reach(role: DirectoryRole) -> Option<ResetReach> {
    Some(match role {
        PasswordAdministrator => {
            ResetReach::UsersHoldingOnly(&[DirectoryReaders, GuestInviter, PasswordAdministrator])
        }
        HelpdeskAdministrator => ResetReach::UsersHoldingOnly(&[
            DirectoryReaders,
            GuestInviter,
            HelpdeskAdministrator,
            MessageCenterReader,
            PasswordAdministrator,
            ReportsReader,
            UserExperienceSuccessManager,
            UsageSummaryReportsReader,
        ]),
        AuthenticationAdministrator => ResetReach::UsersHoldingOnly(&[
            AuthenticationAdministrator,
            DirectoryReaders,
            GuestInviter,
            MessageCenterReader,
            PasswordAdministrator,
            ReportsReader,
            UserExperienceSuccessManager,
            UsageSummaryReportsReader,
        ]),
        UserAdministrator => ResetReach::UsersHoldingOnly(&[
            DirectoryReaders,
            GroupsAdministrator,
            GuestInviter,
            HelpdeskAdministrator,
            MessageCenterReader,
            PasswordAdministrator,
            ReportsReader,
            UserAdministrator,
            UserExperienceSuccessManager,
            UsageSummaryReportsReader,
        ]),
        PrivilegedAuthenticationAdministrator | GlobalAdministrator => ResetReach::Everyone,
        _ => return None,
    })
}

impl DirectoryRole {
    /// Reads a `roleTemplateId`; Graph spells GUIDs in lower case, but any
    /// case is the same id.
    pub fn from_template_id(template_id: &str) -> DirectoryRole {
        TEMPLATES
            .iter()
            .find(|(_, id, _)| id.eq_ignore_ascii_case(template_id))
            .map_or(Unlisted, |(role, _, _)| *role)
    }

    /// The `roleTemplateId`; `None` for a role this tenant has no entry for.
    pub fn template_id(self) -> Option<&'static str> {
        TEMPLATES
            .iter()
            .find(|(role, _, _)| *role == self)
            .map(|(_, id, _)| *id)
    }

    pub fn display_name(self) -> &'static str {
        TEMPLATES
            .iter()
            .find(|(role, _, _)| *role == self)
            .map_or("Other directory role", |(_, _, name)| *name)
    }

    /// Whether this role alone may reset the password of a user holding
    /// `target_roles`.
    fn may_reset_holder_of(self, target_roles: &[DirectoryRole]) -> bool {
        match reset_reach(self) {
            None => false,
            Some(ResetReach::Everyone) => true,
            Some(ResetReach::UsersHoldingOnly(reachable)) => {
                target_roles.iter().all(|role| reachable.contains(role))
            }
        }
    }
}

/// The roles that may reset (and sign out) a member or owner of a
/// role-assignable group: privileged-roles-permissions.md, "Who can reset
/// passwords", the row for role-assignable groups.
const ROLE_ASSIGNABLE_GROUP_GUARDS: [DirectoryRole; 2] =
    [PrivilegedAuthenticationAdministrator, GlobalAdministrator];

/// Why an admin may not act on a user. Graph answers every one of them with
/// 403 `Authorization_RequestDenied`; the reason is for tests and the audit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ActRefusal {
    /// Admins change their own password; they do not reset it.
    OwnAccount,
    /// None of the actor's roles may do this at all.
    NoCapableRole,
    /// The actor's capable roles are scoped where the target is not: to
    /// another administrative unit, or tenant-wide while the target is in a
    /// restricted-management unit.
    OutsideScope,
    /// A capable role applies to the target, but none of them reaches every
    /// role the target holds, or the target is in a role-assignable group.
    TargetOutOfReach,
}

/// The one rule behind resets and sign-outs: some assignment of the actor
/// whose role is `capable` must apply to the target (its scope) and reach
/// every role the target holds (the docs' table, each role judged on its own:
/// holding Helpdesk and Authentication Administrator does not reach a user
/// who holds both, since neither role reaches the other). A member or owner
/// of a role-assignable group is reached only by the group guards.
fn authorise(
    actor: &[RoleAssignment],
    target: &TargetStanding,
    capable: impl Fn(DirectoryRole) -> bool,
) -> Result<(), ActRefusal> {
    let mut capable = actor.iter().filter(|a| capable(a.role)).peekable();
    if capable.peek().is_none() {
        return Err(ActRefusal::NoCapableRole);
    }
    let mut applying = capable.filter(|a| target.is_within(&a.scope)).peekable();
    if applying.peek().is_none() {
        return Err(ActRefusal::OutsideScope);
    }
    let reaches = |assignment: &&RoleAssignment| {
        assignment.role.may_reset_holder_of(&target.roles)
            && (!target.in_role_assignable_group
                || ROLE_ASSIGNABLE_GROUP_GUARDS.contains(&assignment.role))
    };
    if applying.any(|a| reaches(&a)) {
        Ok(())
    } else {
        Err(ActRefusal::TargetOutOfReach)
    }
}

/// May the actor, holding `actor` assignments, reset the target's password?
pub fn authorise_password_reset(
    actor_id: &str,
    actor: &[RoleAssignment],
    target_id: &str,
    target: &TargetStanding,
) -> Result<(), ActRefusal> {
    if actor_id.eq_ignore_ascii_case(target_id) {
        return Err(ActRefusal::OwnAccount);
    }
    authorise(actor, target, |role| reset_reach(role).is_some())
}

/// The roles that hold `microsoft.directory/users/invalidateAllRefreshTokens`
/// ("Force sign-out by invalidating user refresh tokens"), per entra-docs
/// `permissions-reference.md`. Password Administrator resets passwords but
/// does not hold it.
const SESSION_REVOKERS: [DirectoryRole; 5] = [
    HelpdeskAdministrator,
    AuthenticationAdministrator,
    UserAdministrator,
    PrivilegedAuthenticationAdministrator,
    GlobalAdministrator,
];

/// May the actor sign the target out of all sessions? Users may sign
/// themselves out (`/me/revokeSignInSessions`). For others, the docs' "Who can
/// reset passwords" table is also the one for invalidating refresh tokens, so
/// each revoking role reaches the users it may reset, within its scope.
pub fn authorise_session_revocation(
    actor_id: &str,
    actor: &[RoleAssignment],
    target_id: &str,
    target: &TargetStanding,
) -> Result<(), ActRefusal> {
    if actor_id.eq_ignore_ascii_case(target_id) {
        return Ok(());
    }
    authorise(actor, target, |role| SESSION_REVOKERS.contains(&role))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::entra::scope::DirectoryScope;

    #[test]
    fn template_ids_read_back_in_any_case() {
        for (role, id, _) in TEMPLATES {
            assert_eq!(DirectoryRole::from_template_id(id), role);
            assert_eq!(DirectoryRole::from_template_id(&id.to_uppercase()), role);
            assert_eq!(role.template_id(), Some(id));
        }
        let unknown = DirectoryRole::from_template_id("00000000-0000-0000-0000-000000000000");
        assert_eq!(unknown, Unlisted);
        assert_eq!(unknown.template_id(), None);
    }

    #[test]
    fn audit_log_readers() {
        assert!(may_read_audit_logs(&[ReportsReader]));
        assert!(may_read_audit_logs(&[PasswordAdministrator, GlobalReader]));
        assert!(!may_read_audit_logs(&[PasswordAdministrator]));
        assert!(!may_read_audit_logs(&[HelpdeskAdministrator, Unlisted]));
        assert!(!may_read_audit_logs(&[]));
    }

    /// Tenant-wide assignments of `roles`.
    fn tenant(roles: &[DirectoryRole]) -> Vec<RoleAssignment> {
        roles
            .iter()
            .copied()
            .map(RoleAssignment::tenant_wide)
            .collect()
    }

    fn holder(roles: &[DirectoryRole]) -> TargetStanding {
        TargetStanding::with_roles(roles)
    }

    #[test]
    fn nobody_resets_their_own_password_here() {
        assert_eq!(
            authorise_password_reset(
                "a",
                &tenant(&[GlobalAdministrator]),
                "A",
                &holder(&[GlobalAdministrator])
            ),
            Err(ActRefusal::OwnAccount)
        );
    }

    #[test]
    fn sign_outs_follow_the_reset_table_for_roles_that_invalidate_tokens() {
        let revoke = |actor: &[DirectoryRole], target_id: &str, target: &[DirectoryRole]| {
            authorise_session_revocation("a", &tenant(actor), target_id, &holder(target))
        };
        // Password Administrators reset passwords but cannot sign anyone out.
        assert_eq!(
            revoke(&[PasswordAdministrator], "b", &[]),
            Err(ActRefusal::NoCapableRole)
        );
        assert!(
            authorise_password_reset("a", &tenant(&[PasswordAdministrator]), "b", &holder(&[]))
                .is_ok()
        );
        assert_eq!(revoke(&[HelpdeskAdministrator], "b", &[]), Ok(()));
        assert_eq!(
            revoke(&[HelpdeskAdministrator], "b", &[UserAdministrator]),
            Err(ActRefusal::TargetOutOfReach)
        );
        assert_eq!(
            revoke(&[UserAdministrator], "b", &[UserAdministrator]),
            Ok(())
        );
        assert_eq!(
            revoke(
                &[PasswordAdministrator, AuthenticationAdministrator],
                "b",
                &[GlobalAdministrator]
            ),
            Err(ActRefusal::TargetOutOfReach)
        );
        assert_eq!(
            revoke(&[GlobalAdministrator], "b", &[GlobalAdministrator]),
            Ok(())
        );
        assert_eq!(
            revoke(&[PrivilegedAuthenticationAdministrator], "b", &[Unlisted]),
            Ok(())
        );
        // Anyone may sign themselves out.
        assert_eq!(revoke(&[], "A", &[]), Ok(()));
        assert_eq!(
            revoke(&[GlobalReader], "b", &[]),
            Err(ActRefusal::NoCapableRole)
        );
    }

    #[test]
    fn sign_outs_keep_to_scopes_as_resets_do() {
        let vault = DirectoryScope::AdministrativeUnit("vault".into());
        let locked = TargetStanding {
            units: vec!["vault".into()],
            restricted_units: vec!["vault".into()],
            ..TargetStanding::default()
        };
        assert_eq!(
            authorise_session_revocation("a", &tenant(&[GlobalAdministrator]), "b", &locked),
            Err(ActRefusal::OutsideScope)
        );
        let vault_helpdesk = [RoleAssignment {
            role: HelpdeskAdministrator,
            scope: vault,
        }];
        assert_eq!(
            authorise_session_revocation("a", &vault_helpdesk, "b", &locked),
            Ok(())
        );
        let guarded = TargetStanding {
            in_role_assignable_group: true,
            ..TargetStanding::default()
        };
        assert_eq!(
            authorise_session_revocation("a", &tenant(&[HelpdeskAdministrator]), "b", &guarded),
            Err(ActRefusal::TargetOutOfReach)
        );
    }

    #[test]
    fn reasons_are_told_apart() {
        assert_eq!(
            authorise_password_reset("a", &tenant(&[GlobalReader]), "b", &holder(&[])),
            Err(ActRefusal::NoCapableRole)
        );
        assert_eq!(
            authorise_password_reset(
                "a",
                &tenant(&[PasswordAdministrator]),
                "b",
                &holder(&[Unlisted])
            ),
            Err(ActRefusal::TargetOutOfReach)
        );
        let paris_helpdesk = [RoleAssignment {
            role: HelpdeskAdministrator,
            scope: DirectoryScope::AdministrativeUnit("paris".into()),
        }];
        assert_eq!(
            authorise_password_reset("a", &paris_helpdesk, "b", &holder(&[])),
            Err(ActRefusal::OutsideScope)
        );
    }
}
