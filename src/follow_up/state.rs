//! From what the tenant knows (audit entries, users' password and sign-in
//! times) and what this session did, to the rows of the Recent resets view.
//! Pure: no web-sys, no leptos; times are milliseconds since the epoch.

use crate::api::models::{DirectoryAudit, User};

/// How far back the view looks.
pub const WINDOW_MS: f64 = 7.0 * 24.0 * 3_600_000.0;

/// A reset sets the user's `lastPasswordChangeDateTime` itself, about when
/// the audit log dates it: a change is the user's own only when it comes
/// later than this after the reset.
const AUDITED_OWN_CHANGE_MS: f64 = 250.0;
/// This session dates its resets by the browser's clock, which may differ
/// from the tenant's by a few seconds.
const SESSION_OWN_CHANGE_MS: f64 = 5_000.0;

/// A reset this widget made, remembered in memory for the session. Never a password.
#[derive(Clone, Debug, PartialEq)]
pub struct SessionReset {
    pub user_id: String,
    pub name: String,
    pub at_ms: f64,
}

/// What became of one reset.
#[derive(Clone, Debug, PartialEq)]
pub enum FollowUp {
    WaitingForSignIn,
    /// Signed in (at this time) but has not changed the password yet.
    SignedIn(f64),
    ChangedPassword(f64),
    /// A newer reset (at this time) replaced this one.
    ResetAgain(f64),
}

#[derive(Clone, Debug, PartialEq)]
pub struct ResetRow {
    pub user_id: String,
    pub name: String,
    pub at_ms: f64,
    /// Who reset; `None` for this session's own resets (the signed-in admin).
    pub by: Option<String>,
    /// Dated by this session (the browser's clock), not by the audit log.
    pub from_session: bool,
    pub status: FollowUp,
}

/// The successful resets of the audit log as rows still to be followed up.
pub fn rows_from_audits(audits: &[DirectoryAudit]) -> Vec<ResetRow> {
    audits
        .iter()
        .filter(|a| a.result.as_deref().is_none_or(|r| r == "success"))
        .filter_map(|audit| {
            let at_ms = parse_time(&audit.activity_date_time)?;
            let target = audit.target_resources.first()?;
            let by = audit
                .initiated_by
                .as_ref()
                .and_then(|i| i.user.as_ref())
                .map(|u| u.label().to_string());
            Some(ResetRow {
                user_id: target.id.clone(),
                name: target.label().to_string(),
                at_ms,
                by,
                from_session: false,
                status: FollowUp::WaitingForSignIn,
            })
        })
        .collect()
}

/// This session's resets as rows, for an admin who may not read the audit log.
pub fn rows_from_session(session: &[SessionReset]) -> Vec<ResetRow> {
    session
        .iter()
        .map(|reset| ResetRow {
            user_id: reset.user_id.clone(),
            name: reset.name.clone(),
            at_ms: reset.at_ms,
            by: None,
            from_session: true,
            status: FollowUp::WaitingForSignIn,
        })
        .collect()
}

/// Keeps the last 7 days before `now_ms`, newest first, and gives each row its
/// status from the users' properties and the newer resets of the same user.
pub fn follow_up(mut rows: Vec<ResetRow>, users: &[User], now_ms: f64) -> Vec<ResetRow> {
    rows.retain(|row| row.at_ms >= now_ms - WINDOW_MS);
    // Newest first. An insertion sort: a week of resets is short, and it
    // costs the bundle far less than the standard sort.
    for index in 1..rows.len() {
        let mut at = index;
        while at > 0 && rows[at - 1].at_ms < rows[at].at_ms {
            rows.swap(at - 1, at);
            at -= 1;
        }
    }
    for index in 0..rows.len() {
        let newer = rows[..index]
            .iter()
            .filter(|r| r.user_id == rows[index].user_id)
            .map(|r| r.at_ms)
            .reduce(f64::min);
        let user = users.iter().find(|u| u.id == rows[index].user_id);
        let margin = if rows[index].from_session {
            SESSION_OWN_CHANGE_MS
        } else {
            AUDITED_OWN_CHANGE_MS
        };
        rows[index].status = status(rows[index].at_ms, margin, newer, user);
    }
    rows
}

