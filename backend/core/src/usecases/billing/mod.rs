//! Use cases behind `routes/billing/`: bill runs, invoices (list, detail,
//! PDF), credit notes, one-off charges and the seller's invoicing
//! settings, plus the invoice and bill-run views they answer.

pub mod add_charge;
pub mod bill_runs;
pub mod billing_settings;
pub mod credit_note;
pub mod invoices;
pub mod views;
