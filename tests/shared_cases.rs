//! The widget's role matrix and password policy against the case files the
//! local tenant is tested with too (`tests/cases/`), written from Microsoft's
//! documentation. Every disagreement is listed, each naming its case, before
//! the test fails: the file keeps the docs' answer, the widget is what moves.

#[path = "cases/read.rs"]
mod read;

use std::path::PathBuf;

use read::{fail_on, password_policy_disagreements, reset_permission_disagreements};
use reset_password_widget::password::{PolicyContext, PolicyViolation, validate};
use reset_password_widget::roles::{Role, check_reset};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/cases")
}

/// Roles as Graph hands them to the widget: by `roleTemplateId`.
fn roles(template_ids: &[&str]) -> Vec<Role> {
    template_ids
        .iter()
        .map(|id| Role::from_template_id(id))
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

#[test]
fn reset_permissions_follow_the_entra_table() {
    fail_on(reset_permission_disagreements(
        &cases_dir(),
        "widget",
        |actor, target| check_reset("actor-id", &roles(actor), "target-id", &roles(target)).is_ok(),
    ));
}

#[test]
fn password_policy_follows_the_entra_policy() {
    fail_on(password_policy_disagreements(
        &cases_dir(),
        "widget",
        |case| {
            let context = PolicyContext {
                first_name: case.given_name.map(str::to_string),
                last_name: case.surname.map(str::to_string),
                tenant_name: case.tenant_name.map(str::to_string),
            };
            validate(&case.password, &context)
                .iter()
                .map(rule_name)
                .collect()
        },
    ));
}
