//! The tenant's own Entra rules against the case files the widget is tested
//! with too (`tests/cases/` at the repository root). Every disagreement is
//! listed, each naming its case, before the test fails.

#[path = "../../tests/cases/read.rs"]
mod read;

use std::collections::HashMap;
use std::path::PathBuf;

use local_tenant::entra::password_policy::{PasswordOwner, broken_rules};
use local_tenant::entra::roles::{DirectoryRole, authorise_password_reset};
use read::{read_cases, read_role_templates, split_list};

fn case_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/cases")
        .join(name)
}

fn role_templates() -> HashMap<String, String> {
    read_role_templates(&case_file("role-templates.csv"))
}

fn roles(cell: &str, templates: &HashMap<String, String>) -> Vec<DirectoryRole> {
    split_list(cell)
        .into_iter()
        .map(|name| {
            let id = templates
                .get(name)
                .unwrap_or_else(|| panic!("{name:?} is not in role-templates.csv"));
            DirectoryRole::from_template_id(id)
        })
        .collect()
}

fn fail_on(disagreements: Vec<String>) {
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}

#[test]
fn role_templates_match_the_tenants_names() {
    let mut disagreements = Vec::new();
    for (name, id) in role_templates() {
        let role = DirectoryRole::from_template_id(&id);
        if role.display_name() != name {
            disagreements.push(format!("{id}: file says {name:?}, tenant {role:?}"));
        }
    }
    fail_on(disagreements);
}

#[test]
fn reset_permissions_follow_the_entra_table() {
    let templates = role_templates();
    let mut disagreements = Vec::new();
    for case in read_cases(&case_file("reset-permissions.csv")) {
        let actor = roles(case.get("actor_roles"), &templates);
        let target = roles(case.get("target_roles"), &templates);
        let allowed = authorise_password_reset("actor-id", &actor, "target-id", &target).is_ok();
        let expected = case.get("expected") == "allowed";
        if allowed != expected {
            disagreements.push(format!(
                "line {}: actor [{}] resetting target [{}]: expected {}, tenant says {} ({})",
                case.line,
                case.get("actor_roles"),
                case.get("target_roles"),
                case.get("expected"),
                if allowed { "allowed" } else { "denied" },
                case.get("note"),
            ));
        }
    }
    fail_on(disagreements);
}

#[test]
fn password_policy_follows_the_entra_policy() {
    let mut disagreements = Vec::new();
    for case in read_cases(&case_file("password-policy.csv")) {
        let repeat = match case.get("repeat") {
            "" => 1,
            count => count.parse().expect("repeat is a number"),
        };
        let password = case.get("password").repeat(repeat);
        let present = |column| Some(case.get(column)).filter(|value| !value.is_empty());
        let owner = PasswordOwner {
            given_name: present("given_name"),
            surname: present("surname"),
            tenant_name: present("tenant_name"),
        };
        let broken: Vec<&str> = broken_rules(&password, &owner)
            .into_iter()
            .map(|rule| rule.name())
            .collect();
        let expected = case.list("broken_rules");
        let accepted_as_expected = broken.is_empty() == (case.get("expected") == "accept");
        if !accepted_as_expected || broken != expected {
            // The case files are test data, so the password may be named.
            disagreements.push(format!(
                "line {}: {:?} ({}): expected {} [{}], tenant breaks [{}]",
                case.line,
                case.get("password"),
                case.get("note"),
                case.get("expected"),
                expected.join(";"),
                broken.join(";"),
            ));
        }
    }
    fail_on(disagreements);
}
