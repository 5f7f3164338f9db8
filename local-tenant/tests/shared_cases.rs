//! The tenant's own Entra rules against the case files the widget is tested
//! with too (`tests/cases/` at the repository root). Every disagreement is
//! listed, each naming its case, before the test fails.

#[path = "../../tests/cases/read.rs"]
mod read;

use std::path::PathBuf;

use local_tenant::entra::password_policy::{PasswordOwner, broken_rules};
use local_tenant::entra::roles::{
    ActRefusal, DirectoryRole, authorise_password_reset, authorise_session_revocation,
};
use local_tenant::entra::scope::{DirectoryScope, RoleAssignment, TargetStanding};
use read::{
    ScopedCase, fail_on, password_policy_disagreements, read_role_templates,
    reset_permission_disagreements, scope_disagreements,
};

fn cases_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/cases")
}

fn roles(template_ids: &[&str]) -> Vec<DirectoryRole> {
    template_ids
        .iter()
        .map(|id| DirectoryRole::from_template_id(id))
        .collect()
}

#[test]
fn role_templates_match_the_tenants_names() {
    let mut disagreements = Vec::new();
    for (name, id) in read_role_templates(&cases_dir().join("role-templates.csv")) {
        let role = DirectoryRole::from_template_id(&id);
        if role.display_name() != name {
            disagreements.push(format!("{id}: file says {name:?}, tenant {role:?}"));
        }
    }
    fail_on(disagreements);
}

#[test]
fn reset_permissions_follow_the_entra_table() {
    fail_on(reset_permission_disagreements(
        &cases_dir(),
        "tenant",
        |actor, target| {
            let actor: Vec<RoleAssignment> = roles(actor)
                .into_iter()
                .map(RoleAssignment::tenant_wide)
                .collect();
            let target = TargetStanding::with_roles(&roles(target));
            authorise_password_reset("actor-id", &actor, "target-id", &target).is_ok()
        },
    ));
}

/// Units are named in the case file; the tenant keys them by id, and a
/// name is as good an id as any here.
/// A case of the scoped tables as the tenant stores assignments and targets.
fn scoped_decision(
    case: &ScopedCase,
    decide: fn(&str, &[RoleAssignment], &str, &TargetStanding) -> Result<(), ActRefusal>,
) -> bool {
    let actor: Vec<RoleAssignment> = case
        .actor_assignments
        .iter()
        .map(|(template, unit)| RoleAssignment {
            role: DirectoryRole::from_template_id(template),
            scope: unit.map_or(DirectoryScope::Tenant, |unit| {
                DirectoryScope::AdministrativeUnit(unit.to_string())
            }),
        })
        .collect();
    let owned = |names: &[&str]| names.iter().map(|name| name.to_string()).collect();
    let target = TargetStanding {
        roles: roles(&case.target_roles),
        units: owned(&case.target_units),
        restricted_units: owned(&case.target_restricted_units),
        in_role_assignable_group: case.target_in_role_assignable_group,
    };
    decide("actor-id", &actor, "target-id", &target).is_ok()
}

#[test]
fn scoped_resets_follow_the_entra_docs() {
    fail_on(scope_disagreements(
        &cases_dir(),
        "reset-scopes.csv",
        "tenant",
        |case| scoped_decision(case, authorise_password_reset),
    ));
}

#[test]
fn sign_outs_follow_the_entra_docs() {
    fail_on(scope_disagreements(
        &cases_dir(),
        "sign-out-scopes.csv",
        "tenant",
        |case| scoped_decision(case, authorise_session_revocation),
    ));
}

#[test]
fn password_policy_follows_the_entra_policy() {
    fail_on(password_policy_disagreements(
        &cases_dir(),
        "tenant",
        |case| {
            let owner = PasswordOwner {
                given_name: case.given_name,
                surname: case.surname,
                tenant_name: case.tenant_name,
            };
            broken_rules(&case.password, &owner)
                .into_iter()
                .map(|rule| rule.name())
                .collect()
        },
    ));
}
