//! The deterministic seed: named users the tests and the demo rely on, then
//! generated users from several languages up to the requested count.

use rusqlite::{Connection, params};

use crate::clock;
use crate::db::USER_INDEXES;
use crate::entra::roles::DirectoryRole;
use crate::entra::scope::DirectoryScope;
use crate::ids::deterministic_guid;
use crate::names::{COMBINATIONS, LANGUAGES, Language};
use crate::rbac;
use crate::search::words_column;
use crate::seed_scopes::seed_scopes;

pub const DOMAIN: &str = "contoso.example";
pub const TENANT_NAME: &str = "Contoso";
/// Shared by the named users (not the generated ones, who have no password
/// until an admin resets it). Documented in the README: a local demo secret.
pub const INITIAL_PASSWORD: &str = "Contoso-Initial-2026!";

#[derive(Clone, Debug)]
pub struct SeedUser {
    pub user_principal_name: String,
    pub display_name: String,
    pub given_name: Option<String>,
    pub surname: Option<String>,
    pub other_mails: Vec<String>,
    pub account_enabled: bool,
    pub roles: Vec<DirectoryRole>,
    pub has_initial_password: bool,
    /// `preferredLanguage`, when the user chose one.
    pub preferred_language: Option<String>,
    /// How many days before the seed the account was created.
    pub created_days_ago: i64,
    /// An Exchange Online mailbox: `mail` is the sign-in name, else null.
    pub has_mailbox: bool,
    /// Synced from an on-premises directory (`onPremisesSyncEnabled`).
    pub on_premises_sync: bool,
}

/// The age of every seeded account but the new hire's: old enough to be no
/// one's first week.
const SETTLED_ACCOUNT_DAYS: i64 = 400;

impl SeedUser {
    pub fn id(&self) -> String {
        user_id(&self.user_principal_name)
    }
}

pub fn user_id(user_principal_name: &str) -> String {
    deterministic_guid(&format!("user:{}", user_principal_name.to_lowercase()))
}

/// The tenant's object id of a directory role, stable across reseeds.
pub fn role_object_id(role: DirectoryRole) -> String {
    deterministic_guid(&format!(
        "directoryRole:{}",
        role.template_id().unwrap_or("other")
    ))
}

/// The security group every named user belongs to.
pub const STAFF_GROUP_NAME: &str = "Contoso staff";

pub fn staff_group_id() -> String {
    deterministic_guid("group:contoso-staff")
}

fn named(local: &str, given: &str, surname: &str, roles: &[DirectoryRole]) -> SeedUser {
    SeedUser {
        user_principal_name: format!("{local}@{DOMAIN}"),
        display_name: format!("{given} {surname}"),
        given_name: Some(given.into()),
        surname: Some(surname.into()),
        other_mails: Vec::new(),
        account_enabled: true,
        roles: roles.to_vec(),
        has_initial_password: true,
        preferred_language: None,
        created_days_ago: SETTLED_ACCOUNT_DAYS,
        has_mailbox: true,
        on_premises_sync: false,
    }
}

