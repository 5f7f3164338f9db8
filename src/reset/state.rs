//! The reset flow as one state machine, and the pure rules around it: what the
//! dialog's choices mean ([`plan`]: which password each user gets) and what
//! each user's outcome is. No browser here.

use super::recipients::{RecipientsError, parse_recipients};
use crate::api::ApiError;
use crate::api::models::{Me, User};
use crate::i18n::Lang;
use crate::password::{FORMULA_LEADS, GeneratorError, Password, Recipe};
use crate::roles::ResetDenial;

/// A user chosen for a reset, with what the dialog and the mail need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub id: String,
    pub display_name: String,
    pub user_principal_name: String,
    pub alternate_email: Option<String>,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    /// The user's `preferredLanguage`: the mail's language when the widget has it.
    pub preferred_language: Option<String>,
    /// The account's `createdDateTime` (RFC 3339).
    pub created: Option<String>,
    /// The admin's roles may sign this user out of all sessions.
    pub may_sign_out: bool,
}

impl Target {
    /// The language the user's mail is written in: theirs when the widget
    /// has its table (`readable`), else the widget's own.
    pub fn mail_lang(&self, widget: Lang, readable: fn(Lang) -> bool) -> Lang {
        self.preferred_lang()
            .filter(|lang| readable(*lang))
            .unwrap_or(widget)
    }

    /// The user's `preferredLanguage` when it is one the widget knows.
    pub fn preferred_lang(&self) -> Option<Lang> {
        self.preferred_language.as_deref().and_then(Lang::from_tag)
    }

    /// Created within the last [`NEW_ACCOUNT_DAYS`] before `today` (days
    /// since 1970-01-01, UTC).
    pub fn is_new_account(&self, today: i64) -> bool {
        self.created
            .as_deref()
            .and_then(days_since_epoch)
            .is_some_and(|day| (0..=NEW_ACCOUNT_DAYS).contains(&(today - day)))
    }
}

/// How recent an account is still new: the welcome mail is preselected.
pub const NEW_ACCOUNT_DAYS: i64 = 7;

/// The day of an RFC 3339 timestamp (`2026-03-01T…`), in days since
/// 1970-01-01 (Howard Hinnant's `days_from_civil`).
pub fn days_since_epoch(timestamp: &str) -> Option<i64> {
    let date = timestamp.get(..10)?;
    let mut parts = date.split('-').map(|p| p.parse::<i64>().ok());
    let (year, month, day) = (parts.next()??, parts.next()??, parts.next()??);
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    Some(era * 146_097 + day_of_era - 719_468)
}

/// Who sends the notification: the signed-in admin, as the mail names them.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub struct Sender {
    pub name: String,
    pub address: String,
}

impl From<&Me> for Sender {
    fn from(me: &Me) -> Self {
        let address = me
            .mail
            .clone()
            .filter(|m| !m.trim().is_empty())
            .or_else(|| me.user_principal_name.clone())
            .unwrap_or_default();
        let name = me
            .display_name
            .clone()
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| address.clone());
        Sender { name, address }
    }
}

/// The two notifications the dialog offers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum MailMessage {
    #[default]
    PasswordReset,
    /// For a new account: its first password.
    Welcome,
}

impl MailMessage {
    /// Welcome when every user is a new account, as the admin center does
    /// for a user it just created.
    pub fn preselected(targets: &[Target], today: i64) -> MailMessage {
        if !targets.is_empty() && targets.iter().all(|t| t.is_new_account(today)) {
            MailMessage::Welcome
        } else {
            MailMessage::PasswordReset
        }
    }
}

impl From<&User> for Target {
    fn from(user: &User) -> Self {
        Target {
            id: user.id.clone(),
            display_name: user.label().to_string(),
            user_principal_name: user.user_principal_name.clone().unwrap_or_default(),
            alternate_email: user.alternate_email().map(str::to_string),
            given_name: user.given_name.clone(),
            surname: user.surname.clone(),
            preferred_language: user.preferred_language.clone(),
            created: user.created_date_time.clone(),
            // The tenant decides when the widget was not told otherwise.
            may_sign_out: true,
        }
    }
}

/// Where the admin is in the flow. Exactly one of these at a time.
///
/// `open` leads from the list to the dialog, `cancel` back; `start` sends a
/// run (`Resetting`); `pause` and `resume` move it between `Resetting` and
/// `Paused`; `cancel_run` from either leads to `Cancelling`; `settle` ends any
/// of the three in `Done` once every user's outcome is known; `retry_failed`
/// runs the failed users again from `Done`, and `close` returns to the list.
#[derive(Clone, Debug, PartialEq, Default)]
pub enum Flow {
    /// The users list, nothing in progress.
    #[default]
    Browsing,
    /// The reset dialog is open; nothing has been sent yet.
    Confirming { targets: Vec<Target> },
    /// Requests are under way. Outcomes fill in as answers come.
    Resetting { outcomes: Vec<UserOutcome> },
    /// The admin paused the run: no new reset is sent; those already sent
    /// finish and are recorded.
    Paused { outcomes: Vec<UserOutcome> },
    /// The admin cancelled the run: the users still waiting were marked
    /// [`ResetStatus::NotSent`]; the requests already sent are awaited, so
    /// no user is left without a known outcome.
    Cancelling { outcomes: Vec<UserOutcome> },
    /// Every request has ended; the outcomes stay on screen until closed.
    Done { outcomes: Vec<UserOutcome> },
}

impl Flow {
    pub fn open(self, targets: Vec<Target>) -> Flow {
        match self {
            Flow::Browsing if !targets.is_empty() => Flow::Confirming { targets },
            other => other,
        }
    }

