//! `GET /api/v1/plans`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::plans::list_plans as use_case;
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
    let items = use_case::list_plans(state.repos(), &staff).await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
