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
use crate::entities::decimal::DbDecimal;
use crate::entities::{
    account_services, accounts, allowance_usage, bundle_subscriptions, cdr_charges, cdrs, plans,
};
use crate::error::AppResult;
use crate::repo::TenantTx;
use crate::services::ledger::{self, Details};
use crate::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
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

/// A record that passed the shape checks.
struct Parsed {
    rec: CdrRecord,
    kind: ServiceKind,
    start: DateTime<Utc>,
}

fn shape(rec: CdrRecord) -> Result<Parsed, RejectedCdr> {
    let reject = |code: RejectCode| RejectedCdr {
        call_id: rec.call_id.clone(),
        code,
        detail: None,
    };
    if rec.call_id.trim().is_empty() || rec.call_id.len() > 128 {
        return Err(reject(RejectCode::InvalidCallId));
    }
    let kind =
        ServiceKind::parse(&rec.service).ok_or_else(|| reject(RejectCode::InvalidService))?;
    let given = [&rec.pin, &rec.ani, &rec.sip_username]
        .iter()
        .filter(|x| x.is_some())
        .count();
    if given != 1 {
        return Err(reject(RejectCode::InvalidIdentifier));
    }
    let start = DateTime::parse_from_rfc3339(rec.start_time.trim())
        .map_err(|_| reject(RejectCode::InvalidStartTime))?
        .with_timezone(&Utc);
    Ok(Parsed { rec, kind, start })
}

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

/// What a record's identifier resolved to.
struct Line {
    account_id: Uuid,
    service_id: Uuid,
    kind: ServiceKind,
    expires_on: Option<NaiveDate>,
    blocked: bool,
}

/// Everything a batch needs, read in bulk.
struct Batch {
    cards: HashMap<String, Line>,
    anis: HashMap<String, Line>,
    sips: HashMap<String, Line>,
    accounts: HashMap<Uuid, accounts::Model>,
    services: HashMap<Uuid, account_services::Model>,
    plans: HashMap<Uuid, plans::Model>,
    subscriptions: HashMap<Uuid, Vec<bundle_subscriptions::Model>>,
    bundles: Vec<BundleRow>,
    groups: Vec<GroupRow>,
    /// Deck id → versions (effective date, id), newest first.
    versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>>,
}

fn distinct(values: impl Iterator<Item = String>) -> Vec<String> {
    let set: HashSet<String> = values.collect();
    set.into_iter().collect()
}

