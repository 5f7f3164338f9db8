//! The widget's words, one table per language. English is built in, and
//! fills every field (a missing text is a compile error); French, German and
//! Chinese ship as text files beside the wasm (see [`table`]), fetched when
//! the widget's or a mail's language needs them, and tested as strictly.

mod en;
#[cfg(feature = "ui")]
pub mod load;
pub mod table;

use crate::api::ApiError;
use crate::api::models::RESET_PERMISSION;
use crate::password::{GeneratorError, MAX_LENGTH, MIN_LENGTH, PolicyViolation};
use crate::reset::recipients::RecipientsError;
use crate::roles::ResetDenial;

use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};

pub use en::EN;

/// The tables read so far, French, German and Chinese, each read once per page.
static TABLES: [OnceLock<&'static Strings>; 3] =
    [OnceLock::new(), OnceLock::new(), OnceLock::new()];
/// Tables that could not be had: the widget goes on without them for the page.
static UNAVAILABLE: [AtomicBool; 3] = [const { AtomicBool::new(false) }; 3];

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Lang {
    #[default]
    En,
    Fr,
    De,
    Zh,
}

impl Lang {
    /// Reads a BCP 47 tag (`fr`, `fr-CA`, `zh-Hans-CN`); unknown languages give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Lang::En),
            "fr" => Some(Lang::Fr),
            "de" => Some(Lang::De),
            "zh" => Some(Lang::Zh),
            _ => None,
        }
    }

    pub fn tag(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Fr => "fr",
            Lang::De => "de",
            Lang::Zh => "zh-Hans",
        }
    }

    /// The language's name in itself, as the dialog names a mail's language.
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Fr => "Français",
            Lang::De => "Deutsch",
            Lang::Zh => "中文",
        }
    }

    /// The language whose table `strings` is.
    pub fn of(strings: &Strings) -> Lang {
        [Lang::Fr, Lang::De, Lang::Zh]
            .into_iter()
            .find(|lang| lang.loaded().is_some_and(|t| std::ptr::eq(t, strings)))
            .unwrap_or(Lang::En)
    }

    /// Where the language's table is kept; English is built in.
    fn slot(self) -> Option<usize> {
        match self {
            Lang::En => None,
            Lang::Fr => Some(0),
            Lang::De => Some(1),
            Lang::Zh => Some(2),
        }
    }

    /// The table, when the page has it: English always, the others once read.
    pub fn loaded(self) -> Option<&'static Strings> {
        match self.slot() {
            None => Some(&EN),
            Some(slot) => TABLES[slot].get().copied(),
        }
    }

    /// Whether the page has the language's table.
    pub fn is_loaded(self) -> bool {
        self.loaded().is_some()
    }

    /// The table when the page has it, else English: what a widget in this
    /// language shows.
    pub fn table(self) -> &'static Strings {
        self.loaded().unwrap_or(&EN)
    }

    /// Keeps a table read for the page; the first one kept stays.
    fn keep(self, strings: Strings) {
        if let Some(slot) = self.slot() {
            TABLES[slot].get_or_init(|| Box::leak(Box::new(strings)));
        }
    }

    /// Whether the table could not be had: the language counts as one the
    /// widget does not know, for the rest of the page.
    pub fn unavailable(self) -> bool {
        self.slot()
            .is_some_and(|slot| UNAVAILABLE[slot].load(Ordering::Relaxed))
    }

    fn mark_unavailable(self) {
        if let Some(slot) = self.slot() {
            UNAVAILABLE[slot].store(true, Ordering::Relaxed);
        }
    }

    /// Every language's table, the shipped text files read from the source
    /// tree. For tests and tools: it puts every table into the binary, so
    /// the widget reads [`Lang::loaded`] and fetches with `load::load`.
    pub fn strings(self) -> &'static Strings {
        if let Some(strings) = self.loaded() {
            return strings;
        }
        let text = table::bundled_text(self).expect("only English has no text file");
        self.keep(table::parse(text).expect("the shipped tables are checked by the tests"));
        self.loaded().expect("just kept")
    }
}

