//! Delegated permissions (the token's `scp`): which ones `/_dev/token`
//! grants, and which each Graph route needs. Each list is the "Permissions"
//! table of the route's page in Graph's v1.0 reference, delegated work or
//! school account: the least privileged permission, then the higher ones
//! that also do. A token holding none of them gets 403
//! `Authorization_RequestDenied` (sendMail: Exchange's `ErrorAccessDenied`).

use crate::graph::errors::GraphError;

/// What `/_dev/token` grants when asked for nothing in particular: the
/// permissions the widget's README asks an app registration for.
pub const DEFAULT_SCOPES: [&str; 8] = [
    "User.Read.All",
    "RoleManagement.Read.Directory",
    "User-PasswordProfile.ReadWrite.All",
    "Mail.Send",
    "User.RevokeSessions.All",
    "AuditLog.Read.All",
    "GroupMember.Read.All",
    "AdministrativeUnit.Read.All",
];

/// `GET /me` (user-get, signed-in user).
pub const READ_ME: &[&str] = &[
    "User.Read",
    "User.ReadWrite",
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// `GET /users`, `GET /users/{id}` and `GET /users/$count` (user-list, user-get).
pub const READ_USERS: &[&str] = &[
    "User.ReadBasic.All",
    "User.Read.All",
    "User.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// `GET /me/transitiveMemberOf` (user-list-transitivememberof, "Permissions
/// for the signed-in user's memberships").
pub const READ_MY_MEMBERSHIPS: &[&str] = &[
    "User.Read",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Group.Read.All",
    "GroupMember.Read.All",
    "User.Read.All",
];
/// `GET /users/{id}/transitiveMemberOf` ("Permissions for another user's memberships").
pub const READ_USER_MEMBERSHIPS: &[&str] = &[
    "User.Read.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
    "Group.Read.All",
    "GroupMember.Read.All",
];
/// Reading a `directoryRole` itself (directoryrole-get). A membership list
/// read without one of these returns the roles with limited information.
pub const READ_ROLES: &[&str] = &[
    "RoleManagement.Read.Directory",
    "RoleManagement.ReadWrite.Directory",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// `GET /roleManagement/directory/roleAssignments`
/// (rbacapplication-list-roleassignments, directory provider).
pub const READ_ROLE_ASSIGNMENTS: &[&str] = &[
    "RoleManagement.Read.Directory",
    "RoleManagement.Read.All",
    "Directory.Read.All",
    "RoleManagement.ReadWrite.Directory",
    "Directory.ReadWrite.All",
];
/// `GET /directory/administrativeUnits` and their members
/// (directory-list-administrativeunits, administrativeunit-list-members); an
/// administrative unit in a membership list is read with limited
/// information without one of these.
pub const READ_ADMINISTRATIVE_UNITS: &[&str] = &[
    "AdministrativeUnit.Read.All",
    "Directory.Read.All",
    "AdministrativeUnit.ReadWrite.All",
    "Directory.ReadWrite.All",
];
/// Reading a `group` itself (group-get), listing groups, their members and
/// owners (group-list, group-list-members, group-list-owners); else limited
/// information in a membership list, as for roles.
pub const READ_GROUPS: &[&str] = &[
    "GroupMember.Read.All",
    "Group.Read.All",
    "Group.ReadWrite.All",
    "Directory.Read.All",
    "Directory.ReadWrite.All",
];
/// `PATCH /users/{id}` with `passwordProfile` (user-update: updating
/// another user's password profile).
pub const WRITE_PASSWORD_PROFILE: &[&str] = &[
    "User-PasswordProfile.ReadWrite.All",
    "User.ReadWrite.All",
    "Directory.ReadWrite.All",
];
/// `POST /me/changePassword` (user-changepassword).
pub const CHANGE_OWN_PASSWORD: &[&str] = &["User-PasswordProfile.ReadWrite.All"];
/// `POST /me/sendMail` (user-sendmail).
pub const SEND_MAIL: &[&str] = &["Mail.Send"];
/// `POST /users/{id}/revokeSignInSessions` (user-revokesigninsessions).
pub const REVOKE_SESSIONS: &[&str] = &[
    "User.RevokeSessions.All",
    "User.ReadWrite.All",
    "Directory.ReadWrite.All",
];
/// `GET /auditLogs/directoryAudits` (directoryaudit-list).
pub const READ_AUDIT_LOGS: &[&str] = &["AuditLog.Read.All"];

/// The granted scopes, parsed from the space-separated `scp` claim.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Scopes(Vec<String>);

impl Scopes {
    pub fn parse(scp: &str) -> Scopes {
        Scopes(scp.split_whitespace().map(str::to_string).collect())
    }

    pub fn default_grant() -> Scopes {
        Scopes(DEFAULT_SCOPES.iter().map(|s| s.to_string()).collect())
    }

    /// The `scp` claim: the scopes joined by spaces.
    pub fn claim(&self) -> String {
        self.0.join(" ")
    }

    /// Whether any of `needed` was granted (names compare ignoring case).
    pub fn allow_any(&self, needed: &[&str]) -> bool {
        self.0
            .iter()
            .any(|granted| needed.iter().any(|n| n.eq_ignore_ascii_case(granted)))
    }

    /// `Ok` when any of `needed` was granted, else Graph's 403.
    pub fn require(&self, needed: &[&str]) -> Result<(), GraphError> {
        if self.allow_any(needed) {
            Ok(())
        } else {
            Err(GraphError::forbidden())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scope_allows_its_routes_and_no_other() {
        let scopes = Scopes::parse("user.read.all  Mail.Send");
        assert!(scopes.allow_any(READ_USERS));
        assert!(scopes.allow_any(READ_USER_MEMBERSHIPS));
        assert!(scopes.allow_any(SEND_MAIL));
        assert!(!scopes.allow_any(READ_ROLES));
        assert!(!scopes.allow_any(WRITE_PASSWORD_PROFILE));
        let refused = scopes.require(REVOKE_SESSIONS).unwrap_err();
        assert_eq!(refused.status.as_u16(), 403);
        assert_eq!(refused.code, "Authorization_RequestDenied");
        assert_eq!(Scopes::parse(&scopes.claim()), scopes);
    }

    #[test]
    fn the_default_grant_serves_every_route() {
        let scopes = Scopes::default_grant();
        for needed in [
            READ_ME,
            READ_USERS,
            READ_MY_MEMBERSHIPS,
            READ_USER_MEMBERSHIPS,
            READ_ROLES,
            WRITE_PASSWORD_PROFILE,
            CHANGE_OWN_PASSWORD,
            SEND_MAIL,
            REVOKE_SESSIONS,
            READ_AUDIT_LOGS,
            READ_ROLE_ASSIGNMENTS,
            READ_GROUPS,
            READ_ADMINISTRATIVE_UNITS,
        ] {
            assert!(scopes.allow_any(needed), "{needed:?}");
        }
    }
}
