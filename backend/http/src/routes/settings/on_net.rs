//! `GET` and `PUT /api/v1/settings/on-net`: what a call to one of the
//! tenant's own phone numbers costs a minute.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::on_net::{self as use_case, OnNetError};
use ringledger_shared::api::numbers::OnNetSettings;

crate::edge!(OnNetError {
    NotFound => NotFound,
});

/// The on-net rate (zero unless the operator set one).
#[utoipa::path(get, path = "/api/v1/settings/on-net", tag = "numbers", security(("bearer" = [])),
    responses((status = 200, body = OnNetSettings)))]
#[get("/settings/on-net")]
pub async fn get_on_net(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<OnNetSettings>> {
    Ok(web::Json(
        use_case::get_on_net(state.repos(), &staff).await?,
    ))
}

/// Sets the on-net rate (the operator's staff): per minute, billed by the
/// second, no connect fee; resellers add their markups. Applies to calls
/// authorized and rated from now on.
#[utoipa::path(put, path = "/api/v1/settings/on-net", tag = "numbers", request_body = OnNetSettings, security(("bearer" = [])),
    responses((status = 200, body = OnNetSettings), (status = 400, body = ringledger_shared::error::ErrorBody),
    (status = 403, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/on-net")]
pub async fn put_on_net(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<OnNetSettings>,
) -> ApiResult<web::Json<OnNetSettings>> {
    Ok(web::Json(
        use_case::put_on_net(state.repos(), &staff, &body.0).await?,
    ))
}
