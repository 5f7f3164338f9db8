//! The reset dialog and what it shows: the choices form, the generator, the
//! result (one card per user, or a table for large runs), and the print sheet.

mod dialog;
mod form;
mod generator;
mod outcome_card;
mod print_sheet;
mod result;
mod result_row;
mod result_table;

pub use dialog::ResetDialog;
pub use form::ResetForm;
pub use result::ResetResult;
