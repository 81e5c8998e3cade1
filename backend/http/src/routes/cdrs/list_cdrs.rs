//! `GET /api/v1/cdrs`: search CDRs.

use super::{CdrSearch, cdr_view, run_search};
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_shared::api::Page;
use ringledger_shared::api::calls::CdrView;

/// CDRs by customer, number, date and status, newest first.
#[utoipa::path(get, path = "/api/v1/cdrs", tag = "calls", params(CdrSearch), security(("bearer" = [])),
    responses((status = 200, body = Page<CdrView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/cdrs")]
pub async fn list_cdrs(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<CdrSearch>,
) -> ApiResult<web::Json<Page<CdrView>>> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (rows, total) = run_search(&tx, &staff, &q, q.limit.unwrap_or(100).clamp(1, 500)).await?;
    tx.commit().await?;
    Ok(web::Json(Page {
        items: rows.iter().map(cdr_view).collect(),
        total,
    }))
}
