//! `GET /api/v1/plans`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::views::plan_view;
use ringledger_shared::api::Page;
use ringledger_shared::api::catalog::PlanView;

/// Every plan, by name.
#[utoipa::path(get, path = "/api/v1/plans", tag = "catalog", security(("bearer" = [])),
    responses((status = 200, body = Page<PlanView>)))]
#[get("/plans")]
pub async fn list_plans(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Page<PlanView>>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let plans = tx.list_plans().await?;
    tx.commit().await?;
    let items: Vec<PlanView> = plans.iter().map(plan_view).collect();
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
