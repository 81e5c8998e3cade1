//! Every posting of the staff's seller's books in a period, one row each
//! (columns in `docs/BOOKS.md`); the edge writes them as CSV.

use super::customer_names;
use crate::auth::principal::StaffPrincipal;
use crate::error::AppError;
use chrono::{DateTime, Utc};
use ringledger_db::repo::Repos;
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

/// One line of the export, in the order of [`COLUMNS`].
pub type PostingRow = [String; 13];

/// The postings of the staff's seller in `[start, end)`, oldest first.
pub async fn export_postings(
    repos: &Repos,
    staff: &StaffPrincipal,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Vec<PostingRow>, AppError> {
    let tx = repos.tenant_read(staff.tenant_id).await?;
    let mut rows = Vec::new();
    let mut after = None;
    loop {
        let page = tx
            .ledger()
            .postings_page(Some(staff.seller_id.as_uuid()), start, end, after, 10_000)
            .await?;
        let ids: Vec<Uuid> = page.iter().map(|p| p.journal_id).collect();
        let journals: HashMap<Uuid, _> = tx.ledger().journals_by_ids(&ids).await?;
        let names = customer_names(&tx, page.iter()).await?;
        for p in &page {
            let j = journals.get(&p.journal_id);
            rows.push([
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
            ]);
        }
        let done = page.len() < 10_000;
        after = page.last().map(|p| (p.created_at, p.id));
        if done {
            break;
        }
    }
    tx.commit().await?;
    Ok(rows)
}
