//! The notification mail the admin asked for: the only place, besides the
//! reset request itself, where the new password travels. Plain text: the
//! names put in it are never read as markup.

use zeroize::Zeroizing;

use super::state::{MailMessage, Sender, Target};
use crate::i18n::{Strings, fill};
use crate::password::Password;

pub struct Notification {
    pub subject: String,
    /// Holds the password: wiped when dropped.
    pub body: Zeroizing<String>,
}

/// What every mail of a run says besides the user's own details.
pub struct MailContext<'a> {
    /// The organisation's name; the user's sign-in domain when the host gave none.
    pub tenant_name: Option<&'a str>,
    pub sign_in_url: &'a str,
    pub sender: &'a Sender,
}

/// What the user must do when they next sign in, as the mail tells them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AtSignIn {
    Nothing,
    ChangePassword,
    /// Graph's `forceChangePasswordNextSignInWithMfa`: "identical to
    /// forceChangePasswordNextSignIn except that the user is required to
    /// first perform a multifactor authentication before password change"
    /// (passwordProfile). Multifactor first, then a new password.
    MfaThenChangePassword,
}

impl AtSignIn {
    pub fn of(require_change: bool, require_mfa: bool) -> AtSignIn {
        match (require_change, require_mfa) {
            (_, true) => AtSignIn::MfaThenChangePassword,
            (true, false) => AtSignIn::ChangePassword,
            (false, false) => AtSignIn::Nothing,
        }
    }
}

