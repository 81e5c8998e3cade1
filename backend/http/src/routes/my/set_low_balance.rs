//! `PUT /api/v1/my/low-balance`: the customer's low-balance alert.

use super::my_account;
use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{put, web};
use ringledger_core::services::customer_view::account_view;
use ringledger_core::state::AppState;
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_shared::api::customers::{AccountView, LowBalanceRequest};
use ringledger_shared::money::Currency;
use ringledger_shared::validate;

/// Sets (or clears, with `null`) the threshold under which a call's debit
/// e-mails the customer — at once, once per crossing.
#[utoipa::path(put, path = "/api/v1/my/low-balance", tag = "customer", request_body = LowBalanceRequest, security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/my/low-balance")]
pub async fn set_low_balance(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<LowBalanceRequest>,
) -> ApiResult<web::Json<AccountView>> {
    let tx = state.repos().tenant(me.tenant_id).await?;
    let (_, mut account) = my_account(&tx, &me).await?;
    let currency = Currency::parse(&account.currency).unwrap_or(Currency::USD);
    account.low_balance_threshold = match body
        .0
        .threshold
        .as_deref()
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        Some(raw) => Some(DbDecimal(validate::price("threshold", raw, currency)?)),
        None => None,
    };
    let saved = tx.update_account(account).await?;
    tx.commit().await?;
    Ok(web::Json(account_view(&saved)))
}
