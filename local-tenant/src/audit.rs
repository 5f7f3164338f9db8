//! The audit trail of resets, password changes and mails: who, what, whom,
//! and how it ended. Never a password or a hash.
//!
//! `/_dev/audit` lists every record in its own short shape; Graph's
//! `/auditLogs/directoryAudits` is a second view of the directory changes
//! among them (resets and password changes), in Graph's shape.

use rusqlite::types::Value as Sql;
use rusqlite::{Connection, Row, params, params_from_iter};
use serde_json::{Value, json};

use crate::clock;
use crate::directory::User;
use crate::ids;

pub const RESET_PASSWORD: &str = "resetPassword";
pub const SEND_MAIL: &str = "sendMail";
pub const CHANGE_PASSWORD: &str = "changePassword";
/// Kept in `/_dev/audit` only: Graph's view shows the password changes.
pub const REVOKE_SIGN_IN_SESSIONS: &str = "revokeSignInSessions";

/// The directory changes Graph's view shows, with the activity names Entra's
/// Core Directory service gives them (entra-docs
/// `reference-audit-activities.md`, Core Directory, UserManagement).
pub const DIRECTORY_ACTIVITIES: [(&str, &str); 2] = [
    (RESET_PASSWORD, "Reset user password"),
    (CHANGE_PASSWORD, "Change user password"),
];

pub fn record(
    conn: &Connection,
    actor: Option<&str>,
    action: &str,
    target: &str,
    outcome: &str,
) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, target, outcome) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        clock::rfc3339_now(),
        actor,
        action,
        target,
        outcome
    ])?;
    Ok(())
}

/// A directory change with what Graph's view needs besides the short record.
pub struct Event<'a> {
    pub action: &'a str,
    pub actor: Option<&'a User>,
    pub ip_address: Option<&'a str>,
    pub correlation_id: Option<&'a str>,
    /// The target as the request named it, when it was not found.
    pub target: &'a str,
    pub target_user: Option<&'a User>,
    /// `success` or the error code.
    pub outcome: &'a str,
    /// Empty on success; the error message (which never quotes a password).
    pub result_reason: &'a str,
}

pub fn record_event(conn: &Connection, event: &Event<'_>) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO audit (at, actor, action, target, outcome, event_id, correlation_id, \
         actor_id, actor_name, ip_address, target_id, target_name, result_reason) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        clock::rfc3339_now(),
        event.actor.map(|a| &a.user_principal_name),
        event.action,
        event
            .target_user
            .map_or(event.target, |t| &t.user_principal_name),
        event.outcome,
        ids::random_guid(),
        event.correlation_id,
        event.actor.map(|a| &a.id),
        event.actor.map(|a| &a.display_name),
        event.ip_address,
        event.target_user.map(|t| &t.id),
        event.target_user.map(|t| &t.display_name),
        event.result_reason,
    ])?;
    Ok(())
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Value>> {
    let mut statement =
        conn.prepare("SELECT at, actor, action, target, outcome FROM audit ORDER BY id")?;
    let rows = statement.query_map([], |row| {
        Ok(json!({
            "at": row.get::<_, String>(0)?,
            "actor": row.get::<_, Option<String>>(1)?,
            "action": row.get::<_, String>(2)?,
            "target": row.get::<_, String>(3)?,
            "outcome": row.get::<_, String>(4)?,
        }))
    })?;
    rows.collect()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Comparison {
    Eq,
    Ge,
    Le,
}

impl Comparison {
    fn sql(self) -> &'static str {
        match self {
            Comparison::Eq => "=",
            Comparison::Ge => ">=",
            Comparison::Le => "<=",
        }
    }
}

/// One clause of a directoryAudits `$filter` (all clauses must hold).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AuditFilter {
    /// `activityDisplayName eq '...'`
    Activity(String),
    /// `activityDateTime ge|le|eq <time>`, the time as stored
    /// (`2026-03-01T09:30:00.000Z`), so text order is time order.
    DateTime(Comparison, String),
    /// `initiatedBy/user/id eq '...'`
    InitiatorId(String),
    /// `targetResources/any(t: t/id eq '...')`
    TargetId(String),
}

/// Where a page starts: the time and row of the last record of the one before.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditKey {
    pub at: String,
    pub row: i64,
}

pub struct AuditQuery {
    pub filters: Vec<AuditFilter>,
    pub newest_first: bool,
    pub after: Option<AuditKey>,
    pub top: usize,
}

pub struct AuditPage {
    pub entries: Vec<Value>,
    pub next: Option<AuditKey>,
}

const AUDIT_COLUMNS: &str = "id, at, actor, action, target, outcome, event_id, correlation_id, \
     actor_id, actor_name, ip_address, target_id, target_name, result_reason";

