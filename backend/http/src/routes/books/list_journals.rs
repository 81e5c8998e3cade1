//! `GET /api/v1/books/journals`: search the staff's seller's journal.

use super::PeriodQuery;
use crate::error::ApiResult;
use crate::extract::Staff;
use actix_web::{get, web};
use ringledger_core::state::AppState;
use ringledger_db::entities::{journals, postings};
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::Page;
use ringledger_shared::api::books::{JournalView, PostingView};
use ringledger_shared::ledger::{Book, JournalKind};
use serde::Deserialize;
use std::collections::HashMap;
use uuid::Uuid;

/// Journal search.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct JournalSearch {
    /// First day, `YYYY-MM-DD` (default: the first of this month).
    pub from: Option<String>,
    /// Last day, inclusive (default: today).
    pub to: Option<String>,
    /// Only this kind (`usage`, `invoice`, `payment`, `refund`,
    /// `card_redemption`, `adjustment`, `credit_note`, `payment_failed`, `opening`).
    pub kind: Option<String>,
    /// Memo or actor containing this text.
    pub q: Option<String>,
}

/// Journals with their postings, labelled for people (customer postings
/// carry the customer's name).
pub(crate) async fn views(
    tx: &TenantTx,
    journals: Vec<journals::Model>,
) -> ApiResult<Vec<JournalView>> {
    let ids: Vec<Uuid> = journals.iter().map(|j| j.id).collect();
    let mut by_journal: HashMap<Uuid, Vec<postings::Model>> = HashMap::new();
    for p in tx.postings_of_journals(&ids).await? {
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
) -> ApiResult<HashMap<Uuid, String>> {
    let mut accounts: Vec<Uuid> = postings.filter_map(|p| p.account_id).collect();
    accounts.sort();
    accounts.dedup();
    let accounts = tx.accounts_by_ids(&accounts).await?;
    let customers: HashMap<Uuid, String> = tx
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
pub(crate) fn posting_view(p: &postings::Model, names: &HashMap<Uuid, String>) -> PostingView {
    let label = match p.account_id {
        Some(a) => names.get(&a).cloned().unwrap_or_else(|| a.to_string()),
        None => Book::parse(&p.book).map_or_else(|| p.book.clone(), |b| b.label().to_owned()),
    };
    PostingView {
        book: p.book.clone(),
        label,
        account_id: p.account_id,
        amount: p.amount.0.normalize(),
    }
}

/// The seller's journals in the period, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/books/journals", tag = "books", params(JournalSearch), security(("bearer" = [])),
    responses((status = 200, body = Page<JournalView>), (status = 400, body = ringledger_shared::error::ErrorBody)))]
#[get("/books/journals")]
pub async fn list_journals(
    Staff(staff): Staff,
    state: web::Data<AppState>,
    q: web::Query<JournalSearch>,
) -> ApiResult<web::Json<Page<JournalView>>> {
    let period = PeriodQuery {
        from: q.from.clone(),
        to: q.to.clone(),
    }
    .parse(state.clock().now().date_naive())?;
    let kind = match q.kind.as_deref().map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) => Some(
            JournalKind::parse(k)
                .ok_or_else(|| {
                    ringledger_core::error::AppError::new(
                        ringledger_shared::ErrorCode::ValidationFailed,
                        "unknown journal kind",
                    )
                    .with_field("kind")
                })?
                .as_str(),
        ),
        None => None,
    };
    let tx = state.repos().tenant_read(staff.tenant_id).await?;
    let found = tx
        .search_journals(
            staff.seller_id.as_uuid(),
            period.start,
            period.end,
            kind,
            q.q.as_deref().map(str::trim),
            500,
        )
        .await?;
    let items = views(&tx, found).await?;
    tx.commit().await?;
    Ok(web::Json(Page {
        total: items.len() as u64,
        items,
    }))
}
