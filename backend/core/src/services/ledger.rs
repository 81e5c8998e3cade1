//! The ledger: the only way money moves. Every change of a balance is a
//! journal of postings that sum to zero (`shared::ledger::Legs` cannot be
//! built otherwise), carrying its cause and an idempotency key, posted by
//! [`post`] / [`post_all`]; the stored balance follows in the same
//! statement (see `repo::ledger`). Nothing else writes `accounts.balance`.

use crate::error::AppResult;
use chrono::{DateTime, Utc};
use ringledger_db::entities::accounts;
use ringledger_db::repo::{NewJournal, TenantTx};
use ringledger_shared::ledger::{Book, JournalKind, Legs};
use rust_decimal::Decimal;
use uuid::Uuid;

pub use ringledger_shared::ledger::{BEGINNING, END};

/// A journal about one customer account (its seller's books, its currency).
pub fn journal(
    kind: JournalKind,
    account: &accounts::Model,
    key: String,
    legs: Legs,
    at: DateTime<Utc>,
) -> NewJournal {
    NewJournal {
        id: Uuid::now_v7(),
        seller_id: account.seller_id,
        kind,
        currency: account.currency.clone(),
        key,
        memo: String::new(),
        actor: String::new(),
        cause: None,
        legs,
        at,
    }
}

/// The common case: `amount` credited to `account` (debited when
/// negative), the other side in `from`.
pub fn transfer(
    kind: JournalKind,
    account: &accounts::Model,
    from: Book,
    amount: Decimal,
    key: String,
    at: DateTime<Utc>,
) -> NewJournal {
    journal(
        kind,
        account,
        key,
        Legs::to_customer(account.id.into(), from, amount),
        at,
    )
}

/// Builder-style details.
pub trait Details {
    /// Sets the memo.
    fn memo(self, memo: impl Into<String>) -> Self;
    /// Sets the actor.
    fn actor(self, actor: impl Into<String>) -> Self;
    /// Sets the cause.
    fn cause(self, kind: &'static str, id: Uuid) -> Self;
}

impl Details for NewJournal {
    fn memo(mut self, memo: impl Into<String>) -> Self {
        self.memo = memo.into();
        self
    }
    fn actor(mut self, actor: impl Into<String>) -> Self {
        self.actor = actor.into();
        self
    }
    fn cause(mut self, kind: &'static str, id: Uuid) -> Self {
        self.cause = Some((kind, id));
        self
    }
}

/// Posts one journal; `false` when its key had been posted before.
pub async fn post(tx: &TenantTx, journal: NewJournal) -> AppResult<bool> {
    let id = journal.id;
    Ok(tx
        .ledger()
        .post_journals(vec![journal])
        .await?
        .contains(&id))
}

/// Posts several journals at once (one statement on PostgreSQL).
pub async fn post_all(tx: &TenantTx, journals: Vec<NewJournal>) -> AppResult<()> {
    tx.ledger().post_journals(journals).await?;
    Ok(())
}