    /// Cancel is only possible before anything was sent.
    pub fn cancel(self) -> Flow {
        match self {
            Flow::Confirming { .. } => Flow::Browsing,
            other => other,
        }
    }

    /// A run starts from the dialog, or again from a finished result; never
    /// while one is under way, so a second submit (a double click) sends nothing.
    pub fn can_start(&self) -> bool {
        matches!(self, Flow::Confirming { .. } | Flow::Done { .. })
    }

    pub fn start(self, outcomes: Vec<UserOutcome>) -> Flow {
        if self.can_start() {
            Flow::Resetting { outcomes }.settle()
        } else {
            self
        }
    }

    /// Stops sending new resets; what was sent finishes.
    pub fn pause(self) -> Flow {
        match self {
            Flow::Resetting { outcomes } => Flow::Paused { outcomes },
            other => other,
        }
    }

    /// Sends the waiting resets again after a pause.
    pub fn resume(self) -> Flow {
        match self {
            Flow::Paused { outcomes } => Flow::Resetting { outcomes },
            other => other,
        }
    }

    /// Cancels what is not sent yet: each waiting user is marked as not
    /// reset. Requests already out are awaited (the run settles when they
    /// end). Returns the ids of the users that were not sent.
    pub fn cancel_run(self) -> (Flow, Vec<String>) {
        match self {
            Flow::Resetting { mut outcomes } | Flow::Paused { mut outcomes } => {
                let mut dropped = Vec::new();
                for outcome in outcomes.iter_mut() {
                    if outcome.reset == ResetStatus::Waiting {
                        outcome.reset = ResetStatus::NotSent;
                        if outcome.mail == MailStatus::Pending {
                            outcome.mail = MailStatus::NotRequested;
                        }
                        dropped.push(outcome.target.id.clone());
                    }
                }
                (Flow::Cancelling { outcomes }.settle(), dropped)
            }
            other => (other, Vec::new()),
        }
    }

    /// Whether the run is sending new resets now.
    pub fn is_running(&self) -> bool {
        matches!(self, Flow::Resetting { .. })
    }

    /// The next user whose reset is to be sent, marked as sent: none when
    /// the run is paused, cancelled or has nobody waiting.
    pub fn take_next(&mut self) -> Option<String> {
        let Flow::Resetting { outcomes } = self else {
            return None;
        };
        let next = outcomes
            .iter_mut()
            .find(|o| o.reset == ResetStatus::Waiting)?;
        next.reset = ResetStatus::InProgress;
        Some(next.target.id.clone())
    }

    /// Records progress for one user, in whichever phase holds outcomes.
    pub fn update(&mut self, user_id: &str, change: impl FnOnce(&mut UserOutcome)) {
        if let Some(outcome) = self
            .outcomes_mut()
            .iter_mut()
            .find(|o| o.target.id == user_id)
        {
            change(outcome);
        }
    }

    /// Moves to `Done` once no request is still in flight and nobody waits.
    pub fn settle(self) -> Flow {
        match self {
            Flow::Resetting { outcomes }
            | Flow::Paused { outcomes }
            | Flow::Cancelling { outcomes }
                if outcomes.iter().all(UserOutcome::is_settled) =>
            {
                Flow::Done { outcomes }
            }
            other => other,
        }
    }

    /// Puts the users whose reset failed back in the queue; users already
    /// reset are left alone, so a retry never resets anyone twice. Each keeps
    /// the password it was meant to get, except one the tenant refused
    /// (too weak, banned): that one is never sent again, `fresh` draws
    /// another, and when it cannot, the user stays failed. Returns the ids to
    /// run again.
    pub fn retry_failed(
        self,
        mut fresh: impl FnMut() -> Result<Password, GeneratorError>,
    ) -> (Flow, Vec<String>) {
        match self {
            Flow::Done { mut outcomes } => {
                let mut again = Vec::new();
                for outcome in outcomes.iter_mut() {
                    let ResetStatus::Failed(error) = &outcome.reset else {
                        continue;
                    };
                    if matches!(error, ApiError::PasswordRejected { .. }) {
                        let Ok(password) = fresh() else {
                            continue;
                        };
                        outcome.password = password;
                    }
                    outcome.reset = ResetStatus::Waiting;
                    if !outcome.recipients.is_empty() {
                        outcome.mail = MailStatus::Pending;
                    }
                    again.push(outcome.target.id.clone());
                }
                if again.is_empty() {
                    (Flow::Done { outcomes }, again)
                } else {
                    (Flow::Resetting { outcomes }, again)
                }
            }
            other => (other, Vec::new()),
        }
    }

    /// Closing the result forgets the passwords (they are zeroized on drop).
    pub fn close(self) -> Flow {
        match self {
            Flow::Done { .. } => Flow::Browsing,
            other => other,
        }
    }

    pub fn outcomes(&self) -> &[UserOutcome] {
        match self {
            Flow::Resetting { outcomes }
            | Flow::Paused { outcomes }
            | Flow::Cancelling { outcomes }
            | Flow::Done { outcomes } => outcomes,
            _ => &[],
        }
    }

    fn outcomes_mut(&mut self) -> &mut [UserOutcome] {
        match self {
            Flow::Resetting { outcomes }
            | Flow::Paused { outcomes }
            | Flow::Cancelling { outcomes }
            | Flow::Done { outcomes } => outcomes,
            _ => &mut [],
        }
    }

