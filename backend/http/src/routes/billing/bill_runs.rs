//! `POST /api/v1/bill-runs` (start), `GET /api/v1/bill-runs` (latest) and
//! `GET /api/v1/bill-runs/{id}` (progress).

use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, get, post, web};
use ringledger_core::state::AppState;
use ringledger_core::usecases::billing::bill_runs::{self as use_case, BillRunError};
use ringledger_shared::api::billing::{BillRunRequest, BillRunView};
use uuid::Uuid;

crate::edge!(BillRunError {
    NotFound => NotFound,
});

/// Starts the bill run of the seller for `as_of` (default today): every
/// account whose billing period ended by then gets one invoice. Starting
/// it again the same day answers the same run. It runs in the background;
/// poll `GET /api/v1/bill-runs/{id}` for its progress.
#[utoipa::path(post, path = "/api/v1/bill-runs", tag = "billing", request_body = BillRunRequest, security(("bearer" = [])),
    responses((status = 202, body = BillRunView), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[post("/bill-runs")]
pub async fn start_bill_run(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    body: JsonBody<BillRunRequest>,
) -> ApiResult<HttpResponse> {
    let run = use_case::start_bill_run(state.deps(), &staff, &body.0).await?;
    Ok(HttpResponse::Accepted().json(run))
}

/// The latest bill runs, newest first.
#[utoipa::path(get, path = "/api/v1/bill-runs", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = Vec<BillRunView>)))]
#[get("/bill-runs")]
pub async fn list_bill_runs(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<BillRunView>>> {
    let runs = use_case::list_bill_runs(state.deps(), &staff).await?;
    Ok(web::Json(runs))
}

/// A bill run's progress (accounts done of total) and totals.
#[utoipa::path(get, path = "/api/v1/bill-runs/{id}", tag = "billing", security(("bearer" = [])), params(("id" = Uuid, Path)),
    responses((status = 200, body = BillRunView), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/bill-runs/{id}")]
pub async fn get_bill_run(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<BillRunView>> {
    let run = use_case::get_bill_run(state.deps(), &staff, *id).await?;
    Ok(web::Json(run))
}
