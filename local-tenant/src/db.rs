//! The SQLite database: schema, and running queries off the async threads.

use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};

use rusqlite::Connection;

use crate::entra::scope::DirectoryScope;

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
-- Active role assignments (Graph's unifiedRoleAssignment): a user or a
-- role-assignable group holds a role, tenant-wide (directory_scope_id '/')
-- or over one administrative unit ('/administrativeUnits/{id}').
CREATE TABLE IF NOT EXISTS role_assignments (
    id TEXT PRIMARY KEY,
    principal_id TEXT NOT NULL,
    role_template_id TEXT NOT NULL,
    directory_scope_id TEXT NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS role_assignments_by_principal ON role_assignments(principal_id);
-- PIM: roles a user may activate, which give nothing until activated.
CREATE TABLE IF NOT EXISTS role_eligibilities (
    principal_id TEXT NOT NULL,
    role_template_id TEXT NOT NULL,
    directory_scope_id TEXT NOT NULL,
    PRIMARY KEY (principal_id, role_template_id, directory_scope_id)
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
CREATE INDEX IF NOT EXISTS group_members_by_group ON group_members(group_id, user_id);
CREATE TABLE IF NOT EXISTS group_owners (
    group_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS group_owners_by_user ON group_owners(user_id);
CREATE TABLE IF NOT EXISTS administrative_units (
    id TEXT PRIMARY KEY,
    display_name TEXT NOT NULL,
    is_member_management_restricted INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS administrative_unit_members (
    unit_id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (unit_id, user_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS administrative_unit_members_by_user
    ON administrative_unit_members(user_id);
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
pub const ADDED_COLUMNS: [(&str, &str); 16] = [
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
    // 'true' for a role-assignable group, else NULL.
    ("groups", "is_assignable_to_role"),
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
    migrate_user_roles(conn)
}

/// Before scopes, roles were `user_roles(user_id, role_template_id)`, all
/// tenant-wide: they become tenant-wide assignments, and the table goes.
fn migrate_user_roles(conn: &Connection) -> rusqlite::Result<()> {
    let present = conn
        .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'user_roles'")?
        .exists([])?;
    if !present {
        return Ok(());
    }
    let rows: Vec<(String, String)> = conn
        .prepare("SELECT user_id, role_template_id FROM user_roles")?
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (user_id, template) in rows {
        crate::rbac::assign(conn, &user_id, &template, &DirectoryScope::Tenant)?;
    }
    conn.execute_batch("DROP TABLE user_roles")
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
