//! Reads the shared case files in this folder: CSV with a header row, `#`
//! comment lines, and double-quoted fields where a value holds a comma or a
//! quote. Included by the widget's and the local tenant's tests alike, so
//! both read the same cases the same way.

use std::collections::HashMap;
use std::path::Path;

/// One row of a case file, with its line number for failure messages.
pub struct Case {
    pub line: usize,
    fields: HashMap<String, String>,
}

impl Case {
    /// The value in `column`; panics naming the line when it is missing.
    pub fn get(&self, column: &str) -> &str {
        self.fields
            .get(column)
            .unwrap_or_else(|| panic!("line {}: no column {column:?}", self.line))
    }

    /// A list cell split on `;` (roles, rule names); empty cell, empty list.
    pub fn list(&self, column: &str) -> Vec<&str> {
        split_list(self.get(column))
    }
}

pub fn split_list(cell: &str) -> Vec<&str> {
    cell.split(';')
        .map(str::trim)
        .filter(|item| !item.is_empty())
        .collect()
}

pub fn read_cases(path: &Path) -> Vec<Case> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty())
        .map(|(index, line)| (index + 1, split_row(line, index + 1)));
    let (_, header) = rows.next().expect("a header row");
    let cases: Vec<Case> = rows
        .map(|(line, values)| {
            assert_eq!(values.len(), header.len(), "line {line}: column count");
            Case {
                line,
                fields: header.iter().cloned().zip(values).collect(),
            }
        })
        .collect();
    assert!(!cases.is_empty(), "{} has no cases", path.display());
    cases
}

/// `role,template_id` rows as a map from display name to template id.
pub fn read_role_templates(path: &Path) -> HashMap<String, String> {
    read_cases(path)
        .iter()
        .map(|case| {
            (
                case.get("role").to_string(),
                case.get("template_id").to_string(),
            )
        })
        .collect()
}

/// RFC 4180 fields of one line (no line breaks inside fields).
fn split_row(line: &str, number: usize) -> Vec<String> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                chars.next();
                field.push('"');
            }
            (true, '"') => quoted = false,
            (false, '"') if field.is_empty() => quoted = true,
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    assert!(!quoted, "line {number}: unclosed quote");
    fields.push(field);
    fields
}

/// The role names of a list cell, as the `roleTemplateId`s Graph reports.
pub fn template_ids<'a>(cell: &str, templates: &'a HashMap<String, String>) -> Vec<&'a str> {
    split_list(cell)
        .into_iter()
        .map(|name| {
            templates
                .get(name)
                .unwrap_or_else(|| panic!("{name:?} is not in role-templates.csv"))
                .as_str()
        })
        .collect()
}

/// Every case of `reset-permissions.csv` that `allowed` (given the actor's and
/// the target's role template ids) decides otherwise, each named; `who` says
/// whose answer it was in the message.
pub fn reset_permission_disagreements(
    dir: &Path,
    who: &str,
    allowed: impl Fn(&[&str], &[&str]) -> bool,
) -> Vec<String> {
    let templates = read_role_templates(&dir.join("role-templates.csv"));
    let mut disagreements = Vec::new();
    for case in read_cases(&dir.join("reset-permissions.csv")) {
        let actor = template_ids(case.get("actor_roles"), &templates);
        let target = template_ids(case.get("target_roles"), &templates);
        let allowed = allowed(&actor, &target);
        let expected = case.get("expected") == "allowed";
        if allowed != expected {
            disagreements.push(format!(
                "line {}: actor [{}] resetting target [{}]: expected {}, {who} says {} ({})",
                case.line,
                case.get("actor_roles"),
                case.get("target_roles"),
                case.get("expected"),
                if allowed { "allowed" } else { "denied" },
                case.get("note"),
            ));
        }
    }
    disagreements
}

/// One case of `reset-scopes.csv` or `sign-out-scopes.csv`, roles as the `roleTemplateId`s Graph
/// reports and units by name (`None` scope: tenant-wide, Graph's "/").
pub struct ScopedCase<'a> {
    pub actor_assignments: Vec<(&'a str, Option<&'a str>)>,
    pub target_roles: Vec<&'a str>,
    pub target_units: Vec<&'a str>,
    pub target_restricted_units: Vec<&'a str>,
    pub target_in_role_assignable_group: bool,
}

