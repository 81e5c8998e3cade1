//! `GET /api/v1/fraud/high-risk-prefixes`: the operator's high-risk prefixes.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::high_risk as use_case;
use ringledger_shared::api::fraud::HighRiskList;

/// The operator's high-risk prefixes, in digit order.
#[utoipa::path(get, path = "/api/v1/fraud/high-risk-prefixes", tag = "fraud", security(("bearer" = [])),
    responses((status = 200, body = HighRiskList)))]
#[get("/fraud/high-risk-prefixes")]
pub async fn list_high_risk(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<HighRiskList>> {
    Ok(web::Json(
        use_case::list_high_risk(state.repos(), &staff).await?,
    ))
}
