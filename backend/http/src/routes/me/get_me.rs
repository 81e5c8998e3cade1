//! `GET /api/v1/me`.

use crate::error::ApiResult;
use crate::extract::Caller;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::me::get_me as use_case;
use ringledger_shared::api::MeView;

/// Who the bearer token belongs to (staff or platform admin).
#[utoipa::path(get, path = "/api/v1/me", tag = "auth", security(("bearer" = [])), responses(
    (status = 200, body = MeView),
    (status = 401, body = ringledger_shared::error::ErrorBody)))]
#[get("/me")]
pub async fn get_me(
    Caller(principal): Caller,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<MeView>> {
    Ok(web::Json(
        use_case::get_me(state.repos(), state.urls(), &principal).await?,
    ))
}
