//! `GET /api/v1/resellers`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::services::resellers::views;
use ringledger_core::services::seller_tree::SellerTree;
use ringledger_core::state::AppState;
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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let tree = SellerTree::load(&tx).await?;
    let below: Vec<_> = tree
        .subtree(staff.seller_id.as_uuid())
        .into_iter()
        .skip(1)
        .filter_map(|id| tree.get(id))
        .collect();
    let out = views(&state, &tx, &tree, &below).await?;
    tx.commit().await?;
    Ok(web::Json(out))
}
