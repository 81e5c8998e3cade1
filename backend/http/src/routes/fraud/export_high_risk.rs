//! `GET /api/v1/fraud/high-risk-prefixes/export.csv`: the list as CSV.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::fraud::high_risk as use_case;
use ringledger_shared::csv_safe;

/// The high-risk prefixes in the import format.
#[utoipa::path(get, path = "/api/v1/fraud/high-risk-prefixes/export.csv", tag = "fraud", security(("bearer" = [])),
    responses((status = 200, content_type = "text/csv", body = String)))]
#[get("/fraud/high-risk-prefixes/export.csv")]
pub async fn export_high_risk(
    Staff(staff): Staff,
    state: web::Data<AppState>,
) -> ApiResult<HttpResponse> {
    let list = use_case::list_high_risk(state.repos(), &staff).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record(["prefix", "description"]).map_err(err)?;
    for p in list.prefixes {
        let cells = [p.prefix, p.description];
        w.write_record(csv_safe::record(&cells)).map_err(err)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            "attachment; filename=\"high-risk-prefixes.csv\"",
        ))
        .body(body))
}
