//! `GET /api/v1/my/usage`: calls, minutes, cost per service and per day.

use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::get_usage as use_case;
use ringledger_shared::api::calls::UsageView;
use serde::Deserialize;

/// The period (default: the current billing period).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UsageQuery {
    /// First day, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Last day, `YYYY-MM-DD` (inclusive).
    pub to: Option<String>,
}

/// The customer's usage over a period.
#[utoipa::path(get, path = "/api/v1/my/usage", tag = "customer", params(UsageQuery), security(("bearer" = [])),
    responses((status = 200, body = UsageView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/usage")]
pub async fn get_usage(
    Customer(me): Customer,
    state: web::Data<AppState>,
    q: web::Query<UsageQuery>,
) -> ApiResult<web::Json<UsageView>> {
    let view = use_case::get_usage(
        state.repos(),
        state.clock(),
        &me,
        q.from.as_deref(),
        q.to.as_deref(),
    )
    .await?;
    Ok(web::Json(view))
}
