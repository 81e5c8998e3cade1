//! `GET /api/v1/my/calls/export.csv`: the customer's calls as CSV.

use super::list_calls::CallSearch;
use crate::error::ApiResult;
use crate::extract::Customer;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::my::calls as use_case;
use ringledger_shared::csv_safe;

/// The header row of the export.
pub const COLUMNS: [&str; 8] = [
    "start_time",
    "service",
    "number",
    "duration_secs",
    "billable_secs",
    "allowance_secs",
    "charge",
    "service_id",
];

/// Up to 100,000 of the customer's calls as CSV, newest first.
#[utoipa::path(get, path = "/api/v1/my/calls/export.csv", tag = "customer", params(CallSearch), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ringledger_shared::error::ErrorBody),
        (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/my/calls/export.csv")]
pub async fn export_calls(
    Customer(me): Customer,
    state: web::Data<AppState>,
    q: web::Query<CallSearch>,
) -> ApiResult<HttpResponse> {
    let rows = use_case::export_calls(state.repos(), &me, &q.filter()).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record(COLUMNS).map_err(err)?;
    for c in rows {
        let cells = [
            c.start_time.to_rfc3339(),
            c.service_kind,
            c.destination,
            c.duration_secs.to_string(),
            c.billable_secs.to_string(),
            c.covered_secs.to_string(),
            format!("{:.4}", c.charge),
            c.service_id.map(|s| s.to_string()).unwrap_or_default(),
        ];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"calls.csv\""))
        .body(body))
}
