//! `GET` and `PUT /api/v1/settings/resellers`: how deep resellers may nest.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{get, put, web};
use ringledger_core::error::AppError;
use ringledger_core::services::resellers::own_seller;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::resellers::ResellerSettings;

/// The current rules.
#[utoipa::path(get, path = "/api/v1/settings/resellers", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = ResellerSettings), (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/settings/resellers")]
pub async fn get_reseller_settings(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<ResellerSettings>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let seller = own_seller(&tx, &staff).await?;
    tx.commit().await?;
    Ok(web::Json(ResellerSettings {
        max_reseller_depth: seller.max_reseller_depth.max(0) as u32,
    }))
}

/// Replaces the rules (resellers already deeper stay; new ones obey).
#[utoipa::path(put, path = "/api/v1/settings/resellers", tag = "settings", request_body = ResellerSettings, security(("bearer" = [])),
    responses((status = 200, body = ResellerSettings), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/resellers")]
pub async fn put_reseller_settings(
    Operator(staff): Operator,
    state: web::Data<AppState>,
    body: JsonBody<ResellerSettings>,
) -> ApiResult<web::Json<ResellerSettings>> {
    let depth = body.0.max_reseller_depth;
    if !(1..=5).contains(&depth) {
        return Err(AppError::new(
            ErrorCode::ValidationFailed,
            "max_reseller_depth must be 1 to 5",
        )
        .with_field("max_reseller_depth")
        .into());
    }
    let tx = state.repos().tenant(staff.tenant_id).await?;
    tx.set_max_reseller_depth(staff.seller_id.as_uuid(), depth as i32)
        .await?;
    tx.commit().await?;
    Ok(web::Json(ResellerSettings {
        max_reseller_depth: depth,
    }))
}
