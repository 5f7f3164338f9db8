//! The widget's role matrix and password policy against the case files the
//! local tenant is tested with too (`tests/cases/`), written from Microsoft's
//! documentation. Every disagreement is listed, each naming its case, before
//! the test fails: the file keeps the docs' answer, the widget is what moves.

#[path = "cases/read.rs"]
mod read;

use std::collections::HashMap;
use std::path::PathBuf;

use read::{read_cases, read_role_templates, split_list};
use reset_password_widget::password::{PolicyContext, PolicyViolation, validate};
use reset_password_widget::roles::{Role, check_reset};

fn case_file(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cases")
        .join(name)
}

/// Roles as Graph hands them to the widget: by `roleTemplateId`.
fn roles(cell: &str, templates: &HashMap<String, String>) -> Vec<Role> {
    split_list(cell)
        .into_iter()
        .map(|name| {
            let id = templates
                .get(name)
                .unwrap_or_else(|| panic!("{name:?} is not in role-templates.csv"));
            Role::from_template_id(id)
        })
        .collect()
}

fn rule_name(violation: &PolicyViolation) -> &'static str {
    match violation {
        PolicyViolation::TooShort { .. } | PolicyViolation::TooLong { .. } => "length",
        PolicyViolation::DisallowedCharacters(_) => "characters",
        PolicyViolation::TooFewClasses { .. } => "classes",
        PolicyViolation::TooCommon { .. } => "banned",
    }
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
fn reset_permissions_follow_the_entra_table() {
    let templates = read_role_templates(&case_file("role-templates.csv"));
    let mut disagreements = Vec::new();
    for case in read_cases(&case_file("reset-permissions.csv")) {
        let actor = roles(case.get("actor_roles"), &templates);
        let target = roles(case.get("target_roles"), &templates);
        let allowed = check_reset("actor-id", &actor, "target-id", &target).is_ok();
        let expected = case.get("expected") == "allowed";
        if allowed != expected {
            disagreements.push(format!(
                "line {}: actor [{}] resetting target [{}]: expected {}, widget says {} ({})",
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
        let present = |column| Some(case.get(column).to_string()).filter(|v| !v.is_empty());
        let context = PolicyContext {
            first_name: present("given_name"),
            last_name: present("surname"),
            tenant_name: present("tenant_name"),
        };
        let broken: Vec<&str> = validate(&password, &context)
            .iter()
            .map(rule_name)
            .collect();
        let expected = case.list("broken_rules");
        let accepted_as_expected = broken.is_empty() == (case.get("expected") == "accept");
        if !accepted_as_expected || broken != expected {
            // The case files are test data, so the password may be named.
            disagreements.push(format!(
                "line {}: {:?} ({}): expected {} [{}], widget breaks [{}]",
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