impl Batch {
    async fn load(tx: &TenantTx, parsed: &[Parsed]) -> AppResult<Self> {
        let pins = distinct(
            parsed
                .iter()
                .filter_map(|p| Some(p.rec.pin.as_ref()?.trim().to_owned())),
        );
        let anis = distinct(parsed.iter().filter_map(|p| e164(p.rec.ani.as_ref()?)));
        let sips = distinct(
            parsed
                .iter()
                .filter_map(|p| Some(p.rec.sip_username.as_ref()?.trim().to_owned())),
        );
        let mut b = Batch {
            cards: HashMap::new(),
            anis: HashMap::new(),
            sips: HashMap::new(),
            accounts: HashMap::new(),
            services: HashMap::new(),
            plans: HashMap::new(),
            subscriptions: HashMap::new(),
            bundles: Vec::new(),
            groups: Vec::new(),
            versions: HashMap::new(),
        };
        for c in tx.cards_by_pins(&pins).await? {
            if let (Some(account_id), Some(service_id)) = (c.account_id, c.service_id) {
                let line = Line {
                    account_id,
                    service_id,
                    kind: ServiceKind::CallingCard,
                    expires_on: c.expires_on,
                    blocked: c.status != "active",
                };
                b.cards.insert(c.pin, line);
            }
        }
        for a in tx.anis_by_numbers(&anis).await? {
            let line = Line {
                account_id: a.account_id,
                service_id: a.service_id,
                kind: ServiceKind::Pinless,
                expires_on: None,
                blocked: false,
            };
            b.anis.insert(a.number, line);
        }
        for s in tx.sips_by_usernames(&sips).await? {
            let kind = if s.media == "video" {
                ServiceKind::Video
            } else {
                ServiceKind::Sip
            };
            let line = Line {
                account_id: s.account_id,
                service_id: s.service_id,
                kind,
                expires_on: None,
                blocked: false,
            };
            b.sips.insert(s.username, line);
        }
        let lines = || {
            b.cards
                .values()
                .chain(b.anis.values())
                .chain(b.sips.values())
        };
        let account_ids: Vec<Uuid> = lines().map(|l| l.account_id).collect();
        let service_ids: Vec<Uuid> = lines().map(|l| l.service_id).collect();
        // Lock the accounts first: a concurrent batch for them waits here,
        // and the duplicate check that follows sees what it stored.
        let accounts = tx.accounts_for_update(&account_ids).await?;
        let account_ids: Vec<Uuid> = accounts.iter().map(|a| a.id).collect();
        b.accounts = accounts.into_iter().map(|a| (a.id, a)).collect();
        b.services = tx
            .services_by_ids(&service_ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s))
            .collect();
        if b.services.values().any(|s| s.plan_id.is_some()) {
            b.plans = tx
                .list_plans()
                .await?
                .into_iter()
                .map(|p| (p.id, p))
                .collect();
        }
        let subscriptions = tx.subscriptions_of(&account_ids).await?;
        if !subscriptions.is_empty() {
            let mut catalog = CatalogCache::default();
            let (bundles, groups) = catalog.get(tx).await?;
            b.bundles = bundles.to_vec();
            b.groups = groups.to_vec();
        }
        for s in subscriptions {
            b.subscriptions.entry(s.account_id).or_default().push(s);
        }
        let decks: HashSet<Uuid> = b.services.values().filter_map(|s| b.deck_of(s)).collect();
        let decks: Vec<Uuid> = decks.into_iter().collect();
        for v in tx.versions_of(&decks).await? {
            b.versions
                .entry(v.deck_id)
                .or_default()
                .push((v.effective_from, v.id));
        }
        Ok(b)
    }

    fn subscriptions_of(&self, account: Uuid) -> &[bundle_subscriptions::Model] {
        self.subscriptions
            .get(&account)
            .map_or(&[], |v| v.as_slice())
    }

    fn deck_of(&self, s: &account_services::Model) -> Option<Uuid> {
        let plan = s.plan_id.and_then(|id| self.plans.get(&id));
        deck_for(s, plan, self.subscriptions_of(s.account_id), &self.bundles)
    }

    fn line(&self, rec: &CdrRecord) -> Option<&Line> {
        if let Some(pin) = &rec.pin {
            return self.cards.get(pin.trim());
        }
        if let Some(ani) = &rec.ani {
            return self.anis.get(&e164(ani)?);
        }
        self.sips.get(rec.sip_username.as_deref()?.trim())
    }
}

/// Why a record is rejected: its code, the account and service it was
/// resolved to (kept, so it can be re-rated), and what to tell people.
struct Refusal {
    code: RejectCode,
    account: Option<Uuid>,
    service: Option<Uuid>,
    detail: Option<String>,
}

impl Refusal {
    fn new(code: RejectCode) -> Self {
        Self {
            code,
            account: None,
            service: None,
            detail: None,
        }
    }

    fn of(code: RejectCode, line: &Line) -> Self {
        Self {
            code,
            account: Some(line.account_id),
            service: Some(line.service_id),
            detail: None,
        }
    }

    fn detail(mut self, d: String) -> Self {
        self.detail = Some(d);
        self
    }
}

/// A record resolved to its line, number and deck version, before rating.
struct Priced<'a> {
    line: &'a Line,
    number: Number,
    version: Uuid,
}

