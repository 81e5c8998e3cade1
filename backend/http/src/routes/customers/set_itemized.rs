//! `PUT /api/v1/customers/{id}/itemized-invoices`: a customer's invoices
//! list every call, or not.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::customers::set_itemized as use_case;
use ringledger_shared::api::customers::{CustomerView, ItemizedRequest};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// Turns the itemized call appendix of the customer's invoices on or off.
#[utoipa::path(put, path = "/api/v1/customers/{id}/itemized-invoices", tag = "customers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = ItemizedRequest,
    responses((status = 200, body = CustomerView), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[put("/customers/{id}/itemized-invoices")]
pub async fn set_customer_itemized(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ItemizedRequest>,
) -> ApiResult<web::Json<CustomerView>> {
    let view = use_case::set_itemized(
        state.repos(),
        state.clock(),
        state.secrets(),
        &staff,
        CustomerId(*id),
        body.0.itemized,
    )
    .await?;
    Ok(web::Json(view))
}
