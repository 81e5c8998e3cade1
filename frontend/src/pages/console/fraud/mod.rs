//! Fraud control in the console (issue 24): the seller's defaults and the
//! operator's high-risk prefixes on the Settings page, a customer's own
//! rules and releases on its page, refused calls on the Calls page.

pub mod customer;
pub mod high_risk;
pub mod limits;
pub mod refused;
pub mod settings;