fn status(
    reset_ms: f64,
    own_change_margin_ms: f64,
    newer_reset_ms: Option<f64>,
    user: Option<&User>,
) -> FollowUp {
    if let Some(newer) = newer_reset_ms {
        return FollowUp::ResetAgain(newer);
    }
    let after_reset = |time: Option<&String>, margin: f64| {
        time.and_then(|t| parse_time(t))
            .filter(|&t| t > reset_ms + margin)
    };
    let Some(user) = user else {
        return FollowUp::WaitingForSignIn;
    };
    if let Some(changed) = after_reset(
        user.last_password_change_date_time.as_ref(),
        own_change_margin_ms,
    ) {
        return FollowUp::ChangedPassword(changed);
    }
    let sign_in = user.sign_in_activity.as_ref().and_then(|s| {
        after_reset(s.last_successful_sign_in_date_time.as_ref(), 0.0)
            .or_else(|| after_reset(s.last_sign_in_date_time.as_ref(), 0.0))
    });
    sign_in.map_or(FollowUp::WaitingForSignIn, FollowUp::SignedIn)
}

/// The distinct users of `rows`, in order, to read their properties once each.
pub fn user_ids(rows: &[ResetRow]) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    for row in rows {
        if !ids.contains(&row.user_id) {
            ids.push(row.user_id.clone());
        }
    }
    ids
}

/// Milliseconds since the epoch of an ISO 8601 UTC time as Graph writes it
/// (`2026-12-01T05:40:00Z`, `...:00.1234567Z`, `...+00:00`). Text comparison
/// would order `00Z` after `00.5Z`, so times are compared as numbers.
pub fn parse_time(text: &str) -> Option<f64> {
    let (date, time) = text.split_once('T')?;
    let mut date_parts = date.splitn(3, '-').map(number);
    let (year, month, day) = (
        date_parts.next()??,
        date_parts.next()??,
        date_parts.next()??,
    );
    let time = time
        .strip_suffix('Z')
        .or_else(|| time.strip_suffix("+00:00"))?;
    let (clock, fraction) = time.split_once('.').unwrap_or((time, ""));
    let mut clock_parts = clock.splitn(3, ':').map(number);
    let (hour, minute, second) = (
        clock_parts.next()??,
        clock_parts.next()??,
        clock_parts.next()??,
    );
    if !(1..=12).contains(&month)
        || !(1..=31).contains(&day)
        || hour > 23
        || minute > 59
        || second > 60
    {
        return None;
    }
    if !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    // Milliseconds from the first three digits, without a float parser.
    let millis = fraction
        .bytes()
        .chain(*b"000")
        .take(3)
        .fold(0, |ms, digit| ms * 10 + i64::from(digit - b'0'));
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3_600 + minute * 60 + second;
    Some((seconds * 1000 + millis) as f64)
}

