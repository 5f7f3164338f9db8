//! The notification mail the admin asked for: the only place, besides the
//! reset request itself, where the new password travels.

use zeroize::Zeroizing;

use super::state::Target;
use crate::i18n::{Strings, fill};
use crate::password::Password;

pub struct Notification {
    pub subject: String,
    /// Holds the password: wiped when dropped.
    pub body: Zeroizing<String>,
}

pub fn compose(
    strings: &Strings,
    target: &Target,
    password: &Password,
    require_change: bool,
) -> Notification {
    let change = if require_change {
        strings.require_change_note
    } else {
        ""
    };
    let body = Zeroizing::new(fill(
        strings.mail_body,
        &[
            ("name", &target.display_name),
            ("upn", &target.user_principal_name),
            ("change", change),
            // Last, so nothing in the password is taken for a `{hole}`.
            ("password", password.as_str()),
        ],
    ));
    Notification {
        subject: strings.mail_subject.to_string(),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn mail_names_the_account_and_carries_the_password() {
        let target = Target {
            id: "1".into(),
            display_name: "Élodie Dupré".into(),
            user_principal_name: "elodie.dupre@contoso.example".into(),
            alternate_email: None,
            given_name: None,
            surname: None,
        };
        let password = Password::new("Xy7-{name}-Qq".into());
        let mail = compose(Lang::En.strings(), &target, &password, true);
        assert!(mail.body.contains("elodie.dupre@contoso.example"));
        assert!(mail.body.contains("Élodie Dupré"));
        assert!(
            mail.body.contains("Xy7-{name}-Qq"),
            "password inserted verbatim"
        );
        assert!(mail.body.contains(Lang::En.strings().require_change_note));
        assert!(!mail.subject.contains("Xy7"));
    }
}
