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
