//! `GET`/`PUT /api/v1/settings/billing`: invoice prefix, address, tax id,
//! tax mode, payment terms and tax rates by customer country.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::billing::billing_settings::{
    self as use_case, BillingSettingsError,
};
use ringledger_shared::api::billing::BillingSettings;

crate::edge!(BillingSettingsError {
    SellerNotFound => NotFound,
});

/// The seller's invoicing settings.
#[utoipa::path(get, path = "/api/v1/settings/billing", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = BillingSettings)))]
#[get("/settings/billing")]
pub async fn get_billing_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<BillingSettings>> {
    let settings = use_case::billing_settings(state.repos(), &staff).await?;
    Ok(web::Json(settings))
}

/// Saves the seller's invoicing settings (the first problem is named).
#[utoipa::path(put, path = "/api/v1/settings/billing", tag = "billing", request_body = BillingSettings, security(("bearer" = [])),
    responses((status = 200, body = BillingSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/billing")]
pub async fn put_billing_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<BillingSettings>,
) -> ApiResult<web::Json<BillingSettings>> {
    let settings = use_case::save_billing_settings(state.repos(), &staff, &body.0).await?;
    Ok(web::Json(settings))
}
