//! Components every feature uses, and the widget's root. Each feature keeps
//! its own components in its folder (`users/components`, `reset/components`).

pub mod check_option;
pub mod retry_countdown;
pub mod secret_field;
pub mod widget;