/// One page of the directory changes in Graph's shape, keyset-paged on
/// (time, row) like the user list.
pub fn list_directory_audits(conn: &Connection, query: &AuditQuery) -> rusqlite::Result<AuditPage> {
    let actions: Vec<String> = DIRECTORY_ACTIVITIES
        .iter()
        .map(|(action, _)| format!("'{action}'"))
        .collect();
    // Unauthenticated attempts never reached the directory: Graph has no
    // initiator for them, so they stay in `/_dev/audit` only.
    let mut conditions = vec![
        format!("action IN ({})", actions.join(", ")),
        "actor IS NOT NULL".to_string(),
    ];
    let mut values: Vec<Sql> = Vec::new();
    for filter in &query.filters {
        match filter {
            AuditFilter::Activity(name) => {
                let action = DIRECTORY_ACTIVITIES
                    .iter()
                    .find(|(_, display)| display.eq_ignore_ascii_case(name))
                    .map(|(action, _)| *action);
                match action {
                    Some(action) => {
                        conditions.push("action = ?".into());
                        values.push(Sql::Text(action.into()));
                    }
                    None => conditions.push("0".into()),
                }
            }
            AuditFilter::DateTime(comparison, time) => {
                conditions.push(format!("at {} ?", comparison.sql()));
                values.push(Sql::Text(time.clone()));
            }
            AuditFilter::InitiatorId(id) => {
                conditions.push("actor_id = ?".into());
                values.push(Sql::Text(id.to_lowercase()));
            }
            AuditFilter::TargetId(id) => {
                conditions.push("target_id = ?".into());
                values.push(Sql::Text(id.to_lowercase()));
            }
        }
    }
    let (order, beyond) = if query.newest_first {
        ("DESC", "<")
    } else {
        ("ASC", ">")
    };
    if let Some(after) = &query.after {
        conditions.push(format!("(at, id) {beyond} (?, ?)"));
        values.push(Sql::Text(after.at.clone()));
        values.push(Sql::Integer(after.row));
    }
    let sql = format!(
        "SELECT {AUDIT_COLUMNS} FROM audit WHERE {} ORDER BY at {order}, id {order} LIMIT {}",
        conditions.join(" AND "),
        query.top + 1
    );
    let mut rows = conn
        .prepare(&sql)?
        .query_map(params_from_iter(values.iter()), |row| {
            Ok((
                AuditKey {
                    at: row.get(1)?,
                    row: row.get(0)?,
                },
                directory_audit(row)?,
            ))
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let next = if rows.len() > query.top {
        rows.truncate(query.top);
        rows.last().map(|(key, _)| key.clone())
    } else {
        None
    };
    Ok(AuditPage {
        entries: rows.into_iter().map(|(_, entry)| entry).collect(),
        next,
    })
}

/// A record as Graph's `directoryAudit` (docs: `directoryaudit.md`,
/// `auditactivityinitiator.md`, `targetresource.md`).
fn directory_audit(row: &Row<'_>) -> rusqlite::Result<Value> {
    let row_id: i64 = row.get(0)?;
    let action: String = row.get(3)?;
    let outcome: String = row.get(5)?;
    // Records written before these columns existed get a stable id.
    let id = row
        .get::<_, Option<String>>(6)?
        .unwrap_or_else(|| ids::deterministic_guid(&format!("audit:{row_id}")));
    let correlation_id = row
        .get::<_, Option<String>>(7)?
        .unwrap_or_else(|| id.clone());
    let succeeded = outcome == "success";
    let result_reason = if succeeded {
        String::new()
    } else {
        row.get::<_, Option<String>>(13)?.unwrap_or(outcome)
    };
    let activity = DIRECTORY_ACTIVITIES
        .iter()
        .find(|(known, _)| *known == action)
        .map_or(action.as_str(), |(_, display)| display);
    Ok(json!({
        "id": id,
        "category": "UserManagement",
        "correlationId": correlation_id,
        "result": if succeeded { "success" } else { "failure" },
        "resultReason": result_reason,
        "activityDisplayName": activity,
        "activityDateTime": row.get::<_, String>(1)?,
        "loggedByService": "Core Directory",
        "operationType": "Update",
        "initiatedBy": {
            "user": {
                "id": row.get::<_, Option<String>>(8)?,
                "displayName": row.get::<_, Option<String>>(9)?,
                "userPrincipalName": row.get::<_, Option<String>>(2)?,
                "ipAddress": row.get::<_, Option<String>>(10)?,
            },
            "app": null,
        },
        "targetResources": [{
            "id": row.get::<_, Option<String>>(11)?,
            "displayName": row.get::<_, Option<String>>(12)?,
            "type": "User",
            "userPrincipalName": row.get::<_, String>(4)?,
            "groupType": null,
            "modifiedProperties": [],
        }],
        "additionalDetails": [],
    }))
}
