//! `GET` and `PUT /api/v1/settings/resellers`: how deep resellers may nest.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Operator;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::reseller_settings as use_case;
use ringledger_shared::api::resellers::ResellerSettings;

/// The current rules.
#[utoipa::path(get, path = "/api/v1/settings/resellers", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = ResellerSettings), (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[get("/settings/resellers")]
pub async fn get_reseller_settings(
    Operator(staff): Operator,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<ResellerSettings>> {
    let view = use_case::get_reseller_settings(state.repos(), &staff).await?;
    Ok(web::Json(view))
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
    let view = use_case::put_reseller_settings(state.repos(), &staff, &body.0).await?;
    Ok(web::Json(view))
}
