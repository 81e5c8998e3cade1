//! Rating and billing posted CDRs: one transaction per batch, idempotent per
//! `call_id`. Each new record is resolved to its service, rated with the
//! deck version in force on the call's start date, draws the account's
//! allowances for that billing period, and debits the balance; each
//! account's debit for the batch is one ledger entry. Records that cannot
//! be rated are kept with their reason.
//!
//! A batch is read and written with a fixed number of statements whatever
//! its size (see `repo::usage`): identifiers, accounts (locked, in id
//! order), services, subscriptions, plans, deck versions and allowance
//! usage are read in bulk; decks come compiled from memory; CDRs, ledger
//! entries and balances are written in bulk.

use super::allowances::{BundleRow, CatalogCache, GroupRow, UsageCache, deck_for, drawable};
use super::authorize::{rate_in, whole_deck};
use super::provisioning::e164;
use super::seller_tree::{Pricing, SellerTree, pricing_of};
use crate::error::AppResult;
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
use ringledger_shared::ids::TenantId;
use ringledger_shared::ledger::{Book, JournalKind};
use ringledger_shared::rating::markup::chain;
use ringledger_shared::rating::{Deck, Number, Rate, ServiceKind, billable_secs, normalize};
use rust_decimal::Decimal;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use uuid::Uuid;

mod charges;
mod lookup;
mod record;

use charges::{Chains, Debit, crosses, debit};
use lookup::{Batch, Priced, Refusal, price, rates_for};
use record::{Parsed, cdr_row, shape};

/// Ingests one batch for `tenant`. A concurrent batch that stored one of
/// the same new `call_id`s first makes this one start over once, and the
/// record then counts as a duplicate.
pub async fn ingest(
    state: &AppState,
    tenant: TenantId,
    records: Vec<CdrRecord>,
) -> AppResult<CdrBatchResponse> {
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
    let mut retried = false;
    loop {
        let mut out = CdrBatchResponse {
            accepted: 0,
            duplicates: 0,
            rejected: rejected.clone(),
        };
        let tx = state.repos().tenant(tenant).await?;
        match ingest_in(state, &tx, tenant, &parsed, &mut out).await {
            Ok(Ingested { balances, settled }) => {
                tx.commit().await?;
                // The calls' reservations are settled by what they cost.
                state.reservations().settle(tenant, &settled).await;
                // Auto top-up reacts to the debit at once (in the background).
                crate::services::payments::auto::after_debit(state, tenant, balances);
                return Ok(out);
            }
            Err(e) if e.code == ErrorCode::Conflict && !retried => retried = true,
            Err(e) => return Err(e),
        }
    }
}

/// What a batch changed: balances after it, and the rated calls' charges
/// per account (`account, call id, service, charge`) that settle their
/// reservations once committed.
struct Ingested {
    balances: Vec<(Uuid, Decimal)>,
    settled: Vec<(Uuid, String, Uuid, Decimal)>,
}

