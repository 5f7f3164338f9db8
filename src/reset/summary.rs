//! A run's result in numbers, and the result table's filter by outcome.
//! Pure: the table and its summary line only render what these say.

use super::state::{MailStatus, ResetStatus, UserOutcome};
use crate::i18n::{Strings, fill};

/// How many users of a run ended each way. One pass over the outcomes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    pub total: usize,
    /// The tenant confirmed the new password.
    pub reset: usize,
    /// The tenant refused the reset, or its answer was lost (it may have
    /// been applied: the row says which).
    pub failed: usize,
    /// Planned or sent, no answer yet.
    pub pending: usize,
    /// Never sent: the run was cancelled first.
    pub not_sent: usize,
    /// Never sent: this admin may not reset them.
    pub not_allowed: usize,
    /// Reset, but the notification mail failed.
    pub mail_failed: usize,
}

impl Summary {
    pub fn of(outcomes: &[UserOutcome]) -> Summary {
        let mut summary = Summary {
            total: outcomes.len(),
            ..Summary::default()
        };
        for outcome in outcomes {
            match outcome.reset {
                ResetStatus::Waiting | ResetStatus::InProgress => summary.pending += 1,
                ResetStatus::Done => summary.reset += 1,
                ResetStatus::Failed(_) => summary.failed += 1,
                ResetStatus::NotSent => summary.not_sent += 1,
                ResetStatus::NotAllowed(_) => summary.not_allowed += 1,
            }
            if matches!(outcome.mail, MailStatus::Failed(_)) {
                summary.mail_failed += 1;
            }
        }
        summary
    }

    /// Users whose reset has ended, one way or another (the progress bar).
    pub fn ended(&self) -> usize {
        self.total - self.pending
    }
}

impl Summary {
    /// The summary line: "982 reset, 18 failed, 12 emails not sent". Counts
    /// of zero are left out, except the resets (a run that reset nobody says so).
    pub fn line(&self, strings: &Strings) -> String {
        let parts = [
            (strings.summary_reset, self.reset, true),
            (strings.summary_failed, self.failed, false),
            (strings.summary_not_allowed, self.not_allowed, false),
            (strings.summary_not_sent, self.not_sent, false),
            (strings.summary_pending, self.pending, false),
            (strings.summary_mail_failed, self.mail_failed, false),
        ];
        parts
            .into_iter()
            .filter(|(_, count, always)| *always || *count > 0)
            .map(|(template, count, _)| fill(template, &[("count", &count.to_string())]))
            .collect::<Vec<_>>()
            .join(strings.list_separator)
    }
}

/// The result table's filter: which rows it shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum OutcomeFilter {
    #[default]
    All,
    Reset,
    Failed,
    /// Not sent: cancelled, or not allowed.
    NotReset,
    MailFailed,
}

impl OutcomeFilter {
    pub const ALL: [OutcomeFilter; 5] = [
        OutcomeFilter::All,
        OutcomeFilter::Reset,
        OutcomeFilter::Failed,
        OutcomeFilter::NotReset,
        OutcomeFilter::MailFailed,
    ];

    pub fn matches(self, outcome: &UserOutcome) -> bool {
        match self {
            OutcomeFilter::All => true,
            OutcomeFilter::Reset => outcome.reset == ResetStatus::Done,
            OutcomeFilter::Failed => matches!(outcome.reset, ResetStatus::Failed(_)),
            OutcomeFilter::NotReset => {
                matches!(
                    outcome.reset,
                    ResetStatus::NotSent | ResetStatus::NotAllowed(_)
                )
            }
            OutcomeFilter::MailFailed => matches!(outcome.mail, MailStatus::Failed(_)),
        }
    }

    /// How many users the filter shows, from the summary (no second pass).
    pub fn count(self, summary: &Summary) -> usize {
        match self {
            OutcomeFilter::All => summary.total,
            OutcomeFilter::Reset => summary.reset,
            OutcomeFilter::Failed => summary.failed,
            OutcomeFilter::NotReset => summary.not_sent + summary.not_allowed,
            OutcomeFilter::MailFailed => summary.mail_failed,
        }
    }

