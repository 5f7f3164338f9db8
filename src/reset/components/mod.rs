//! The reset dialog and what it shows: the choices form, the generator, the
//! result with one card per user, and the print sheet.

mod dialog;
mod form;
mod generator;
mod outcome_card;
mod print_sheet;
mod result;

pub use dialog::ResetDialog;
pub use form::ResetForm;
pub use result::ResetResult;