pub fn named_users() -> Vec<SeedUser> {
    use DirectoryRole::*;
    let markup = SeedUser {
        display_name: "<img src=x onerror=alert(1)>".into(),
        given_name: None,
        surname: None,
        ..named("markup.test", "", "", &[])
    };
    vec![
        named("admin", "Amara", "Okafor", &[GlobalAdministrator]),
        named("ga2", "Jonas", "Lindqvist", &[GlobalAdministrator]),
        named("pwadmin", "Priya", "Raman", &[PasswordAdministrator]),
        named("helpdesk", "Tomás", "Herrera", &[HelpdeskAdministrator]),
        named("useradmin", "Ingrid", "Sørensen", &[UserAdministrator]),
        named(
            "authadmin",
            "Kenji",
            "Watanabe",
            &[AuthenticationAdministrator],
        ),
        named(
            "privauth",
            "Oluwaseun",
            "Adeyemi",
            &[PrivilegedAuthenticationAdministrator],
        ),
        named("groupsadmin", "Rafael", "Costa", &[GroupsAdministrator]),
        named("nadia.lefevre", "Nadia", "Lefèvre", &[]),
        SeedUser {
            other_mails: vec!["elodie.perso@example.net".into()],
            preferred_language: Some("fr-FR".into()),
            ..named("elodie.dupre", "Élodie", "Dupré", &[])
        },
        // Created yesterday: the admin sends a welcome, not a reset notice.
        SeedUser {
            other_mails: vec!["noah.home@example.net".into()],
            created_days_ago: 1,
            ..named("new.hire", "Noah", "Newhire", &[])
        },
        markup,
        // Names that must lay out without breaking the widget: right-to-left,
        // emoji with joiners, and one far longer than any column.
        named("rtl.layla", "ليلى", "حداد", &[]),
        named("emoji.zoe", "Zoë 👩🏽‍💻", "Martin 🚀", &[]),
        named(
            "long.name",
            "Maximiliana Theodora Alexandrina Konstanze",
            "von Hohenzollern-Sigmaringen-Württemberg-Lichtenstein-Oberhausen",
            &[],
        ),
        // A Password Administrator without an Exchange Online mailbox:
        // sendMail answers 404 MailboxNotEnabledForRESTAPI.
        SeedUser {
            has_mailbox: false,
            ..named("nomail.admin", "Nora", "Nomail", &[PasswordAdministrator])
        },
        // Synced from an on-premises directory: Graph refuses a reset.
        SeedUser {
            on_premises_sync: true,
            ..named("synced.user", "Sam", "Synced", &[])
        },
        // Scopes (see `seed_scopes`): a Helpdesk Administrator may reset a
        // Reports Reader, a Password Administrator may not.
        named("reports.reader", "Rita", "Reports", &[ReportsReader]),
        // Member of the role-assignable "Tier 0 operators", which holds
        // Password Administrator: only Privileged Authentication and Global
        // Administrators may reset him.
        named("tier0.member", "Tomas", "Tier", &[]),
        // Helpdesk Administrator over the unit "Paris", whose member is Pauline.
        named("paris.helpdesk", "Paul", "Helpdesk-Paris", &[]),
        named("paris.user", "Pauline", "Paris", &[]),
        // Member of the restricted-management unit "Vault": only Valérie,
        // Helpdesk Administrator over Vault, may reset him.
        named("locked.user", "Luc", "Locked", &[]),
        named("vault.helpdesk", "Valérie", "Vault", &[]),
        // Eligible for Password Administrator (PIM), not assigned it:
        // `/_dev/pim/activate` makes it active.
        named("eligible.admin", "Elias", "Eligible", &[]),
    ]
}

/// The `index`-th generated user (0-based). Names cycle through the pools;
/// later cycles get a number in the sign-in name to keep it unique.
pub fn generated_user(index: usize) -> SeedUser {
    let (language, (given, _), (family, _)) = generated_names(index);
    let display_name = if language.family_first {
        format!("{family}{given}")
    } else {
        format!("{given} {family}")
    };
    let local = generated_local_part(index);
    SeedUser {
        user_principal_name: format!("{local}@{DOMAIN}"),
        display_name,
        given_name: Some(given.into()),
        surname: Some(family.into()),
        other_mails: if index % 9 == 4 {
            vec![format!("{local}@example.net")]
        } else {
            Vec::new()
        },
        account_enabled: index % 41 != 40,
        roles: Vec::new(),
        has_initial_password: false,
        preferred_language: None,
        created_days_ago: SETTLED_ACCOUNT_DAYS,
        has_mailbox: true,
        on_premises_sync: false,
    }
}

type Name = (&'static str, &'static str);

fn generated_names(index: usize) -> (&'static Language, Name, Name) {
    let within = index % COMBINATIONS;
    let language = &LANGUAGES[within % LANGUAGES.len()];
    let rest = within / LANGUAGES.len();
    (
        language,
        language.given[rest % 10],
        language.family[rest / 10],
    )
}

/// `given.family`, with the cycle number from the second cycle on.
fn generated_local_part(index: usize) -> String {
    let (_, (_, given), (_, family)) = generated_names(index);
    match index / COMBINATIONS {
        0 => format!("{given}.{family}"),
        cycle => format!("{given}.{family}{}", cycle + 1),
    }
}