fn price<'a>(batch: &'a Batch, p: &Parsed) -> Result<Priced<'a>, Refusal> {
    let day = p.start.date_naive();
    let Some(line) = batch.line(&p.rec) else {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    };
    if line.expires_on.is_some_and(|d| d < day) {
        return Err(Refusal::of(RejectCode::CardExpired, line));
    }
    if line.blocked {
        return Err(Refusal::of(RejectCode::AccountSuspended, line));
    }
    if line.kind != p.kind {
        return Err(Refusal::of(RejectCode::ServiceMismatch, line));
    }
    let Ok(number) = normalize(&p.rec.destination) else {
        return Err(Refusal::of(RejectCode::InvalidDestination, line));
    };
    if !batch.accounts.contains_key(&line.account_id) {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    }
    let Some(service) = batch.services.get(&line.service_id) else {
        return Err(Refusal::new(RejectCode::UnknownIdentifier));
    };
    let Some(versions) = batch.deck_of(service).and_then(|d| batch.versions.get(&d)) else {
        return Err(
            Refusal::of(RejectCode::NoRate, line).detail("the service has no rate deck".into())
        );
    };
    let Some(version) = versions
        .iter()
        .find(|(from, _)| *from <= day)
        .map(|(_, v)| *v)
    else {
        return Err(Refusal::of(RejectCode::NoRate, line)
            .detail(format!("no deck version in force on {day}")));
    };
    Ok(Priced {
        line,
        number,
        version,
    })
}

/// Decks compiled whole for versions many calls of the batch use; single
/// rows looked up for the others.
const WHOLE_DECK_FROM: usize = 64;

/// The rates of some (deck version, number) pairs.
async fn rates_for<'a>(
    state: &AppState,
    tx: &TenantTx,
    wanted: impl Iterator<Item = (Uuid, &'a Number)>,
) -> AppResult<HashMap<(Uuid, String), Option<Rate>>> {
    let mut numbers: HashMap<Uuid, HashSet<&Number>> = HashMap::new();
    for (version, number) in wanted {
        numbers.entry(version).or_default().insert(number);
    }
    let mut out = HashMap::new();
    for (version, wanted) in numbers {
        let deck: Option<Arc<Deck>> = match state.auth_cache().deck(version) {
            Some(d) => Some(d),
            None if wanted.len() >= WHOLE_DECK_FROM => Some(whole_deck(state, tx, version).await?),
            None => None,
        };
        for n in wanted {
            let rate = match &deck {
                Some(d) => d.lookup(n).cloned(),
                None => rate_in(tx, version, n).await?,
            };
            out.insert((version, n.as_str().to_owned()), rate);
        }
    }
    Ok(out)
}

/// What a batch did to one account.
struct Debit {
    before: Decimal,
    total: Decimal,
    calls: u64,
    last_cdr: Uuid,
    last_call: String,
    /// The first record's id: with the account, the journal's idempotency key.
    first_cdr: Uuid,
    /// The usage journal this batch posts for the account.
    journal: Uuid,
    /// The CDR whose charge took the balance below the alert threshold.
    crossed: Option<Uuid>,
}

/// Debits `charge` from `account` for one call; returns the balance before
/// and after, and the journal that posts it.
fn debit(
    balances: &mut HashMap<Uuid, Decimal>,
    debits: &mut HashMap<Uuid, Debit>,
    account: Uuid,
    charge: Decimal,
    cdr_id: Uuid,
    call_id: &str,
) -> (Decimal, Decimal, Uuid) {
    let balance = balances.entry(account).or_default();
    let d = debits.entry(account).or_insert_with(|| Debit {
        before: *balance,
        total: Decimal::ZERO,
        calls: 0,
        last_cdr: cdr_id,
        last_call: String::new(),
        first_cdr: cdr_id,
        journal: Uuid::now_v7(),
        crossed: None,
    });
    let was = *balance;
    *balance -= charge;
    d.total += charge;
    d.calls += 1;
    d.last_cdr = cdr_id;
    d.last_call = call_id.to_owned();
    (was, *balance, d.journal)
}

/// Whether a debit from `was` to `now` takes a prepaid account below the
/// threshold its holder asked to be warned at.
fn crosses(account: Option<&accounts::Model>, was: Decimal, now: Decimal) -> bool {
    account.is_some_and(|a| {
        a.kind == "prepaid"
            && a.low_balance_threshold
                .is_some_and(|t| was >= t.0 && now < t.0)
    })
}

/// One reseller level of a customer's chain.
struct ChainLevel {
    seller: Uuid,
    pricing: Pricing,
    /// Its wholesale account.
    account: Option<Uuid>,
}

