//! Directory roles and the Entra matrix of who may reset whose password.
//!
//! Pure: the widget uses it to decide what it offers. The local tenant has its
//! own reading of Entra's table; `tests/cases/reset-permissions.csv` and
//! `tests/cases/reset-scopes.csv` hold the cases both must agree on.
//! [`scope`] adds administrative units and role-assignable groups to the
//! matrix; [`directory`] reads who holds what from Graph's answers.

pub mod directory;
pub mod scope;

use serde::{Deserialize, Serialize};

/// The directory roles that matter for password resets, keyed by their
/// tenant-independent `roleTemplateId`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Role {
    GlobalAdministrator,
    PrivilegedAuthenticationAdministrator,
    PrivilegedRoleAdministrator,
    PasswordAdministrator,
    HelpdeskAdministrator,
    UserAdministrator,
    AuthenticationAdministrator,
    GroupsAdministrator,
    DirectoryReaders,
    GuestInviter,
    MessageCenterReader,
    ReportsReader,
    UsageSummaryReportsReader,
    UserExperienceSuccessManager,
    /// Any other directory role: treated as privileged, as Entra does.
    Other,
}

impl Role {
    pub const ALL_KNOWN: [Role; 14] = [
        Role::GlobalAdministrator,
        Role::PrivilegedAuthenticationAdministrator,
        Role::PrivilegedRoleAdministrator,
        Role::PasswordAdministrator,
        Role::HelpdeskAdministrator,
        Role::UserAdministrator,
        Role::AuthenticationAdministrator,
        Role::GroupsAdministrator,
        Role::DirectoryReaders,
        Role::GuestInviter,
        Role::MessageCenterReader,
        Role::ReportsReader,
        Role::UsageSummaryReportsReader,
        Role::UserExperienceSuccessManager,
    ];

    pub fn template_id(self) -> Option<&'static str> {
        Some(match self {
            Role::GlobalAdministrator => "62e90394-69f5-4237-9190-012177145e10",
            Role::PrivilegedAuthenticationAdministrator => "7be44c8a-adaf-4e2a-84d6-ab2649e08a13",
            Role::PrivilegedRoleAdministrator => "e8611ab8-c189-46e8-94e1-60213ab1f814",
            Role::PasswordAdministrator => "966707d0-3269-4727-9be2-8c3a10f19b9d",
            Role::HelpdeskAdministrator => "729827e3-9c14-49f7-bb1b-9608f156bbb8",
            Role::UserAdministrator => "fe930be7-5e62-47db-91af-98c3a49a38b1",
            Role::AuthenticationAdministrator => "c4e39bd9-1100-46d3-8c65-fb160da0071f",
            Role::GroupsAdministrator => "fdd7a751-b60b-444a-984c-02652fe8fa1c",
            Role::DirectoryReaders => "88d8e3e3-8f55-4a1e-953a-9b9898b8876b",
            Role::GuestInviter => "95e79109-95c0-4d8e-aee3-d01accf2d47b",
            Role::MessageCenterReader => "790c1fb9-7f7d-4f88-86a1-ef1f95c05c1b",
            Role::ReportsReader => "4a5d8f65-41da-4de4-8968-e035b65339cf",
            Role::UsageSummaryReportsReader => "75934031-6c7e-415a-99d7-48dbd49e875e",
            Role::UserExperienceSuccessManager => "27460883-1df1-4691-b032-3b79643e5e63",
            Role::Other => return None,
        })
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Role::GlobalAdministrator => "Global Administrator",
            Role::PrivilegedAuthenticationAdministrator => {
                "Privileged Authentication Administrator"
            }
            Role::PrivilegedRoleAdministrator => "Privileged Role Administrator",
            Role::PasswordAdministrator => "Password Administrator",
            Role::HelpdeskAdministrator => "Helpdesk Administrator",
            Role::UserAdministrator => "User Administrator",
            Role::AuthenticationAdministrator => "Authentication Administrator",
            Role::GroupsAdministrator => "Groups Administrator",
            Role::DirectoryReaders => "Directory Readers",
            Role::GuestInviter => "Guest Inviter",
            Role::MessageCenterReader => "Message Center Reader",
            Role::ReportsReader => "Reports Reader",
            Role::UsageSummaryReportsReader => "Usage Summary Reports Reader",
            Role::UserExperienceSuccessManager => "User Experience Success Manager",
            Role::Other => "Other directory role",
        }
    }

    /// Maps a `roleTemplateId` from Graph; unknown templates are `Other`.
    pub fn from_template_id(id: &str) -> Role {
        Role::ALL_KNOWN
            .into_iter()
            .find(|role| {
                role.template_id()
                    .is_some_and(|known| known.eq_ignore_ascii_case(id))
            })
            .unwrap_or(Role::Other)
    }

    /// The roles allowed to reset the password of someone who holds `self`.
    fn resettable_by(self) -> &'static [Role] {
        use Role::*;
        const TOP: &[Role] = &[PrivilegedAuthenticationAdministrator, GlobalAdministrator];
        match self {
            DirectoryReaders | GuestInviter | PasswordAdministrator => &RESETTING_ROLES,
            // Reader roles: every resetting role but Password Administrator.
            MessageCenterReader
            | ReportsReader
            | UsageSummaryReportsReader
            | UserExperienceSuccessManager => &[
                HelpdeskAdministrator,
                AuthenticationAdministrator,
                UserAdministrator,
                PrivilegedAuthenticationAdministrator,
                GlobalAdministrator,
            ],
            HelpdeskAdministrator => &[
                HelpdeskAdministrator,
                UserAdministrator,
                PrivilegedAuthenticationAdministrator,
                GlobalAdministrator,
            ],
            AuthenticationAdministrator => &[
                AuthenticationAdministrator,
                PrivilegedAuthenticationAdministrator,
                GlobalAdministrator,
            ],
            UserAdministrator | GroupsAdministrator => &[
                UserAdministrator,
                PrivilegedAuthenticationAdministrator,
                GlobalAdministrator,
            ],
            GlobalAdministrator
            | PrivilegedAuthenticationAdministrator
            | PrivilegedRoleAdministrator
            | Other => TOP,
        }
    }
}

