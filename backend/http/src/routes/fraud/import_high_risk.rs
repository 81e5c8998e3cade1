//! `PUT /api/v1/fraud/high-risk-prefixes`: replaces the list with a CSV.

use crate::error::ApiResult;
use crate::extract::{Staff, read_text};
use actix_web::{put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::high_risk as use_case;
use ringledger_shared::api::fraud::HighRiskImported;

/// The largest list accepted (about 100,000 prefixes with descriptions).
const MAX_BYTES: usize = 8 << 20;

/// Replaces the high-risk prefixes with a CSV (`prefix,description`).
#[utoipa::path(put, path = "/api/v1/fraud/high-risk-prefixes", tag = "fraud", security(("bearer" = [])),
    request_body(content = String, content_type = "text/csv", description = "prefix,description then one prefix per line"),
    responses((status = 200, body = HighRiskImported), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 403, body = ringledger_shared::error::ErrorBody), (status = 413, body = ringledger_shared::error::ErrorBody)))]
#[put("/fraud/high-risk-prefixes")]
pub async fn import_high_risk(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    mut body: web::Payload,
) -> ApiResult<web::Json<HighRiskImported>> {
    let text = read_text(&mut body, MAX_BYTES, "the list").await?;
    Ok(web::Json(
        use_case::import_high_risk(state.repos(), &staff, &text).await?,
    ))
}
