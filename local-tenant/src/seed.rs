//! The deterministic seed: named users the tests and the demo rely on, then
//! generated users from several languages up to the requested count.

use reset_password_widget::roles::Role;
use rusqlite::{Connection, params};

use crate::ids::deterministic_guid;
use crate::names::{COMBINATIONS, LANGUAGES};
use crate::search::words_column;

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
    pub roles: Vec<Role>,
    pub has_initial_password: bool,
}

impl SeedUser {
    pub fn id(&self) -> String {
        user_id(&self.user_principal_name)
    }
}

pub fn user_id(user_principal_name: &str) -> String {
    deterministic_guid(&format!("user:{}", user_principal_name.to_lowercase()))
}

/// The tenant's object id of a directory role, stable across reseeds.
pub fn role_object_id(role: Role) -> String {
    deterministic_guid(&format!(
        "directoryRole:{}",
        role.template_id().unwrap_or("other")
    ))
}

fn named(local: &str, given: &str, surname: &str, roles: &[Role]) -> SeedUser {
    SeedUser {
        user_principal_name: format!("{local}@{DOMAIN}"),
        display_name: format!("{given} {surname}"),
        given_name: Some(given.into()),
        surname: Some(surname.into()),
        other_mails: Vec::new(),
        account_enabled: true,
        roles: roles.to_vec(),
        has_initial_password: true,
    }
}

pub fn named_users() -> Vec<SeedUser> {
    use Role::*;
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
            ..named("elodie.dupre", "Élodie", "Dupré", &[])
        },
        markup,
    ]
}

/// The `index`-th generated user (0-based). Names cycle through the pools;
/// later cycles get a number in the sign-in name to keep it unique.
pub fn generated_user(index: usize) -> SeedUser {
    let cycle = index / COMBINATIONS;
    let within = index % COMBINATIONS;
    let language = &LANGUAGES[within % LANGUAGES.len()];
    let rest = within / LANGUAGES.len();
    let (given, given_ascii) = language.given[rest % 10];
    let (family, family_ascii) = language.family[rest / 10];
    let display_name = if language.family_first {
        format!("{family}{given}")
    } else {
        format!("{given} {family}")
    };
    let local = match cycle {
        0 => format!("{given_ascii}.{family_ascii}"),
        n => format!("{given_ascii}.{family_ascii}{}", n + 1),
    };
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
    }
}

/// Replaces the directory, outbox and audit with the seed: `total` users in
/// all (the named ones first). One transaction and prepared statements, so
/// half a million users take seconds. Tokens are kept: ids are deterministic.
pub fn seed(conn: &mut Connection, total: usize, initial_hash: &str) -> rusqlite::Result<()> {
    let named = named_users();
    let generated = total.saturating_sub(named.len());
    let transaction = conn.transaction()?;
    transaction.execute_batch(
        "DELETE FROM users; DELETE FROM user_roles; DELETE FROM outbox; DELETE FROM audit;",
    )?;
    {
        let mut insert_user = transaction.prepare(
            "INSERT INTO users (display_name, id, seq, given_name, surname, upn, mail, other_mails, \
             account_enabled, dn_lower, upn_lower, mail_lower, dn_words, upn_words, mail_words, \
             password_hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6, ?7, ?8, ?9, ?10, ?10, ?11, ?12, ?12, ?13)",
        )?;
        let mut insert_role = transaction
            .prepare("INSERT INTO user_roles (user_id, role_template_id) VALUES (?1, ?2)")?;
        let users = named.into_iter().chain((0..generated).map(generated_user));
        for (seq, user) in users.enumerate() {
            let id = user.id();
            let upn_words = words_column(&user.user_principal_name);
            insert_user.execute(params![
                user.display_name,
                id,
                seq as i64,
                user.given_name,
                user.surname,
                user.user_principal_name,
                serde_json::to_string(&user.other_mails).expect("strings serialise"),
                user.account_enabled,
                user.display_name.to_lowercase(),
                user.user_principal_name.to_lowercase(),
                words_column(&user.display_name),
                upn_words,
                user.has_initial_password.then_some(initial_hash),
            ])?;
            for role in &user.roles {
                insert_role.execute(params![id, role.template_id()])?;
            }
        }
    }
    transaction.commit()
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
    fn named_users_hold_the_roles_of_the_matrix() {
        let users = named_users();
        let admin = &users[0];
        assert_eq!(admin.user_principal_name, "admin@contoso.example");
        assert_eq!(admin.roles, [Role::GlobalAdministrator]);
        let elodie = users
            .iter()
            .find(|u| u.display_name == "Élodie Dupré")
            .unwrap();
        assert_eq!(elodie.other_mails, ["elodie.perso@example.net"]);
        assert!(
            users
                .iter()
                .any(|u| u.display_name == "<img src=x onerror=alert(1)>")
        );
    }
}
