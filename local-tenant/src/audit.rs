//! The audit trail of resets and mails: who, what, whom, and how it ended.
//! Never a password or a hash.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

use crate::clock;

pub const RESET_PASSWORD: &str = "resetPassword";
pub const SEND_MAIL: &str = "sendMail";

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
