//! `POST /api/v1/card-batches`.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::card_batches::create_batch::{self as use_case, CreateBatchError};
use ringledger_shared::api::customers::{CardBatchView, CreateCardBatchRequest};

crate::edge!(CreateBatchError {
    NotFound => NotFound,
    ValuesExhausted => Conflict,
});

/// Generates `quantity` cards (PIN of the seller's length, 12-digit serial,
/// both unique in the tenant) as unowned prepaid stock.
#[utoipa::path(post, path = "/api/v1/card-batches", tag = "cards", request_body = CreateCardBatchRequest, security(("bearer" = [])),
    responses((status = 201, body = CardBatchView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/card-batches")]
pub async fn create_batch(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<CreateCardBatchRequest>,
) -> ApiResult<HttpResponse> {
    let view = use_case::create_batch(state.repos(), state.clock(), &staff, &body.0).await?;
    Ok(HttpResponse::Created().json(view))
}
