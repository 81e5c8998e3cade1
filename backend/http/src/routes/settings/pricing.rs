//! `GET` and `PUT /api/v1/settings/pricing`: how a reseller prices its
//! customers' calls on top of its parent's tariff.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::pricing::{self as use_case, PricingError};
use ringledger_shared::api::resellers::PricingSettings;

crate::edge!(PricingError {
    NotReseller => Forbidden,
});

/// The reseller's pricing.
#[utoipa::path(get, path = "/api/v1/settings/pricing", tag = "resellers", security(("bearer" = [])),
    responses((status = 200, body = PricingSettings), (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/settings/pricing")]
pub async fn get_pricing(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<PricingSettings>> {
    let view = use_case::get_pricing(state.repos(), &staff).await?;
    Ok(web::Json(view))
}

/// Sets the reseller's pricing: a markup, or its own deck (rows below the
/// parent's price are raised to it; numbers the deck lacks sell at the
/// parent's price). Applies to calls rated from now on.
#[utoipa::path(put, path = "/api/v1/settings/pricing", tag = "resellers", request_body = PricingSettings, security(("bearer" = [])),
    responses((status = 200, body = PricingSettings), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/pricing")]
pub async fn put_pricing(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<PricingSettings>,
) -> ApiResult<web::Json<PricingSettings>> {
    let view = use_case::put_pricing(state.repos(), &staff, &body.0).await?;
    Ok(web::Json(view))
}