/// The work of [`ingest`] inside the caller's transaction.
async fn ingest_in(
    state: &AppState,
    tx: &TenantTx,
    tenant: TenantId,
    parsed: &[Parsed],
    out: &mut CdrBatchResponse,
) -> AppResult<Ingested> {
    let now = state.clock().now();
    let mut batch = Batch::load(tx, parsed).await?;
    // Through which day each seller's bill runs have closed billing periods
    // (their rows share-locked: a run being created waits for this batch,
    // or this batch sees the run).
    let mut sellers: Vec<Uuid> = batch.accounts.values().map(|a| a.seller_id).collect();
    sellers.sort();
    sellers.dedup();
    let closed = tx.closed_through(&sellers).await?;
    let ids: Vec<String> = parsed.iter().map(|p| p.rec.call_id.clone()).collect();
    let mut seen: HashSet<String> = tx.existing_call_ids(&ids).await?;
    let fresh: Vec<&Parsed> = parsed
        .iter()
        .filter(|p| {
            let new = seen.insert(p.rec.call_id.clone());
            if !new {
                out.duplicates += 1;
            }
            new
        })
        .collect();
    let priced: Vec<Result<Priced, Refusal>> = fresh.iter().map(|p| price(&batch, p)).collect();
    // The resellers each customer buys through, and their wholesale
    // accounts, locked after the customers' (always in this order, so
    // batches cannot deadlock): every level is debited in this transaction.
    let mut chains = Chains::load(tx, batch.accounts.values().map(|a| a.seller_id)).await?;
    // The deck rows pricing each call: the plan's, and the own decks of
    // resellers on its way that sell from one.
    let mut wanted: Vec<(Uuid, &Number)> = Vec::new();
    for (p, pr) in fresh.iter().zip(&priced) {
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
    let rates = rates_for(state, tx, wanted.into_iter()).await?;

    let mut usage = UsageCache::new();
    let subs: Vec<Uuid> = batch
        .subscriptions
        .values()
        .flatten()
        .map(|s| s.id)
        .collect();
    if !subs.is_empty() {
        usage.prefill(&subs, tx.allowance_usage_of(&subs).await?);
    }
    let mut balances: HashMap<Uuid, Decimal> = batch
        .accounts
        .values()
        .chain(chains.accounts.iter())
        .map(|a| (a.id, a.balance.0))
        .collect();
    let mut level_rows: Vec<cdr_charges::Model> = Vec::new();
    let mut settled = Vec::new();
    let mut debits: HashMap<Uuid, Debit> = HashMap::new();
    let mut rows = Vec::with_capacity(fresh.len());
    for (p, priced) in fresh.iter().zip(priced) {
        let cdr_id = Uuid::now_v7();
        let outcome = match priced {
            Err(refusal) => Err(refusal),
            Ok(pr) => match rates.get(&(pr.version, pr.number.as_str().to_owned())) {
                Some(Some(rate)) => Ok((pr, rate)),
                _ => Err(Refusal::of(RejectCode::NoRate, pr.line).detail(format!(
                    "no prefix of {} in the deck version in force on {}",
                    pr.number.as_str(),
                    p.start.date_naive()
                ))),
            },
        };
        let mut row = cdr_row(tenant, cdr_id, p, now);
        match outcome {
            Err(refusal) => {
                row.account_id = refusal.account;
                // The service too: a calling card's record is found again
                // through it when re-rated (its PIN is stored masked).
                row.service_id = refusal.service;
                row.status = CdrStatus::Rejected;
                row.reason = Some(refusal.code.as_str().into());
                row.reason_detail = refusal.detail.clone();
                out.rejected.push(RejectedCdr {
                    call_id: p.rec.call_id.clone(),
                    code: refusal.code,
                    detail: refusal.detail,
                });
            }
            Ok((pr, rate)) => {
                let t = &rate.tariff;
                let billable = billable_secs(
                    p.rec.duration_secs,
                    t.initial_increment,
                    t.subsequent_increment,
                );
                let account_id = pr.line.account_id;
                let billing_day = batch
                    .accounts
                    .get(&account_id)
                    .map_or(1, |a| a.billing_day.max(1) as u32);
                // Allowances in force for this period, with what earlier calls used.
                let drawable = drawable(
                    tx,
                    batch.subscriptions_of(account_id),
                    &batch.bundles,
                    &batch.groups,
                    billing_day,
                    p.start,
                    &mut usage,
                )
                .await?;
                let mut pool = drawable.pool.clone();
                let (covered, drawn) = if billable > 0 {
                    pool.draw(pr.line.kind, &pr.number, billable)
                } else {
                    (0, Vec::new())
                };
                drawable.record(&drawn, &mut usage);
                let seller = batch.accounts.get(&account_id).map(|a| a.seller_id);
                let levels = seller.map_or(&[][..], |s| chains.of(s));
                let day = p.start.date_naive();
                let tariffs = chain(
                    *t,
                    levels.iter().map(|l| {
                        l.pricing.price(|deck| {
                            let v = chains.own_version(deck, day)?;
                            let rate = rates.get(&(v, pr.number.as_str().to_owned()))?;
                            rate.as_ref().map(|r| r.tariff)
                        })
                    }),
                );
                let charge = tariffs[tariffs.len() - 1].charge_uncovered(billable, covered);
                settled.push((
                    account_id,
                    p.rec.call_id.clone(),
                    pr.line.service_id,
                    charge,
                ));
                // Each reseller pays its parent's price for every billable
                // second (allowances are its own to give away).
                for (i, level) in levels.iter().enumerate() {
                    let Some(wholesale) = level.account else {
                        continue;
                    };
                    let owed = tariffs[i].charge_uncovered(billable, 0);
                    settled.push((wholesale, p.rec.call_id.clone(), pr.line.service_id, owed));
                    let mut charge_row = cdr_charges::Model {
                        tenant_id: tenant.as_uuid(),
                        cdr_id,
                        level: i as i32 + 1,
                        seller_id: level.seller,
                        account_id: wholesale,
                        service_kind: p.kind.as_str().into(),
                        start_time: p.start,
                        billable_secs: billable as i64,
                        charge: DbDecimal(owed),
                        invoice_id: None,
                        journal_id: None,
                    };
                    if !owed.is_zero() {
                        let (was, now, journal) = debit(
                            &mut balances,
                            &mut debits,
                            wholesale,
                            owed,
                            cdr_id,
                            &p.rec.call_id,
                        );
                        charge_row.journal_id = Some(journal);
                        // A reseller may ask to be warned too (on its
                        // parent's portal, where it is a customer).
                        let account = chains.accounts.iter().find(|a| a.id == wholesale);
                        if crosses(account, was, now)
                            && let Some(d) = debits.get_mut(&wholesale)
                        {
                            d.crossed = Some(cdr_id);
                        }
                    }
                    level_rows.push(charge_row);
                }
                row.account_id = Some(account_id);
                row.service_id = Some(pr.line.service_id);
                row.prefix = Some(rate.prefix.clone());
                row.billable_secs = billable as i64;
                row.covered_secs = covered as i64;
                row.charge = DbDecimal(charge);
                // A period a bill run already closed: billed on the next invoice.
                row.late = batch
                    .accounts
                    .get(&account_id)
                    .and_then(|a| closed.get(&a.seller_id))
                    .is_some_and(|through| {
                        BillingPeriod::containing(p.start.date_naive(), billing_day)
                            .is_some_and(|period| period.end <= *through)
                    });
                out.accepted += 1;
                if !charge.is_zero() {
                    let (was, now, journal) = debit(
                        &mut balances,
                        &mut debits,
                        account_id,
                        charge,
                        cdr_id,
                        &p.rec.call_id,
                    );
                    row.journal_id = Some(journal);
                    if crosses(batch.accounts.get(&account_id), was, now)
                        && let Some(d) = debits.get_mut(&account_id)
                    {
                        d.crossed = Some(cdr_id);
                    }
                }
            }
        }
        rows.push(row);
    }

    // One usage journal per debited account: the account's debit, the
    // revenue of the seller whose books it is in. Each CDR and level
    // charge names its journal.
    let mut journals = Vec::with_capacity(debits.len());
    let mut changed = Vec::with_capacity(debits.len());
    for (account_id, d) in &debits {
        changed.push((*account_id, d.before - d.total));
        let account = match batch.accounts.get(account_id) {
            Some(a) => a,
            None => match chains.accounts.iter().find(|a| a.id == *account_id) {
                Some(a) => a,
                None => continue,
            },
        };
        let memo = if d.calls == 1 {
            format!("call {}", d.last_call)
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
    tx.insert_cdrs(rows).await?;
    tx.insert_cdr_charges(level_rows).await?;
    ledger::post_all(tx, journals).await?;
    let balances = changed;
    for ((sub, allowance, period), used) in usage.changed() {
        tx.set_allowance_usage(allowance_usage::Model {
            tenant_id: tenant.as_uuid(),
            subscription_id: sub,
            allowance_id: allowance,
            period_start: period,
            used_secs: used,
        })
        .await?;
    }
    for (account_id, d) in debits {
        let account = match batch.accounts.get_mut(&account_id) {
            Some(a) => Some(a),
            None => chains.accounts.iter_mut().find(|a| a.id == account_id),
        };
        if let (Some(cdr), Some(account)) = (d.crossed, account) {
            account.balance = DbDecimal(d.before - d.total);
            low_balance_alert(state, tx, account, cdr, now).await?;
        }
    }
    Ok(Ingested { balances, settled })
}

/// E-mails the customer that a call took the balance below their
/// threshold; the key (account and the CDR that crossed) makes it once.
async fn low_balance_alert(
    state: &AppState,
    tx: &TenantTx,
    account: &accounts::Model,
    cdr_id: Uuid,
    now: DateTime<Utc>,
) -> AppResult<()> {
    let Some(customer) = tx.customer(account.customer_id).await? else {
        return Ok(());
    };
    let seller = tx
        .seller(ringledger_shared::ids::SellerId(account.seller_id))
        .await?;
    let seller_name = seller
        .map(|s| s.name)
        .unwrap_or_else(|| "your provider".into());
    let body = format!(
        "Hello {},\n\nyour balance is now {} {} — below the {} {} you asked to be warned about.\n\
         Top up to keep calling.\n\n{seller_name}\n",
        customer.name,
        account.balance.0.normalize(),
        account.currency,
        account
            .low_balance_threshold
            .map(|t| t.0.normalize())
            .unwrap_or_default(),
        account.currency,
    );
    crate::email::enqueue(
        tx,
        &format!("low-balance:{}:{cdr_id}", account.id),
        &customer.email,
        &format!("Low balance on your {seller_name} account"),
        &body,
        now,
    )
    .await?;
    state.mark_mail_pending();
    Ok(())
}

/// Re-rates every kept (rejected) record of `tenant`, e.g. after the deck
/// was fixed: each is taken out and ingested again, in one transaction per
/// call so a record that still fails stays as it was.
pub async fn rerate(state: &AppState, tenant: TenantId) -> AppResult<(u64, u64)> {
    let tx = state.repos().tenant(tenant).await?;
    let kept = tx.rejected_cdrs(10_000).await?;
    let mut records = Vec::with_capacity(kept.len());
    for c in &kept {
        // PINs are stored masked; the card is found again through its service.
        let pin = if c.service_kind == "calling_card" {
            match c.account_id {
                Some(a) => tx
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
        let (pin, ani, sip) = match c.service_kind.as_str() {
            "calling_card" => (pin, None, None),
            "pinless" => (None, Some(c.identifier.clone()), None),
            _ => (None, None, Some(c.identifier.clone())),
        };
        if c.service_kind == "calling_card" && pin.is_none() {
            continue;
        }
        records.push((
            c.id,
            CdrRecord {
                call_id: c.call_id.clone(),
                service: c.service_kind.clone(),
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
        tx.delete_cdr(id).await?;
        let mut out = CdrBatchResponse {
            accepted: 0,
            duplicates: 0,
            rejected: Vec::new(),
        };
        let done = ingest_in(state, &tx, tenant, &[parsed], &mut out).await?;
        if out.accepted == 1 {
            tx.commit().await?;
            state.reservations().settle(tenant, &done.settled).await;
            rerated += 1;
        } else {
            // Dropping the transaction keeps the record as it was.
            still += 1;
        }
    }
    Ok((rerated, still))
}
