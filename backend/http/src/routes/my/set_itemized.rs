//! `PUT /api/v1/my/itemized-invoices`: every call listed on the invoices.

use crate::error::ApiResult;
use crate::extract::Customer;
use crate::extract::JsonBody;
use actix_web::{put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::set_itemized as use_case;
use ringledger_shared::api::customers::{AccountView, ItemizedRequest};

/// Turns the itemized call appendix of the customer's invoices on or off.
#[utoipa::path(put, path = "/api/v1/my/itemized-invoices", tag = "customer", request_body = ItemizedRequest, security(("bearer" = [])),
    responses((status = 200, body = AccountView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/my/itemized-invoices")]
pub async fn set_itemized(
    Customer(me): Customer,
    state: web::Data<AppState>,
    body: JsonBody<ItemizedRequest>,
) -> ApiResult<web::Json<AccountView>> {
    Ok(web::Json(
        use_case::set_itemized(state.repos(), &me, &body.0).await?,
    ))
}
