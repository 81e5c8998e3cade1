//! The account over a period: opening balance, every posting, closing
//! balance.

use super::adjust_balance::entry_view;
use super::staff_customer;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use crate::usecases::staff_tx::StaffTx;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::repo::Repos;
use ringledger_shared::api::books::StatementView;
use ringledger_shared::ids::CustomerId;
use std::collections::HashMap;
use uuid::Uuid;

/// Reconciles customer `id`'s account over the days `from`..=`to`
/// (`[start, end)` in UTC): `opening` (the sum of every posting before it)
/// plus each posting (with the balance after it) is `closing`.
pub async fn get_statement(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: CustomerId,
    from: NaiveDate,
    to: NaiveDate,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<StatementView, AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (_, account) = staff_customer(&tx, id).await?;
    let opening = tx.ledger().balance_before(account.id, start).await?;
    let postings = tx.ledger().postings_between(account.id, start, end).await?;
    let ids: Vec<Uuid> = postings.iter().map(|p| p.journal_id).collect();
    let journals: HashMap<Uuid, _> = tx.ledger().journals_by_ids(&ids).await?;
    tx.commit().await?;
    let mut balance = opening;
    let entries = postings
        .iter()
        .map(|p| {
            balance += p.amount.0;
            entry_view(p, journals.get(&p.journal_id), balance)
        })
        .collect();
    Ok(StatementView {
        account_id: account.id.into(),
        currency: account.currency,
        from,
        to,
        opening: opening.normalize(),
        entries,
        closing: balance.normalize(),
    })
}