    /// The positions in the run of the users the filter shows, in run order.
    pub fn positions(self, outcomes: &[UserOutcome]) -> Vec<usize> {
        outcomes
            .iter()
            .enumerate()
            .filter(|(_, o)| self.matches(o))
            .map(|(position, _)| position)
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ApiError;
    use crate::roles::ResetDenial;

    fn outcome(name: &str, reset: ResetStatus, mail: MailStatus) -> UserOutcome {
        UserOutcome::sample(name, reset, mail)
    }

    fn run() -> Vec<UserOutcome> {
        vec![
            outcome("a", ResetStatus::Done, MailStatus::Sent),
            outcome(
                "b",
                ResetStatus::Done,
                MailStatus::Failed(ApiError::Timeout),
            ),
            outcome(
                "c",
                ResetStatus::Failed(ApiError::NotFound {
                    graph: Default::default(),
                }),
                MailStatus::NotRequested,
            ),
            outcome("d", ResetStatus::InProgress, MailStatus::Pending),
            outcome("e", ResetStatus::Waiting, MailStatus::Pending),
            outcome("f", ResetStatus::NotSent, MailStatus::NotRequested),
            UserOutcome::not_allowed(
                outcome("g", ResetStatus::Waiting, MailStatus::NotRequested).target,
                ResetDenial::OwnAccount,
            ),
        ]
    }

    #[test]
    fn counts_each_outcome_once_and_mails_apart() {
        let summary = Summary::of(&run());
        assert_eq!(
            summary,
            Summary {
                total: 7,
                reset: 2,
                failed: 1,
                pending: 2,
                not_sent: 1,
                not_allowed: 1,
                mail_failed: 1,
            }
        );
        assert_eq!(summary.ended(), 5);
        assert_eq!(Summary::of(&[]), Summary::default());
    }

    #[test]
    fn each_filter_shows_its_users_in_run_order_and_counts_them() {
        let outcomes = run();
        let summary = Summary::of(&outcomes);
        let expected: [(OutcomeFilter, &[usize]); 5] = [
            (OutcomeFilter::All, &[0, 1, 2, 3, 4, 5, 6]),
            (OutcomeFilter::Reset, &[0, 1]),
            (OutcomeFilter::Failed, &[2]),
            (OutcomeFilter::NotReset, &[5, 6]),
            (OutcomeFilter::MailFailed, &[1]),
        ];
        for (filter, positions) in expected {
            assert_eq!(filter.positions(&outcomes), positions, "{filter:?}");
            assert_eq!(filter.count(&summary), positions.len(), "{filter:?}");
        }
        assert_eq!(OutcomeFilter::ALL.len(), expected.len());
    }

    #[test]
    fn the_line_names_each_outcome_that_happened() {
        let en = crate::i18n::Lang::En.strings();
        let summary = Summary {
            total: 1_000,
            reset: 982,
            failed: 18,
            mail_failed: 12,
            ..Summary::default()
        };
        assert_eq!(summary.line(en), "982 reset, 18 failed, 12 emails not sent");
        let cancelled = Summary {
            total: 10,
            reset: 3,
            not_sent: 6,
            not_allowed: 1,
            ..Summary::default()
        };
        assert_eq!(
            cancelled.line(en),
            "3 reset, 1 not allowed, 6 not reset (cancelled)"
        );
        assert_eq!(Summary::default().line(en), "0 reset");
        let zh = crate::i18n::Lang::Zh.strings();
        assert_eq!(
            summary.line(zh),
            "982 个已重置，18 个失败，12 封电子邮件未发送"
        );
    }

    #[test]
    fn ten_thousand_outcomes_are_counted_in_one_pass() {
        let outcomes: Vec<UserOutcome> = (0..10_000)
            .map(|i| {
                let reset = if i % 50 == 0 {
                    ResetStatus::Failed(ApiError::Timeout)
                } else {
                    ResetStatus::Done
                };
                outcome(&i.to_string(), reset, MailStatus::NotRequested)
            })
            .collect();
        let summary = Summary::of(&outcomes);
        assert_eq!((summary.reset, summary.failed), (9_800, 200));
        assert_eq!(OutcomeFilter::Failed.positions(&outcomes).len(), 200);
    }
}
