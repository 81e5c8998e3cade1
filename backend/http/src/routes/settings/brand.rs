//! `GET` and `PUT /api/v1/settings/brand`: the name, colours and contact
//! details the seller's portal, e-mails and invoices show.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::brand as use_case;
use ringledger_shared::api::resellers::BrandSettings;

/// The current brand.
#[utoipa::path(get, path = "/api/v1/settings/brand", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = BrandSettings)))]
#[get("/settings/brand")]
pub async fn get_brand(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<BrandSettings>> {
    let view = use_case::get_brand(state.repos(), &staff).await?;
    Ok(web::Json(view))
}

/// Replaces the brand (`has_logo` is ignored: the logo has its own route).
#[utoipa::path(put, path = "/api/v1/settings/brand", tag = "settings", request_body = BrandSettings, security(("bearer" = [])),
    responses((status = 200, body = BrandSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/brand")]
pub async fn put_brand(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<BrandSettings>,
) -> ApiResult<web::Json<BrandSettings>> {
    let view = use_case::put_brand(state.repos(), &staff, &body.0).await?;
    Ok(web::Json(view))
}