/// The roles that may reset passwords at all: the columns of Entra's table.
pub const RESETTING_ROLES: [Role; 6] = [
    Role::PasswordAdministrator,
    Role::HelpdeskAdministrator,
    Role::AuthenticationAdministrator,
    Role::UserAdministrator,
    Role::PrivilegedAuthenticationAdministrator,
    Role::GlobalAdministrator,
];

/// Roles that let an admin reset the password of a user without any admin role.
pub fn can_reset_anyone(actor: &[Role]) -> bool {
    actor
        .iter()
        .any(|role| Role::DirectoryReaders.resettable_by().contains(role))
}

/// Why a reset is not allowed, so the UI and the server can say it plainly.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ResetDenial {
    /// An admin changes their own password themselves, not through this flow.
    OwnAccount,
    /// The actor holds no role that may reset passwords at all.
    NoResetRole,
    /// The target holds this role, which the actor's roles may not reset.
    TargetRole(Role),
    /// The target is synced from an on-premises directory
    /// (`onPremisesSyncEnabled`): its password is changed there, and Graph
    /// refuses a reset. Known from the user alone, not from roles.
    OnPremisesSynced,
    /// The actor's resetting roles are scoped to administrative units the
    /// target is not a member of.
    OutsideUnits,
    /// The target is in a restricted-management administrative unit, and the
    /// actor holds no resetting role assigned at that unit's scope.
    RestrictedUnit,
    /// The target is a member or owner of a role-assignable group: only
    /// Privileged Authentication and Global Administrators may reset them.
    RoleAssignableGroup,
}

/// The Entra matrix alone: `None` when one of the actor's roles reaches
/// every role of the target, else a role of the target that blocks (the
/// first out of reach of the actor's first role). Roles do not add up for one
/// target: each role's permission covers the users it reaches, so a target
/// holding two roles that two different roles of the actor reach is still out
/// of reach.
pub fn first_role_out_of_reach(actor_roles: &[Role], target_roles: &[Role]) -> Option<Role> {
    let mut blocking = target_roles.first().copied()?;
    for (index, actor) in actor_roles.iter().enumerate() {
        match target_roles
            .iter()
            .find(|target_role| !target_role.resettable_by().contains(actor))
        {
            None => return None,
            Some(role) if index == 0 => blocking = *role,
            Some(_) => {}
        }
    }
    Some(blocking)
}

