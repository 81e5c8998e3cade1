//! `PUT /api/v1/my/low-balance`: the customer's low-balance alert.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::set_low_balance as use_case;
use ringledger_shared::api::customers::{AccountView, LowBalanceRequest};

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
    Ok(web::Json(
        use_case::set_low_balance(state.repos(), &me, &body.0).await?,
    ))
}
