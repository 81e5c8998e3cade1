//! The customer's low-balance alert threshold.

use crate::auth::principal::CustomerPrincipal;
use crate::error::AppError;
use crate::services::customer_view::account_view;
use crate::services::my_account::my_account;
use ringledger_db::repo::Repos;
use ringledger_shared::api::customers::{AccountView, LowBalanceRequest};
use ringledger_shared::money::Currency;
use ringledger_shared::validate;

/// Sets (or clears, with `null` or blank) the threshold under which a
/// call's debit e-mails the customer; answers the account.
pub async fn set_low_balance(
    repos: &Repos,
    me: &CustomerPrincipal,
    request: &LowBalanceRequest,
) -> Result<AccountView, AppError> {
    let tx = repos.tenant(me.tenant_id).await?;
    let (_, account) = my_account(&tx, me).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    let threshold = match request
        .threshold
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(raw) => Some(validate::price("threshold", raw, currency)?),
        None => None,
    };
    // That column only: writing the account read above back would lift a
    // suspension staff made meanwhile.
    tx.customers()
        .set_low_balance_threshold(account.id, threshold)
        .await?;
    let saved = tx
        .customers()
        .account(account.id)
        .await?
        .ok_or_else(|| AppError::not_found("account"))?;
    tx.commit().await?;
    Ok(account_view(&saved))
}
