//! Bills: bill runs, invoices (list, detail, PDF), credit notes, one-off
//! charges, the seller's invoicing settings.

pub mod add_charge;
pub mod bill_runs;
pub mod billing_settings;
pub mod credit_note;
pub mod invoices;
pub mod views;
