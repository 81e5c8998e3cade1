//! Locking last. On PostgreSQL a batch of `cdr_lock_last_from` records or
//! more (100 by default; smaller ones lock first) reads its accounts
//! without locking them, rates its calls and stores them: storing is a batch's longest
//! write, and the batch beside it, for the same accounts, no longer waits
//! for it. Only then does the batch lock its accounts (in the same order
//! as ever: customers', then wholesale, each by id) and check that nothing
//! rating read from them has moved since: the accounts themselves, all but
//! their balances; their services, bundle subscriptions and allowance
//! usage. Balances are not read for rating: each account's debits are
//! drawn again from the balance read under the lock (`charges::rebase`),
//! and the ledger adds to the stored balance.
//!
//! If anything moved (another batch drew the same allowance, a bundle was
//! bought, a plan changed), the batch starts over with its accounts locked
//! first, as on SQLite, whose transactions hold the write lock throughout.

use super::charges::Chains;
use super::lookup::Batch;
use crate::error::AppResult;
use ringledger_db::entities::{accounts, allowance_usage};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ids::AccountId;
use std::collections::HashMap;
use uuid::Uuid;

/// When a batch locks its accounts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Locking {
    /// Before reading anything else (SQLite, small batches, re-rating, and
    /// a batch whose snapshot moved).
    First,
    /// After storing its CDRs, checking what rating read.
    Last,
}

/// Locks the accounts of `batch` and `chains`, and answers whether what
/// rating read from them still holds: if so, their models now carry the
/// balances read under the lock. `usage` is the allowance usage of
/// `subscriptions` as rating read it.
pub(super) async fn still_holds(
    tx: &TenantTx,
    batch: &mut Batch,
    chains: &mut Chains,
    subscriptions: &[Uuid],
    usage: &[allowance_usage::Model],
) -> AppResult<bool> {
    let customers: Vec<AccountId> = batch.accounts.keys().copied().collect();
    let locked = tx.usage().accounts_for_update(&customers).await?;
    if locked.len() != batch.accounts.len()
        || !locked.iter().all(|a| {
            batch
                .accounts
                .get(&a.id)
                .is_some_and(|r| same_but_balance(r, a))
        })
    {
        return Ok(false);
    }
    let wholesale: Vec<AccountId> = chains.accounts.iter().map(|a| a.id).collect();
    let locked_wholesale = if wholesale.is_empty() {
        Vec::new()
    } else {
        tx.usage().accounts_for_update(&wholesale).await?
    };
    let read: HashMap<AccountId, &accounts::Model> =
        chains.accounts.iter().map(|a| (a.id, a)).collect();
    if locked_wholesale.len() != read.len()
        || !locked_wholesale
            .iter()
            .all(|a| read.get(&a.id).is_some_and(|r| same_but_balance(r, a)))
    {
        return Ok(false);
    }
    let services: Vec<Uuid> = batch.services.keys().map(|&s| s.into()).collect();
    let now = tx.usage().services_by_ids(&services).await?;
    if now.len() != batch.services.len()
        || !now.iter().all(|s| batch.services.get(&s.id) == Some(s))
    {
        return Ok(false);
    }
    let mut read_subs: Vec<_> = batch.subscriptions.values().flatten().collect();
    let mut now_subs = tx.customers().subscriptions_of(&customers).await?;
    read_subs.sort_by_key(|s| s.id);
    now_subs.sort_by_key(|s| s.id);
    if !read_subs.iter().copied().eq(now_subs.iter()) {
        return Ok(false);
    }
    if !subscriptions.is_empty() {
        let mut read_usage: Vec<&allowance_usage::Model> = usage.iter().collect();
        let mut now_usage = tx.usage().allowance_usage_of(subscriptions).await?;
        read_usage.sort_by_key(|u| usage_key(u));
        now_usage.sort_by_key(usage_key);
        if !read_usage.iter().copied().eq(now_usage.iter()) {
            return Ok(false);
        }
    }
    for a in locked {
        batch.accounts.insert(a.id, a);
    }
    chains.accounts = locked_wholesale;
    Ok(true)
}

/// Whether two reads of one account differ at most in its balance.
fn same_but_balance(read: &accounts::Model, locked: &accounts::Model) -> bool {
    *read
        == accounts::Model {
            balance: read.balance,
            ..locked.clone()
        }
}

fn usage_key(u: &allowance_usage::Model) -> (Uuid, Uuid, chrono::NaiveDate) {
    (u.subscription_id, u.allowance_id, u.period_start)
}
