//! `GET /api/v1/books/postings.csv`: every posting of the staff's seller's
//! books in a period, one line each (columns in `docs/BOOKS.md`).

use super::PeriodQuery;
use super::list_journals::customer_names;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_TYPE};
use actix_web::{HttpResponse, get, web};
use ringledger_core::error::AppError;
use ringledger_core::state::AppState;
use std::collections::HashMap;
use uuid::Uuid;

/// The stable columns of the export, in order.
pub const COLUMNS: [&str; 13] = [
    "posted_at",
    "journal_id",
    "journal_kind",
    "posting_id",
    "book",
    "account_id",
    "customer",
    "amount",
    "currency",
    "memo",
    "actor",
    "cause_type",
    "cause_id",
];

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
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let mut w = csv::Writer::from_writer(Vec::new());
    let err = |e: csv::Error| AppError::internal(e);
    w.write_record(COLUMNS).map_err(err)?;
    let mut after = None;
    loop {
        let page = tx
            .postings_page(
                Some(staff.seller_id.as_uuid()),
                period.start,
                period.end,
                after,
                10_000,
            )
            .await?;
        let ids: Vec<Uuid> = page.iter().map(|p| p.journal_id).collect();
        let journals: HashMap<Uuid, _> = tx
            .journals_by_ids(&ids)
            .await?
            .into_iter()
            .map(|j| (j.id, j))
            .collect();
        let names = customer_names(&tx, page.iter()).await?;
        for p in &page {
            let j = journals.get(&p.journal_id);
            w.write_record([
                p.created_at
                    .to_rfc3339_opts(chrono::SecondsFormat::Micros, true),
                p.journal_id.to_string(),
                p.kind.as_str().to_owned(),
                p.id.to_string(),
                p.book.clone(),
                p.account_id.map(|a| a.to_string()).unwrap_or_default(),
                p.account_id
                    .and_then(|a| names.get(&a).cloned())
                    .unwrap_or_default(),
                p.amount.0.normalize().to_string(),
                j.map(|j| j.currency.clone()).unwrap_or_default(),
                j.map(|j| j.memo.clone()).unwrap_or_default(),
                j.map(|j| j.actor.clone()).unwrap_or_default(),
                j.and_then(|j| j.cause_type.clone()).unwrap_or_default(),
                j.and_then(|j| j.cause_id)
                    .map(|c| c.to_string())
                    .unwrap_or_default(),
            ])
            .map_err(err)?;
        }
        let done = page.len() < 10_000;
        after = page.last().map(|p| (p.created_at, p.id));
        if done {
            break;
        }
    }
    tx.commit().await?;
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
