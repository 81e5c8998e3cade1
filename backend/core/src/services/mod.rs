//! Work that more than one entry point (HTTP handler, CLI, job) performs.

pub mod allowances;
pub mod audit_chain;
pub mod auth_cache;
pub mod authorize;
pub mod billing;
pub mod books;
pub mod cdr_ingest;
pub mod customer_signup;
pub mod customer_view;
pub mod deck_import;
pub mod domains;
pub mod fraud;
pub mod language;
pub mod ledger;
pub mod my_account;
pub mod numbers;
pub mod on_net;
pub mod password_reset;
pub mod payments;
pub mod provisioning;
pub mod reseal;
pub mod resellers;
pub mod reservations;
pub mod seller_tree;
pub mod staff_email;
pub mod tenant_cache;
