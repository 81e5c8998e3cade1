//! `GET /api/v1/reports/revenue`: usage revenue per day and per service.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::reports::revenue::{self as use_case, RevenueError};
use ringledger_shared::api::calls::RevenueView;
use serde::Deserialize;

crate::edge!(RevenueError {
    TenantNotFound => NotFound,
});

/// The period (default: this calendar month so far).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct RevenueQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
}

/// Usage charges of the seller's customers (the operator: of every customer
/// of the tenant; a reseller: its own and those below it), per day and per
/// service kind.
#[utoipa::path(get, path = "/api/v1/reports/revenue", tag = "calls", params(RevenueQuery), security(("bearer" = [])),
    responses((status = 200, body = RevenueView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/reports/revenue")]
pub async fn revenue(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<RevenueQuery>,
) -> ApiResult<web::Json<RevenueView>> {
    let view = use_case::revenue(
        state.repos(),
        state.clock(),
        &staff,
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await?;
    Ok(web::Json(view))
}
