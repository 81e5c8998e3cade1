//! `GET /api/v1/books/trial-balance`: the staff's seller's books over a period.

use super::PeriodQuery;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppResult;
use crate::state::AppState;
use actix_web::{get, web};
use ringledger_shared::api::books::{TrialBalance, TrialBalanceLine};
use ringledger_shared::ledger::Book;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Per book: balance at the start of the period, its debits and credits,
/// the balance at the end. The closing balances sum to zero.
#[utoipa::path(get, path = "/api/v1/books/trial-balance", tag = "books", params(PeriodQuery), security(("bearer" = [])),
    responses((status = 200, body = TrialBalance), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/trial-balance")]
pub async fn trial_balance(
    staff: StaffPrincipal,
    state: web::Data<AppState>,
    q: web::Query<PeriodQuery>,
) -> AppResult<web::Json<TrialBalance>> {
    let period = q.parse(state.clock().now().date_naive())?;
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let currency = tx.currency().await?.as_str().to_owned();
    // (opening, debits, credits) per book.
    let mut books: BTreeMap<Book, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    let mut after = None;
    loop {
        let page = tx
            .postings_page(
                Some(staff.seller_id.as_uuid()),
                crate::services::ledger::BEGINNING,
                period.end,
                after,
                20_000,
            )
            .await?;
        for p in &page {
            let Some(book) = Book::parse(&p.book) else {
                continue;
            };
            let e = books.entry(book).or_default();
            let a = p.amount.0;
            if p.created_at < period.start {
                e.0 += a;
            } else if a.is_sign_negative() {
                e.1 += a;
            } else {
                e.2 += a;
            }
        }
        let done = page.len() < 20_000;
        after = page.last().map(|p| (p.created_at, p.id));
        if done {
            break;
        }
    }
    tx.commit().await?;
    let rows: Vec<TrialBalanceLine> = books
        .into_iter()
        .map(|(book, (opening, debits, credits))| TrialBalanceLine {
            book: book.as_str().into(),
            label: book.label().into(),
            currency: currency.clone(),
            opening: opening.normalize(),
            debits: debits.normalize(),
            credits: credits.normalize(),
            closing: (opening + debits + credits).normalize(),
        })
        .collect();
    let total = rows.iter().map(|r| r.closing).sum::<Decimal>().normalize();
    Ok(web::Json(TrialBalance {
        from: period.from,
        to: period.to,
        rows,
        total,
    }))
}