/// Writes one user's mail with `strings`, the table of the user's language.
pub fn compose(
    strings: &Strings,
    target: &Target,
    password: &Password,
    at_sign_in: AtSignIn,
    message: MailMessage,
    context: &MailContext<'_>,
) -> Notification {
    let change = match at_sign_in {
        AtSignIn::Nothing => String::new(),
        AtSignIn::ChangePassword => format!("{}\n\n", strings.require_change_note),
        AtSignIn::MfaThenChangePassword => format!("{}\n\n", strings.require_mfa_note),
    };
    let tenant = context.tenant_name.unwrap_or_else(|| {
        let upn = target.user_principal_name.as_str();
        upn.rsplit_once('@').map_or(upn, |(_, domain)| domain)
    });
    let footer = fill(
        strings.mail_footer,
        &[
            ("url", context.sign_in_url),
            ("admin", &context.sender.name),
            ("address", &context.sender.address),
        ],
    );
    let (subject, body) = match message {
        MailMessage::PasswordReset => (strings.mail_subject, strings.mail_body),
        MailMessage::Welcome => (strings.mail_welcome_subject, strings.mail_welcome_body),
    };
    // `fill` sizes the text up front, so the password is never left behind
    // in a buffer that grew.
    let body = Zeroizing::new(fill(
        body,
        &[
            ("name", &target.display_name),
            ("upn", &target.user_principal_name),
            ("tenant", tenant),
            ("change", &change),
            ("footer", &footer),
            ("password", password.as_str()),
        ],
    ));
    Notification {
        subject: fill(subject, &[("tenant", tenant)]),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Cloud;
    use crate::i18n::Lang;

    const PASSWORD: &str = "Xy7-{name}-Qq";

    fn elodie() -> Target {
        Target {
            id: "1".into(),
            display_name: "Élodie Dupré".into(),
            user_principal_name: "elodie.dupre@contoso.example".into(),
            alternate_email: None,
            given_name: None,
            surname: None,
            preferred_language: Some("fr-FR".into()),
            created: None,
            may_sign_out: true,
        }
    }

    fn amara() -> Sender {
        Sender {
            name: "Amara Okafor".into(),
            address: "admin@contoso.example".into(),
        }
    }

    fn mail(lang: Lang, target: &Target, message: MailMessage, url: &str) -> Notification {
        let sender = amara();
        let context = MailContext {
            tenant_name: Some("Contoso"),
            sign_in_url: url,
            sender: &sender,
        };
        let password = Password::new(PASSWORD.into());
        compose(
            lang.strings(),
            target,
            &password,
            AtSignIn::ChangePassword,
            message,
            &context,
        )
    }

    #[test]
    fn every_language_and_message_names_account_tenant_password_place_and_sender() {
        for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Zh] {
            for message in [MailMessage::PasswordReset, MailMessage::Welcome] {
                let url = Cloud::Worldwide.sign_in_url();
                let mail = mail(lang, &elodie(), message, url);
                let body = mail.body.as_str();
                for expected in [
                    "Élodie Dupré",
                    "elodie.dupre@contoso.example",
                    "Contoso",
                    PASSWORD,
                    url,
                    "Amara Okafor",
                    "admin@contoso.example",
                    lang.strings().require_change_note,
                ] {
                    assert!(body.contains(expected), "{lang:?} {message:?}: {expected}");
                }
                let holes = body.replace(PASSWORD, "");
                assert!(
                    !holes.contains('{'),
                    "{lang:?} {message:?}: an unfilled hole"
                );
                assert!(!mail.subject.contains("Xy7"));
                assert!(mail.subject.contains("Contoso") || message == MailMessage::PasswordReset);
            }
        }
    }

    #[test]
    fn the_two_messages_differ_and_welcome_has_its_own_subject() {
        let url = "https://www.office.com";
        let reset = mail(Lang::Fr, &elodie(), MailMessage::PasswordReset, url);
        let welcome = mail(Lang::Fr, &elodie(), MailMessage::Welcome, url);
        assert_eq!(reset.subject, "Votre mot de passe a été réinitialisé");
        assert_eq!(welcome.subject, "Bienvenue dans Contoso");
        assert!(reset.body.contains("réinitialisé"));
        assert!(welcome.body.contains("Votre compte Contoso a été créé."));
        assert!(
            welcome
                .body
                .contains("Envoyé par Amara Okafor (admin@contoso.example).")
        );
    }

    #[test]
    fn the_sign_in_address_is_the_one_given() {
        for url in [
            Cloud::UsGovL4.sign_in_url(),
            Cloud::UsGovL5.sign_in_url(),
            Cloud::China.sign_in_url(),
            "https://sso.contoso.example/start",
        ] {
            let mail = mail(Lang::En, &elodie(), MailMessage::PasswordReset, url);
            assert!(mail.body.contains(&format!("Sign in at {url}\n")), "{url}");
        }
    }

    #[test]
    fn names_stay_plain_text_and_holes_in_them_stay_as_typed() {
        let target = Target {
            display_name: "<b>x</b> {password}".into(),
            ..elodie()
        };
        let sender = Sender {
            name: "<i>Boss</i> {url}".into(),
            address: "admin@contoso.example".into(),
        };
        let context = MailContext {
            tenant_name: Some("<script>{upn}"),
            sign_in_url: "https://www.office.com",
            sender: &sender,
        };
        let password = Password::new("Secret-1".into());
        let mail = compose(
            Lang::En.strings(),
            &target,
            &password,
            AtSignIn::Nothing,
            MailMessage::Welcome,
            &context,
        );
        assert!(mail.body.starts_with("Hello <b>x</b> {password},"));
        assert!(
            mail.body
                .contains("Sent by <i>Boss</i> {url} (admin@contoso.example).")
        );
        assert!(mail.body.contains("Your <script>{upn} account"));
        assert_eq!(mail.subject, "Welcome to <script>{upn}");
        assert_eq!(mail.body.matches("Secret-1").count(), 1);
        assert!(!mail.body.contains(Lang::En.strings().require_change_note));
    }

    #[test]
    fn without_a_tenant_name_the_sign_in_domain_names_the_tenant() {
        let sender = amara();
        let context = MailContext {
            tenant_name: None,
            sign_in_url: "https://www.office.com",
            sender: &sender,
        };
        let password = Password::new(PASSWORD.into());
        let mail = compose(
            Lang::En.strings(),
            &elodie(),
            &password,
            AtSignIn::ChangePassword,
            MailMessage::Welcome,
            &context,
        );
        assert_eq!(mail.subject, "Welcome to contoso.example");
    }

    #[test]
    fn multifactor_at_sign_in_implies_a_new_password_and_the_mail_says_both() {
        assert_eq!(AtSignIn::of(false, true), AtSignIn::MfaThenChangePassword);
        assert_eq!(AtSignIn::of(true, true), AtSignIn::MfaThenChangePassword);
        assert_eq!(AtSignIn::of(true, false), AtSignIn::ChangePassword);
        assert_eq!(AtSignIn::of(false, false), AtSignIn::Nothing);
        let sender = amara();
        let context = MailContext {
            tenant_name: Some("Contoso"),
            sign_in_url: "https://www.office.com",
            sender: &sender,
        };
        let password = Password::new(PASSWORD.into());
        for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Zh] {
            let strings = lang.strings();
            let mail = compose(
                strings,
                &elodie(),
                &password,
                AtSignIn::MfaThenChangePassword,
                MailMessage::PasswordReset,
                &context,
            );
            assert!(mail.body.contains(strings.require_mfa_note), "{lang:?}");
            assert!(!mail.body.contains(strings.require_change_note), "{lang:?}");
        }
        assert!(Lang::En.strings().require_mfa_note.contains("new password"));
    }
}
