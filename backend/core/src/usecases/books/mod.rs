//! The books (issue 17): the check of the whole tenant, and a seller's
//! trial balance, journal and postings export. A seller's staff see that
//! seller's own books; the check is the operator's.

pub mod check_books;
pub mod export_postings;
pub mod list_journals;
pub mod trial_balance;

use ringledger_db::entities::{journals, postings};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::books::{JournalView, PostingView};
use ringledger_shared::ids::AccountId;
use ringledger_shared::ledger::Book;
use std::collections::HashMap;
use uuid::Uuid;

/// Journals with their postings, labelled for people (customer postings
/// carry the customer's name).
pub(crate) async fn views(
    tx: &TenantTx,
    journals: Vec<journals::Model>,
) -> Result<Vec<JournalView>, sea_orm::DbErr> {
    let ids: Vec<Uuid> = journals.iter().map(|j| j.id).collect();
    let mut by_journal: HashMap<Uuid, Vec<postings::Model>> = HashMap::new();
    for p in tx.ledger().postings_of_journals(&ids).await? {
        by_journal.entry(p.journal_id).or_default().push(p);
    }
    let names = customer_names(tx, by_journal.values().flatten()).await?;
    Ok(journals
        .into_iter()
        .map(|j| {
            let mut legs = by_journal.remove(&j.id).unwrap_or_default();
            legs.sort_by_key(|p| (p.account_id.is_none(), p.book.clone()));
            JournalView {
                id: j.id,
                kind: j.kind.as_str().to_owned(),
                memo: j.memo,
                actor: j.actor,
                currency: j.currency,
                cause_type: j.cause_type,
                cause_id: j.cause_id,
                created_at: j.created_at,
                postings: legs.iter().map(|p| posting_view(p, &names)).collect(),
            }
        })
        .collect())
}

/// Customer names of the accounts some postings touch.
pub(crate) async fn customer_names<'a>(
    tx: &TenantTx,
    postings: impl Iterator<Item = &'a postings::Model>,
) -> Result<HashMap<AccountId, String>, sea_orm::DbErr> {
    let mut accounts: Vec<_> = postings.filter_map(|p| p.account_id).collect();
    accounts.sort();
    accounts.dedup();
    let accounts = tx.usage().accounts_by_ids(&accounts).await?;
    let customers: HashMap<_, String> = tx
        .billing()
        .customers_by_ids(&accounts.iter().map(|a| a.customer_id).collect::<Vec<_>>())
        .await?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect();
    Ok(accounts
        .into_iter()
        .filter_map(|a| Some((a.id, customers.get(&a.customer_id)?.clone())))
        .collect())
}

/// One posting, labelled.
pub(crate) fn posting_view(p: &postings::Model, names: &HashMap<AccountId, String>) -> PostingView {
    let label = match p.account_id {
        Some(a) => names.get(&a).cloned().unwrap_or_else(|| a.to_string()),
        None => Book::parse(&p.book).map_or_else(|| p.book.clone(), |b| b.label().to_owned()),
    };
    PostingView {
        book: p.book.clone(),
        label,
        account_id: p.account_id.map(Into::into),
        amount: p.amount.0.normalize(),
    }
}
