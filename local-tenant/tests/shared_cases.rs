//! The tenant's own Entra rules against the case files the widget is tested
//! with too (`tests/cases/` at the repository root). Every disagreement is
//! listed, each naming its case, before the test fails.

#[path = "../../tests/cases/read.rs"]
mod read;

use std::path::PathBuf;

use local_tenant::entra::password_policy::{PasswordOwner, broken_rules};
use local_tenant::entra::roles::{DirectoryRole, authorise_password_reset};
use read::{
    fail_on, password_policy_disagreements, read_role_templates, reset_permission_disagreements,
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
            authorise_password_reset("actor-id", &roles(actor), "target-id", &roles(target)).is_ok()
        },
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
