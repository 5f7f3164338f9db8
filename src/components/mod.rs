//! The widget's components, one per file. They read the shared context and
//! call `actions`; the rules they apply live in the pure core.

pub mod check_option;
pub mod generated_password;
pub mod outcome_card;
pub mod print_sheet;
pub mod reset_dialog;
pub mod reset_form;
pub mod reset_result;
pub mod retry_countdown;
pub mod user_row;
pub mod users_panel;
pub mod widget;