    /// The users whose reset or mail has not ended yet: what the admin would
    /// not see if the widget went away now.
    pub fn unsettled_user_ids(&self) -> Vec<String> {
        self.outcomes()
            .iter()
            .filter(|o| !o.is_settled())
            .map(|o| o.target.id.clone())
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum ResetStatus {
    /// Planned, not sent yet.
    Waiting,
    /// Sent; the answer has not come yet.
    InProgress,
    Done,
    Failed(ApiError),
    /// Never sent: the admin cancelled the run before this user's turn.
    NotSent,
    /// Never sent: this admin may not reset this user (found when the users
    /// were selected in bulk).
    NotAllowed(ResetDenial),
}

/// Signing the user out of all sessions (Graph's `revokeSignInSessions`),
/// asked for in the dialog and done only after the reset succeeded.
#[derive(Clone, Debug, PartialEq)]
pub enum SignOutStatus {
    NotRequested,
    /// Asked for, but the admin's roles may not sign this user out: nothing
    /// is sent and the result says why.
    NotAllowed,
    /// Waiting for the reset to succeed, or being sent.
    Pending,
    Done,
    Failed(ApiError),
}

#[derive(Clone, Debug, PartialEq)]
pub enum MailStatus {
    NotRequested,
    /// Waiting for the reset to succeed, or being sent.
    Pending,
    Sent,
    Failed(ApiError),
}

/// What happened for one user. The password is kept only while it may still
/// be needed: on screen after a successful reset, or for a mail retry.
#[derive(Clone, Debug, PartialEq)]
pub struct UserOutcome {
    pub target: Target,
    pub password: Password,
    pub reset: ResetStatus,
    pub recipients: Vec<String>,
    pub mail: MailStatus,
    /// Its failure never hides the password: the reset stands either way.
    pub sign_out: SignOutStatus,
    /// Whether the user must choose a new password; the mail says so.
    pub require_change: bool,
    pub require_mfa: bool,
    pub message: MailMessage,
}

impl UserOutcome {
    pub fn new(
        target: Target,
        password: Password,
        recipients: Vec<String>,
        choices: &ResetChoices,
    ) -> Self {
        let mail = if recipients.is_empty() {
            MailStatus::NotRequested
        } else {
            MailStatus::Pending
        };
        let sign_out = match (choices.sign_out, target.may_sign_out) {
            (false, _) => SignOutStatus::NotRequested,
            (true, true) => SignOutStatus::Pending,
            (true, false) => SignOutStatus::NotAllowed,
        };
        UserOutcome {
            target,
            password,
            reset: ResetStatus::Waiting,
            recipients,
            mail,
            sign_out,
            // Graph treats a multifactor check at sign-in as a forced change
            // with a check first (passwordProfile): one implies the other.
            require_change: choices.require_change || choices.require_mfa,
            require_mfa: choices.require_mfa,
            message: choices.message,
        }
    }

    /// A user this admin may not reset, left out of the run: no password,
    /// no request, and the result says why.
    pub fn not_allowed(target: Target, denial: ResetDenial) -> Self {
        UserOutcome {
            target,
            password: Password::new(String::new()),
            reset: ResetStatus::NotAllowed(denial),
            recipients: Vec::new(),
            mail: MailStatus::NotRequested,
            sign_out: SignOutStatus::NotRequested,
            require_change: false,
            require_mfa: false,
            message: MailMessage::PasswordReset,
        }
    }

    pub fn is_settled(&self) -> bool {
        match self.reset {
            ResetStatus::Waiting | ResetStatus::InProgress => false,
            ResetStatus::Failed(_) | ResetStatus::NotSent | ResetStatus::NotAllowed(_) => true,
            ResetStatus::Done => {
                self.mail != MailStatus::Pending && self.sign_out != SignOutStatus::Pending
            }
        }
    }

    /// The password may be shown only when the tenant confirmed it was set.
    pub fn visible_password(&self) -> Option<&Password> {
        (self.reset == ResetStatus::Done).then_some(&self.password)
    }

    /// A failed reset: the password was not set. Records the error and the
    /// fact that no mail will go out. A sign-out asked for stays pending: it
    /// follows the reset if "Retry failed users" makes it succeed.
    pub fn reset_failed(&mut self, error: ApiError) {
        self.reset = ResetStatus::Failed(error);
        if self.mail == MailStatus::Pending {
            self.mail = MailStatus::NotRequested;
        }
    }
}

/// The dialog's choices, as the admin set them. [`plan`] turns them into one
/// outcome per user before anything is sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResetChoices {
    pub auto_generate: bool,
    pub require_change: bool,
    pub require_mfa: bool,
    pub send_mail: bool,
    pub recipients_text: String,
    pub message: MailMessage,
    /// Sign the users out of all sessions once their reset succeeded.
    pub sign_out: bool,
}

impl ResetChoices {
    /// The defaults of the admin center: generated password, change required,
    /// mail prefilled with the user's alternate address when there is one.
    pub fn for_targets(targets: &[Target]) -> Self {
        let alternate = match targets {
            [one] => one.alternate_email.clone(),
            _ => None,
        };
        ResetChoices {
            auto_generate: true,
            require_change: true,
            require_mfa: false,
            send_mail: alternate.is_some(),
            recipients_text: alternate.unwrap_or_default(),
            message: MailMessage::PasswordReset,
            sign_out: false,
        }
    }

