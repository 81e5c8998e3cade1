//! `GET /api/v1/cdrs/export.csv`: the search as CSV.

use super::CdrSearch;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::cdrs::export_cdrs as use_case;
use ringledger_shared::csv_safe;

/// Up to 100,000 matching CDRs as CSV, newest first.
#[utoipa::path(get, path = "/api/v1/cdrs/export.csv", tag = "calls", params(CdrSearch), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/cdrs/export.csv")]
pub async fn export_cdrs(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<CdrSearch>,
) -> ApiResult<HttpResponse> {
    let rows = use_case::export_cdrs(state.repos(), &staff, &q.filter()).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record([
        "call_id",
        "start_time",
        "service",
        "identifier",
        "destination",
        "duration_secs",
        "status",
        "reason",
        "prefix",
        "billable_secs",
        "covered_secs",
        "charge",
    ])
    .map_err(err)?;
    for c in rows {
        let cells = [
            c.call_id,
            c.start_time.to_rfc3339(),
            c.service_kind,
            c.identifier,
            c.destination,
            c.duration_secs.to_string(),
            c.status.as_str().to_owned(),
            c.reason.map(|r| r.as_str().to_owned()).unwrap_or_default(),
            c.prefix.unwrap_or_default(),
            c.billable_secs.to_string(),
            c.covered_secs.to_string(),
            format!("{:.4}", c.charge),
        ];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"cdrs.csv\""))
        .body(body))
}
