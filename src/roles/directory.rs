//! Who holds which role in the tenant, gathered once from Graph's answers
//! (role assignments, role-assignable groups with their members and owners,
//! administrative units with their members), so each user of the list is
//! decided here without a request of their own.

use std::collections::{HashMap, HashSet};

use super::scope::{Assignment, Scope, TargetFacts, check_scoped_reset, check_scoped_sign_out};
use super::{ResetDenial, Role};
use crate::api::models::{DirectoryObject, PrincipalKind, RoleAssignment};

/// The members and owners of one role-assignable group.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GroupMembers {
    pub group_id: String,
    pub members: Vec<DirectoryObject>,
    pub owners: Vec<DirectoryObject>,
}

/// The members of one administrative unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UnitMembers {
    pub unit_id: String,
    pub members: Vec<DirectoryObject>,
}

/// Everything the reset decision needs to know about every user, indexed by
/// id (in lower case: Graph's ids are GUIDs, compared without case).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoleDirectory {
    /// Role assignments by principal: users and role-assignable groups.
    by_principal: HashMap<String, Vec<Assignment>>,
    /// The role-assignable groups each user is a member of.
    groups_of_member: HashMap<String, Vec<String>>,
    /// Members and owners of role-assignable groups.
    in_role_assignable_group: HashSet<String>,
    /// The units read (see [`units_to_read`]) each user is a member of.
    units_of_member: HashMap<String, Vec<String>>,
    restricted_units: HashSet<String>,
}

/// The units whose members the decision needs: every restricted-management
/// unit, and every unit some role of the admin may be scoped to, directly
/// or through a group (any group's scoped roles are read, since which
/// groups the admin is in is known only once their members are read).
pub fn units_to_read(
    units: &[DirectoryObject],
    assignments: &[RoleAssignment],
    my_id: &str,
) -> Vec<String> {
    let mine = |a: &RoleAssignment| {
        a.principal_id.eq_ignore_ascii_case(my_id) || a.principal_kind() == PrincipalKind::Group
    };
    let scoped: HashSet<String> = assignments
        .iter()
        .filter(|a| mine(a))
        .filter_map(
            |a| match Scope::from_directory_scope_id(a.directory_scope_id.as_deref()) {
                Scope::Unit(unit) => Some(unit),
                _ => None,
            },
        )
        .collect();
    units
        .iter()
        .filter(|unit| unit.is_restricted_unit() || scoped.contains(&unit.id.to_ascii_lowercase()))
        .map(|unit| unit.id.clone())
        .collect()
}

impl RoleDirectory {
    /// Gathers the answers. `units` is the whole list of units (it says
    /// which are restricted); `unit_members`, the members of those
    /// [`units_to_read`] named.
    pub fn new(
        assignments: Vec<RoleAssignment>,
        groups: Vec<GroupMembers>,
        units: &[DirectoryObject],
        unit_members: Vec<UnitMembers>,
    ) -> Self {
        let mut directory = RoleDirectory::default();
        for assignment in assignments {
            if assignment.principal_kind() == PrincipalKind::ServicePrincipal {
                continue;
            }
            let held = Assignment {
                role: Role::from_template_id(&assignment.role_definition_id),
                scope: Scope::from_directory_scope_id(assignment.directory_scope_id.as_deref()),
            };
            directory
                .by_principal
                .entry(assignment.principal_id.to_ascii_lowercase())
                .or_default()
                .push(held);
        }
        for group in groups {
            let group_id = group.group_id.to_ascii_lowercase();
            for member in &group.members {
                directory
                    .groups_of_member
                    .entry(member.id.to_ascii_lowercase())
                    .or_default()
                    .push(group_id.clone());
            }
            for object in group.members.iter().chain(&group.owners) {
                directory
                    .in_role_assignable_group
                    .insert(object.id.to_ascii_lowercase());
            }
        }
        directory.restricted_units = units
            .iter()
            .filter(|unit| unit.is_restricted_unit())
            .map(|unit| unit.id.to_ascii_lowercase())
            .collect();
        for unit in unit_members {
            let unit_id = unit.unit_id.to_ascii_lowercase();
            for member in unit.members {
                directory
                    .units_of_member
                    .entry(member.id.to_ascii_lowercase())
                    .or_default()
                    .push(unit_id.clone());
            }
        }
        directory
    }

