//! `POST /api/v1/customers/{id}/charges`: a one-off charge (or, negative,
//! a credit) that the customer's next invoice bills.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::billing::add_charge as use_case;
use ringledger_shared::api::billing::{ChargeRequest, ChargeView};
use ringledger_shared::ids::CustomerId;
use uuid::Uuid;

/// Adds a one-off charge or credit for the next invoice.
#[utoipa::path(post, path = "/api/v1/customers/{id}/charges", tag = "billing", request_body = ChargeRequest,
    params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 201, body = ChargeView), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[post("/customers/{id}/charges")]
pub async fn add_charge(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<ChargeRequest>,
) -> ApiResult<HttpResponse> {
    let charge = use_case::add_charge(
        state.repos(),
        state.clock(),
        &staff,
        CustomerId(*id),
        &body.0,
    )
    .await?;
    Ok(HttpResponse::Created().json(charge))
}
