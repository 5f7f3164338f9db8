//! The list feature: the tenant's users, searched and paged, rendered as a
//! virtual list, with a selection that knows who this admin may reset.
//! `access`, `paging` and `virtual_rows` are pure; `pages` (the loading hook),
//! `role_reads` (who holds which role, read once), `selection` (the store)
//! and `virtual_list` run in the browser.

pub mod access;
pub mod paging;
pub mod virtual_rows;

#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
pub mod pages;
#[cfg(feature = "ui")]
pub mod role_reads;
#[cfg(feature = "ui")]
pub mod selection;
#[cfg(feature = "ui")]
pub mod virtual_list;
