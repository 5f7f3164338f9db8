//! What the widget knows of the signed-in admin, and whether each user may
//! be reset by them. Pure: the role directory decides, the store only asks.

use std::sync::Arc;

use crate::api::ApiError;
use crate::api::models::User;
use crate::reset::state::Sender;
use crate::roles::directory::RoleDirectory;
use crate::roles::scope::Assignment;
use crate::roles::{ResetDenial, Role, can_reset_anyone};

/// The signed-in admin, once their roles are read.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Access {
    #[default]
    Loading,
    Ready {
        my_id: String,
        /// The admin's roles, each at its scope, direct or through a group.
        assignments: Vec<Assignment>,
        /// Who holds which role, in which groups and units: every row is
        /// decided from it, with no request of its own.
        directory: Arc<RoleDirectory>,
        /// How the notification mail names the admin.
        sender: Sender,
        /// `/me` has a `mail`: without one the account has no mailbox and
        /// Graph refuses sendMail (404 `MailboxNotEnabledForRESTAPI`).
        has_mailbox: bool,
    },
    Failed(ApiError),
}

impl Access {
    /// Whether this admin holds a role that resets passwords, at any scope.
    pub fn may_reset(&self) -> bool {
        match self {
            Access::Ready { assignments, .. } => {
                let roles: Vec<Role> = assignments.iter().map(|a| a.role).collect();
                can_reset_anyone(&roles)
            }
            _ => false,
        }
    }

    /// Whether this admin may sign `user_id` out of all sessions; until the
    /// roles are read, no.
    pub fn may_sign_out(&self, user_id: &str) -> bool {
        match self {
            Access::Ready {
                my_id,
                assignments,
                directory,
                ..
            } => directory.may_sign_out(my_id, assignments, user_id),
            _ => false,
        }
    }

    /// Whether this admin may reset `user`; `None` until the roles are read
    /// (or when they could not be).
    pub fn verdict(&self, user: &User) -> Option<Result<(), ResetDenial>> {
        match self {
            Access::Ready {
                my_id,
                assignments,
                directory,
                ..
            } => Some(verdict(my_id, assignments, directory, user)),
            _ => None,
        }
    }
}

/// The role decision, except that a user synced from on-premises is denied
/// to everyone (Graph refuses the reset) once it is not their own account
/// or an admin who may reset nobody.
fn verdict(
    my_id: &str,
    assignments: &[Assignment],
    directory: &RoleDirectory,
    user: &User,
) -> Result<(), ResetDenial> {
    match directory.check(my_id, assignments, &user.id) {
        Err(denial @ (ResetDenial::OwnAccount | ResetDenial::NoResetRole)) => Err(denial),
        _ if user.is_synced_from_on_premises() => Err(ResetDenial::OnPremisesSynced),
        decision => decision,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::decode;

    fn user(id: &str, synced: Option<bool>) -> User {
        let mut user: User = decode(&format!(r#"{{"id":"{id}"}}"#)).unwrap();
        user.on_premises_sync_enabled = synced;
        user
    }

    fn ready(roles: &[Role]) -> Access {
        Access::Ready {
            my_id: "me".into(),
            assignments: roles.iter().copied().map(Assignment::tenant_wide).collect(),
            directory: Arc::default(),
            sender: Sender::default(),
            has_mailbox: true,
        }
    }

    #[test]
    fn nothing_is_decided_before_the_roles_are_read() {
        assert_eq!(Access::Loading.verdict(&user("u", None)), None);
        assert_eq!(
            Access::Failed(ApiError::Timeout).verdict(&user("u", None)),
            None
        );
        assert!(!Access::Loading.may_reset());
    }

    #[test]
    fn own_account_and_no_role_come_first() {
        let admin = ready(&[Role::PasswordAdministrator]);
        assert!(admin.may_reset());
        assert_eq!(
            admin.verdict(&user("ME", Some(true))),
            Some(Err(ResetDenial::OwnAccount))
        );
        let nobody = ready(&[Role::GroupsAdministrator]);
        assert!(!nobody.may_reset());
        assert_eq!(
            nobody.verdict(&user("other", Some(true))),
            Some(Err(ResetDenial::NoResetRole))
        );
        assert_eq!(admin.verdict(&user("other", None)), Some(Ok(())));
        assert_eq!(admin.verdict(&user("other", Some(false))), Some(Ok(())));
    }

    #[test]
    fn a_user_synced_from_on_premises_is_denied_even_to_a_global_admin() {
        for roles in [[Role::PasswordAdministrator], [Role::GlobalAdministrator]] {
            assert_eq!(
                ready(&roles).verdict(&user("sam", Some(true))),
                Some(Err(ResetDenial::OnPremisesSynced))
            );
        }
    }
}
