//! `GET /api/v1/rate-decks/{id}/export.csv`: a version as deck CSV.

use super::deck_and_version;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use ringledger_shared::rating::deck_csv::write_deck;
use ringledger_shared::rating::{Rate, Tariff};
use serde::Deserialize;
use uuid::Uuid;

/// Which version.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// The version (default: the current one).
    pub version_id: Option<Uuid>,
}

/// The version's rows in the upload format, by prefix.
#[utoipa::path(get, path = "/api/v1/rate-decks/{id}/export.csv", tag = "catalog", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "deck id"), ExportQuery),
    responses((status = 200, content_type = "text/csv", body = String), (status = 404, body = ringledger_shared::error::ErrorBody)))]
#[get("/rate-decks/{id}/export.csv")]
pub async fn export_deck(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    id: web::Path<Uuid>,
    query: web::Query<ExportQuery>,
) -> ApiResult<HttpResponse> {
    let tx = state.repos().tenant(staff.tenant_id).await?;
    let (deck, version) = deck_and_version(&state, &tx, &staff, *id, query.version_id).await?;
    let mut rates = Vec::with_capacity(version.row_count.max(0) as usize);
    let mut after: Option<String> = None;
    loop {
        let page = tx.rates_after(version.id, after.as_deref(), 10_000).await?;
        let Some(last) = page.last() else { break };
        after = Some(last.prefix.clone());
        for r in &page {
            let tariff = Tariff::new(
                r.rate_per_minute.0,
                r.connect_fee.0,
                r.initial_increment.max(1) as u32,
                r.subsequent_increment.max(1) as u32,
            )
            .ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("stored rate {} is invalid", r.prefix))
            })?;
            rates.extend(Rate::new(&r.prefix, &r.destination, tariff));
        }
    }
    tx.commit().await?;
    let mut body = Vec::new();
    write_deck(&mut body, &rates).map_err(AppError::internal)?;
    let filename: String = deck
        .name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((
            CONTENT_DISPOSITION,
            format!(
                "attachment; filename=\"{filename}-{}.csv\"",
                version.effective_from
            ),
        ))
        .body(body))
}
