//! `GET /api/v1/books/trial-balance`: the staff's seller's books over a period.

use super::PeriodQuery;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::books::trial_balance as use_case;
use ringledger_shared::api::books::TrialBalance;

/// Per book: balance at the start of the period, its debits and credits,
/// the balance at the end. The closing balances sum to zero.
#[utoipa::path(get, path = "/api/v1/books/trial-balance", tag = "books", params(PeriodQuery), security(("bearer" = [])),
    responses((status = 200, body = TrialBalance), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/trial-balance")]
pub async fn trial_balance(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<PeriodQuery>,
) -> ApiResult<web::Json<TrialBalance>> {
    let period = q.parse(state.clock().now().date_naive())?;
    let report = use_case::trial_balance(
        state.repos(),
        &staff,
        (period.from, period.to),
        (period.start, period.end),
    )
    .await?;
    Ok(web::Json(report))
}
