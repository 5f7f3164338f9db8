//! The tenant API: Graph v1.0 shapes, errors, request addresses and the retry
//! policy are pure; the HTTP client and the work queue run in the browser.

pub mod error;
pub mod models;
pub mod pacer;
pub mod query;
pub mod request_id;
pub mod retry;
pub mod url;

#[cfg(feature = "ui")]
pub mod client;
#[cfg(feature = "ui")]
pub mod queue;

pub use error::{ApiError, CallKind, GraphAnswer};
