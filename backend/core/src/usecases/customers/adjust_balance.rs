//! Manual credits and debits, and the balance ledger: the ledger records
//! who, when, why, the amount and the balance after each posting.

use super::staff_customer;
use crate::audit::{self, Changes, Event};
use crate::auth::principal::StaffPrincipal;
use crate::clock::Clock;
use crate::services::ledger::{self, Details};
use crate::usecases::staff_tx::StaffTx;
use ringledger_db::entities::{journals, postings};
use ringledger_db::repo::Repos;
use ringledger_db::repo::TenantTx;
use ringledger_shared::api::customers::{AdjustmentRequest, LedgerEntryView};
use ringledger_shared::ids::{AccountId, CustomerId};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::validate::{self, DisplayName};
use rust_decimal::Decimal;
use std::collections::HashMap;
use uuid::Uuid;

crate::use_case_error! {
    /// Why an adjustment was refused.
    pub enum AdjustBalanceError {
        /// Money on a reseller's customer's account is the reseller's to
        /// give: its parent may look, not credit.
        #[error("only the customer's own seller can change its balance")]
        NotOwnSeller,
        /// The customer (or the posting just made) is gone.
        #[error("{0} not found")]
        NotFound(&'static str),
    }
}

/// An account's newest postings as the customer sees them, each with the
/// balance right after it (walked back from the stored balance, which is
/// the sum of all of them).
pub async fn entries(
    tx: &TenantTx,
    account: Uuid,
    balance: Decimal,
    limit: u64,
) -> Result<Vec<LedgerEntryView>, sea_orm::DbErr> {
    let postings = tx.ledger().postings_of(AccountId(account), limit).await?;
    let ids: Vec<Uuid> = postings.iter().map(|p| p.journal_id).collect();
    let journals: HashMap<Uuid, journals::Model> = tx.ledger().journals_by_ids(&ids).await?;
    let mut after = balance;
    Ok(postings
        .iter()
        .map(|p| {
            let view = entry_view(p, journals.get(&p.journal_id), after);
            after -= p.amount.0;
            view
        })
        .collect())
}

/// A posting as the customer sees it, with the balance right after it.
pub fn entry_view(
    p: &postings::Model,
    j: Option<&journals::Model>,
    balance_after: Decimal,
) -> LedgerEntryView {
    LedgerEntryView {
        id: p.id,
        journal_id: p.journal_id,
        amount: p.amount.0.normalize(),
        balance_after: balance_after.normalize(),
        kind: p.kind.as_str().to_owned(),
        reason: j.map(|j| j.memo.clone()).unwrap_or_default(),
        actor: j.map(|j| j.actor.clone()).unwrap_or_default(),
        created_at: p.created_at,
    }
}

/// Credits (positive) or debits (negative) customer `id`'s account. A
/// retry with the same `idempotency_key` posts once and answers what the
/// first request posted.
pub async fn adjust_balance(
    repos: &Repos,
    clock: &dyn Clock,
    staff: &StaffPrincipal,
    id: CustomerId,
    request: &AdjustmentRequest,
    idempotency_key: Option<&str>,
) -> Result<LedgerEntryView, AdjustBalanceError> {
    let reason = DisplayName::parse("reason", &request.reason)?;
    let tx = StaffTx::open(repos, staff).await?;
    let currency = tx.currency().await?;
    let amount = validate::signed_amount("amount", &request.amount, currency)?;
    let (_, account) = staff_customer(&tx, id).await?;
    if account.seller_id != staff.seller_id.as_uuid() {
        return Err(AdjustBalanceError::NotOwnSeller);
    }
    let account = tx
        .customers()
        .account_for_update(account.id)
        .await?
        .ok_or(AdjustBalanceError::NotFound("customer"))?;
    let actor = crate::usecases::actor(&tx, staff).await?;
    let key = match idempotency_key {
        Some(k) => format!("adjustment:{}:{k}", account.id),
        None => format!("adjustment:{}", Uuid::now_v7()),
    };
    let journal = ledger::transfer(
        JournalKind::Adjustment,
        &account,
        Book::Adjustments,
        amount,
        key,
        clock.now(),
    )
    .memo(reason.as_str())
    .actor(actor);
    let key = journal.key.clone();
    let mut journal_id = journal.id;
    if ledger::post(&tx, journal).await? {
        let event = Event::new("balance.adjusted", "account", account.id)
            .customer(id)
            .changes(
                Changes::none()
                    .to("amount", amount)
                    .to("reason", reason.as_str())
                    .set("balance", account.balance.0, account.balance.0 + amount),
            );
        audit::by_staff(&tx, staff, event).await?;
    } else {
        // A retry: answer with what the first request posted.
        journal_id = tx
            .ledger()
            .journal_by_key(&key)
            .await?
            .map_or(journal_id, |j| j.id);
    }
    let balance = tx
        .customers()
        .account(account.id)
        .await?
        .map_or(account.balance.0, |a| a.balance.0);
    let list = entries(&tx, account.id.into(), balance, 500).await?;
    tx.commit().await?;
    list.into_iter()
        .find(|e| e.journal_id == journal_id)
        .ok_or(AdjustBalanceError::NotFound("ledger entry"))
}

/// Customer `id`'s ledger, newest first (at most 500 entries).
pub async fn ledger_of(
    repos: &Repos,
    staff: &StaffPrincipal,
    id: CustomerId,
) -> Result<Vec<LedgerEntryView>, crate::error::AppError> {
    let tx = StaffTx::open_read(repos, staff).await?;
    let (_, account) = staff_customer(&tx, id).await?;
    let items = entries(&tx, account.id.into(), account.balance.0, 500).await?;
    tx.commit().await?;
    Ok(items)
}
