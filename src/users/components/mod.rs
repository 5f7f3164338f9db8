//! The Active users page: the panel with its toolbar and virtual table, one
//! row per user, and the notice about the admin's roles.

mod access_notice;
mod panel;
mod row;

pub use panel::UsersPanel;