/// The chains of a batch's sellers and the wholesale accounts, locked.
struct Chains {
    by_seller: HashMap<Uuid, Vec<ChainLevel>>,
    accounts: Vec<accounts::Model>,
    /// Resellers' own decks: versions (effective date, id), newest first.
    versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>>,
}

impl Chains {
    async fn load(tx: &TenantTx, sellers: impl Iterator<Item = Uuid>) -> AppResult<Self> {
        let sellers: HashSet<Uuid> = sellers.collect();
        let mut by_seller = HashMap::new();
        let mut wholesale = Vec::new();
        // One small read; most tenants have no resellers and lock nothing more.
        let tree = SellerTree::load(tx).await?;
        for seller in sellers {
            let levels: Vec<ChainLevel> = tree
                .resellers_of(seller)
                .into_iter()
                .map(|r| ChainLevel {
                    seller: r.id,
                    pricing: pricing_of(r),
                    account: r.wholesale_account_id,
                })
                .collect();
            wholesale.extend(levels.iter().filter_map(|l| l.account));
            by_seller.insert(seller, levels);
        }
        wholesale.sort();
        wholesale.dedup();
        let accounts = if wholesale.is_empty() {
            Vec::new()
        } else {
            tx.accounts_for_update(&wholesale).await?
        };
        let decks: HashSet<Uuid> = by_seller
            .values()
            .flatten()
            .filter_map(|l: &ChainLevel| l.pricing.deck())
            .collect();
        let mut versions: HashMap<Uuid, Vec<(NaiveDate, Uuid)>> = HashMap::new();
        for v in tx
            .versions_of(&decks.into_iter().collect::<Vec<_>>())
            .await?
        {
            versions
                .entry(v.deck_id)
                .or_default()
                .push((v.effective_from, v.id));
        }
        Ok(Self {
            by_seller,
            accounts,
            versions,
        })
    }

    fn of(&self, seller: Uuid) -> &[ChainLevel] {
        self.by_seller.get(&seller).map_or(&[], Vec::as_slice)
    }

    /// The version of a reseller's own deck in force on `day`.
    fn own_version(&self, deck: Uuid, day: NaiveDate) -> Option<Uuid> {
        self.versions
            .get(&deck)?
            .iter()
            .find(|(from, _)| *from <= day)
            .map(|(_, v)| *v)
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

/// The stored form of a record, as rejected until rated.
fn cdr_row(tenant: TenantId, id: Uuid, p: &Parsed, now: DateTime<Utc>) -> cdrs::Model {
    let identifier = p
        .rec
        .pin
        .as_deref()
        .or(p.rec.ani.as_deref())
        .or(p.rec.sip_username.as_deref())
        .unwrap_or_default();
    let masked = if p.rec.pin.is_some() {
        mask(identifier)
    } else {
        identifier.to_owned()
    };
    cdrs::Model {
        tenant_id: tenant.as_uuid(),
        id,
        call_id: p.rec.call_id.clone(),
        account_id: None,
        service_id: None,
        service_kind: p.kind.as_str().into(),
        identifier: masked.chars().take(64).collect(),
        destination: p.rec.destination.chars().take(64).collect(),
        start_time: p.start,
        duration_secs: p.rec.duration_secs,
        media: p
            .rec
            .media
            .clone()
            .unwrap_or_else(|| "audio".into())
            .chars()
            .take(8)
            .collect(),
        status: CdrStatus::Rated,
        reason: None,
        prefix: None,
        billable_secs: 0,
        covered_secs: 0,
        charge: DbDecimal(Decimal::ZERO),
        created_at: now,
        late: false,
        invoice_id: None,
        journal_id: None,
        reason_detail: None,
    }
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

/// A PIN is never stored in the clear in a CDR: only its last 4 digits.
fn mask(pin: &str) -> String {
    let chars: Vec<char> = pin.chars().collect();
    let hidden = chars.len().saturating_sub(4);
    let shown: String = chars[hidden..].iter().collect();
    format!("{}{shown}", "*".repeat(hidden.min(16)))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_masked() {
        assert_eq!(mask("1234567890"), "******7890");
        assert_eq!(mask("12"), "12");
        assert_eq!(mask("ééééé"), "*éééé", "never cut inside a character");
    }
}
