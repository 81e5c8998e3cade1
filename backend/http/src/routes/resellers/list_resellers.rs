//! `GET /api/v1/resellers`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::resellers::list_resellers as use_case;
use ringledger_shared::api::resellers::ResellerView;

/// Every reseller below the caller's seller, at any depth, parents before
/// their children.
#[utoipa::path(get, path = "/api/v1/resellers", tag = "resellers", security(("bearer" = [])),
    responses((status = 200, body = Vec<ResellerView>)))]
#[get("/resellers")]
pub async fn list_resellers(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<ResellerView>>> {
    let out = use_case::list_resellers(state.repos(), state.settings(), &staff).await?;
    Ok(web::Json(out))
}
