//! The operator's customers: list, detail, suspend / close / reactivate.

pub mod adjust_balance;
pub mod cancel_service;
pub mod create_customer;
pub mod get_customer;
pub mod get_statement;
pub mod list_customers;
pub mod set_customer_status;

use crate::error::ApiResult;
use ringledger_core::auth::principal::StaffPrincipal;
use ringledger_core::error::AppError;
use ringledger_core::services::seller_tree::SellerScope;
use ringledger_db::entities::{accounts, customers};
use ringledger_db::repo::TenantTx;

/// A customer of the staff's seller (or of a reseller below it) and its
/// account; a sibling's, a parent's or another tenant's customer answers 404.
pub(crate) async fn staff_customer(
    tx: &TenantTx,
    staff: &StaffPrincipal,
    id: uuid::Uuid,
) -> ApiResult<(customers::Model, accounts::Model)> {
    let scope = SellerScope::of(tx, staff).await?;
    let customer = tx
        .customer(id)
        .await?
        .filter(|c| scope.contains(c.seller_id))
        .ok_or_else(|| AppError::not_found("customer"))?;
    let account = tx
        .account_of(customer.id)
        .await?
        .ok_or_else(|| AppError::not_found("customer"))?;
    Ok((customer, account))
}
