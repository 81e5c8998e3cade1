//! `POST /api/v1/numbers/{id}/status`: staff move a number.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::numbers::set_number_status as use_case;
use ringledger_shared::api::numbers::{NumberStatusRequest, PhoneNumberView};
use uuid::Uuid;

/// Assigns a number to a service, ports it out, quarantines it or frees it.
#[utoipa::path(post, path = "/api/v1/numbers/{id}/status", tag = "numbers", security(("bearer" = [])),
    params(("id" = Uuid, Path)), request_body = NumberStatusRequest,
    responses((status = 200, body = PhoneNumberView), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 403, body = ringledger_shared::error::ErrorBody), (status = 404, body = ringledger_shared::error::ErrorBody),
        (status = 409, body = ringledger_shared::error::ErrorBody)))]
#[post("/numbers/{id}/status")]
pub async fn set_number_status(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    body: JsonBody<NumberStatusRequest>,
) -> ApiResult<web::Json<PhoneNumberView>> {
    Ok(web::Json(
        use_case::set_number_status(state.repos(), &staff, *id, &body.0).await?,
    ))
}
