//! The results of a reset run as CSV, for the admin's records. Passwords go
//! in only when the admin asks for them.

use zeroize::Zeroizing;

use super::state::{MailStatus, ResetStatus, SignOutStatus, UserOutcome};
use crate::i18n::{Strings, fill};

/// One row per user: name, user name, outcome, mail, the sign-out when the
/// run asked for one, and the password only when `with_passwords` and the
/// reset was confirmed. The text is wiped when
/// dropped, since it may hold passwords.
pub fn results_csv(
    strings: &Strings,
    outcomes: &[UserOutcome],
    with_passwords: bool,
) -> Zeroizing<String> {
    let mut csv = Zeroizing::new(String::new());
    let mut header = vec![
        strings.column_name,
        strings.column_user_name,
        strings.csv_outcome,
        strings.csv_mail,
    ];
    let signing_out = outcomes
        .iter()
        .any(|o| o.sign_out != SignOutStatus::NotRequested);
    if signing_out {
        header.push(strings.csv_sign_out);
    }
    if with_passwords {
        header.push(strings.password);
    }
    push_row(&mut csv, header.iter().copied(), None);
    for outcome in outcomes {
        let reset = outcome_text(strings, &outcome.reset);
        let mail = mail_text(strings, outcome);
        let sign_out = sign_out_text(strings, outcome);
        let cells = [
            outcome.target.display_name.as_str(),
            outcome.target.user_principal_name.as_str(),
            reset.as_str(),
            mail.as_str(),
            sign_out.as_str(),
        ];
        let cells = &cells[..if signing_out { 5 } else { 4 }];
        let password =
            with_passwords.then(|| outcome.visible_password().map_or("", |p| p.as_str()));
        push_row(&mut csv, cells.iter().copied(), password);
    }
    csv
}

/// A user's outcome in a few words, as the CSV and the result table word it.
pub fn outcome_text(strings: &Strings, reset: &ResetStatus) -> String {
    match reset {
        ResetStatus::Done => strings.outcome_reset.to_string(),
        ResetStatus::Waiting => strings.outcome_waiting.to_string(),
        ResetStatus::InProgress => strings.resetting.to_string(),
        ResetStatus::NotSent => strings.outcome_not_sent.to_string(),
        ResetStatus::NotAllowed(denial) => fill(
            strings.outcome_not_allowed,
            &[("reason", &strings.denial(denial))],
        ),
        ResetStatus::Failed(error) => {
            let template = if error.write_may_have_applied() {
                strings.outcome_unconfirmed
            } else {
                strings.outcome_not_changed
            };
            fill(template, &[("error", &strings.api_error(error))])
        }
    }
}

/// The notification mail's fate in a few words.
pub fn mail_text(strings: &Strings, outcome: &UserOutcome) -> String {
    let recipients = outcome.recipients.join("; ");
    match &outcome.mail {
        // Asked for, but a user whose password was not set gets no mail.
        MailStatus::NotRequested
            if !outcome.recipients.is_empty() && outcome.reset != ResetStatus::Done =>
        {
            strings.not_sent_without_reset.to_string()
        }
        MailStatus::NotRequested => strings.mail_not_requested.to_string(),
        MailStatus::Pending => strings.mail_pending.to_string(),
        MailStatus::Sent => fill(strings.mail_sent_short, &[("recipients", &recipients)]),
        MailStatus::Failed(error) => fill(
            strings.mail_failed_short,
            &[("error", &strings.api_error(error))],
        ),
    }
}

/// Whether the user was signed out of all sessions, in a few words.
pub fn sign_out_text(strings: &Strings, outcome: &UserOutcome) -> String {
    match (&outcome.reset, &outcome.sign_out) {
        (_, SignOutStatus::Done) => strings.signed_out.to_string(),
        (_, SignOutStatus::Failed(error)) => fill(
            strings.sign_out_failed_short,
            &[("error", &strings.api_error(error))],
        ),
        (ResetStatus::Done, SignOutStatus::Pending) => strings.sign_out_pending.to_string(),
        // Asked for, but it follows only a reset that succeeded.
        (_, SignOutStatus::Pending) => strings.not_sent_without_reset.to_string(),
        (_, SignOutStatus::NotRequested) => strings.mail_not_requested.to_string(),
        (_, SignOutStatus::NotAllowed) => strings.sign_out_not_allowed.to_string(),
    }
}

