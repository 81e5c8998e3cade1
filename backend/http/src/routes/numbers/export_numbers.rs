//! `GET /api/v1/numbers/export.csv`: the numbers found, as CSV.

use super::NumberFilter;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::numbers::list_numbers as use_case;
use ringledger_shared::csv_safe;

/// The header row: the import's columns, then the state.
pub const COLUMNS: [&str; 6] = [
    "number",
    "country",
    "monthly_fee",
    "setup_fee",
    "status",
    "service_id",
];

/// The phone numbers found (up to 100,000), as CSV.
#[utoipa::path(get, path = "/api/v1/numbers/export.csv", tag = "numbers", params(NumberFilter), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/numbers/export.csv")]
pub async fn export_numbers(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<NumberFilter>,
) -> ApiResult<HttpResponse> {
    let page = use_case::list_numbers(state.repos(), &staff, &q.search(), 0, 100_000).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record(COLUMNS).map_err(err)?;
    for n in page.items {
        let cells = [
            n.number,
            n.country,
            n.monthly_fee.to_string(),
            n.setup_fee.to_string(),
            n.status.as_str().to_owned(),
            n.service_id.map(|s| s.to_string()).unwrap_or_default(),
        ];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((CONTENT_DISPOSITION, "attachment; filename=\"numbers.csv\""))
        .body(body))
}
