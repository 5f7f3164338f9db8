//! Sent mail, kept in the database: `sendMail` only accepts a message, and the
//! tests (or a person) read it here, as they would read a mailbox.

use rusqlite::{Connection, params};
use serde_json::{Value, json};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mail {
    pub sender: String,
    pub to: Vec<String>,
    pub cc: Vec<String>,
    pub bcc: Vec<String>,
    pub subject: String,
    /// `Text` or `HTML`, as Graph names them.
    pub content_type: String,
    pub body: String,
}

/// Stores the message and returns its id and `sentAt`.
pub fn insert(conn: &Connection, mail: &Mail, sent_at: &str) -> rusqlite::Result<i64> {
    let addresses = |list: &Vec<String>| serde_json::to_string(list).expect("strings serialise");
    conn.prepare_cached(
        "INSERT INTO outbox (sender, to_json, cc_json, bcc_json, subject, content_type, body, sent_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    )?
    .execute(params![
        mail.sender,
        addresses(&mail.to),
        addresses(&mail.cc),
        addresses(&mail.bcc),
        mail.subject,
        mail.content_type,
        mail.body,
        sent_at
    ])?;
    Ok(conn.last_insert_rowid())
}

pub fn list(conn: &Connection) -> rusqlite::Result<Vec<Value>> {
    let mut statement = conn.prepare(
        "SELECT id, sender, to_json, cc_json, bcc_json, subject, content_type, body, sent_at \
         FROM outbox ORDER BY id",
    )?;
    let rows = statement.query_map([], |row| {
        let addresses =
            |text: String| serde_json::from_str::<Vec<String>>(&text).unwrap_or_default();
        Ok(json!({
            "id": row.get::<_, i64>(0)?,
            "from": row.get::<_, String>(1)?,
            "to": addresses(row.get(2)?),
            "cc": addresses(row.get(3)?),
            "bcc": addresses(row.get(4)?),
            "subject": row.get::<_, String>(5)?,
            "contentType": row.get::<_, String>(6)?,
            "body": row.get::<_, String>(7)?,
            "sentAt": row.get::<_, String>(8)?,
        }))
    })?;
    rows.collect()
}
