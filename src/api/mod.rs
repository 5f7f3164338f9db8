//! The tenant API: Graph v1.0 shapes, errors and the retry policy are pure;
//! the HTTP client runs in the browser.

pub mod error;
pub mod models;
pub mod retry;

#[cfg(feature = "ui")]
pub mod client;

pub use error::{ApiError, CallKind};
