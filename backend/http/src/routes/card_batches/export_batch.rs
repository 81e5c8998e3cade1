//! `GET /api/v1/card-batches/{id}/cards.csv`.

use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_core::usecases::card_batches::export_batch::{self as use_case, ExportBatchError};
use ringledger_shared::csv_safe;
use uuid::Uuid;

crate::edge!(ExportBatchError {
    NotFound => NotFound,
});

/// The batch's cards as CSV: `serial,pin,initial_balance,currency,expires_on,status`.
#[utoipa::path(get, path = "/api/v1/card-batches/{id}/cards.csv", tag = "cards", security(("bearer" = [])),
    params(("id" = Uuid, Path)), responses((status = 200, content_type = "text/csv", body = String),
    (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/card-batches/{id}/cards.csv")]
pub async fn export_batch(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let batch = use_case::export_batch(state.repos(), &staff, *id).await?;
    let cards = &batch.cards;
    let mut w = csv::Writer::from_writer(Vec::with_capacity(cards.len() * 48));
    let io = |e: csv::Error| AppError::internal(e);
    w.write_record([
        "serial",
        "pin",
        "initial_balance",
        "currency",
        "expires_on",
        "status",
    ])
    .map_err(io)?;
    for c in cards {
        let cells = [
            c.serial.as_str(),
            c.pin.as_str(),
            &c.initial_balance.0.normalize().to_string(),
            batch.currency.as_str(),
            &c.expires_on.map(|d| d.to_string()).unwrap_or_default(),
            c.status.as_str(),
        ];
        w.write_record(csv_safe::record(cells)).map_err(io)?;
    }
    let body = w
        .into_inner()
        .map_err(|e| AppError::internal(anyhow::anyhow!("{e}")))?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!("attachment; filename=\"cards-{}.csv\"", batch.batch_id),
        ))
        .body(body))
}
