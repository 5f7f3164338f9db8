//! The Recent resets view: the password resets of the last 7 days and what
//! became of each (waiting for the first sign-in, signed in, changed the
//! password, reset again). `state` is pure; `session` remembers this
//! session's resets, `store` loads and refreshes, `components` render.

pub mod state;

#[cfg(feature = "ui")]
pub mod components;
#[cfg(feature = "ui")]
pub mod session;
#[cfg(feature = "ui")]
pub mod store;
