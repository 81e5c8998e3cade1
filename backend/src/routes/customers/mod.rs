//! The operator's customers: list, detail, suspend / close / reactivate.

pub mod adjust_balance;
pub mod cancel_service;
pub mod create_customer;
pub mod get_customer;
pub mod list_customers;
pub mod set_customer_status;

use crate::auth::principal::StaffPrincipal;
use crate::entities::{accounts, customers};
use crate::error::{AppError, AppResult};
use crate::repo::TenantTx;

/// A customer of the staff's seller and its account; another seller's (or
/// tenant's) customer answers 404.
pub(crate) async fn staff_customer(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    id: uuid::Uuid,
) -> AppResult<(customers::Model, accounts::Model)> {
    let customer = tx
        .customer(id)
        .await?
        .filter(|c| c.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("customer"))?;
    let account = tx
        .account_of(customer.id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    Ok((customer, account))
}