    /// The roles `user_id` holds, each at its scope: assigned to them, or to
    /// a role-assignable group they are a member of.
    pub fn assignments_of(&self, user_id: &str) -> Vec<Assignment> {
        let user_id = user_id.to_ascii_lowercase();
        let groups = self.groups_of_member.get(&user_id).into_iter().flatten();
        std::iter::once(&user_id)
            .chain(groups)
            .filter_map(|principal| self.by_principal.get(principal))
            .flatten()
            .cloned()
            .collect()
    }

    /// What the decision needs to know of `user_id` as a target. Every role
    /// they hold counts, whatever its scope: a role held only in one unit
    /// still makes them an admin whom a lesser role may not reset.
    pub fn facts_of(&self, user_id: &str) -> TargetFacts<'_> {
        let key = user_id.to_ascii_lowercase();
        let units: Vec<&str> = self
            .units_of_member
            .get(&key)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .collect();
        TargetFacts {
            roles: self.assignments_of(&key).iter().map(|a| a.role).collect(),
            restricted_units: units
                .iter()
                .copied()
                .filter(|unit| self.restricted_units.contains(*unit))
                .collect(),
            units,
            in_role_assignable_group: self.in_role_assignable_group.contains(&key),
        }
    }

    /// Whether the admin `actor_id`, holding `actor`, may reset `target_id`.
    pub fn check(
        &self,
        actor_id: &str,
        actor: &[Assignment],
        target_id: &str,
    ) -> Result<(), ResetDenial> {
        check_scoped_reset(actor_id, actor, target_id, &self.facts_of(target_id))
    }

    /// Whether the admin `actor_id`, holding `actor`, may sign `target_id`
    /// out of all sessions.
    pub fn may_sign_out(&self, actor_id: &str, actor: &[Assignment], target_id: &str) -> bool {
        check_scoped_sign_out(actor_id, actor, target_id, &self.facts_of(target_id)).is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::models::{Page, decode};

    const GLOBAL: &str = "62e90394-69f5-4237-9190-012177145e10";
    const HELPDESK: &str = "729827e3-9c14-49f7-bb1b-9608f156bbb8";
    const PASSWORD: &str = "966707d0-3269-4727-9be2-8c3a10f19b9d";
    const REPORTS_READER: &str = "4a5d8f65-41da-4de4-8968-e035b65339cf";

    fn assignment(principal: &str, kind: &str, role: &str, scope: &str) -> RoleAssignment {
        decode(&format!(
            r##"{{"principalId":"{principal}","roleDefinitionId":"{role}","directoryScopeId":"{scope}",
                 "principal":{{"@odata.type":"#microsoft.graph.{kind}","id":"{principal}"}}}}"##
        ))
        .unwrap()
    }

    fn objects(ids: &[&str]) -> Vec<DirectoryObject> {
        ids.iter()
            .map(|id| DirectoryObject {
                odata_type: Some("#microsoft.graph.user".into()),
                id: id.to_string(),
                is_assignable_to_role: None,
                is_member_management_restricted: None,
            })
            .collect()
    }

    fn units() -> Vec<DirectoryObject> {
        decode::<Page<DirectoryObject>>(
            r#"{"value":[{"id":"AU-Paris","isMemberManagementRestricted":false},
                         {"id":"au-vault","isMemberManagementRestricted":true},
                         {"id":"au-lyon"}]}"#,
        )
        .unwrap()
        .value
    }

    /// A small tenant: a Global admin, a Password admin, a Helpdesk admin
    /// of Paris, an admin holding Global Administrator through a group,
    /// a Reports Reader, Pauline in Paris, Luc in the restricted Vault,
    /// Tomas in the role-assignable group, Olga owning it.
    fn tenant() -> (Vec<RoleAssignment>, RoleDirectory) {
        let assignments = vec![
            assignment("global", "user", GLOBAL, "/"),
            assignment("pwadmin", "user", PASSWORD, "/"),
            assignment(
                "paris-helpdesk",
                "user",
                HELPDESK,
                "/administrativeUnits/au-paris",
            ),
            assignment("tier0", "group", GLOBAL, "/"),
            assignment("rita", "user", REPORTS_READER, "/"),
            assignment("app", "servicePrincipal", GLOBAL, "/"),
        ];
        let groups = vec![GroupMembers {
            group_id: "TIER0".into(),
            members: objects(&["tomas", "grouped-admin"]),
            owners: objects(&["olga"]),
        }];
        let read = units_to_read(&units(), &assignments, "paris-helpdesk");
        assert_eq!(read, ["AU-Paris", "au-vault"]);
        let members = vec![
            UnitMembers {
                unit_id: "AU-Paris".into(),
                members: objects(&["pauline", "Paris-Helpdesk"]),
            },
            UnitMembers {
                unit_id: "au-vault".into(),
                members: objects(&["luc"]),
            },
        ];
        let directory = RoleDirectory::new(assignments.clone(), groups, &units(), members);
        (assignments, directory)
    }

    fn decide(directory: &RoleDirectory, admin: &str, target: &str) -> Result<(), ResetDenial> {
        directory.check(admin, &directory.assignments_of(admin), target)
    }

    #[test]
    fn only_restricted_units_and_the_admins_scopes_are_read() {
        let (assignments, _) = tenant();
        // A tenant-wide admin needs the restricted units only.
        assert_eq!(
            units_to_read(&units(), &assignments, "pwadmin"),
            ["au-vault"]
        );
        // A unit an admin's group is scoped to is read too.
        let through_group = vec![assignment(
            "g",
            "group",
            HELPDESK,
            "/administrativeUnits/au-lyon",
        )];
        assert_eq!(
            units_to_read(&units(), &through_group, "me"),
            ["au-vault", "au-lyon"]
        );
    }

    #[test]
    fn roles_are_held_directly_or_through_a_role_assignable_group() {
        let (_, directory) = tenant();
        assert_eq!(
            directory.assignments_of("GROUPED-ADMIN"),
            [Assignment::tenant_wide(Role::GlobalAdministrator)]
        );
        assert_eq!(
            directory.facts_of("tomas").roles,
            [Role::GlobalAdministrator]
        );
        assert!(directory.facts_of("olga").in_role_assignable_group);
        assert!(
            directory.facts_of("olga").roles.is_empty(),
            "owners hold no role"
        );
        // A service principal is never a user of the list.
        assert!(directory.assignments_of("app").is_empty());
        let luc = directory.facts_of("luc");
        assert_eq!(
            (luc.units, luc.restricted_units),
            (vec!["au-vault"], vec!["au-vault"])
        );
    }

    #[test]
    fn each_user_is_decided_without_a_request_of_their_own() {
        let (_, directory) = tenant();
        assert_eq!(decide(&directory, "pwadmin", "nobody-special"), Ok(()));
        assert_eq!(
            decide(&directory, "pwadmin", "rita"),
            Err(ResetDenial::TargetRole(Role::ReportsReader))
        );
        assert_eq!(decide(&directory, "paris-helpdesk", "pauline"), Ok(()));
        assert_eq!(
            decide(&directory, "paris-helpdesk", "nobody-special"),
            Err(ResetDenial::OutsideUnits)
        );
        assert_eq!(
            decide(&directory, "global", "luc"),
            Err(ResetDenial::RestrictedUnit)
        );
        assert_eq!(
            decide(&directory, "pwadmin", "olga"),
            Err(ResetDenial::RoleAssignableGroup)
        );
        assert_eq!(decide(&directory, "global", "olga"), Ok(()));
        // Global Administrator through the group resets like a direct one.
        assert_eq!(decide(&directory, "grouped-admin", "tomas"), Ok(()));
        // A scoped role still makes its holder an admin.
        assert_eq!(
            decide(&directory, "pwadmin", "paris-helpdesk"),
            Err(ResetDenial::TargetRole(Role::HelpdeskAdministrator))
        );
        assert_eq!(
            decide(&directory, "pauline", "nobody-special"),
            Err(ResetDenial::NoResetRole)
        );
    }
}
