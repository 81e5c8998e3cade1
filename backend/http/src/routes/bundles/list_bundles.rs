//! `GET /api/v1/bundles`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::bundles::list_bundles as use_case;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::BundleView;

/// Every bundle with its allowances, by name.
#[utoipa::path(get, path = "/api/v1/bundles", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = Page<BundleView>)))]
#[get("/bundles")]
pub async fn list_bundles(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Page<BundleView>>> {
    let items = use_case::list_bundles(state.repos(), &staff).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
