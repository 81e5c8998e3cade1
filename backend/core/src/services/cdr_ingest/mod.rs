//! Rating and billing posted CDRs: one transaction per batch, idempotent per
//! `call_id`. Each new record is resolved to its service, rated with the
//! deck version in force on the call's start date, draws the account's
//! allowances for that billing period, and debits the balance; each
//! account's debit for the batch is one ledger entry. Records that cannot
//! be rated are kept with their reason.
//!
//! A batch is read and written with a fixed number of statements whatever
//! its size (see `repo::usage`): identifiers, accounts, services,
//! subscriptions, plans, deck versions and allowance usage are read in
//! bulk; decks come compiled from memory; CDRs, ledger entries and
//! balances are written in bulk. On PostgreSQL the accounts are locked
//! once the CDRs are stored, and what rating read from them checked
//! (`snapshot`); elsewhere they are locked first.

use super::allowances::{BundleRow, CatalogCache, GroupRow, UsageCache, deck_for, drawable};
use super::authorize::{rate_in, whole_deck};
use super::provisioning::e164;
use super::seller_tree::{Pricing, SellerTree, pricing_of};
use crate::error::AppResult;
use crate::services::fraud;
use crate::services::ledger::{self, Details};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use ringledger_db::entities::decimal::DbDecimal;
use ringledger_db::entities::{
    account_services, accounts, allowance_usage, bundle_subscriptions, cdr_charges, cdrs, plans,
};
use ringledger_db::repo::TenantTx;
use ringledger_shared::ErrorCode;
use ringledger_shared::api::calls::{
    CdrBatchResponse, CdrRecord, CdrStatus, RejectCode, RejectedCdr,
};
use ringledger_shared::billing::BillingPeriod;
use ringledger_shared::format;
use ringledger_shared::i18n::{t, tf};
use ringledger_shared::ids::{AccountId, SellerId, TenantId};
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::locale::Locale;
use ringledger_shared::rating::markup::chain;
use ringledger_shared::rating::{Deck, Number, Rate, ServiceKind, billable_secs, normalize};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

mod charges;
mod lookup;
mod phases;
mod rate;
mod record;
mod snapshot;

pub use phases::Phases;

use crate::services::on_net::OnNet;
use charges::{Chains, Debit, debit, rebase};
use lookup::{Batch, Priced, Refusal, price, rates_for};
use phases::Lap;
use rate::{Rater, Tally};
use record::{Parsed, cdr_row, shape};
use snapshot::{Locking, still_holds};

/// Ingests one batch for `tenant`. A concurrent batch that stored one of
/// the same new `call_id`s first makes this one start over once, and the
/// record then counts as a duplicate; so does a batch whose accounts moved
/// between rating and locking (see `snapshot`), then locking first. Also
/// answers where the time went (`parse` covers the shape checks only: the
/// caller adds its decoding).
pub async fn ingest(
    state: &AppState,
    tenant: TenantId,
    records: Vec<CdrRecord>,
) -> AppResult<(CdrBatchResponse, Phases)> {
    let mut lap = Lap::start();
    let mut phases = Phases::default();
    let mut rejected = Vec::new();
    let mut parsed = Vec::with_capacity(records.len());
    for r in records {
        match shape(r) {
            Ok(p) => parsed.push(p),
            Err(rej) => rejected.push(rej),
        }
    }
    // PRODUCT.md: calls are taken in order of start time, then call id.
    parsed.sort_by(|a, b| {
        a.start
            .cmp(&b.start)
            .then_with(|| a.rec.call_id.cmp(&b.rec.call_id))
    });
    phases.parse = lap.lap();
    let mut retried = false;
    // Locking last pays for itself on a large batch on PostgreSQL; a small
    // one holds its locks briefly anyway.
    let mut locking = if state.repos().backend() == sea_orm::DbBackend::Postgres
        && parsed.len() >= state.settings().cdr_lock_last_from
    {
        Locking::Last
    } else {
        Locking::First
    };
    loop {
        let mut out = CdrBatchResponse {
            accepted: 0,
            duplicates: 0,
            rejected: rejected.clone(),
        };
        // On PostgreSQL the CDRs travel by `COPY` in the same transaction.
        let tx = state.repos().tenant_bulk(tenant).await?;
        phases.lock += lap.lap();
        match ingest_in(state, &tx, tenant, &parsed, &mut out, &mut phases, locking).await {
            Ok(None) => {
                // What rating read moved before the lock: again, locking first.
                locking = Locking::First;
                lap.lap();
            }
            Ok(Some(Ingested { balances, settled })) => {
                lap.lap();
                let done = tx.commit().await?;
                phases.commit = lap.lap();
                // Low-balance warnings go out now, not at the next pass.
                crate::email::after_commit(state, done);
                // The calls' reservations are settled by what they cost.
                state.reservations().settle(tenant, &settled).await;
                state.slots().settle(tenant, &settled).await;
                // Auto top-up reacts to the debit at once (in the background).
                crate::services::payments::auto::after_debit(state, tenant, balances);
                return Ok((out, phases));
            }
            Err(e) if e.code == ErrorCode::Conflict && !retried => {
                retried = true;
                lap.lap();
            }
            Err(e) => return Err(e),
        }
    }
}

