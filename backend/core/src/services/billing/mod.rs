//! Bills: composing an account's invoice for a period (`compose`), bill
//! runs that issue them in atomic chunks (`bill_run`), and the PDF
//! (`pdf`) with its itemized call appendix (`appendix`).

pub mod appendix;
pub mod bill_run;
pub mod compose;
pub mod document;
pub mod pdf;
mod winansi;