    /// The recipients to mail, or none when mail is off.
    pub fn recipients(&self) -> Result<Vec<String>, RecipientsError> {
        if self.send_mail {
            parse_recipients(&self.recipients_text)
        } else {
            Ok(Vec::new())
        }
    }
}

/// Where the users' new passwords come from.
pub enum PasswordSource {
    /// Typed by the admin: every user gets it.
    Typed(Password),
    /// Generated in the dialog and shown to the admin, for one user: that user
    /// gets exactly what the admin saw (and may have copied). With several
    /// users each gets a fresh draw with the same recipe.
    Shown { password: Password, recipe: Recipe },
    /// A fresh password or passphrase per user, drawn at submit.
    Generated(Recipe),
}

impl PasswordSource {
    /// The recipe passwords are drawn with, when they are drawn.
    pub fn recipe(&self) -> Option<&Recipe> {
        match self {
            PasswordSource::Typed(_) => None,
            PasswordSource::Shown { recipe, .. } | PasswordSource::Generated(recipe) => {
                Some(recipe)
            }
        }
    }
}

/// Why a submit cannot start. Nothing was sent.
#[derive(Clone, Debug, PartialEq)]
pub enum PlanError {
    NoTargets,
    Recipients(RecipientsError),
    Generator(GeneratorError),
    /// A typed password breaks [`starts_like_a_formula`].
    StartsLikeAFormula,
}

/// The widget's own rule on typed passwords, on top of Entra's (which allows
/// these): a password starting with `= + - @` would be escaped in the CSV
/// export, so the admin's records would hold another password. Generated
/// passwords never start so.
pub fn starts_like_a_formula(password: &str) -> bool {
    password.starts_with(|c| FORMULA_LEADS.contains(c))
}

/// Decides each user's password and mail, in the order of `targets`: one
/// password for many accounts is never the result of "generate".
/// `generate` draws one password or passphrase (Web Crypto in the browser, a
/// seeded source in tests).
pub fn plan(
    choices: &ResetChoices,
    targets: &[Target],
    source: PasswordSource,
    mut generate: impl FnMut(&Recipe) -> Result<Password, GeneratorError>,
) -> Result<Vec<UserOutcome>, PlanError> {
    if targets.is_empty() {
        return Err(PlanError::NoTargets);
    }
    let recipients = choices.recipients().map_err(PlanError::Recipients)?;
    if let PasswordSource::Typed(typed) = &source
        && starts_like_a_formula(typed.as_str())
    {
        return Err(PlanError::StartsLikeAFormula);
    }
    let mut outcomes = Vec::with_capacity(targets.len());
    for target in targets {
        let password = match &source {
            PasswordSource::Typed(typed) => typed.clone(),
            PasswordSource::Shown { password, .. } if targets.len() == 1 => password.clone(),
            PasswordSource::Shown { recipe, .. } | PasswordSource::Generated(recipe) => {
                generate(recipe).map_err(PlanError::Generator)?
            }
        };
        outcomes.push(UserOutcome::new(
            target.clone(),
            password,
            recipients.clone(),
            choices,
        ));
    }
    Ok(outcomes)
}

/// Sample targets and outcomes for the reset feature's host tests.
#[cfg(test)]
impl Target {
    /// `name`, signing in as `name@contoso.example` (in lower case).
    pub(crate) fn sample(name: &str) -> Target {
        Target {
            id: name.into(),
            display_name: name.into(),
            user_principal_name: format!("{}@contoso.example", name.to_lowercase()),
            alternate_email: None,
            given_name: None,
            surname: None,
            preferred_language: None,
            created: None,
            may_sign_out: true,
        }
    }
}

#[cfg(test)]
impl UserOutcome {
    /// `name`'s outcome in the given state: password `Pw-<name>-2026!`, mail
    /// asked for to desk@example.net.
    pub(crate) fn sample(name: &str, reset: ResetStatus, mail: MailStatus) -> UserOutcome {
        let mut outcome = UserOutcome::new(
            Target::sample(name),
            crate::password::Password::new(format!("Pw-{name}-2026!")),
            vec!["desk@example.net".into()],
            &ResetChoices::for_targets(&[]),
        );
        outcome.reset = reset;
        outcome.mail = mail;
        outcome
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(id: &str) -> Target {
        Target::sample(id)
    }

    fn outcome(id: &str, mail: bool) -> UserOutcome {
        let recipients = if mail {
            vec!["x@example.net".to_string()]
        } else {
            vec![]
        };
        UserOutcome::new(
            target(id),
            Password::new("Secret-Pass-123".into()),
            recipients,
            &ResetChoices::for_targets(&[]),
        )
    }

    /// For retries where no password was refused: never called.
    fn no_fresh_password() -> Result<Password, GeneratorError> {
        panic!("no refused password, nothing to draw")
    }

    #[test]
    fn retry_draws_a_new_password_for_one_the_tenant_refused_and_never_resends_it() {
        let mut flow = running(&["weak", "lost", "ok"]);
        let refused = || ApiError::PasswordRejected {
            message: "The password is on the banned list.".into(),
            graph: Default::default(),
        };
        flow.update("weak", |o| o.reset_failed(refused()));
        flow.update("lost", |o| o.reset_failed(ApiError::Timeout));
        flow.update("ok", |o| o.reset = ResetStatus::Done);
        let mut drawn = 0;
        let (flow, again) = flow.settle().retry_failed(|| {
            drawn += 1;
            Ok(Password::new(format!("Fresh-Pass-{drawn}")))
        });
        assert_eq!(again, ["weak", "lost"]);
        assert_eq!(drawn, 1, "only the refused password is drawn again");
        assert_eq!(
            passwords(flow.outcomes()),
            ["Fresh-Pass-1", "Secret-Pass-123", "Secret-Pass-123"]
        );
        assert!(
            flow.outcomes()[..2]
                .iter()
                .all(|o| o.reset == ResetStatus::Waiting)
        );

        // When no new password can be drawn, the refused one is not sent again.
        let mut flow = running(&["weak"]);
        flow.update("weak", |o| o.reset_failed(refused()));
        let (flow, again) = flow
            .settle()
            .retry_failed(|| Err(GeneratorError::NoClassSelected));
        assert!(again.is_empty() && matches!(flow, Flow::Done { .. }));
        assert!(matches!(flow.outcomes()[0].reset, ResetStatus::Failed(_)));
    }

    #[test]
    fn cancel_before_submit_returns_to_the_list() {
        let flow = Flow::Browsing.open(vec![target("a")]);
        assert!(matches!(flow, Flow::Confirming { .. }));
        assert_eq!(flow.cancel(), Flow::Browsing);
    }

    #[test]
    fn cannot_cancel_or_close_while_resetting() {
        let flow = Flow::Browsing
            .open(vec![target("a")])
            .start(vec![outcome("a", false)]);
        assert!(matches!(flow.clone().cancel(), Flow::Resetting { .. }));
        assert!(matches!(flow.close(), Flow::Resetting { .. }));
    }

    #[test]
    fn a_second_submit_while_resetting_starts_nothing() {
        let flow = Flow::Browsing.open(vec![target("a")]);
        assert!(flow.can_start());
        let flow = flow.start(vec![outcome("a", false)]);
        assert!(!flow.can_start());
        assert_eq!(flow.clone().start(vec![outcome("a", false)]), flow);
    }

    #[test]
    fn opening_needs_a_target_and_the_list() {
        assert_eq!(Flow::Browsing.open(vec![]), Flow::Browsing);
        let resetting = Flow::Resetting { outcomes: vec![] };
        assert_eq!(resetting.clone().open(vec![target("a")]), resetting);
    }

    #[test]
    fn settles_only_when_mail_has_ended_too() {
        let mut flow = Flow::Browsing
            .open(vec![target("a")])
            .start(vec![outcome("a", true)]);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Resetting { .. }), "mail still pending");
        let mut flow = flow;
        flow.update("a", |o| o.mail = MailStatus::Failed(ApiError::Timeout));
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Done { .. }));
        // A failed mail never hides the successful reset nor its password.
        assert!(flow.outcomes()[0].visible_password().is_some());
    }

    #[test]
    fn a_failed_reset_never_shows_a_password_nor_sends_mail() {
        let mut o = outcome("a", true);
        o.reset_failed(ApiError::NotFound {
            graph: Default::default(),
        });
        assert!(o.visible_password().is_none());
        assert_eq!(o.mail, MailStatus::NotRequested);
        assert!(o.is_settled());
    }

    #[test]
    fn retry_runs_only_the_failed_users_again() {
        let mut flow = Flow::Browsing
            .open(vec![target("a"), target("b")])
            .start(vec![outcome("a", true), outcome("b", true)]);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        flow.update("a", |o| o.mail = MailStatus::Sent);
        flow.update("b", |o| o.reset_failed(ApiError::Timeout));
        let flow = flow.settle();
        let (flow, again) = flow.retry_failed(no_fresh_password);
        assert_eq!(again, vec!["b".to_string()]);
        assert!(matches!(flow, Flow::Resetting { .. }));
        let a = &flow.outcomes()[0];
        assert_eq!((&a.reset, &a.mail), (&ResetStatus::Done, &MailStatus::Sent));
        let b = &flow.outcomes()[1];
        assert_eq!(
            (&b.reset, &b.mail),
            (&ResetStatus::Waiting, &MailStatus::Pending)
        );
        assert_eq!(b.password.as_str(), "Secret-Pass-123");
    }

    #[test]
    fn unsettled_users_are_those_whose_reset_or_mail_is_still_out() {
        let mut flow = Flow::Confirming {
            targets: vec![target("a")],
        }
        .start(vec![
            outcome("a", true),
            outcome("b", false),
            outcome("c", false),
        ]);
        assert_eq!(flow.unsettled_user_ids(), ["a", "b", "c"]);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        flow.update("b", |o| o.reset = ResetStatus::Done);
        flow.update("c", |o| o.reset_failed(ApiError::Timeout));
        // a's mail is still out; b is reset and shown; c failed, nothing set.
        assert_eq!(flow.unsettled_user_ids(), ["a"]);
        flow.update("a", |o| o.mail = MailStatus::Sent);
        assert!(flow.settle().unsettled_user_ids().is_empty());
        assert!(Flow::Browsing.unsettled_user_ids().is_empty());
    }

    fn running(ids: &[&str]) -> Flow {
        let targets = ids.iter().map(|id| target(id)).collect();
        let outcomes = ids.iter().map(|id| outcome(id, false)).collect();
        Flow::Browsing.open(targets).start(outcomes)
    }

    #[test]
    fn the_run_hands_out_each_waiting_user_once_in_order() {
        let mut flow = running(&["a", "b"]);
        assert_eq!(flow.take_next().as_deref(), Some("a"));
        assert_eq!(flow.outcomes()[0].reset, ResetStatus::InProgress);
        assert_eq!(flow.take_next().as_deref(), Some("b"));
        assert_eq!(flow.take_next(), None);
        assert!(matches!(flow, Flow::Resetting { .. }), "answers still out");
    }

    #[test]
    fn a_paused_run_sends_nothing_new_but_records_answers_and_resumes() {
        let mut flow = running(&["a", "b", "c"]);
        assert_eq!(flow.take_next().as_deref(), Some("a"));
        let mut flow = flow.pause();
        assert!(matches!(flow, Flow::Paused { .. }) && !flow.is_running());
        assert_eq!(flow.take_next(), None, "nothing new is sent while paused");
        // The request sent before the pause still lands.
        flow.update("a", |o| o.reset = ResetStatus::Done);
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Paused { .. }), "b and c still wait");
        assert_eq!(
            flow.clone().cancel(),
            flow,
            "the dialog's cancel does not apply"
        );
        assert_eq!(flow.clone().close(), flow, "a paused run cannot be closed");
        let mut flow = flow.resume();
        assert!(flow.is_running());
        assert_eq!(flow.take_next().as_deref(), Some("b"));
        // Pause and resume mean nothing outside their phase.
        assert_eq!(Flow::Browsing.pause(), Flow::Browsing);
        let done = Flow::Done { outcomes: vec![] };
        assert_eq!(done.clone().resume(), done);
    }

    #[test]
    fn cancelling_marks_the_waiting_users_and_awaits_those_sent() {
        let mut flow = Flow::Browsing.open(vec![target("a")]).start(vec![
            outcome("a", true),
            outcome("b", true),
            outcome("c", false),
        ]);
        assert_eq!(flow.take_next().as_deref(), Some("a"));
        let (mut flow, dropped) = flow.cancel_run();
        assert_eq!(dropped, ["b", "c"]);
        assert!(matches!(flow, Flow::Cancelling { .. }), "a is still out");
        assert_eq!(flow.take_next(), None);
        let b = &flow.outcomes()[1];
        assert_eq!(
            (&b.reset, &b.mail),
            (&ResetStatus::NotSent, &MailStatus::NotRequested)
        );
        assert!(b.visible_password().is_none());
        // a's answer comes: reset, then its mail; only then is the run done.
        flow.update("a", |o| o.reset = ResetStatus::Done);
        let mut flow = flow.settle();
        assert!(matches!(flow, Flow::Cancelling { .. }), "a's mail is out");
        flow.update("a", |o| o.mail = MailStatus::Sent);
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Done { .. }));
        assert!(flow.outcomes()[0].visible_password().is_some());
        // A user not sent is not "failed": retry leaves them alone.
        let (flow, again) = flow.retry_failed(no_fresh_password);
        assert!(again.is_empty() && matches!(flow, Flow::Done { .. }));
    }

    #[test]
    fn cancelling_a_paused_run_with_nothing_out_ends_it_at_once() {
        let mut flow = running(&["a", "b"]);
        flow.take_next();
        flow.update("a", |o| o.reset_failed(ApiError::Timeout));
        let (flow, dropped) = flow.pause().cancel_run();
        assert_eq!(dropped, ["b"]);
        assert!(matches!(flow, Flow::Done { .. }));
        let (same, none) = Flow::Browsing.cancel_run();
        assert!(none.is_empty() && same == Flow::Browsing);
    }

    #[test]
    fn users_not_allowed_are_settled_without_a_request() {
        let denied = UserOutcome::not_allowed(target("boss"), ResetDenial::OwnAccount);
        assert!(denied.is_settled() && denied.visible_password().is_none());
        let mut flow = Flow::Browsing
            .open(vec![target("a")])
            .start(vec![outcome("a", false), denied.clone()]);
        assert_eq!(flow.take_next().as_deref(), Some("a"));
        assert_eq!(flow.take_next(), None, "the denied user is never sent");
        // Only denied users: the run is over before it starts.
        let flow = Flow::Browsing
            .open(vec![target("boss")])
            .start(vec![denied]);
        assert!(matches!(flow, Flow::Done { .. }));
    }

    #[test]
    fn retry_with_nothing_failed_changes_nothing() {
        let mut flow = Flow::Browsing
            .open(vec![target("a")])
            .start(vec![outcome("a", false)]);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        let done = flow.settle();
        let (after, again) = done.clone().retry_failed(no_fresh_password);
        assert!(again.is_empty());
        assert_eq!(after, done);
        let (running, again) = Flow::Resetting { outcomes: vec![] }.retry_failed(no_fresh_password);
        assert!(again.is_empty() && matches!(running, Flow::Resetting { .. }));
    }

    #[test]
    fn debug_output_never_contains_the_password() {
        let flow = Flow::Done {
            outcomes: vec![outcome("a", false)],
        };
        assert!(!format!("{flow:?}").contains("Secret-Pass-123"));
    }

    #[test]
    fn form_defaults_follow_the_admin_center() {
        let mut t = target("a");
        t.alternate_email = Some("perso@example.net".into());
        let form = ResetChoices::for_targets(&[t]);
        assert!(form.auto_generate && form.require_change && !form.require_mfa && form.send_mail);
        assert_eq!(form.recipients().unwrap(), vec!["perso@example.net"]);
        let bulk = ResetChoices::for_targets(&[target("a"), target("b")]);
        assert!(!bulk.send_mail);
        assert_eq!(bulk.recipients().unwrap(), Vec::<String>::new());
    }

    #[test]
    fn welcome_is_preselected_for_accounts_of_the_last_week() {
        let today = days_since_epoch("2026-12-01T05:00:00Z").unwrap();
        assert_eq!(days_since_epoch("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(today - days_since_epoch("2026-11-30T23:59:59Z").unwrap(), 1);
        assert_eq!(today - days_since_epoch("2025-12-01").unwrap(), 365);
        let created = |when: Option<&str>| Target {
            created: when.map(str::to_string),
            ..target("a")
        };
        let yesterday = created(Some("2026-11-30T08:00:00Z"));
        let week_ago = created(Some("2026-11-24T08:00:00Z"));
        let older = created(Some("2026-11-23T08:00:00Z"));
        let pick = |targets: &[Target]| MailMessage::preselected(targets, today);
        assert_eq!(pick(std::slice::from_ref(&yesterday)), MailMessage::Welcome);
        assert_eq!(
            pick(&[week_ago.clone(), yesterday.clone()]),
            MailMessage::Welcome
        );
        assert_eq!(
            pick(std::slice::from_ref(&older)),
            MailMessage::PasswordReset
        );
        assert_eq!(pick(&[yesterday, older]), MailMessage::PasswordReset);
        assert_eq!(pick(&[created(None)]), MailMessage::PasswordReset);
        assert_eq!(
            pick(&[created(Some("garbage"))]),
            MailMessage::PasswordReset
        );
        assert_eq!(pick(&[]), MailMessage::PasswordReset);
    }

    #[test]
    fn mail_is_in_the_users_language_when_the_widget_has_it() {
        let with = |tag: Option<&str>| Target {
            preferred_language: tag.map(str::to_string),
            ..target("a")
        };
        let all = |_: Lang| true;
        assert_eq!(with(Some("fr-FR")).mail_lang(Lang::En, all), Lang::Fr);
        assert_eq!(with(Some("de")).mail_lang(Lang::Fr, all), Lang::De);
        assert_eq!(with(Some("pt-BR")).mail_lang(Lang::De, all), Lang::De);
        assert_eq!(with(None).mail_lang(Lang::Zh, all), Lang::Zh);
        // A table that could not be fetched: as for a language it does not know.
        let no_german = |lang: Lang| lang != Lang::De;
        assert_eq!(with(Some("de")).mail_lang(Lang::Fr, no_german), Lang::Fr);
        assert_eq!(with(Some("fr")).mail_lang(Lang::En, no_german), Lang::Fr);
    }

    #[test]
    fn the_sender_is_named_by_display_name_and_mail() {
        let me = |name: Option<&str>, mail: Option<&str>| Me {
            id: "1".into(),
            display_name: name.map(str::to_string),
            mail: mail.map(str::to_string),
            user_principal_name: Some("admin@contoso.example".into()),
        };
        assert_eq!(
            Sender::from(&me(Some("Amara Okafor"), Some("amara@contoso.example"))),
            Sender {
                name: "Amara Okafor".into(),
                address: "amara@contoso.example".into()
            }
        );
        let bare = Sender::from(&me(None, None));
        assert_eq!(bare.name, "admin@contoso.example");
        assert_eq!(bare.address, "admin@contoso.example");
    }

    fn counting_generator() -> impl FnMut(&Recipe) -> Result<Password, GeneratorError> {
        let mut drawn = 0;
        move |_| {
            drawn += 1;
            Ok(Password::new(format!("Drawn-Pass-{drawn}")))
        }
    }

    fn passwords(outcomes: &[UserOutcome]) -> Vec<&str> {
        outcomes.iter().map(|o| o.password.as_str()).collect()
    }

    #[test]
    fn plan_gives_one_user_the_password_the_admin_saw() {
        let choices = ResetChoices::for_targets(&[]);
        let shown = PasswordSource::Shown {
            password: Password::new("Seen-Before-42".into()),
            recipe: Recipe::default(),
        };
        let outcomes = plan(&choices, &[target("a")], shown, counting_generator()).unwrap();
        assert_eq!(passwords(&outcomes), ["Seen-Before-42"]);
    }

    #[test]
    fn plan_draws_a_fresh_password_for_each_of_several_users() {
        let choices = ResetChoices::for_targets(&[]);
        let targets = [target("a"), target("b"), target("c")];
        let options = PasswordSource::Generated(Recipe::default());
        let outcomes = plan(&choices, &targets, options, counting_generator()).unwrap();
        assert_eq!(
            passwords(&outcomes),
            ["Drawn-Pass-1", "Drawn-Pass-2", "Drawn-Pass-3"]
        );
        // A password shown for one user is never handed to several.
        let shown = PasswordSource::Shown {
            password: Password::new("Seen-Before-42".into()),
            recipe: Recipe::default(),
        };
        let outcomes = plan(&choices, &targets[..2], shown, counting_generator()).unwrap();
        assert_eq!(passwords(&outcomes), ["Drawn-Pass-1", "Drawn-Pass-2"]);
    }

    #[test]
    fn plan_draws_a_passphrase_of_its_own_for_each_user() {
        use crate::password::{PassphraseOptions, PolicyContext, validate};
        let choices = ResetChoices::for_targets(&[]);
        let targets = [target("a"), target("b"), target("c")];
        let recipe = Recipe::Passphrase(PassphraseOptions::default());
        let shown = PasswordSource::Shown {
            password: Password::new("Seen-Before-42".into()),
            recipe,
        };
        let outcomes = plan(&choices, &targets, shown, Recipe::generate).unwrap();
        let phrases = passwords(&outcomes);
        for phrase in &phrases {
            assert_eq!(phrase.split('-').count(), 4, "{phrase}");
            assert_eq!(validate(phrase, &PolicyContext::default()), []);
        }
        let mut distinct = phrases.clone();
        distinct.sort_unstable();
        distinct.dedup();
        assert_eq!(distinct.len(), 3, "one passphrase per user");
    }

    #[test]
    fn sign_out_is_off_by_default_and_the_run_settles_once_it_ended() {
        let mut choices = ResetChoices::for_targets(&[target("a")]);
        assert!(!choices.sign_out);
        let generated = || PasswordSource::Generated(Recipe::default());
        let plain = plan(&choices, &[target("a")], generated(), counting_generator()).unwrap();
        assert_eq!(plain[0].sign_out, SignOutStatus::NotRequested);
        choices.sign_out = true;
        let outcomes = plan(&choices, &[target("a")], generated(), counting_generator()).unwrap();
        assert_eq!(outcomes[0].sign_out, SignOutStatus::Pending);
        let mut flow = Flow::Browsing.open(vec![target("a")]).start(outcomes);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        let mut flow = flow.settle();
        assert!(matches!(flow, Flow::Resetting { .. }), "sign-out still out");
        let forbidden = ApiError::Forbidden {
            message: "Insufficient privileges.".into(),
            graph: Default::default(),
        };
        flow.update("a", |o| o.sign_out = SignOutStatus::Failed(forbidden));
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Done { .. }));
        // A failed sign-out never hides the new password.
        assert!(flow.outcomes()[0].visible_password().is_some());
    }

    #[test]
    fn a_user_the_admin_may_not_sign_out_is_reset_only_and_the_run_still_settles() {
        let mut choices = ResetChoices::for_targets(&[]);
        choices.sign_out = true;
        let kept = Target {
            may_sign_out: false,
            ..target("b")
        };
        let generated = PasswordSource::Generated(Recipe::default());
        let outcomes = plan(
            &choices,
            &[target("a"), kept.clone()],
            generated,
            counting_generator(),
        )
        .unwrap();
        assert_eq!(outcomes[0].sign_out, SignOutStatus::Pending);
        assert_eq!(outcomes[1].sign_out, SignOutStatus::NotAllowed);
        let mut flow = Flow::Browsing.open(vec![target("a"), kept]).start(outcomes);
        flow.update("a", |o| o.reset = ResetStatus::Done);
        flow.update("a", |o| o.sign_out = SignOutStatus::Done);
        flow.update("b", |o| o.reset = ResetStatus::Done);
        // Nothing is sent for "b", so nothing is waited for.
        assert!(matches!(flow.settle(), Flow::Done { .. }));
    }

    #[test]
    fn a_failed_reset_signs_nobody_out_until_a_retry_succeeds() {
        let mut choices = ResetChoices::for_targets(&[]);
        choices.sign_out = true;
        let source = PasswordSource::Generated(Recipe::default());
        let outcomes = plan(&choices, &[target("a")], source, counting_generator()).unwrap();
        let mut flow = Flow::Browsing.open(vec![target("a")]).start(outcomes);
        flow.update("a", |o| {
            o.reset_failed(ApiError::NotFound {
                graph: Default::default(),
            })
        });
        let flow = flow.settle();
        assert!(matches!(flow, Flow::Done { .. }), "nothing else waits");
        assert_eq!(flow.outcomes()[0].sign_out, SignOutStatus::Pending);
        let (flow, again) = flow.retry_failed(no_fresh_password);
        assert_eq!(again, ["a"]);
        let a = &flow.outcomes()[0];
        assert_eq!(
            (&a.reset, &a.sign_out),
            (&ResetStatus::Waiting, &SignOutStatus::Pending)
        );
    }

    #[test]
    fn plan_gives_a_typed_password_to_everyone_with_the_choices() {
        let mut choices = ResetChoices::for_targets(&[]);
        choices.require_change = false;
        choices.require_mfa = true;
        choices.send_mail = true;
        choices.recipients_text = "desk@example.net".into();
        let typed = PasswordSource::Typed(Password::new("Typed-By-Admin-7".into()));
        let outcomes = plan(
            &choices,
            &[target("a"), target("b")],
            typed,
            counting_generator(),
        )
        .unwrap();
        assert_eq!(
            passwords(&outcomes),
            ["Typed-By-Admin-7", "Typed-By-Admin-7"]
        );
        for o in &outcomes {
            // Multifactor at sign-in implies a change, unticked or not.
            assert!(o.require_change && o.require_mfa);
            assert_eq!(o.recipients, ["desk@example.net"]);
            assert_eq!(o.mail, MailStatus::Pending);
            assert_eq!(o.reset, ResetStatus::Waiting);
        }
    }

    #[test]
    fn typed_passwords_may_not_start_like_a_formula() {
        for typed in [
            "-Xk7#pQ2!vLm",
            "=Xk7#pQ2!vLm",
            "+Xk7#pQ2!vLm",
            "@Xk7#pQ2!vLm",
        ] {
            assert!(starts_like_a_formula(typed), "{typed}");
            let source = PasswordSource::Typed(Password::new(typed.into()));
            let choices = ResetChoices::for_targets(&[]);
            assert_eq!(
                plan(&choices, &[target("a")], source, counting_generator()).unwrap_err(),
                PlanError::StartsLikeAFormula
            );
        }
        for fine in ["Xk7#-pQ2!vLm", "#Xk7pQ2!vLm=", " Xk7#pQ2!vLm", ""] {
            assert!(!starts_like_a_formula(fine), "{fine}");
        }
    }

    #[test]
    fn plan_refuses_bad_recipients_a_failing_generator_and_no_users() {
        let mut choices = ResetChoices::for_targets(&[]);
        let generated = || PasswordSource::Generated(Recipe::default());
        assert_eq!(
            plan(&choices, &[], generated(), counting_generator()).unwrap_err(),
            PlanError::NoTargets
        );
        let failing = |_: &Recipe| Err(GeneratorError::NoClassSelected);
        assert_eq!(
            plan(&choices, &[target("a")], generated(), failing).unwrap_err(),
            PlanError::Generator(GeneratorError::NoClassSelected)
        );
        choices.send_mail = true;
        choices.recipients_text = "not-an-address".into();
        assert!(matches!(
            plan(&choices, &[target("a")], generated(), counting_generator()),
            Err(PlanError::Recipients(RecipientsError::InvalidAddress(_)))
        ));
    }
}