/// `password`, last, is written exactly as set: a changed character would
/// make the record wrong. Passwords never start like a formula (see
/// [`crate::password::FORMULA_LEADS`]), so it needs no guard.
fn push_row<'a>(csv: &mut String, cells: impl Iterator<Item = &'a str>, password: Option<&str>) {
    for (index, cell) in cells.enumerate() {
        if index > 0 {
            csv.push(',');
        }
        push_cell(csv, cell, true);
    }
    if let Some(password) = password {
        csv.push(',');
        push_cell(csv, password, false);
    }
    // RFC 4180 line ends, which spreadsheet programs expect.
    csv.push_str("\r\n");
}

/// Quotes every cell, doubles inner quotes, and with `defuse` guards cells a
/// spreadsheet would run as a formula (a display name such as `=HYPERLINK(…)`).
fn push_cell(csv: &mut String, cell: &str, defuse: bool) {
    csv.push('"');
    if defuse && cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        csv.push('\'');
    }
    for c in cell.chars() {
        if c == '"' {
            csv.push('"');
        }
        csv.push(c);
    }
    csv.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::i18n::Lang;
    use crate::password::Password;

    fn outcome(name: &str, reset: ResetStatus, mail: MailStatus) -> UserOutcome {
        UserOutcome::sample(name, reset, mail)
    }

    fn sample() -> Vec<UserOutcome> {
        vec![
            outcome("Ann", ResetStatus::Done, MailStatus::Sent),
            outcome(
                "Bob",
                ResetStatus::Failed(ApiError::NotFound {
                    graph: Default::default(),
                }),
                MailStatus::NotRequested,
            ),
        ]
    }

    #[test]
    fn passwords_are_left_out_unless_asked_for() {
        let s = Lang::En.strings();
        let csv = results_csv(s, &sample(), false);
        assert!(!csv.contains("Pw-"));
        assert_eq!(
            csv.lines().next().unwrap(),
            "\"Display name\",\"Username\",\"Outcome\",\"Notification email\""
        );
        assert!(csv.contains(
            "\"Ann\",\"ann@contoso.example\",\"Password reset\",\"Accepted for delivery to desk@example.net\"\r\n"
        ));
        assert!(csv.contains("\"Bob\",\"bob@contoso.example\",\"Not changed: This user no longer exists; refresh the list.\",\"Not sent, as the password was not reset\"\r\n"));
    }

    #[test]
    fn only_confirmed_passwords_are_written() {
        let csv = results_csv(Lang::En.strings(), &sample(), true);
        assert!(csv.lines().next().unwrap().ends_with(",\"Password\""));
        assert!(csv.contains("\"Pw-Ann-2026!\""));
        // Bob's reset failed: his password was never set, so it is not shown.
        assert!(!csv.contains("Pw-Bob"));
    }

    #[test]
    fn a_reset_the_tenant_may_have_applied_is_not_called_not_changed() {
        let lost = outcome(
            "Cy",
            ResetStatus::Failed(ApiError::Timeout),
            MailStatus::NotRequested,
        );
        let csv = results_csv(Lang::En.strings(), &[lost], false);
        assert!(csv.contains("\"Not confirmed, may have been changed: "));
        assert!(!csv.contains("Not changed"));
    }

    #[test]
    fn users_cancelled_or_not_allowed_say_they_were_not_reset() {
        let s = Lang::En.strings();
        let cancelled = outcome("Eve", ResetStatus::NotSent, MailStatus::NotRequested);
        let boss = UserOutcome::not_allowed(
            outcome("Max", ResetStatus::Waiting, MailStatus::NotRequested).target,
            crate::roles::ResetDenial::TargetRole(crate::roles::Role::GlobalAdministrator),
        );
        let csv = results_csv(s, &[cancelled, boss], true);
        assert!(csv.contains(
            "\"Eve\",\"eve@contoso.example\",\"Not reset: the run was cancelled before this user’s turn.\",\"Not sent, as the password was not reset\",\"\""
        ));
        assert!(csv.contains(
            "\"Not reset: Your roles can't reset the password of a Global Administrator.\""
        ));
        assert!(!csv.contains("Pw-Eve"));
    }

    #[test]
    fn quotes_are_doubled_and_formulas_defused() {
        let mut tricky = outcome("x", ResetStatus::Done, MailStatus::NotRequested);
        tricky.target.display_name = "=HYPERLINK(\"http://evil\")".into();
        let csv = results_csv(Lang::En.strings(), &[tricky], false);
        assert!(csv.contains("\"'=HYPERLINK(\"\"http://evil\"\")\""));
    }

    #[test]
    fn the_exported_password_is_the_one_set() {
        // A typed "-Xk7#..." was set on the tenant but exported as "'-Xk7#...".
        let mut typed = outcome("Di", ResetStatus::Done, MailStatus::NotRequested);
        typed.target.display_name = "-Di".into();
        let set = "-Xk7#pQ2!vLm\"z";
        typed.password = Password::new(set.into());
        let csv = results_csv(Lang::En.strings(), &[typed], true);
        let row = csv.split("\r\n").nth(1).unwrap();
        let cell = row.rsplit_once(",\"").unwrap().1;
        let exported = cell.strip_suffix('"').unwrap().replace("\"\"", "\"");
        assert_eq!(exported, set);
        // The other cells keep their guard.
        assert!(row.starts_with("\"'-Di\","));
    }

    #[test]
    fn a_run_that_signs_users_out_says_for_whom_it_worked() {
        let mut done = outcome("Ann", ResetStatus::Done, MailStatus::NotRequested);
        done.sign_out = SignOutStatus::Done;
        let mut refused = outcome("Bob", ResetStatus::Done, MailStatus::NotRequested);
        refused.sign_out = SignOutStatus::Failed(ApiError::Forbidden {
            message: "Insufficient privileges.".into(),
            graph: Default::default(),
        });
        let mut not_reset = outcome(
            "Cy",
            ResetStatus::Failed(ApiError::NotFound {
                graph: Default::default(),
            }),
            MailStatus::NotRequested,
        );
        not_reset.sign_out = SignOutStatus::Pending;
        let csv = results_csv(Lang::En.strings(), &[done, refused, not_reset], true);
        let lines: Vec<&str> = csv.split("\r\n").collect();
        assert!(lines[0].ends_with(",\"Sessions\",\"Password\""));
        assert!(lines[1].ends_with(",\"Signed out of all sessions.\",\"Pw-Ann-2026!\""));
        // The reset stands, and so does its password, when the sign-out failed.
        assert!(lines[2].contains(",\"Not signed out: You don't have permission to do this (Insufficient privileges.).\",\"Pw-Bob-2026!\""));
        // Asked for, but it follows only a reset that succeeded.
        assert!(lines[3].contains(",\"Not sent, as the password was not reset\","));
        for line in lines.iter().filter(|l| !l.is_empty()) {
            assert_eq!(line.matches("\",\"").count(), 5, "{line}");
        }
        // Runs that did not ask keep the four columns.
        let plain = results_csv(Lang::En.strings(), &sample(), false);
        assert!(!plain.contains("Sessions"));
    }

    #[test]
    fn every_row_has_the_same_number_of_cells() {
        let csv = results_csv(Lang::En.strings(), &sample(), true);
        for line in csv.split("\r\n").filter(|l| !l.is_empty()) {
            assert_eq!(line.matches("\",\"").count(), 4, "{line}");
        }
    }
}