/// What a batch changed: balances after it, and the rated calls' charges
/// per account (`account, call id, service, charge`) that settle their
/// reservations once committed.
struct Ingested {
    balances: Vec<(AccountId, Decimal)>,
    settled: Vec<(AccountId, String, Uuid, Decimal)>,
}

/// The work of [`ingest`] inside the caller's transaction (its phases
/// added to `phases`, the lock phase from the transaction's start). `None`
/// when, locking last, what rating read had moved (nothing is kept: the
/// caller drops the transaction).
async fn ingest_in(
    state: &AppState,
    tx: &TenantTx,
    tenant: TenantId,
    parsed: &[Parsed],
    out: &mut CdrBatchResponse,
    phases: &mut Phases,
    locking: Locking,
) -> AppResult<Option<Ingested>> {
    let mut lap = Lap::start();
    let now = state.clock().now();
    let first = locking == Locking::First;
    let mut batch = Batch::load(tx, parsed, first).await?;
    // Through which day each seller's bill runs have closed billing periods
    // (their rows share-locked: a run being created waits for this batch,
    // or this batch sees the run).
    let mut sellers: Vec<Uuid> = batch.accounts.values().map(|a| a.seller_id).collect();
    sellers.sort();
    sellers.dedup();
    let closed = tx.billing().closed_through(&sellers).await?;
    let fresh = fresh_records(tx, parsed, out).await?;
    let priced: Vec<Result<Priced, Refusal>> = fresh.iter().map(|p| price(&batch, p)).collect();
    // The resellers each customer buys through, and their wholesale
    // accounts, locked after the customers' (always in this order, so
    // batches cannot deadlock): every level is debited in this transaction.
    let mut chains = Chains::load(tx, batch.accounts.values().map(|a| a.seller_id), first).await?;
    phases.lock += lap.lap();
    // Calls to the tenant's own numbers are on-net (`services::on_net`).
    let mut called: Vec<String> = priced
        .iter()
        .filter_map(|p| p.as_ref().ok().map(|p| p.number.as_str().to_owned()))
        .collect();
    called.sort_unstable();
    called.dedup();
    let on_net = OnNet::among(tx, &called).await?;
    let wanted = wanted_rates(&batch, &chains, &fresh, &priced);
    let wanted = wanted.into_iter().filter(|(_, n)| !on_net.contains(n));
    let rates = rates_for(state, tx, wanted).await?;

    let mut usage = UsageCache::new();
    let subs: Vec<Uuid> = batch
        .subscriptions
        .values()
        .flatten()
        .map(|s| s.id)
        .collect();
    let read_usage = if subs.is_empty() {
        Vec::new()
    } else {
        tx.usage().allowance_usage_of(&subs).await?
    };
    usage.prefill(&subs, read_usage.clone());
    let mut tally = Tally::default();
    let rater = Rater {
        tx,
        tenant,
        batch: &batch,
        chains: &chains,
        rates: &rates,
        on_net: &on_net,
        closed: &closed,
        now,
    };
    let mut rows = Vec::with_capacity(fresh.len());
    for (p, priced) in fresh.iter().zip(priced) {
        rows.push(rater.record(p, priced, &mut usage, &mut tally, out).await?);
    }
    phases.rate += lap.lap();
    tx.usage().insert_cdrs(rows).await?;
    tx.sellers()
        .insert_cdr_charges(std::mem::take(&mut tally.level_rows))
        .await?;
    phases.write += lap.lap();
    if !first {
        let holds = still_holds(tx, &mut batch, &mut chains, &subs, &read_usage).await?;
        phases.lock += lap.lap();
        if !holds {
            return Ok(None);
        }
    }
    for (account_id, d) in tally.debits.iter_mut() {
        let account = batch
            .accounts
            .get(account_id)
            .or_else(|| chains.accounts.iter().find(|a| a.id == *account_id));
        rebase(d, account, account.map_or(Decimal::ZERO, |a| a.balance.0));
    }
    let (journals, balances) = usage_journals(&tally.debits, &batch, &chains, now);
    ledger::post_all(tx, journals).await?;
    for ((sub, allowance, period), used) in usage.changed() {
        tx.customers()
            .set_allowance_usage(allowance_usage::Model {
                tenant_id: tenant.as_uuid(),
                subscription_id: sub,
                allowance_id: allowance,
                period_start: period,
                used_secs: used,
            })
            .await?;
    }
    for (account_id, d) in tally.debits {
        let account = match batch.accounts.get_mut(&account_id) {
            Some(a) => Some(a),
            None => chains
                .accounts
                .iter_mut()
                .find(|a| a.id == AccountId(account_id.into())),
        };
        if let (Some(cdr), Some(account)) = (d.crossed, account) {
            account.balance = DbDecimal(d.before - d.total);
            low_balance_alert(tx, account, cdr, now).await?;
        }
    }
    // Fraud control's meters, and the services an anomaly suspends.
    let suspended =
        fraud::meters::record(tx, &batch.accounts, &tally.settled, |s| chains.up(s), now).await?;
    for s in &suspended {
        fraud::notify::suspended(tx, state.urls(), s, now).await?;
    }
    phases.write += lap.lap();
    Ok(Some(Ingested {
        balances,
        settled: tally.settled,
    }))
}

