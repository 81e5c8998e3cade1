//! The operator's (or a reseller's) customers: creation, list, detail,
//! status, services, balance adjustments, the ledger and statements.

pub mod adjust_balance;
pub mod cancel_service;
pub mod create_customer;
pub mod get_customer;
pub mod get_statement;
pub mod list_customers;
pub mod set_customer_status;
pub mod set_itemized;

use crate::error::{AppError, AppResult};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::{accounts, customers};
use ringledger_shared::ids::CustomerId;

/// A customer of the staff's seller (or of a reseller below it) and its
/// account; a sibling's, a parent's or another tenant's customer answers
/// `404`.
pub async fn staff_customer(
    tx: &StaffTx,
    id: CustomerId,
) -> AppResult<(customers::Model, accounts::Model)> {
    let customer = tx
        .customers()
        .customer(id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    let account = tx
        .customers()
        .account_of(customer.id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    Ok((customer, account))
}
