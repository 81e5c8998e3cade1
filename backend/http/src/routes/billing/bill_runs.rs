//! `POST /api/v1/bill-runs` (start), `GET /api/v1/bill-runs` (latest) and
//! `GET /api/v1/bill-runs/{id}` (progress).

use super::views::run_view;
use crate::error::ApiResult;
use crate::extract::JsonBody;
use crate::extract::Staff;
use actix_web::{HttpResponse, get, post, web};
use chrono::NaiveDate;
use ringledger_core::error::AppError;
use ringledger_core::services::billing::bill_run;
use ringledger_core::state::AppState;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::billing::{BillRunRequest, BillRunView};
use uuid::Uuid;

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
    let today = state.clock().now().date_naive();
    let as_of = match body
        .0
        .as_of
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => today,
        Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|_| {
            AppError::new(
                ErrorCode::ValidationFailed,
                "as_of must be a date like 2026-12-01",
            )
            .with_field("as_of")
        })?,
    };
    if as_of > today {
        return Err(
            AppError::new(ErrorCode::ValidationFailed, "as_of cannot be in the future")
                .with_field("as_of")
                .into(),
        );
    }
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let actor = tx
        .user(staff.user_id)
        .await?
        .map(|u| u.email)
        .unwrap_or_else(|| "staff".into());
    tx.commit().await?;
    let run = bill_run::start(&state, staff.tenant_id, staff.seller_id, as_of, &actor).await?;
    Ok(HttpResponse::Accepted().json(run_view(&run)))
}

/// The latest bill runs, newest first.
#[utoipa::path(get, path = "/api/v1/bill-runs", tag = "billing", security(("bearer" = [])),
    responses((status = 200, body = Vec<BillRunView>)))]
#[get("/bill-runs")]
pub async fn list_bill_runs(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<web::Json<Vec<BillRunView>>> {
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let runs = tx.list_bill_runs(staff.seller_id.as_uuid(), 20).await?;
    tx.commit().await?;
    Ok(web::Json(runs.iter().map(run_view).collect()))
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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let run = tx
        .bill_run(*id)
        .await?
        .filter(|r| r.seller_id == staff.seller_id.as_uuid())
        .ok_or_else(|| AppError::not_found("bill run"))?;
    tx.commit().await?;
    Ok(web::Json(run_view(&run)))
}