/// The records whose call id is new (neither stored nor earlier in the
/// batch); the others count as duplicates.
async fn fresh_records<'p>(
    tx: &TenantTx,
    parsed: &'p [Parsed],
    out: &mut CdrBatchResponse,
) -> AppResult<Vec<&'p Parsed>> {
    let ids: Vec<String> = parsed.iter().map(|p| p.rec.call_id.clone()).collect();
    let stored: HashSet<String> = tx.usage().existing_call_ids(&ids).await?;
    let mut seen: HashSet<&str> = HashSet::with_capacity(parsed.len());
    Ok(parsed
        .iter()
        .filter(|p| {
            let id = p.rec.call_id.as_str();
            let new = !stored.contains(id) && seen.insert(id);
            if !new {
                out.duplicates += 1;
            }
            new
        })
        .collect())
}

/// The deck rows pricing each call: the plan's, and the own decks of
/// resellers on its way that sell from one.
fn wanted_rates<'a>(
    batch: &Batch,
    chains: &Chains,
    fresh: &[&Parsed],
    priced: &'a [Result<Priced, Refusal>],
) -> Vec<(Uuid, &'a Number)> {
    let mut wanted: Vec<(Uuid, &Number)> = Vec::new();
    for (p, pr) in fresh.iter().zip(priced) {
        let Ok(pr) = pr else { continue };
        wanted.push((pr.version, &pr.number));
        let seller = batch.accounts.get(&pr.line.account_id).map(|a| a.seller_id);
        for level in seller.map_or(&[][..], |s| chains.of(s)) {
            if let Some(v) = level
                .pricing
                .deck()
                .and_then(|d| chains.own_version(d, p.start.date_naive()))
            {
                wanted.push((v, &pr.number));
            }
        }
    }
    wanted
}

/// One usage journal per debited account: the account's debit, the
/// revenue of the seller whose books it is in. Each CDR and level charge
/// names its journal. Also the balances after the batch.
fn usage_journals(
    debits: &HashMap<AccountId, Debit>,
    batch: &Batch,
    chains: &Chains,
    now: DateTime<Utc>,
) -> (
    Vec<ringledger_db::repo::NewJournal>,
    Vec<(AccountId, Decimal)>,
) {
    let mut journals = Vec::with_capacity(debits.len());
    let mut changed = Vec::with_capacity(debits.len());
    for (account_id, d) in debits {
        changed.push((*account_id, d.before - d.total));
        let account = match batch.accounts.get(account_id) {
            Some(a) => a,
            None => match chains.accounts.iter().find(|a| a.id == *account_id) {
                Some(a) => a,
                None => continue,
            },
        };
        let memo = if d.calls == 1 {
            format!("call {}", d.first_call)
        } else {
            format!("{} calls", d.calls)
        };
        let mut j = ledger::transfer(
            JournalKind::Usage,
            account,
            Book::RevenueUsage,
            -d.total,
            format!("usage:{account_id}:{}", d.first_cdr),
            now,
        )
        .memo(memo)
        .actor("switch");
        j.id = d.journal;
        if d.calls == 1 {
            j = j.cause("cdr", d.last_cdr);
        }
        journals.push(j);
    }
    (journals, changed)
}