/// Every case of `file` (`reset-scopes.csv` or `sign-out-scopes.csv`, one
/// shape) that `allowed` decides otherwise, each named; `who` says whose
/// answer it was in the message.
pub fn scope_disagreements(
    dir: &Path,
    file: &str,
    who: &str,
    allowed: impl Fn(&ScopedCase) -> bool,
) -> Vec<String> {
    let templates = read_role_templates(&dir.join("role-templates.csv"));
    let template = |name: &str| -> &str {
        templates
            .get(name)
            .unwrap_or_else(|| panic!("{name:?} is not in role-templates.csv"))
            .as_str()
    };
    let mut disagreements = Vec::new();
    for case in read_cases(&dir.join(file)) {
        let actor_assignments = case
            .list("actor_assignments")
            .into_iter()
            .map(|assignment| {
                let (role, scope) = assignment
                    .split_once('@')
                    .unwrap_or_else(|| panic!("line {}: {assignment:?} has no @scope", case.line));
                (template(role), Some(scope).filter(|scope| *scope != "/"))
            })
            .collect();
        let scoped = ScopedCase {
            actor_assignments,
            target_roles: template_ids(case.get("target_roles"), &templates),
            target_units: case.list("target_units"),
            target_restricted_units: case.list("target_restricted_units"),
            target_in_role_assignable_group: match case.get("target_role_assignable_group") {
                "yes" => true,
                "no" => false,
                other => panic!("line {}: {other:?} is not yes or no", case.line),
            },
        };
        let allowed = allowed(&scoped);
        let expected = case.get("expected") == "allowed";
        if allowed != expected {
            disagreements.push(format!(
                "{file} line {}: actor [{}] acting on target [{}] in units [{}] (restricted [{}], \
                 role-assignable group: {}): expected {}, {who} says {} ({})",
                case.line,
                case.get("actor_assignments"),
                case.get("target_roles"),
                case.get("target_units"),
                case.get("target_restricted_units"),
                case.get("target_role_assignable_group"),
                case.get("expected"),
                if allowed { "allowed" } else { "denied" },
                case.get("note"),
            ));
        }
    }
    disagreements
}

/// One case of `password-policy.csv`: the password and the names it must not
/// contain (empty cells are `None`).
pub struct PolicyCase<'a> {
    pub password: String,
    pub given_name: Option<&'a str>,
    pub surname: Option<&'a str>,
    pub tenant_name: Option<&'a str>,
}

/// Every case of `password-policy.csv` where `broken_rules` (the names of the
/// rules a password breaks, in the file's order) disagrees with the file.
pub fn password_policy_disagreements(
    dir: &Path,
    who: &str,
    broken_rules: impl Fn(&PolicyCase) -> Vec<&'static str>,
) -> Vec<String> {
    let mut disagreements = Vec::new();
    for case in read_cases(&dir.join("password-policy.csv")) {
        let repeat = match case.get("repeat") {
            "" => 1,
            count => count.parse().expect("repeat is a number"),
        };
        let present = |column| Some(case.get(column)).filter(|value| !value.is_empty());
        let policy_case = PolicyCase {
            password: case.get("password").repeat(repeat),
            given_name: present("given_name"),
            surname: present("surname"),
            tenant_name: present("tenant_name"),
        };
        let broken = broken_rules(&policy_case);
        let expected = case.list("broken_rules");
        let accepted_as_expected = broken.is_empty() == (case.get("expected") == "accept");
        if !accepted_as_expected || broken != expected {
            // The case files are test data, so the password may be named.
            disagreements.push(format!(
                "line {}: {:?} ({}): expected {} [{}], {who} breaks [{}]",
                case.line,
                case.get("password"),
                case.get("note"),
                case.get("expected"),
                expected.join(";"),
                broken.join(";"),
            ));
        }
    }
    disagreements
}

/// Fails with every disagreement listed, not only the first.
pub fn fail_on(disagreements: Vec<String>) {
    assert!(
        disagreements.is_empty(),
        "{} disagreement(s):\n{}",
        disagreements.len(),
        disagreements.join("\n")
    );
}
