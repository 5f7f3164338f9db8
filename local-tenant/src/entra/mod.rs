//! Entra ID's rules as this tenant enforces them: directory roles and who may
//! reset whose password, the cloud password policy, and what Exchange takes
//! as a recipient address.
//!
//! Written from Microsoft's documentation, not shared with the widget: a
//! widget tested against a tenant that shares its decisions would only be
//! tested against itself. `tests/cases/` holds the cases both sides answer.

pub mod addresses;
pub mod password_policy;
pub mod roles;
pub mod scope;
