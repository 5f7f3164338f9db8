//! What the widget knows of the signed-in admin, and whether each user may
//! be reset by them. Pure: the role matrix decides, the store only asks.

use crate::api::ApiError;
use crate::api::models::User;
use crate::reset::state::Sender;
use crate::roles::{ResetDenial, Role, check_reset};

/// The signed-in admin, once their roles are read.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Access {
    #[default]
    Loading,
    Ready {
        my_id: String,
        roles: Vec<Role>,
        /// How the notification mail names the admin.
        sender: Sender,
        /// `/me` has a `mail`: without one the account has no mailbox and
        /// Graph refuses sendMail (404 `MailboxNotEnabledForRESTAPI`).
        has_mailbox: bool,
    },
    Failed(ApiError),
}

/// Whether one user may be reset by this admin, as far as the widget knows.
#[derive(Clone, Debug, PartialEq)]
pub enum Eligibility {
    Checking,
    Allowed,
    Denied(ResetDenial),
    Unknown(ApiError),
}

impl Eligibility {
    /// Settled or under way: nothing to look up again.
    pub fn is_known(&self) -> bool {
        !matches!(self, Eligibility::Unknown(_))
    }

    /// The verdict from the target's roles, or why they could not be read.
    pub fn from_roles(
        my_id: &str,
        my_roles: &[Role],
        user_id: &str,
        target_roles: Result<Vec<Role>, ApiError>,
    ) -> Eligibility {
        match target_roles {
            Ok(roles) => match check_reset(my_id, my_roles, user_id, &roles) {
                Ok(()) => Eligibility::Allowed,
                Err(denial) => Eligibility::Denied(denial),
            },
            Err(error) => Eligibility::Unknown(error),
        }
    }
}

/// A verdict that needs no lookup of the target: their own account, an
/// admin with no reset role at all, or a user synced from on-premises (whose
/// password Graph does not let any admin reset).
pub fn denied_without_lookup(my_id: &str, my_roles: &[Role], user: &User) -> Option<ResetDenial> {
    match check_reset(my_id, my_roles, &user.id, &[]) {
        Err(denial @ (ResetDenial::OwnAccount | ResetDenial::NoResetRole)) => Some(denial),
        _ if user.is_synced_from_on_premises() => Some(ResetDenial::OnPremisesSynced),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: &str, synced: Option<bool>) -> User {
        let mut user: User = crate::api::models::decode(&format!(r#"{{"id":"{id}"}}"#)).unwrap();
        user.on_premises_sync_enabled = synced;
        user
    }

    #[test]
    fn own_account_and_no_role_need_no_lookup() {
        let admin = [Role::PasswordAdministrator];
        assert_eq!(
            denied_without_lookup("me", &admin, &user("ME", None)),
            Some(ResetDenial::OwnAccount)
        );
        assert_eq!(
            denied_without_lookup("me", &[], &user("other", None)),
            Some(ResetDenial::NoResetRole)
        );
        assert_eq!(
            denied_without_lookup("me", &admin, &user("other", None)),
            None
        );
        assert_eq!(
            denied_without_lookup("me", &admin, &user("other", Some(false))),
            None
        );
    }

    #[test]
    fn a_user_synced_from_on_premises_is_denied_up_front_even_to_a_global_admin() {
        let synced = user("sam", Some(true));
        for roles in [
            vec![Role::PasswordAdministrator],
            vec![Role::GlobalAdministrator],
        ] {
            assert_eq!(
                denied_without_lookup("me", &roles, &synced),
                Some(ResetDenial::OnPremisesSynced)
            );
        }
    }

    #[test]
    fn the_target_roles_decide_and_a_failed_lookup_stays_unknown() {
        let admin = [Role::PasswordAdministrator];
        assert_eq!(
            Eligibility::from_roles("me", &admin, "u", Ok(vec![])),
            Eligibility::Allowed
        );
        assert_eq!(
            Eligibility::from_roles("me", &admin, "u", Ok(vec![Role::GlobalAdministrator])),
            Eligibility::Denied(ResetDenial::TargetRole(Role::GlobalAdministrator))
        );
        let unknown = Eligibility::from_roles("me", &admin, "u", Err(ApiError::Timeout));
        assert_eq!(unknown, Eligibility::Unknown(ApiError::Timeout));
        assert!(!unknown.is_known(), "a failed lookup is tried again");
        assert!(Eligibility::Checking.is_known());
    }
}
