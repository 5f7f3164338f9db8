//! The reset feature: from the dialog's choices to the tenant and back to the
//! result. `state` (the flow and the plan), `recipients`, `notification`,
//! `report` and `summary` (a run's counts and the result table's filter) are
//! pure; the store is the only writer of the flow, the runner sends the
//! calls, and the components render and call the store.

pub mod events;
pub mod notification;
pub mod recipients;
pub mod report;
pub mod state;
pub mod summary;

#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
mod download;
#[cfg(feature = "ui")]
mod runner;
#[cfg(feature = "ui")]
pub mod store;

#[cfg(feature = "ui")]
pub use store::ResetStore;
