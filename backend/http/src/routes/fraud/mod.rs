//! Fraud control: the seller's defaults, the operator's high-risk
//! prefixes, a customer's own rules and the release of a suspended service.

pub mod customer_fraud;
pub mod export_high_risk;
pub mod fraud_settings;
pub mod import_high_risk;
pub mod list_high_risk;
pub mod release_service;
