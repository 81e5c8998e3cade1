//! The staff's seller's books over a period: the trial balance.

use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::repo::Repos;
use ringledger_shared::api::books::{TrialBalance, TrialBalanceLine};
use ringledger_shared::ledger::Book;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

/// Per book: balance at the start of the period (the days `from` to `to`,
/// inclusive, i.e. `[start, end)`), its debits and credits, the balance
/// at the end. The closing balances sum to zero.
pub async fn trial_balance(
    repos: &Repos,
    staff: &StaffPrincipal,
    (from, to): (NaiveDate, NaiveDate),
    (start, end): (DateTime<Utc>, DateTime<Utc>),
) -> Result<TrialBalance, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let currency = tx.currency().await?.as_str().to_owned();
    // (opening, debits, credits) per book, in the books' order.
    let mut books: BTreeMap<Book, (Decimal, Decimal, Decimal)> = BTreeMap::new();
    for (book, opening, debits, credits) in tx
        .ledger()
        .book_totals(staff.seller_id.as_uuid(), start, end)
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
    Ok(TrialBalance {
        from,
        to,
        rows,
        total,
    })
}
