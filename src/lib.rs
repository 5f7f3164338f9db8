//! Reset-password widget for tenant administrators.
//!
//! Grouped by feature: `users` (the Active users list) and `reset` (the reset
//! dialog, from choices to the tenant and back to the result), each with a
//! pure state module, one store that writes it, and components that render.
//! The pure core (`password`, `roles`, `config`, `api` models and queries,
//! `reset::state`, `users::access`) builds without the `ui` feature and is
//! tested on the host; the `ui` half runs in the browser.

pub mod password;
pub mod roles;

pub mod api;
pub mod config;
pub mod follow_up;
pub mod i18n;
pub mod reset;
pub mod users;

#[cfg(feature = "ui")]
pub mod boot;
#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
pub mod context;
#[cfg(feature = "ui")]
pub mod panic_notice;
#[cfg(feature = "ui")]
pub mod reader;
#[cfg(feature = "ui")]
mod timers;
