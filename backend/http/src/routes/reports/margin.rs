//! `GET /api/v1/reports/margin`: what a seller earned and paid per day.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::reports::margin::{self as use_case, MarginError};
use ringledger_shared::api::resellers::MarginReport;
use serde::Deserialize;

crate::edge!(MarginError {
    TenantNotFound => NotFound,
});

/// How many days back (default 30, at most 366).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct MarginQuery {
    /// Days up to and including today.
    #[serde(default, deserialize_with = "crate::query::days")]
    pub days: Option<u32>,
}

/// Per day: revenue (the seller's own customers' calls plus what its
/// direct resellers owe it for theirs), cost (what it owes its parent) and
/// margin — the same rated charges the bills are made of.
#[utoipa::path(get, path = "/api/v1/reports/margin", tag = "resellers", params(MarginQuery), security(("bearer" = [])),
    responses((status = 200, body = MarginReport), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/reports/margin")]
pub async fn margin(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<MarginQuery>,
) -> ApiResult<web::Json<MarginReport>> {
    let report = use_case::margin(state.repos(), state.clock(), &staff, q.days).await?;
    Ok(web::Json(report))
}