/// Declares [`Strings`] and, from the same list, [`Strings::fields`], so the
/// tests can walk every text of every language without naming each field twice.
macro_rules! strings_table {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $( $(#[$field_meta:meta])* pub $field:ident: &'static str, )*
        }
    ) => {
        $(#[$meta])*
        pub struct $name {
            $( $(#[$field_meta])* pub $field: &'static str, )*
        }

        impl $name {
            /// How many texts a table holds.
            pub const FIELD_COUNT: usize = [$(stringify!($field)),*].len();

            /// The field names, hashed: what a table read at run time must match.
            pub const KEY_HASH: u32 =
                table::KeyHash::new()$(.add_bytes(stringify!($field).as_bytes()))*.0;

            /// A table from its texts, in declaration order.
            pub fn from_texts(texts: [&'static str; Self::FIELD_COUNT]) -> Self {
                let [$($field),*] = texts;
                Self { $($field),* }
            }

            /// Every text with its field name, in declaration order.
            pub fn fields(&self) -> [(&'static str, &'static str); Self::FIELD_COUNT] {
                [$((stringify!($field), self.$field)),*]
            }
        }
    };
}

strings_table! {
    /// Every text the widget shows. `{name}`-style holes are filled by [`fill`].
    pub struct Strings {
        pub active_users: &'static str,
        pub search_label: &'static str,
        pub search_placeholder: &'static str,
        pub column_name: &'static str,
        pub column_user_name: &'static str,
        pub column_email: &'static str,
        pub select_user: &'static str,
        pub select_all_shown: &'static str,
        pub selected_count: &'static str,
        pub loading_users: &'static str,
        pub load_more: &'static str,
        pub no_users: &'static str,
        pub reset_password: &'static str,
        /// The dialog's submit button ("Réinitialiser" in the French admin center).
        pub submit_reset: &'static str,
        pub dialog_title_one: &'static str,
        pub dialog_title_many: &'static str,
        pub dialog_intro_one: &'static str,
        pub dialog_intro_many: &'static str,
        pub auto_generate: &'static str,
        pub password: &'static str,
        pub show_password: &'static str,
        pub hide_password: &'static str,
        pub strength_bits: &'static str,
        pub require_change: &'static str,
        pub require_mfa: &'static str,
        pub email_password: &'static str,
        pub recipients: &'static str,
        pub recipients_hint: &'static str,
        pub cancel: &'static str,
        pub resetting: &'static str,
        pub progress: &'static str,
        pub result_title_one: &'static str,
        pub result_title_many: &'static str,
        pub password_for: &'static str,
        pub copy_password: &'static str,
        pub copied: &'static str,
        pub copy_failed: &'static str,
        pub reset_done: &'static str,
        pub reset_failed: &'static str,
        /// A reset whose answer was lost or unreadable: it may have happened.
        pub reset_unknown: &'static str,
        pub mail_pending: &'static str,
        pub mail_sent: &'static str,
        pub mail_failed: &'static str,
        /// A mail whose answer was lost: it may have gone out.
        pub mail_unconfirmed: &'static str,
        pub send_again: &'static str,
        pub close: &'static str,
        pub checking_roles: &'static str,
        pub no_reset_role: &'static str,
        pub own_account: &'static str,
        pub target_role: &'static str,
        pub mail_subject: &'static str,
        pub mail_body: &'static str,
        pub require_change_note: &'static str,
        pub require_mfa_note: &'static str,
        pub mail_welcome_subject: &'static str,
        pub mail_welcome_body: &'static str,
        /// Where to sign in and who sent the mail; ends both messages.
        pub mail_footer: &'static str,
        /// The dialog's choice between the two messages.
        pub mail_message: &'static str,
        pub mail_message_reset: &'static str,
        pub mail_message_welcome: &'static str,
        pub mail_language: &'static str,
        pub preview_email: &'static str,
        pub error_network: &'static str,
        pub error_timeout: &'static str,
        pub error_unauthorized: &'static str,
        pub error_forbidden: &'static str,
        pub error_role_permission: &'static str,
        pub reset_permission_hint: &'static str,
        pub error_not_found: &'static str,
        pub error_password_rejected: &'static str,
        pub error_bad_request: &'static str,
        pub error_conflict: &'static str,
        pub error_throttled: &'static str,
        pub error_server: &'static str,
        pub error_malformed: &'static str,
        pub error_config: &'static str,
        /// sendMail from an account without an Exchange Online mailbox.
        pub error_mailbox_not_enabled: &'static str,
        /// A reset Graph refused because the user is synced from on-premises.
        pub error_on_premises: &'static str,
        /// A 429 whose wait could not be read (cross-origin).
        pub error_throttled_later: &'static str,
        /// Follows an error from the tenant: the id to quote to support.
        pub request_id_note: &'static str,
        /// Why a synced user's row cannot be selected.
        pub on_premises_user: &'static str,
        /// Why a user outside the admin's administrative units can't be selected.
        pub outside_units: &'static str,
        /// Why a member of a restricted-management unit can't be selected.
        pub restricted_unit: &'static str,
        /// Why a member or owner of a role-assignable group can't be selected.
        pub role_assignable_group: &'static str,
        /// Re-reads the admin's roles (a PIM activation, say) without a reload.
        pub check_roles_again: &'static str,
        /// Next to the email option when the admin's account has no mailbox.
        pub no_mailbox_note: &'static str,
        pub recipients_empty: &'static str,
        pub recipients_invalid: &'static str,
        pub recipients_duplicate: &'static str,
        pub recipients_too_many: &'static str,
        pub policy_too_short: &'static str,
        pub policy_too_long: &'static str,
        pub policy_disallowed: &'static str,
        pub policy_classes: &'static str,
        pub generated_password: &'static str,
        pub regenerate: &'static str,
        pub password_length: &'static str,
        pub use_lowercase: &'static str,
        pub use_uppercase: &'static str,
        pub use_digits: &'static str,
        pub use_symbols: &'static str,
        pub avoid_look_alikes: &'static str,
        pub generator_error: &'static str,
        pub each_user_own_password: &'static str,
        pub retry_countdown: &'static str,
        pub retry_failed: &'static str,
        pub download_csv: &'static str,
        pub csv_include_passwords: &'static str,
        pub csv_outcome: &'static str,
        pub csv_mail: &'static str,
        pub outcome_reset: &'static str,
        pub outcome_not_changed: &'static str,
        /// A reset the tenant may have applied without confirming it.
        pub outcome_unconfirmed: &'static str,
        pub mail_not_requested: &'static str,
        /// A mail or sign-out asked for but not sent: the reset did not succeed.
        pub not_sent_without_reset: &'static str,
        pub mail_sent_short: &'static str,
        pub mail_failed_short: &'static str,
        pub print: &'static str,
        pub print_title: &'static str,
        pub print_note: &'static str,
        pub must_change: &'static str,
        pub yes: &'static str,
        pub no: &'static str,
        pub error_paging_loop: &'static str,
        pub error_next_page_elsewhere: &'static str,
        pub internal_error: &'static str,
        pub policy_too_common: &'static str,
        pub policy_formula_lead: &'static str,
        // Recent resets
        pub recent_resets: &'static str,
        pub column_reset_at: &'static str,
        pub column_reset_by: &'static str,
        pub column_status: &'static str,
        pub column_actions: &'static str,
        pub status_waiting: &'static str,
        pub status_signed_in: &'static str,
        pub status_changed: &'static str,
        pub status_reset_again: &'static str,
        pub reset_again_and_send: &'static str,
        pub refresh: &'static str,
        pub loading_resets: &'static str,
        pub no_recent_resets: &'static str,
        pub audit_permission_missing: &'static str,
        pub reset_by_you: &'static str,
        // Bulk runs
        pub select_all_matching: &'static str,
        pub selecting_all: &'static str,
        pub left_out_note: &'static str,
        pub outcome_waiting: &'static str,
        pub outcome_not_sent: &'static str,
        pub outcome_not_allowed: &'static str,
        pub summary_reset: &'static str,
        pub summary_failed: &'static str,
        pub summary_pending: &'static str,
        pub summary_not_sent: &'static str,
        pub summary_not_allowed: &'static str,
        pub summary_mail_failed: &'static str,
        pub list_separator: &'static str,
        pub results_table: &'static str,
        pub filter_label: &'static str,
        pub filter_all: &'static str,
        pub filter_reset: &'static str,
        pub filter_failed: &'static str,
        pub filter_not_reset: &'static str,
        pub filter_mail_failed: &'static str,
        pub no_matching_results: &'static str,
        pub pause: &'static str,
        pub resume: &'static str,
        pub cancel_run: &'static str,
        pub run_paused: &'static str,
        pub run_cancelling: &'static str,
        // Passphrases
        /// The choice between a password and a passphrase.
        pub generator_kind: &'static str,
        pub passphrase: &'static str,
        pub word_count: &'static str,
        pub word_separator: &'static str,
        pub capitalize: &'static str,
        pub include_number: &'static str,
        /// The credit the EFF word list's licence (CC BY 3.0) asks for.
        pub passphrase_credit: &'static str,
        pub word_count_range: &'static str,
        pub separator_invalid: &'static str,
        // Signing the user out of all sessions
        pub sign_out_one: &'static str,
        pub sign_out_many: &'static str,
        pub sign_out_pending: &'static str,
        pub signed_out: &'static str,
        /// The reset stands: the password is shown next to this.
        pub sign_out_failed: &'static str,
        pub csv_sign_out: &'static str,
        pub sign_out_failed_short: &'static str,
        /// Why the sign-out option is off: no role of the admin's may sign
        /// the chosen users out (Password Administrator resets only).
        pub sign_out_none_allowed: &'static str,
        /// `{count}` of the chosen users cannot be signed out by the admin.
        pub sign_out_some_not_allowed: &'static str,
        /// A user asked to be signed out whose sign-out the admin's roles do not allow.
        pub sign_out_not_allowed: &'static str,
    }
}

/// Fills `{key}` holes. Values are inserted as text; the UI never renders
/// them as markup, so names with `<` stay harmless.
///
/// One pass over the template: a value is never searched for holes itself,
/// so a display name such as `{password}` stays as typed.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    // Sized up front so the text is never moved while growing: the mail's
    // text holds a password, and a moved buffer would leave a copy behind.
    let room: usize = values.iter().map(|(_, v)| v.len()).sum::<usize>() * 2;
    let mut text = String::with_capacity(template.len() + room);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        text.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after.find('}').and_then(|close| {
            values
                .iter()
                .find(|(key, _)| *key == &after[..close])
                .map(|(_, v)| (close, v))
        });
        match hole {
            Some((close, value)) => {
                text.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                text.push('{');
                rest = after;
            }
        }
    }
    text.push_str(rest);
    text
}

impl Strings {
    /// The admin-facing sentence for an API error: what happened, what to do.
    pub fn api_error(&self, error: &ApiError) -> String {
        let sentence = match error {
            ApiError::Network(_) => self.error_network.to_string(),
            ApiError::Timeout => self.error_timeout.to_string(),
            ApiError::Unauthorized { .. } => self.error_unauthorized.to_string(),
            ApiError::Forbidden { message, .. } => {
                fill(self.error_forbidden, &[("detail", message)])
            }
            ApiError::NotFound { .. } => self.error_not_found.to_string(),
            ApiError::MailboxNotEnabled { .. } => self.error_mailbox_not_enabled.to_string(),
            ApiError::PasswordRejected { message, .. } => {
                fill(self.error_password_rejected, &[("detail", message)])
            }
            ApiError::OnPremisesManaged { message, .. } => {
                fill(self.error_on_premises, &[("detail", message)])
            }
            ApiError::BadRequest { message, .. } => {
                fill(self.error_bad_request, &[("detail", message)])
            }
            ApiError::Conflict { message, .. } => fill(self.error_conflict, &[("detail", message)]),
            ApiError::Throttled {
                retry_after_secs: Some(seconds),
                ..
            } => fill(self.error_throttled, &[("seconds", &seconds.to_string())]),
            ApiError::Throttled { .. } => self.error_throttled_later.to_string(),
            ApiError::Server { status, .. } => {
                fill(self.error_server, &[("status", &status.to_string())])
            }
            ApiError::Malformed(_) => self.error_malformed.to_string(),
            ApiError::PermissionMissing(permission) => {
                fill(self.error_role_permission, &[("permission", permission)])
            }
        };
        // The id Microsoft support asks for, as text the admin can select.
        match error.request_id() {
            Some(id) => format!("{sentence} {}", fill(self.request_id_note, &[("id", id)])),
            None => sentence,
        }
    }

    /// Why one user's reset failed. When the tenant may have applied it
    /// anyway, says so: the admin must not take it as "not changed".
    pub fn reset_failure(&self, name: &str, error: &ApiError) -> String {
        let template = if error.write_may_have_applied() {
            self.reset_unknown
        } else {
            self.reset_failed
        };
        let mut reason = self.api_error(error);
        // Graph says "Insufficient privileges" for a missing permission and
        // for a role that may not reset this user alike: name both.
        if matches!(error, ApiError::Forbidden { .. }) {
            reason.push(' ');
            reason.push_str(&fill(
                self.reset_permission_hint,
                &[("permission", RESET_PERMISSION)],
            ));
        }
        fill(template, &[("name", name), ("error", &reason)])
    }

    /// A notification that did not go out, or whose answer was lost: then
    /// it may have gone out, and the admin checks before sending a second.
    pub fn mail_failure(&self, recipients: &str, error: &ApiError) -> String {
        let template = if error.write_may_have_applied() {
            self.mail_unconfirmed
        } else {
            self.mail_failed
        };
        fill(
            template,
            &[
                ("recipients", recipients),
                ("error", &self.api_error(error)),
            ],
        )
    }

    /// Generator options the admin can fix say which rule they break;
    /// anything else (the random source failing) keeps its own words.
    pub fn generator_problem(&self, error: &GeneratorError) -> String {
        match error {
            GeneratorError::LengthOutOfRange { length, .. } if *length < MIN_LENGTH => fill(
                self.policy_too_short,
                &[
                    ("min", &MIN_LENGTH.to_string()),
                    ("actual", &length.to_string()),
                ],
            ),
            GeneratorError::LengthOutOfRange { length, .. } => fill(
                self.policy_too_long,
                &[
                    ("max", &MAX_LENGTH.to_string()),
                    ("actual", &length.to_string()),
                ],
            ),
            GeneratorError::NoClassSelected | GeneratorError::TooFewClasses { .. } => {
                self.policy_classes.to_string()
            }
            GeneratorError::WordCountOutOfRange { min, max, .. } => fill(
                self.word_count_range,
                &[("min", &min.to_string()), ("max", &max.to_string())],
            ),
            GeneratorError::InvalidSeparator => self.separator_invalid.to_string(),
            GeneratorError::Random(random) => format!("{} ({random})", self.generator_error),
            _ => self.generator_error.to_string(),
        }
    }

    pub fn denial(&self, denial: &ResetDenial) -> String {
        match denial {
            ResetDenial::OwnAccount => self.own_account.to_string(),
            ResetDenial::NoResetRole => self.no_reset_role.to_string(),
            ResetDenial::OnPremisesSynced => self.on_premises_user.to_string(),
            ResetDenial::OutsideUnits => self.outside_units.to_string(),
            ResetDenial::RestrictedUnit => self.restricted_unit.to_string(),
            ResetDenial::RoleAssignableGroup => self.role_assignable_group.to_string(),
            ResetDenial::TargetRole(role) => {
                fill(self.target_role, &[("role", role.display_name())])
            }
        }
    }

    pub fn policy_violation(&self, violation: &PolicyViolation) -> String {
        match violation {
            PolicyViolation::TooShort { min, actual } => fill(
                self.policy_too_short,
                &[("min", &min.to_string()), ("actual", &actual.to_string())],
            ),
            PolicyViolation::TooLong { max, actual } => fill(
                self.policy_too_long,
                &[("max", &max.to_string()), ("actual", &actual.to_string())],
            ),
            PolicyViolation::DisallowedCharacters(chars) => {
                let shown: Vec<String> = chars.iter().map(|c| format!("“{c}”")).collect();
                fill(self.policy_disallowed, &[("chars", &shown.join(" "))])
            }
            PolicyViolation::TooFewClasses { .. } => self.policy_classes.to_string(),
            PolicyViolation::TooCommon { .. } => self.policy_too_common.to_string(),
        }
    }

    pub fn recipients_error(&self, error: &RecipientsError) -> String {
        match error {
            RecipientsError::Empty => self.recipients_empty.to_string(),
            RecipientsError::InvalidAddress(a) => fill(self.recipients_invalid, &[("address", a)]),
            RecipientsError::Duplicate(a) => fill(self.recipients_duplicate, &[("address", a)]),
            RecipientsError::TooMany { found, limit } => fill(
                self.recipients_too_many,
                &[("found", &found.to_string()), ("limit", &limit.to_string())],
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::CallKind;

    #[test]
    fn language_tags() {
        assert_eq!(Lang::from_tag("fr-CA"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("zh_Hans_CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("DE"), Some(Lang::De));
        assert_eq!(Lang::from_tag(""), None);
        assert_eq!(Lang::from_tag("pt-BR"), None);
    }

    #[test]
    fn fill_replaces_every_hole_and_keeps_markup_as_text() {
        assert_eq!(
            fill("Select {name}", &[("name", "<b>x</b>")]),
            "Select <b>x</b>"
        );
        assert_eq!(fill("{a}-{a}", &[("a", "1")]), "1-1");
        // Values are not filled again, and unknown or unclosed braces stay.
        assert_eq!(
            fill(
                "{name}: {password}",
                &[("name", "{password}"), ("password", "pw")]
            ),
            "{password}: pw"
        );
        assert_eq!(fill("{x} {a", &[("a", "1")]), "{x} {a");
        assert_eq!(fill("é{a}ü", &[("a", "ß")]), "éßü");
    }

    #[test]
    fn every_error_has_a_sentence() {
        let s = Lang::En.strings();
        for e in [
            ApiError::Timeout,
            ApiError::NotFound {
                graph: Default::default(),
            },
            ApiError::Throttled {
                retry_after_secs: None,
                graph: Default::default(),
            },
        ] {
            assert!(!s.api_error(&e).is_empty());
        }
        assert!(
            s.api_error(&ApiError::Throttled {
                retry_after_secs: Some(3),
                graph: Default::default(),
            })
            .contains('3')
        );
        assert!(
            s.recipients_error(&RecipientsError::TooMany { found: 6, limit: 5 })
                .contains('5')
        );
    }

    const LANGS: [Lang; 4] = [Lang::En, Lang::Fr, Lang::De, Lang::Zh];

    /// The `{hole}` names of a text. Panics on a `{` or `}` that does not
    /// belong to a hole, so a typo such as `{name` cannot slip through.
    fn holes(text: &str) -> std::collections::BTreeSet<&str> {
        let mut found = std::collections::BTreeSet::new();
        let mut rest = text;
        while let Some(open) = rest.find(['{', '}']) {
            assert!(rest[open..].starts_with('{'), "stray '}}' in {text:?}");
            let close = rest[open..]
                .find('}')
                .unwrap_or_else(|| panic!("unclosed '{{' in {text:?}"));
            let name = &rest[open + 1..open + close];
            assert!(
                !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "odd hole {name:?} in {text:?}"
            );
            found.insert(name);
            rest = &rest[open + close + 1..];
        }
        found
    }

    #[test]
    fn each_language_has_its_own_table() {
        assert_eq!(Lang::En.strings().active_users, "Active users");
        assert_eq!(Lang::Fr.strings().active_users, "Utilisateurs actifs");
        assert_eq!(Lang::De.strings().active_users, "Aktive Benutzer");
        assert_eq!(Lang::Zh.strings().active_users, "活动用户");
    }

    #[test]
    fn every_table_fills_every_field() {
        for lang in LANGS {
            for (field, text) in lang.strings().fields() {
                assert!(!text.trim().is_empty(), "{lang:?}.{field} is empty");
            }
        }
    }

    #[test]
    fn holes_match_english_in_every_field() {
        let english = EN.fields();
        for lang in LANGS {
            for ((field, text), (_, en)) in lang.strings().fields().into_iter().zip(english) {
                assert_eq!(holes(text), holes(en), "{lang:?}.{field}: {text:?}");
            }
        }
    }

    #[test]
    fn translations_are_not_left_in_english() {
        // Short labels may legitimately match English ("Email" vs "E-Mail"
        // does not, but a proper noun could); sentences never should.
        let english = EN.fields();
        for lang in [Lang::Fr, Lang::De, Lang::Zh] {
            for ((field, text), (_, en)) in lang.strings().fields().into_iter().zip(english) {
                assert!(
                    text != en || en.split_whitespace().count() < 3,
                    "{lang:?}.{field} is still English"
                );
            }
        }
    }

    #[test]
    fn mail_body_keeps_the_english_layout() {
        fn lines(text: &str) -> Vec<std::collections::BTreeSet<&str>> {
            text.split('\n').map(holes).collect()
        }
        for lang in LANGS {
            let s = lang.strings();
            assert_eq!(lines(s.mail_body), lines(EN.mail_body), "{lang:?}");
            assert!(!s.mail_subject.contains('\n'), "{lang:?}");
        }
    }

    #[test]
    fn french_follows_the_admin_center_wording() {
        let fr = Lang::Fr.strings();
        assert_eq!(fr.active_users, "Utilisateurs actifs");
        assert_eq!(fr.reset_password, "Réinitialiser le mot de passe");
        assert_eq!(fr.submit_reset, "Réinitialiser");
        assert_eq!(fr.dialog_title_one, "Réinitialiser le mot de passe");
        assert_eq!(fr.dialog_title_many, "Réinitialiser les mots de passe");
        assert_eq!(fr.auto_generate, "Créer automatiquement un mot de passe");
        assert_eq!(
            fr.require_change,
            "Demander à cet utilisateur de modifier son mot de passe lors de sa première connexion"
        );
        assert_eq!(
            fr.email_password,
            "Envoyer le mot de passe par e-mail aux destinataires suivants"
        );
        assert!(fr.dialog_intro_one.starts_with("Réinitialiser "));
    }

    #[test]
    fn german_and_chinese_follow_the_admin_center_wording() {
        let de = Lang::De.strings();
        assert_eq!(de.active_users, "Aktive Benutzer");
        assert_eq!(de.reset_password, "Kennwort zurücksetzen");
        assert_eq!(de.dialog_title_one, "Kennwort zurücksetzen");
        let zh = Lang::Zh.strings();
        assert_eq!(zh.active_users, "活动用户");
        assert_eq!(zh.reset_password, "重置密码");
        assert_eq!(zh.dialog_title_one, "重置密码");
    }

    #[test]
    fn an_answered_error_offers_its_request_id_in_every_language() {
        let body = r#"{"error":{"code":"MailboxNotEnabledForRESTAPI","message":"The mailbox is either inactive, soft-deleted, or is hosted on-premise.","innerError":{"request-id":"0f1e2d3c-aaaa-4bbb-8ccc-123456789abc"}}}"#;
        let error = ApiError::from_response(404, None, body, CallKind::SendMail);
        for lang in [Lang::En, Lang::Fr, Lang::De, Lang::Zh] {
            let sentence = lang.strings().api_error(&error);
            assert!(
                sentence.ends_with("0f1e2d3c-aaaa-4bbb-8ccc-123456789abc"),
                "{lang:?}: {sentence}"
            );
            assert!(sentence.starts_with(lang.strings().error_mailbox_not_enabled));
        }
        assert_eq!(
            Lang::En.strings().api_error(&error),
            "Your account has no mailbox, so the email could not be sent. \
             Request ID: 0f1e2d3c-aaaa-4bbb-8ccc-123456789abc"
        );
        assert!(
            !Lang::En
                .strings()
                .api_error(&ApiError::Timeout)
                .contains("Request ID")
        );
    }

    #[test]
    fn a_reset_that_may_have_happened_is_never_called_not_changed() {
        let s = Lang::En.strings();
        let lost = s.reset_failure("Ana", &ApiError::Timeout);
        assert!(lost.contains("did not confirm whether the password of Ana was changed"));
        assert!(!lost.contains("was not changed"));
        let refused = s.reset_failure(
            "Ana",
            &ApiError::NotFound {
                graph: Default::default(),
            },
        );
        assert!(refused.starts_with("The password of Ana was not changed."));
    }

    #[test]
    fn roles_read_without_their_permission_name_it_in_every_language() {
        let missing = ApiError::PermissionMissing("RoleManagement.Read.Directory");
        assert_eq!(
            Lang::En.strings().api_error(&missing),
            "The widget needs the RoleManagement.Read.Directory permission to check roles. \
             Ask the administrator of your app registration to grant it."
        );
        for permission in [
            "RoleManagement.Read.Directory",
            "GroupMember.Read.All",
            "AdministrativeUnit.Read.All",
        ] {
            for lang in LANGS {
                assert!(
                    lang.strings()
                        .api_error(&ApiError::PermissionMissing(permission))
                        .contains(permission),
                    "{lang:?} {permission}"
                );
            }
        }
    }

    #[test]
    fn every_denial_has_its_own_reason_in_every_language() {
        use crate::roles::Role;
        let denials = [
            ResetDenial::OwnAccount,
            ResetDenial::NoResetRole,
            ResetDenial::TargetRole(Role::ReportsReader),
            ResetDenial::OnPremisesSynced,
            ResetDenial::OutsideUnits,
            ResetDenial::RestrictedUnit,
            ResetDenial::RoleAssignableGroup,
        ];
        for lang in LANGS {
            let reasons: std::collections::HashSet<String> =
                denials.iter().map(|d| lang.strings().denial(d)).collect();
            assert_eq!(reasons.len(), denials.len(), "{lang:?}");
        }
        let s = Lang::En.strings();
        assert_eq!(
            s.denial(&ResetDenial::OutsideUnits),
            "Outside your administrative units"
        );
        assert!(
            s.denial(&ResetDenial::RestrictedUnit)
                .contains("only admins assigned to that unit may reset")
        );
        assert!(
            s.denial(&ResetDenial::RoleAssignableGroup)
                .contains("only Privileged Authentication and Global Administrators may reset")
        );
    }

    #[test]
    fn a_refused_reset_names_the_permission_it_needs() {
        let refused = ApiError::Forbidden {
            message: "Insufficient privileges to complete the operation.".into(),
            graph: Default::default(),
        };
        for lang in LANGS {
            let text = lang.strings().reset_failure("Ana", &refused);
            assert!(
                text.contains("User-PasswordProfile.ReadWrite.All"),
                "{lang:?}"
            );
            assert!(text.contains("Insufficient privileges"), "{lang:?}");
        }
        let other = Lang::En.strings().reset_failure(
            "Ana",
            &ApiError::NotFound {
                graph: Default::default(),
            },
        );
        assert!(!other.contains("ReadWrite"));
    }

    #[test]
    fn a_sent_mail_is_accepted_for_delivery_not_delivered() {
        assert!(
            Lang::En
                .strings()
                .mail_sent
                .contains("accepted for delivery")
        );
        assert!(
            Lang::En
                .strings()
                .mail_sent_short
                .contains("Accepted for delivery")
        );
        for lang in LANGS {
            assert!(!lang.strings().mail_sent.contains("delivered"), "{lang:?}");
        }
    }

    #[test]
    fn a_text_keeps_its_trailing_space_in_the_text_files() {
        // Editors strip trailing spaces; the list separator ends with one.
        let english = EN.fields();
        for lang in [Lang::Fr, Lang::De] {
            for ((field, text), (_, en)) in lang.strings().fields().into_iter().zip(english) {
                assert_eq!(text.ends_with(' '), en.ends_with(' '), "{lang:?}.{field}");
            }
        }
    }

    #[test]
    fn translations_use_typographic_apostrophes_and_quotes() {
        for lang in [Lang::Fr, Lang::De, Lang::Zh] {
            for (field, text) in lang.strings().fields() {
                assert!(!text.contains(['\'', '"']), "{lang:?}.{field}: {text:?}");
            }
        }
    }

    #[test]
    fn french_puts_a_no_break_space_before_double_punctuation() {
        for (field, text) in Lang::Fr.strings().fields() {
            for (at, c) in text.char_indices() {
                if matches!(c, ':' | ';' | '?' | '!' | '»') {
                    assert!(
                        text[..at].ends_with('\u{a0}'),
                        "FR.{field}: no U+00A0 before {c:?} in {text:?}"
                    );
                }
                if c == '«' {
                    assert!(
                        text[at + c.len_utf8()..].starts_with('\u{a0}'),
                        "FR.{field}: no U+00A0 after « in {text:?}"
                    );
                }
            }
            assert!(!text.contains(" :") && !text.contains(" ;"), "FR.{field}");
        }
    }
}
