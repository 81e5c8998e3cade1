//! `GET` and `PUT /api/v1/settings/fraud`: the seller's fraud control defaults.

use crate::error::ApiResult;
use crate::extract::{JsonBody, Staff};
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::settings as use_case;
use ringledger_shared::api::fraud::FraudSettings;

/// The seller's fraud control defaults.
#[utoipa::path(get, path = "/api/v1/settings/fraud", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = FraudSettings)))]
#[get("/settings/fraud")]
pub async fn get_fraud_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<FraudSettings>> {
    Ok(web::Json(
        use_case::fraud_settings(state.repos(), &staff).await?,
    ))
}

/// Replaces the seller's fraud control defaults.
#[utoipa::path(put, path = "/api/v1/settings/fraud", tag = "settings", request_body = FraudSettings, security(("bearer" = [])),
    responses((status = 200, body = FraudSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/fraud")]
pub async fn put_fraud_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<FraudSettings>,
) -> ApiResult<web::Json<FraudSettings>> {
    Ok(web::Json(
        use_case::save_fraud_settings(state.repos(), &staff, body.0).await?,
    ))
}
