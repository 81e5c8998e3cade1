//! `GET /api/v1/cdrs`: search CDRs.

use super::CdrSearch;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::cdrs::list_cdrs as use_case;
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
    let page = use_case::list_cdrs(state.repos(), &staff, &q.filter(), q.limit).await?;
    Ok(web::Json(page))
}
