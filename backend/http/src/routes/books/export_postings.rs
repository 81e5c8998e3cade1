//! `GET /api/v1/books/postings.csv`: every posting of the staff's seller's
//! books in a period, one line each (columns in `docs/BOOKS.md`).

use super::PeriodQuery;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::books::export_postings::{self as use_case, COLUMNS};
use ringledger_shared::csv_safe;

/// The period's postings, oldest first, as CSV.
#[utoipa::path(get, path = "/api/v1/books/postings.csv", tag = "books", params(PeriodQuery), security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/postings.csv")]
pub async fn export_postings(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let period = q.parse(state.clock().now().date_naive())?;
    let rows = use_case::export_postings(state.repos(), &staff, period.start, period.end).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record(COLUMNS).map_err(err)?;
    for row in &rows {
        w.write_record(csv_safe::record(row)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    let name = format!("postings-{}-{}.csv", period.from, period.to);
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body))
}