/// Replaces the directory, outbox and audit with the seed: `total` users in
/// all (the named ones first). Tokens are kept: ids are deterministic.
///
/// Half a million users must take seconds: one transaction, one prepared
/// statement, rows built on a second thread and inserted in the table's own
/// order (displayName, id) so the clustered table only ever appends, and the
/// secondary indexes dropped during the load and built once after it.
pub fn seed(conn: &mut Connection, total: usize, initial_hash: &str) -> rusqlite::Result<()> {
    let named = named_users();
    let generated = total.saturating_sub(named.len());
    // A rollback journal for the load: the new rows are written once, instead
    // of to the WAL and then again into the database at the checkpoint.
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    let loaded = load(conn, &named, generated, initial_hash);
    conn.pragma_update(None, "journal_mode", "WAL")?;
    loaded
}

fn load(
    conn: &mut Connection,
    named: &[SeedUser],
    generated: usize,
    initial_hash: &str,
) -> rusqlite::Result<()> {
    let transaction = conn.transaction()?;
    transaction.execute_batch(
        "DELETE FROM users; DELETE FROM role_assignments; DELETE FROM role_eligibilities;
         DELETE FROM outbox; DELETE FROM audit;
         DELETE FROM groups; DELETE FROM group_members; DELETE FROM group_owners;
         DELETE FROM administrative_units; DELETE FROM administrative_unit_members;
         DROP INDEX IF EXISTS users_by_id; DROP INDEX IF EXISTS users_by_upn;",
    )?;
    std::thread::scope(|scope| -> rusqlite::Result<()> {
        // Rows are built on a second thread while this one inserts.
        let (rows, received) = std::sync::mpsc::sync_channel::<Row>(4096);
        let named_count = named.len();
        scope.spawn(move || {
            let named_rows = named
                .iter()
                .enumerate()
                .map(|(seq, user)| Row::new(seq, user));
            let generated_rows = generated_in_table_order(generated)
                .map(|index| Row::new(named_count + index, &generated_user(index)));
            for row in named_rows.chain(generated_rows) {
                if rows.send(row).is_err() {
                    break; // The inserting side failed and stopped listening.
                }
            }
        });
        let mut insert_user = transaction.prepare(
            "INSERT INTO users (display_name, id, seq, given_name, surname, upn, mail, other_mails, \
             account_enabled, dn_lower, upn_lower, dn_words, upn_words, password_hash, \
             preferred_language, created, on_premises_sync) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?16, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?17)",
        )?;
        for row in received {
            insert_user.execute(params![
                row.display_name,
                row.id,
                row.seq as i64,
                row.given_name,
                row.surname,
                row.user_principal_name,
                row.other_mails,
                row.account_enabled,
                row.display_name_lower,
                row.user_principal_name_lower,
                row.display_name_words,
                row.user_principal_name_words,
                row.has_initial_password.then_some(initial_hash),
                row.preferred_language,
                row.created,
                row.has_mailbox.then_some(&row.user_principal_name),
                row.on_premises_sync.then_some("true"),
            ])?;
            for template in &row.role_templates {
                rbac::assign(&transaction, &row.id, template, &DirectoryScope::Tenant)?;
            }
        }
        Ok(())
    })?;
    // One security group of the named users: a membership that is not a role.
    let staff = staff_group_id();
    transaction.execute(
        "INSERT INTO groups (id, display_name) VALUES (?1, ?2)",
        params![staff, STAFF_GROUP_NAME],
    )?;
    transaction.execute(
        "INSERT INTO group_members (group_id, user_id) SELECT ?1, id FROM users WHERE seq < ?2",
        params![staff, named.len() as i64],
    )?;
    seed_scopes(&transaction)?;
    transaction.execute_batch(USER_INDEXES)?;
    transaction.commit()
}

/// One user as the `users` table stores it.
struct Row {
    seq: usize,
    id: String,
    display_name: String,
    given_name: Option<String>,
    surname: Option<String>,
    user_principal_name: String,
    other_mails: String,
    account_enabled: bool,
    display_name_lower: String,
    user_principal_name_lower: String,
    display_name_words: String,
    user_principal_name_words: String,
    has_initial_password: bool,
    role_templates: Vec<&'static str>,
    preferred_language: Option<String>,
    created: String,
    has_mailbox: bool,
    on_premises_sync: bool,
}

