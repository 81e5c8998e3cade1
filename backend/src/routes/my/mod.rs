//! The customer's own portal API (`/api/v1/my/…`), on the seller's host.

pub mod add_service;
pub mod card;
pub mod change_password;
pub mod get_account;
pub mod get_usage;
pub mod login;
pub mod manage_anis;
pub mod pay;
pub mod register_card;
pub mod reset_password;
pub mod reveal_credentials;
pub mod set_low_balance;
pub mod verify_email;

use crate::error::AppError;
use ringledger_shared::ErrorCode;

/// `403 account_suspended`.
pub fn account_unavailable() -> AppError {
    AppError::new(
        ErrorCode::AccountSuspended,
        "this account is suspended or closed; contact support",
    )
}

/// The calling customer and their account (404 if gone).
pub(crate) async fn my_account(
    tx: &crate::repo::TenantTx,
    me: &crate::auth::principal::CustomerPrincipal,
) -> Result<
    (
        crate::entities::customers::Model,
        crate::entities::accounts::Model,
    ),
    AppError,
> {
    let customer = tx
        .customer(me.customer_id)
        .await?
        .ok_or_else(AppError::unauthenticated)?;
    let account = tx
        .account_of(customer.id)
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    Ok((customer, account))
}
