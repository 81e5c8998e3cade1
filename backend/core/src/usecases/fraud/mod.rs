//! Fraud control (see `services::fraud`): the seller's defaults, the
//! operator's high-risk prefixes, a customer's own rules and the release
//! of a suspended service.

pub mod customer_fraud;
pub mod high_risk;
pub mod release_service;
pub mod settings;