impl Row {
    fn new(seq: usize, user: &SeedUser) -> Row {
        Row {
            seq,
            id: user.id(),
            display_name: user.display_name.clone(),
            given_name: user.given_name.clone(),
            surname: user.surname.clone(),
            user_principal_name: user.user_principal_name.clone(),
            other_mails: serde_json::to_string(&user.other_mails).expect("strings serialise"),
            account_enabled: user.account_enabled,
            display_name_lower: user.display_name.to_lowercase(),
            user_principal_name_lower: user.user_principal_name.to_lowercase(),
            display_name_words: words_column(&user.display_name),
            user_principal_name_words: words_column(&user.user_principal_name),
            has_initial_password: user.has_initial_password,
            preferred_language: user.preferred_language.clone(),
            has_mailbox: user.has_mailbox,
            on_premises_sync: user.on_premises_sync,
            created: clock::rfc3339(clock::now_secs() - user.created_days_ago * 86_400),
            role_templates: user
                .roles
                .iter()
                .filter_map(|role| role.template_id())
                .collect(),
        }
    }
}

/// Indexes of the first `count` generated users, sorted by (displayName, id).
/// Users `i` and `i + COMBINATIONS` share a display name, so this sorts the
/// few hundred names, then each name's users by id.
fn generated_in_table_order(count: usize) -> impl Iterator<Item = usize> {
    let mut names: Vec<(String, usize)> = (0..count.min(COMBINATIONS))
        .map(|first| (generated_user(first).display_name, first))
        .collect();
    names.sort();
    names.into_iter().flat_map(move |(_, first)| {
        let mut same_name: Vec<(String, usize)> = (first..count)
            .step_by(COMBINATIONS)
            .map(|index| {
                (
                    user_id(&format!("{}@{DOMAIN}", generated_local_part(index))),
                    index,
                )
            })
            .collect();
        same_name.sort();
        same_name.into_iter().map(|(_, index)| index)
    })
}

pub fn is_empty(conn: &Connection) -> rusqlite::Result<bool> {
    conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM users)", [], |row| {
        row.get(0)
    })
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn sign_in_names_are_unique_over_several_cycles() {
        let mut seen: HashSet<String> = named_users()
            .into_iter()
            .map(|u| u.user_principal_name)
            .collect();
        for index in 0..COMBINATIONS * 3 {
            let user = generated_user(index);
            assert!(user.user_principal_name.is_ascii());
            assert!(
                seen.insert(user.user_principal_name),
                "duplicate at {index}"
            );
        }
    }

    #[test]
    fn table_order_covers_every_generated_user_once_in_order() {
        let count = COMBINATIONS * 2 + 17;
        let order: Vec<usize> = generated_in_table_order(count).collect();
        let mut seen = order.clone();
        seen.sort();
        assert_eq!(seen, (0..count).collect::<Vec<_>>());
        let keys: Vec<(String, String)> = order
            .iter()
            .map(|&i| {
                let user = generated_user(i);
                (user.display_name.clone(), user.id())
            })
            .collect();
        assert!(keys.windows(2).all(|pair| pair[0] < pair[1]));
    }

    #[test]
    fn named_users_hold_the_roles_of_the_matrix() {
        let users = named_users();
        let admin = &users[0];
        assert_eq!(admin.user_principal_name, "admin@contoso.example");
        assert_eq!(admin.roles, [DirectoryRole::GlobalAdministrator]);
        let elodie = users
            .iter()
            .find(|u| u.display_name == "Élodie Dupré")
            .unwrap();
        assert_eq!(elodie.other_mails, ["elodie.perso@example.net"]);
        assert_eq!(elodie.preferred_language.as_deref(), Some("fr-FR"));
        let new_hire = users
            .iter()
            .find(|u| u.user_principal_name == "new.hire@contoso.example")
            .unwrap();
        assert_eq!(new_hire.created_days_ago, 1);
        assert!(new_hire.roles.is_empty());
        assert!(
            users
                .iter()
                .any(|u| u.display_name == "<img src=x onerror=alert(1)>")
        );
    }
}
