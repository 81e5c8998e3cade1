//! `GET /api/v1/resellers/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::resellers::get_reseller as use_case;
use ringledger_shared::api::resellers::ResellerView;
use uuid::Uuid;

/// One reseller below the caller's seller (404 for any other).
#[utoipa::path(get, path = "/api/v1/resellers/{id}", tag = "resellers", params(("id" = Uuid, Path)), security(("bearer" = [])),
    responses((status = 200, body = ResellerView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/resellers/{id}")]
pub async fn get_reseller(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<ResellerView>> {
    let v = use_case::get_reseller(state.repos(), state.settings(), &staff, *id).await?;
    Ok(web::Json(v))
}
