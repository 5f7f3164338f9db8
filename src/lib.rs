//! Reset-password widget for tenant administrators.
//!
//! The crate has two halves. The pure core (`password`, `roles`, `flow`,
//! `config`, `api::models`, `recipients`) builds without the `ui` feature and is
//! tested on the host; the local tenant reuses it to enforce the same policy.
//! The `ui` half (Leptos components, the HTTP client, the boot code) runs in the
//! browser.

pub mod password;
pub mod roles;

pub mod api;
pub mod config;
pub mod flow;
pub mod i18n;
pub mod notification;
pub mod paging;
pub mod recipients;
pub mod report;
pub mod virtual_rows;

#[cfg(feature = "ui")]
mod actions;
#[cfg(feature = "ui")]
pub mod boot;
#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
pub mod context;
#[cfg(feature = "ui")]
mod download;
#[cfg(feature = "ui")]
mod host_events;
#[cfg(feature = "ui")]
pub mod panic_notice;
