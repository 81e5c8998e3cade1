//! The signed-in customer's own customer and account, as every `/my/…`
//! use case starts.

use crate::error::AppError;
use ringledger_shared::ErrorCode;

/// `403 account_suspended`.
pub fn account_unavailable() -> AppError {
    AppError::new(
        ErrorCode::AccountSuspended,
        "this account is suspended or closed; contact support",
    )
}

/// The calling customer (`401` if gone).
pub async fn my_customer(
    tx: &ringledger_db::repo::TenantTx,
    me: &crate::auth::principal::CustomerPrincipal,
) -> Result<ringledger_db::entities::customers::Model, AppError> {
    tx.customers()
        .customer(me.customer_id)
        .await?
        .ok_or_else(AppError::unauthenticated)
}

/// The calling customer and their account (404 if gone).
pub async fn my_account(
    tx: &ringledger_db::repo::TenantTx,
    me: &crate::auth::principal::CustomerPrincipal,
) -> Result<
    (
        ringledger_db::entities::customers::Model,
        ringledger_db::entities::accounts::Model,
    ),
    AppError,
> {
    let customer = my_customer(tx, me).await?;
    let account = tx
        .customers()
        .account_of(customer.id)
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    Ok((customer, account))
}
