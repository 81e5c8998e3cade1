//! `POST /api/v1/cdrs/rerate`: rate kept records again (after fixing a deck).

use crate::error::ApiResult;
use crate::extract::Operator;
use actix_web::{post, web};
use ringledger_core::services::cdr_ingest::rerate;
use ringledger_core::state::AppState;
use ringledger_shared::api::calls::RerateResponse;

/// Re-rates every kept record; those that still cannot be rated stay kept.
#[utoipa::path(post, path = "/api/v1/cdrs/rerate", tag = "calls", security(("bearer" = [])),
    responses((status = 200, body = RerateResponse)))]
#[post("/cdrs/rerate")]
pub async fn rerate_cdrs(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<RerateResponse>> {
    let (rerated, still_rejected) = rerate(&state, staff.tenant_id).await?;
    Ok(web::Json(RerateResponse {
        rerated,
        still_rejected,
    }))
}
