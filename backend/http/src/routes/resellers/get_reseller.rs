//! `GET /api/v1/resellers/{id}`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::services::resellers::{below, view_one};
use ringledger_core::state::AppState;
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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let (tree, seller) = below(&tx, &staff, *id).await?;
    let v = view_one(&state, &tx, &tree, &seller).await?;
    tx.commit().await?;
    Ok(web::Json(v))
}
