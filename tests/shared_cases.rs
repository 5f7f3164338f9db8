//! The widget's role matrix and password policy against the case files the
//! local tenant is tested with too (`tests/cases/`), written from Microsoft's
//! documentation. Every disagreement is listed, each naming its case, before
//! the test fails: the file keeps the docs' answer, the widget is what moves.

#[path = "cases/read.rs"]
mod read;

use std::path::PathBuf;

use read::{
    ScopedCase, fail_on, password_policy_disagreements, reset_permission_disagreements,
    scope_disagreements,
};
use reset_password_widget::password::{PolicyContext, PolicyViolation, validate};
use reset_password_widget::roles::scope::{
    Assignment, Scope, TargetFacts, check_scoped_reset, check_scoped_sign_out,
};
use reset_password_widget::roles::{ResetDenial, Role};

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

/// Tenant-wide assignments of `roles`, as Graph's `directoryScopeId` "/".
fn tenant_wide(template_ids: &[&str]) -> Vec<Assignment> {
    roles(template_ids)
        .into_iter()
        .map(Assignment::tenant_wide)
        .collect()
}

#[test]
fn reset_permissions_follow_the_entra_table() {
    fail_on(reset_permission_disagreements(
        &cases_dir(),
        "widget",
        |actor, target| {
            let target = TargetFacts {
                roles: roles(target),
                ..TargetFacts::default()
            };
            check_scoped_reset("actor-id", &tenant_wide(actor), "target-id", &target).is_ok()
        },
    ));
}

/// Units are named in the case file; the widget compares Graph's unit ids
/// in lower case, so the names are lowered the same way.
fn lowered(units: &[&str]) -> Vec<String> {
    units.iter().map(|unit| unit.to_ascii_lowercase()).collect()
}

/// A case of the scoped tables as the widget reads Graph's answers.
fn scoped_decision(
    case: &ScopedCase,
    decide: fn(&str, &[Assignment], &str, &TargetFacts) -> Result<(), ResetDenial>,
) -> bool {
    let actor: Vec<Assignment> = case
        .actor_assignments
        .iter()
        .map(|(template, unit)| Assignment {
            role: Role::from_template_id(template),
            scope: match unit {
                None => Scope::Tenant,
                Some(unit) => Scope::Unit(unit.to_ascii_lowercase()),
            },
        })
        .collect();
    let (units, restricted) = (
        lowered(&case.target_units),
        lowered(&case.target_restricted_units),
    );
    let target = TargetFacts {
        roles: roles(&case.target_roles),
        units: units.iter().map(String::as_str).collect(),
        restricted_units: restricted.iter().map(String::as_str).collect(),
        in_role_assignable_group: case.target_in_role_assignable_group,
    };
    decide("actor-id", &actor, "target-id", &target).is_ok()
}

#[test]
fn scoped_resets_follow_the_entra_rules() {
    fail_on(scope_disagreements(
        &cases_dir(),
        "reset-scopes.csv",
        "widget",
        |case| scoped_decision(case, check_scoped_reset),
    ));
}

#[test]
fn sign_outs_follow_the_entra_rules() {
    fail_on(scope_disagreements(
        &cases_dir(),
        "sign-out-scopes.csv",
        "widget",
        |case| scoped_decision(case, check_scoped_sign_out),
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
