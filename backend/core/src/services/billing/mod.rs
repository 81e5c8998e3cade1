//! Bills: composing an account's invoice for a period (`compose`), bill
//! runs that issue them in atomic chunks (`bill_run`), and the PDF
//! (`pdf`).

pub mod bill_run;
pub mod compose;
pub mod document;
pub mod pdf;
mod winansi;