/// A run of 1 to 4 ASCII digits; a small parser costs the bundle less than `str::parse`.
fn number(text: &str) -> Option<i64> {
    if text.is_empty() || text.len() > 4 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        text.bytes()
            .fold(0, |n, digit| n * 10 + i64::from(digit - b'0')),
    )
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_index = (month + 9) % 12;
    let day_of_year = (153 * month_index + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The ISO 8601 UTC text of `ms` since the epoch, to second precision, for
/// the audit log's `activityDateTime ge` filter.
pub fn format_time(ms: f64) -> String {
    let seconds = (ms / 1000.0).floor() as i64;
    let (days, rest) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    // Inverse of days_from_civil.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_index = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_index + 2) / 5 + 1;
    let month = if month_index < 10 {
        month_index + 3
    } else {
        month_index - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        rest / 3_600,
        rest % 3_600 / 60,
        rest % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{Page, SignInActivity, decode};

    const DAY: f64 = 86_400_000.0;

    fn at(text: &str) -> f64 {
        parse_time(text).unwrap()
    }

    fn user(id: &str, changed: Option<&str>, signed_in: Option<&str>) -> User {
        with_times(
            id,
            changed,
            Some(SignInActivity {
                last_successful_sign_in_date_time: signed_in.map(Into::into),
                last_sign_in_date_time: signed_in.map(Into::into),
            }),
        )
    }

    fn with_times(id: &str, changed: Option<&str>, sign_in: Option<SignInActivity>) -> User {
        let mut user: User = decode(&format!(r#"{{"id":"{id}"}}"#)).unwrap();
        user.last_password_change_date_time = changed.map(Into::into);
        user.sign_in_activity = sign_in;
        user
    }

    fn row(id: &str, time: &str) -> ResetRow {
        ResetRow {
            user_id: id.into(),
            name: id.into(),
            at_ms: at(time),
            by: None,
            from_session: false,
            status: FollowUp::WaitingForSignIn,
        }
    }

    #[test]
    fn times_parse_as_graph_writes_them() {
        assert_eq!(at("1970-01-01T00:00:00Z"), 0.0);
        assert_eq!(at("2026-12-01T05:40:00Z"), 1_796_103_600_000.0);
        assert_eq!(at("2026-12-01T05:40:00.5Z"), 1_796_103_600_500.0);
        assert_eq!(at("2026-12-01T05:40:00.1234567Z"), 1_796_103_600_123.0);
        assert_eq!(at("2026-12-01T05:40:00+00:00"), 1_796_103_600_000.0);
        assert_eq!(at("2024-02-29T00:00:00Z") - at("2024-02-28T00:00:00Z"), DAY);
        for bad in [
            "",
            "2026-12-01",
            "2026-13-01T00:00:00Z",
            "2026-12-01T05:40:00",
            "2026-12-01T05:40:00.xZ",
        ] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        for text in [
            "1970-01-01T00:00:00Z",
            "2026-12-01T05:40:07Z",
            "2000-02-29T23:59:59Z",
        ] {
            assert_eq!(format_time(at(text)), text);
        }
    }

    #[test]
    fn each_reset_gets_its_follow_up_status() {
        let reset = "2026-12-01T05:00:00Z";
        // (case, user properties, expected status)
        let cases: Vec<(&str, Option<User>, FollowUp)> = vec![
            ("unknown user", None, FollowUp::WaitingForSignIn),
            (
                "nothing since",
                Some(user("u", None, None)),
                FollowUp::WaitingForSignIn,
            ),
            (
                "the reset's own change",
                Some(user("u", Some("2026-12-01T05:00:00.2Z"), None)),
                FollowUp::WaitingForSignIn,
            ),
            (
                "signed in before the reset",
                Some(user("u", Some(reset), Some("2026-11-30T09:00:00Z"))),
                FollowUp::WaitingForSignIn,
            ),
            (
                "signed in after",
                Some(user("u", Some(reset), Some("2026-12-01T05:10:00Z"))),
                FollowUp::SignedIn(at("2026-12-01T05:10:00Z")),
            ),
            (
                "changed after",
                Some(user(
                    "u",
                    Some("2026-12-01T05:11:00Z"),
                    Some("2026-12-01T05:10:00Z"),
                )),
                FollowUp::ChangedPassword(at("2026-12-01T05:11:00Z")),
            ),
            (
                "no sign-in data (no permission)",
                Some(with_times("u", Some("2026-12-01T06:00:00Z"), None)),
                FollowUp::ChangedPassword(at("2026-12-01T06:00:00Z")),
            ),
        ];
        for (case, user, expected) in cases {
            let users: Vec<User> = user.into_iter().collect();
            let rows = follow_up(vec![row("u", reset)], &users, at(reset) + DAY);
            assert_eq!(rows[0].status, expected, "{case}");
        }
    }

    #[test]
    fn an_older_reset_reads_reset_again_since_the_next_one() {
        let rows = vec![
            row("u", "2026-11-28T08:00:00Z"),
            row("u", "2026-12-01T05:00:00Z"),
            row("v", "2026-11-29T08:00:00Z"),
            row("u", "2026-11-30T08:00:00Z"),
        ];
        let users = [user("u", Some("2026-12-01T05:30:00Z"), None)];
        let rows = follow_up(rows, &users, at("2026-12-01T06:00:00Z"));
        let statuses: Vec<_> = rows
            .iter()
            .map(|r| (r.user_id.as_str(), r.status.clone()))
            .collect();
        assert_eq!(
            statuses,
            [
                ("u", FollowUp::ChangedPassword(at("2026-12-01T05:30:00Z"))),
                ("u", FollowUp::ResetAgain(at("2026-12-01T05:00:00Z"))),
                ("v", FollowUp::WaitingForSignIn),
                ("u", FollowUp::ResetAgain(at("2026-11-30T08:00:00Z"))),
            ]
        );
        assert_eq!(user_ids(&rows), ["u", "v"]);
    }

    #[test]
    fn only_the_last_seven_days_are_kept() {
        let now = at("2026-12-08T05:00:00Z");
        let rows = follow_up(
            vec![
                row("old", "2026-12-01T04:59:59Z"),
                row("new", "2026-12-01T05:00:00Z"),
            ],
            &[],
            now,
        );
        assert_eq!(user_ids(&rows), ["new"]);
    }

    #[test]
    fn audit_entries_in_graphs_shape_become_rows() {
        let page: Page<DirectoryAudit> = decode(
            r#"{"@odata.context":"x","value":[
              {"id":"1","activityDateTime":"2026-12-01T05:00:00Z","activityDisplayName":"Reset user password",
               "result":"success","resultReason":"","initiatedBy":{"app":null,"user":{"id":"a","displayName":"Amara Okafor",
               "userPrincipalName":"admin@contoso.example","ipAddress":"127.0.0.1"}},
               "targetResources":[{"id":"e","displayName":"Élodie Dupré","type":"User","userPrincipalName":"elodie@contoso.example","modifiedProperties":[]}]},
              {"id":"2","activityDateTime":"2026-12-01T04:00:00Z","result":"failure","targetResources":[{"id":"e"}]},
              {"id":"3","activityDateTime":"2026-12-01T03:00:00Z","result":"success","initiatedBy":{"user":null,"app":{}},
               "targetResources":[{"id":"n","displayName":null,"userPrincipalName":"nadia@contoso.example"}]},
              {"id":"4","activityDateTime":"2026-12-01T02:00:00Z","result":"success","targetResources":[]},
              {"id":"5","activityDateTime":"not a time","result":"success","targetResources":[{"id":"x"}]}]}"#,
        )
        .unwrap();
        let rows = rows_from_audits(&page.value);
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].name, "Élodie Dupré");
        assert_eq!(rows[0].by.as_deref(), Some("Amara Okafor"));
        assert_eq!(rows[1].name, "nadia@contoso.example");
        assert_eq!(rows[1].by, None);
    }

    #[test]
    fn session_resets_become_rows_by_this_admin() {
        let session = [SessionReset {
            user_id: "e".into(),
            name: "Élodie Dupré".into(),
            at_ms: 5.0,
        }];
        let rows = rows_from_session(&session);
        assert_eq!((rows[0].at_ms, rows[0].by.clone()), (5.0, None));
        // Dated by the browser: a change within its clock's margin is the reset's own.
        let changed = |at_ms: f64| with_times("e", Some(&format_time(at_ms)), None);
        let status = |user| follow_up(rows.clone(), &[user], 10_000.0)[0].status.clone();
        assert_eq!(status(changed(4_000.0)), FollowUp::WaitingForSignIn);
        assert_eq!(status(changed(9_000.0)), FollowUp::ChangedPassword(9_000.0));
    }
}
