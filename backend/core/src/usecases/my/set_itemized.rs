//! The customer asks for (or stops) the list of every call on its invoices.

use crate::auth::principal::CustomerPrincipal;
use crate::error::AppError;
use crate::services::customer_view::account_view;
use crate::services::my_account::my_account;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::{AccountView, ItemizedRequest};

/// Turns the itemized appendix of the customer's invoices on or off (from
/// the next invoice printed); answers the account.
pub async fn set_itemized(
    repos: &Repos,
    me: &CustomerPrincipal,
    request: &ItemizedRequest,
) -> Result<AccountView, AppError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (_, mut account) = my_account(&tx, me).await?;
    // This column only: a customer's toggle never writes back the status
    // it read (a suspension staff made meanwhile stays).
    tx.customers()
        .set_itemized_invoices(account.id, request.itemized)
        .await?;
    tx.commit().await?;
    account.itemized_invoices = request.itemized;
    Ok(account_view(&account))
}
