//! `GET` and `PUT /api/v1/settings/accounts`: how new customer accounts are set up.

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{get, put, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::settings::account_settings::{
    self as use_case, AccountSettingsError,
};
use ringledger_shared::api::customers::AccountSettings;

crate::edge!(AccountSettingsError {
    NotFound => NotFound,
});

/// The current settings.
#[utoipa::path(get, path = "/api/v1/settings/accounts", tag = "settings", security(("bearer" = [])),
    responses((status = 200, body = AccountSettings)))]
#[get("/settings/accounts")]
pub async fn get_account_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<AccountSettings>> {
    let view = use_case::get_account_settings(state.repos(), &staff).await?;
    Ok(web::Json(view))
}

/// Replaces the settings (they apply to accounts created from now on).
#[utoipa::path(put, path = "/api/v1/settings/accounts", tag = "settings", request_body = AccountSettings, security(("bearer" = [])),
    responses((status = 200, body = AccountSettings), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[put("/settings/accounts")]
pub async fn put_account_settings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<AccountSettings>,
) -> ApiResult<web::Json<AccountSettings>> {
    let view = use_case::put_account_settings(state.repos(), &staff, &body.0).await?;
    Ok(web::Json(view))
}
