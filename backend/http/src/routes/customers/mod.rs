//! The operator's customers: list, detail, suspend / close / reactivate.

pub mod adjust_balance;
pub mod cancel_service;
pub mod create_customer;
pub mod get_customer;
pub mod get_statement;
pub mod list_customers;
pub mod set_customer_status;
pub mod set_itemized;
