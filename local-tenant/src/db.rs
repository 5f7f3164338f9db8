//! The SQLite database: schema, and running queries off the async threads.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

const SCHEMA: &str = "
-- Clustered on the list order (displayName, id): paging and ordered search
-- read the table sequentially instead of hopping through an index.
CREATE TABLE IF NOT EXISTS users (
    display_name TEXT NOT NULL,
    id TEXT NOT NULL,
    seq INTEGER NOT NULL,
    given_name TEXT,
    surname TEXT,
    upn TEXT NOT NULL,
    mail TEXT,
    other_mails TEXT NOT NULL DEFAULT '[]',
    account_enabled INTEGER NOT NULL DEFAULT 1,
    dn_lower TEXT NOT NULL,
    upn_lower TEXT NOT NULL,
    -- NULL when the mail is the sign-in name (almost always): half the size.
    mail_lower TEXT,
    dn_words TEXT NOT NULL,
    upn_words TEXT NOT NULL,
    mail_words TEXT,
    password_hash TEXT,
    force_change INTEGER NOT NULL DEFAULT 0,
    force_change_mfa INTEGER NOT NULL DEFAULT 0,
    last_password_change TEXT,
    last_sign_in TEXT,
    last_successful_sign_in TEXT,
    -- 'true' for a user synced from an on-premises directory, else NULL.
    on_premises_sync TEXT,
    PRIMARY KEY (display_name, id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS user_roles (
    user_id TEXT NOT NULL,
    role_template_id TEXT NOT NULL,
    PRIMARY KEY (user_id, role_template_id)
) WITHOUT ROWID;
-- Groups, so a membership list holds more than roles (an uncast
-- transitiveMemberOf answers with every kind of membership).
CREATE TABLE IF NOT EXISTS groups (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS group_members (
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (user_id, group_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS tokens (
    token TEXT PRIMARY KEY,
    user_id TEXT NOT NULL,
    expires_at INTEGER NOT NULL,
    -- The granted delegated permissions, space-separated (the `scp` claim);
    -- NULL for a token issued before scopes were recorded: the default grant.
    scopes TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS outbox (
    id INTEGER PRIMARY KEY,
    sender TEXT NOT NULL,
    to_json TEXT NOT NULL,
    cc_json TEXT NOT NULL,
    bcc_json TEXT NOT NULL,
    subject TEXT NOT NULL,
    content_type TEXT NOT NULL,
    body TEXT NOT NULL,
    sent_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT,
    action TEXT NOT NULL,
    target TEXT NOT NULL,
    outcome TEXT NOT NULL,
    event_id TEXT,
    correlation_id TEXT,
    actor_id TEXT,
    actor_name TEXT,
    ip_address TEXT,
    target_id TEXT,
    target_name TEXT,
    result_reason TEXT
);
";

/// Columns added after the first release, for database files made before
/// them: `CREATE TABLE IF NOT EXISTS` leaves an existing table as it was.
pub const ADDED_COLUMNS: [(&str, &str); 15] = [
    ("users", "last_password_change"),
    ("users", "preferred_language"),
    ("users", "created"),
    ("users", "last_sign_in"),
    ("users", "last_successful_sign_in"),
    ("users", "on_premises_sync"),
    ("audit", "event_id"),
    ("audit", "correlation_id"),
    ("audit", "actor_id"),
    ("audit", "actor_name"),
    ("audit", "ip_address"),
    ("audit", "target_id"),
    ("audit", "target_name"),
    ("audit", "result_reason"),
    ("tokens", "scopes"),
];

/// Adds the columns an older database file lacks (all nullable text).
pub fn migrate(conn: &Connection) -> rusqlite::Result<()> {
    for (table, column) in ADDED_COLUMNS {
        let present: bool = conn
            .prepare(&format!(
                "SELECT 1 FROM pragma_table_info('{table}') WHERE name = ?1"
            ))?
            .exists([column])?;
        if !present {
            conn.execute_batch(&format!("ALTER TABLE {table} ADD COLUMN {column} TEXT"))?;
        }
    }
    Ok(())
}

/// Separate, so a seed can drop them and build them once after a bulk load.
pub const USER_INDEXES: &str = "
CREATE UNIQUE INDEX IF NOT EXISTS users_by_id ON users(id);
CREATE UNIQUE INDEX IF NOT EXISTS users_by_upn ON users(upn_lower);
";

/// One connection behind a mutex: the tenant is small and local, and one
/// writer at a time is what SQLite wants anyway.
#[derive(Clone)]
pub struct Db {
    connection: Arc<Mutex<Connection>>,
}

impl Db {
    pub fn open(path: &Path) -> rusqlite::Result<Db> {
        if let Some(folder) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(folder).map_err(|error| {
                rusqlite::Error::InvalidPath(format!("{}: {error}", folder.display()).into())
            })?;
        }
        let connection = Connection::open(path)?;
        // Only takes effect on a new file; bigger pages make the bulk seed
        // about a third faster (rows are a few hundred bytes).
        connection.pragma_update(None, "page_size", 16_384)?;
        connection.pragma_update(None, "journal_mode", "WAL")?;
        connection.pragma_update(None, "synchronous", "NORMAL")?;
        connection.execute_batch(SCHEMA)?;
        migrate(&connection)?;
        connection.execute_batch(USER_INDEXES)?;
        Ok(Db {
            connection: Arc::new(Mutex::new(connection)),
        })
    }

    /// Runs `work` on the blocking pool so a long query or the seeding of
    /// many users never stalls the request threads.
    pub async fn call<T, F>(&self, work: F) -> T
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> T + Send + 'static,
    {
        let connection = self.connection.clone();
        let task = tokio::task::spawn_blocking(move || {
            let mut guard = connection.lock().unwrap_or_else(PoisonError::into_inner);
            work(&mut guard)
        });
        match task.await {
            Ok(value) => value,
            Err(error) if error.is_panic() => std::panic::resume_unwind(error.into_panic()),
            Err(error) => panic!("database task did not finish: {error}"),
        }
    }

    /// For start-up, before the server takes requests.
    pub fn call_now<T>(&self, work: impl FnOnce(&mut Connection) -> T) -> T {
        let mut guard = self
            .connection
            .lock()
            .unwrap_or_else(PoisonError::into_inner);
        work(&mut guard)
    }
}