#[cfg(test)]
mod tests {
    use super::Role::*;
    use super::*;

    fn allowed(actor: &[Role], target: &[Role]) -> bool {
        can_reset_anyone(actor) && first_role_out_of_reach(actor, target).is_none()
    }

    #[test]
    fn template_ids_round_trip_and_unknown_is_other() {
        for role in Role::ALL_KNOWN {
            assert_eq!(Role::from_template_id(role.template_id().unwrap()), role);
        }
        assert_eq!(
            Role::from_template_id("00000000-0000-0000-0000-000000000000"),
            Other
        );
        assert_eq!(
            Role::from_template_id("62E90394-69F5-4237-9190-012177145E10"),
            GlobalAdministrator
        );
    }

    #[test]
    fn matrix_row_no_admin_role() {
        for actor in RESETTING_ROLES {
            assert!(
                allowed(&[actor], &[]),
                "{actor:?} should reset a plain user"
            );
            assert!(allowed(&[actor], &[PasswordAdministrator]));
            assert!(allowed(&[actor], &[DirectoryReaders, GuestInviter]));
        }
        assert!(!allowed(&[DirectoryReaders], &[]));
        assert!(!allowed(&[], &[]));
    }

    #[test]
    fn matrix_row_helpdesk() {
        assert!(!allowed(&[PasswordAdministrator], &[HelpdeskAdministrator]));
        assert!(!allowed(
            &[AuthenticationAdministrator],
            &[HelpdeskAdministrator]
        ));
        assert!(allowed(&[HelpdeskAdministrator], &[HelpdeskAdministrator]));
        assert!(allowed(&[UserAdministrator], &[HelpdeskAdministrator]));
    }

    #[test]
    fn matrix_row_authentication_admin() {
        assert!(!allowed(
            &[HelpdeskAdministrator],
            &[AuthenticationAdministrator]
        ));
        assert!(!allowed(
            &[UserAdministrator],
            &[AuthenticationAdministrator]
        ));
        assert!(allowed(
            &[AuthenticationAdministrator],
            &[AuthenticationAdministrator]
        ));
    }

    #[test]
    fn matrix_row_user_and_groups_admin() {
        assert!(!allowed(&[HelpdeskAdministrator], &[UserAdministrator]));
        assert!(!allowed(&[PasswordAdministrator], &[GroupsAdministrator]));
        assert!(allowed(&[UserAdministrator], &[GroupsAdministrator]));
    }

    #[test]
    fn matrix_row_privileged_targets() {
        for target in [
            GlobalAdministrator,
            PrivilegedAuthenticationAdministrator,
            PrivilegedRoleAdministrator,
            Other,
        ] {
            assert!(!allowed(&[PasswordAdministrator], &[target]));
            assert!(!allowed(
                &[UserAdministrator, HelpdeskAdministrator],
                &[target]
            ));
            assert!(allowed(&[GlobalAdministrator], &[target]));
            assert!(allowed(&[PrivilegedAuthenticationAdministrator], &[target]));
        }
    }

    #[test]
    fn every_target_role_must_be_covered() {
        assert_eq!(
            first_role_out_of_reach(
                &[HelpdeskAdministrator],
                &[PasswordAdministrator, UserAdministrator]
            ),
            Some(UserAdministrator)
        );
        assert!(!can_reset_anyone(&[GroupsAdministrator]));
    }

    #[test]
    fn roles_do_not_add_up_for_one_target() {
        let actor = [AuthenticationAdministrator, UserAdministrator];
        assert!(allowed(&actor, &[UserAdministrator]));
        assert!(allowed(&actor, &[AuthenticationAdministrator]));
        assert!(!allowed(
            &actor,
            &[AuthenticationAdministrator, UserAdministrator]
        ));
        assert!(allowed(&[GlobalAdministrator, UserAdministrator], &actor));
    }
}