/// E-mails the customer that a call took the balance below their
/// threshold; the key (account and the CDR that crossed) makes it once.
async fn low_balance_alert(
    tx: &TenantTx,
    account: &accounts::Model,
    cdr_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(customer) = tx.customers().customer(account.customer_id).await? else {
        return Ok(());
    };
    let seller = tx.seller(SellerId(account.seller_id)).await?;
    let locale = seller.as_ref().map_or(Locale::default(), |s| {
        crate::services::language::of_customer(s, &customer)
    });
    let seller_name = seller
        .map(|s| s.name)
        .unwrap_or_else(|| t(locale, "email-your-provider"));
    let money = |d: Decimal| format::money(d, &account.currency, locale);
    let threshold = account
        .low_balance_threshold
        .map(|l| l.0)
        .unwrap_or_default();
    let body = format!(
        "{}\n\n{}\n{}\n\n{seller_name}\n",
        tf(
            locale,
            "common-hello",
            &[("name", customer.name.as_str().into())]
        ),
        tf(
            locale,
            "email-low-balance-body",
            &[
                ("balance", money(account.balance.0).into()),
                ("threshold", money(threshold).into()),
            ],
        ),
        t(locale, "email-low-balance-top-up"),
    );
    crate::email::enqueue(
        tx,
        &format!("low-balance:{}:{cdr_id}", account.id),
        &customer.email,
        &tf(
            locale,
            "email-low-balance-subject",
            &[("seller", seller_name.as_str().into())],
        ),
        &body,
        now,
    )
    .await?;
    let mut object = crate::webhooks::objects::balance(account, threshold);
    object["cdr_id"] = cdr_id.to_string().into();
    let event = crate::webhooks::Emit::new(
        ringledger_shared::api::webhooks::WebhookEventType::BalanceLow,
        account.seller_id,
        "account",
        account.id,
        object,
        now,
    );
    crate::webhooks::emit(tx, event).await?;
    Ok(())
}

/// Re-rates every kept (rejected) record of `tenant`, e.g. after the deck
/// was fixed: each is taken out and ingested again, in one transaction per
/// call so a record that still fails stays as it was.
pub async fn rerate(state: &AppState, tenant: TenantId) -> AppResult<(u64, u64)> {
    let tx = state.repos().tenant(tenant).await?;
    let kept = tx.usage().rejected_cdrs(10_000).await?;
    let mut records = Vec::with_capacity(kept.len());
    for c in &kept {
        // PINs are stored masked; the card is found again through its service.
        let pin = if c.service_kind == ServiceKind::CallingCard {
            match c.account_id {
                Some(a) => tx
                    .customers()
                    .cards_of(&[a])
                    .await?
                    .into_iter()
                    .find(|k| k.service_id == c.service_id)
                    .map(|k| k.pin),
                None => None,
            }
        } else {
            None
        };
        let (pin, ani, sip) = match c.service_kind {
            ServiceKind::CallingCard => (pin, None, None),
            ServiceKind::Pinless => (None, Some(c.identifier.clone()), None),
            ServiceKind::Sip | ServiceKind::Video => (None, None, Some(c.identifier.clone())),
        };
        if c.service_kind == ServiceKind::CallingCard && pin.is_none() {
            continue;
        }
        records.push((
            c.id,
            CdrRecord {
                call_id: c.call_id.clone(),
                service: c.service_kind.as_str().to_owned(),
                pin,
                ani,
                sip_username: sip,
                destination: c.destination.clone(),
                start_time: c.start_time.to_rfc3339(),
                duration_secs: c.duration_secs,
                media: Some(c.media.clone()),
            },
        ));
    }
    tx.commit().await?;
    let (mut rerated, mut still) = (0u64, (kept.len() - records.len()) as u64);
    for (id, record) in records {
        let Ok(parsed) = shape(record) else {
            still += 1;
            continue;
        };
        let tx = state.repos().tenant(tenant).await?;
        tx.usage().delete_cdr(id).await?;
        let mut out = CdrBatchResponse {
            accepted: 0,
            duplicates: 0,
            rejected: Vec::new(),
        };
        let done = ingest_in(
            state,
            &tx,
            tenant,
            &[parsed],
            &mut out,
            &mut Phases::default(),
            Locking::First,
        )
        .await?;
        // Locking first, what was read cannot have moved.
        let Some(done) = done else {
            still += 1;
            continue;
        };
        if out.accepted == 1 {
            crate::email::after_commit(state, tx.commit().await?);
            state.reservations().settle(tenant, &done.settled).await;
            state.slots().settle(tenant, &done.settled).await;
            rerated += 1;
        } else {
            // Dropping the transaction keeps the record as it was.
            still += 1;
        }
    }
    Ok((rerated, still))
}
