//! `GET /api/v1/books/trial-balance`: the staff's seller's books over a period.

use super::PeriodQuery;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
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
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<PeriodQuery>,
) -> ApiResult<web::Json<TrialBalance>> {
    let period = q.parse(state.clock().now().date_naive())?;
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let currency = tx.currency().await?.as_str().to_owned();
    // (opening, debits, credits) per book, in the books' order.
    let mut books: BTreeMap<Book, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    for (book, opening, debits, credits) in tx
        .book_totals(staff.seller_id.as_uuid(), period.start, period.end)
        .await?
    {
        if let Some(book) = Book::parse(&book) {
            books.insert(book, (opening, debits, credits));
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
